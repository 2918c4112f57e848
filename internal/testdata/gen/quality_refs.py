#!/usr/bin/env python3
"""Reference values for the data-quality metrics (metrics/*quality*, column_summary*,
dataset_summary*, value_check*, correlation* tests).

Run from the repository root:  /usr/bin/python3 internal/testdata/gen/quality_refs.py
It writes metrics/testdata/quality_refs.json. Each case holds its input data
(numbers, null for a missing value, the strings "inf"/"-inf" for infinities)
and the expected values, each under a key naming the pandas / SciPy / NumPy
call that produced it. The "big" case is not stored as data: both this script
and the Go test build it with the same IEEE operations:

    u = (i * 2654435761) mod 2**32,  x = floor((u / 2**32 * 100 - 50) * 10) / 10,
    x = NaN where i % 1000 == 7,     i = 0 .. 999_999

Telltale's numeric statistics are over the finite values (infinities are
counted apart), so mean/std/min/max/quantiles/sum below are computed on
s[np.isfinite(s)].
"""
import json
import re

import numpy as np
import pandas as pd
import scipy
from scipy import stats

out = {"pandas": pd.__version__, "scipy": scipy.__version__, "numpy": np.__version__}


def enc(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, float) and np.isinf(v):
        return "inf" if v > 0 else "-inf"
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return enc(float(v))
    return v


def fnum(v):
    v = float(v)
    return None if not np.isfinite(v) else v


def numeric_summary(s, qs=()):
    """The ColumnSummary numeric fields of one pandas float Series."""
    fin = s[np.isfinite(s)]
    vc = s.dropna().value_counts()  # pandas.Series.value_counts(dropna=True)
    top = vc.max() if len(vc) else 0
    modes = sorted(vc[vc == top].index) if len(vc) else []
    r = {
        "rows": len(s),
        "count": int(s.count()),                       # pandas.Series.count()
        "missing": int(s.isna().sum()),                # pandas.Series.isna().sum()
        "distinct": int(s.nunique()),                  # pandas.Series.nunique(dropna=True)
        "most_common_count": int(top),                 # value_counts().max()
        "most_common": fnum(modes[0]) if modes else None,  # smallest of the tied modes
        "mean": fnum(fin.mean()),                      # pandas.Series.mean() on finite values
        "std": fnum(fin.std(ddof=1)),                  # pandas.Series.std(ddof=1)
        "min": fnum(fin.min()), "max": fnum(fin.max()),
        "q25": fnum(fin.quantile(0.25, interpolation="linear")),  # pandas.Series.quantile(q, interpolation='linear')
        "q50": fnum(fin.quantile(0.5, interpolation="linear")),
        "q75": fnum(fin.quantile(0.75, interpolation="linear")),
        "sum": float(fin.sum()),                       # pandas.Series.sum()
        "infinite": int(np.isinf(s).sum()),            # numpy.isinf(s).sum()
        "zeros": int((s == 0).sum()),
        "quantiles": {repr(q): fnum(fin.quantile(q, interpolation="linear")) for q in qs},
    }
    if len(s.dropna()) and np.isinf(modes[0] if modes else 0):
        r["most_common"] = enc(modes[0])
    return r


def edges_counts(ref, cur):
    """numpy.histogram_bin_edges(concat finite, bins='doane'); numpy.histogram counts."""
    r = ref[np.isfinite(ref)] if ref is not None else np.array([])
    c = cur[np.isfinite(cur)]
    both = np.concatenate([r, c])
    if len(both) == 0:
        return None
    e = np.histogram_bin_edges(both, bins="doane")
    h = {"edges": e.tolist(), "current": np.histogram(c, e)[0].tolist()}
    if ref is not None:
        h["reference"] = np.histogram(r, e)[0].tolist()
    return h


# ---- numeric columns --------------------------------------------------------
numeric_cases = {
    "ties_nan_inf": [3.5, 1.0, 2.0, 2.0, None, 0.0, -0.0, float("inf"), 2.0, 7.25, float("-inf"), None, 1.0, 1e-3, -4.0],
    "constant": [5.0] * 9,
    "all_null": [None] * 6,
    "one_value": [None, 42.0, None],
    "skewed": [0.1 * i * i for i in range(40)] + [1e4, None, -3.0],
    "only_inf": [float("inf"), float("inf"), None, float("-inf")],
    "ints": [4, 8, 15, 16, 23, 42, 8, 8, 15, 0, -1],
}
qs = (0.1, 0.9, 0.99)
out["numeric"] = {}
for name, vals in numeric_cases.items():
    s = pd.Series([np.nan if v is None else v for v in vals], dtype=float)
    out["numeric"][name] = {"values": [enc(v) for v in vals], "summary": numeric_summary(s, qs),
                            "histogram": edges_counts(None, s.to_numpy())}

# Shared bins for two sides.
ref = pd.Series([1.0, 2.0, 2.5, 3.0, 10.0, np.nan, 4.0, 4.0])
cur = pd.Series([0.5, 2.0, 7.0, 8.0, 12.5, 12.5, float("inf")])
out["histogram_pair"] = {"reference": [enc(v) for v in ref], "current": [enc(v) for v in cur],
                         "histogram": edges_counts(ref.to_numpy(), cur.to_numpy())}

# The big column, built as in the docstring.
i = np.arange(1_000_000, dtype=np.uint64)
u = (i * np.uint64(2654435761)) % np.uint64(2**32)
x = np.floor((u.astype(np.float64) / 4294967296.0 * 100.0 - 50.0) * 10.0) / 10.0
x[(i % 1000) == 7] = np.nan
big = pd.Series(x)
out["big"] = {"summary": numeric_summary(big, qs), "histogram": edges_counts(None, x)}

# ---- categorical and text ---------------------------------------------------
cat_ref = ["a", "b", "b", None, "c", "c", "c", "d", None]
cat_cur = ["b", "e", "b", "a", None, "e", "e", "f", "f", "f", "b"]


def cat_summary(vals):
    s = pd.Series(vals, dtype=object)
    vc = s.value_counts(dropna=True)  # pandas.Series.value_counts(dropna=True)
    return {"rows": len(s), "count": int(s.count()), "missing": int(s.isna().sum()),
            "distinct": int(s.nunique()), "most_common_count": int(vc.max()),
            "counts": {k: int(v) for k, v in vc.items()}}


out["categorical"] = {
    "reference": cat_ref, "current": cat_cur,
    "reference_summary": cat_summary(cat_ref), "current_summary": cat_summary(cat_cur),
    # set(cur.dropna()) - set(ref.dropna()), and the reverse, sorted
    "new": sorted(set(x for x in cat_cur if x) - set(x for x in cat_ref if x)),
    "unused": sorted(set(x for x in cat_ref if x) - set(x for x in cat_cur if x)),
}

text = ["hello world", "  spaced   out  text ", None, "naïve café", "", "one", "hello world"]
ts = pd.Series(text, dtype=object).dropna()
lens = ts.str.len()                        # pandas.Series.str.len()
words = ts.map(lambda t: len(t.split()))   # len(str.split())
out["text"] = {"values": text, "length_min": int(lens.min()), "length_mean": float(lens.mean()),
               "length_max": int(lens.max()), "word_count_min": int(words.min()),
               "word_count_mean": float(words.mean()), "word_count_max": int(words.max())}

# ---- dataset summary ---------------------------------------------------------
ds = pd.DataFrame({
    "a": [1.0, 2.0, 1.0, np.nan, 1.0, 2.0, 1.0, np.nan],
    "b": [1.0, 2.0, 1.0, np.nan, 1.0, 2.0, 1.0, np.nan],    # duplicate of a
    "c": [1.0, 2.0, 1.0, np.nan, 1.0, 2.0, 1.0, 5.0],       # 7/8 equal to a
    "k": [7.0] * 8,                                          # constant
    "e": [np.nan] * 8,                                       # empty (and constant)
    "s": ["x", "y", "x", None, "x", "y", "x", None],
    "t": ["q", "q", "q", None, "q", "q", "q", "q"],          # almost constant at 7/8
})
rows_any = int(ds.isna().any(axis=1).sum())
dup_cols = sorted({(c1, c2) for i1, c1 in enumerate(ds) for c2 in list(ds)[i1 + 1:] if ds[c1].equals(ds[c2])})


def almost_dup(df, thr):
    res = []
    for i1, c1 in enumerate(df):
        for c2 in list(df)[i1 + 1:]:
            if df[c1].dtype == df[c2].dtype and (df[c1] == df[c2]).mean() >= thr:
                res.append([c1, c2])
    return res


def almost_const(df, thr):
    return [c for c in df if df[c].dropna().value_counts().max(skipna=True) / len(df) >= thr
            if df[c].notna().any()]


out["dataset"] = {
    "columns": {c: [enc(v) for v in ds[c]] for c in ds},
    "order": list(ds.columns),
    "rows": len(ds),
    "missing_cells": int(ds.isna().sum().sum()),             # DataFrame.isna().sum().sum()
    "rows_with_missing": rows_any,                           # DataFrame.isna().any(axis=1).sum()
    "columns_with_missing": int(ds.isna().any().sum()),
    "duplicated_rows": int(ds.duplicated().sum()),           # DataFrame.duplicated().sum()
    "duplicated_columns": [list(p) for p in dup_cols],       # Series.equals pairwise
    "almost_duplicated_columns_0.7": almost_dup(ds, 0.7),  # (s1 == s2).mean() >= thr, same dtype
    "constant_columns": [c for c in ds if ds[c].nunique(dropna=True) <= 1],
    "almost_constant_columns_0.85": almost_const(ds, 0.85),  # value_counts().max()/len >= thr
    "empty_rows": int(ds.isna().all(axis=1).sum()),
    "empty_columns": [c for c in ds if ds[c].isna().all()],
}

# ---- wide duplicates (issue 17.5) ----------------------------------------------
# Groups of equal columns, constants, sparse one-hot columns: the counts are
# of pairs, as Evidently's get_number_of_duplicated_columns (Series.equals
# over itertools.combinations) and get_number_of_almost_duplicated_columns
# ((s1 == s2).sum() / len >= threshold, same dtype) give them.
wn = 40
wrng = np.random.default_rng(17)
noise = np.round(wrng.normal(size=wn), 2)
wide = {}
for i in range(4):
    wide[f"zero{i}"] = np.zeros(wn)                       # four equal constants
for i in range(3):
    wide[f"one{i}"] = np.ones(wn)                         # three more, another value
for i in range(3):
    hot = np.zeros(wn)
    hot[[i, i + 10]] = 1.0                                # sparse one-hot: 2 ones in 40
    wide[f"hot{i}"] = hot
wide["noise"] = noise
wide["noise_copy"] = noise.copy()
wide["noise_gap"] = np.where(np.arange(wn) % 10 == 3, np.nan, noise)   # noise with 4 missing
wide["label"] = pd.Series(["p" if v > 0 else "q" for v in noise], dtype=object)
wide["label_copy"] = wide["label"].copy()
wdf = pd.DataFrame(wide)


def almost_dup_evidently(df, thr):
    pairs = []
    for i1, c1 in enumerate(df.columns):
        for c2 in list(df.columns)[i1 + 1:]:
            if df[c1].dtype.name != df[c2].dtype.name:
                continue
            if df[c1].eq(df[c2]).sum() / df.shape[0] >= thr:
                pairs.append([c1, c2])
    return pairs


wide_dup = [[c1, c2] for i1, c1 in enumerate(wdf) for c2 in list(wdf)[i1 + 1:] if wdf[c1].equals(wdf[c2])]
out["wide_duplicates"] = {
    "columns": {c: [enc(v) for v in wdf[c]] for c in wdf},
    "order": list(wdf.columns),
    "rows": wn,
    "duplicated_pairs": wide_dup,                                  # Series.equals, itertools.combinations
    "almost_duplicated_pairs_0.95": almost_dup_evidently(wdf, 0.95),  # eq().sum()/len >= 0.95, same dtype
    "almost_duplicated_pairs_0.9": almost_dup_evidently(wdf, 0.9),
    "constant_columns": [c for c in wdf if wdf[c].nunique(dropna=True) <= 1],
}

# ---- value checks -------------------------------------------------------------
vc_num = pd.Series([1.0, 5.0, np.nan, 10.0, 10.5, -2.0, 7.0, float("inf"), 3.0])
vc_cat = pd.Series(["apple", "banana", None, "cherry", "apple", "avocado", "Apple"], dtype=object)
nn = vc_num.dropna()
in_range = int(((nn >= 1.0) & (nn <= 10.0)).sum())           # Series.between(1, 10, inclusive='both')
in_list = int(nn.isin([1.0, 7.0, 99.0]).sum())               # Series.isin
cn = vc_cat.dropna()
matched = int(cn.str.match(r"a[a-z]+").sum())                # Series.str.match (re.match, anchored at the start)
out["value_checks"] = {
    "numeric": [enc(v) for v in vc_num], "categorical": list(vc_cat),
    "range": {"left": 1.0, "right": 10.0, "in": in_range, "out": len(nn) - in_range, "non_null": len(nn)},
    # Lists count a missing value as out of the list and divide by all rows,
    # as Evidently's ColumnValueListMetric (len(s) - s.isin(values).sum()).
    "list": {"values": [1.0, 7.0, 99.0], "in": in_list, "out": len(vc_num) - in_list, "non_null": len(nn),
             "rows": len(vc_num)},
    "cat_list": {"values": ["apple", "cherry"], "in": int(vc_cat.isin(["apple", "cherry"]).sum()),
                 "out": len(vc_cat) - int(vc_cat.isin(["apple", "cherry"]).sum()), "non_null": len(cn),
                 "rows": len(vc_cat)},
    "category": {"category": "apple", "count": int((cn == "apple").sum()), "non_null": len(cn)},
    "regexp": {"reg": "a[a-z]+", "matched": matched, "non_null": len(cn)},
}

# ---- correlations -------------------------------------------------------------
rng = np.random.default_rng(7)
n = 60
x1 = np.round(rng.normal(size=n), 1)               # rounded: ties
x2 = np.round(x1 * 0.6 + rng.normal(size=n) * 0.5, 1)
x3 = np.floor(rng.uniform(0, 5, size=n))           # heavy ties
x4 = np.full(n, 3.0)                               # constant: kept, its cells NaN
x5 = np.full(n, np.nan)                            # all missing: kept, its cells NaN
x2[[3, 17, 40]] = np.nan                           # pairwise-complete observations
x3[[5, 17]] = np.nan
cdf = pd.DataFrame({"x1": x1, "x2": x2, "x3": x3, "x4": x4, "x5": x5})
c1 = rng.choice(["r", "g", "b"], size=n)
c2 = np.where(rng.uniform(size=n) < 0.7, c1, rng.choice(["r", "g", "b", "y"], size=n)).astype(object)
c2[[2, 9]] = None
c3 = rng.choice(["u", "v"], size=n)
c4 = ["k"] * n                                     # constant: kept, its cells None


def cramer_v(a, b):
    m = pd.Series(a).notna() & pd.Series(b).notna()
    ct = pd.crosstab(pd.Series(a)[m], pd.Series(b)[m])
    chi2 = stats.chi2_contingency(ct, correction=False)[0]   # scipy.stats.chi2_contingency(correction=False)
    k = min(ct.shape) - 1
    return float(np.sqrt(chi2 / ct.to_numpy().sum() / k)) if k > 0 else None


def matrix(df):
    """A correlation DataFrame as lists, NaN (undefined) as null."""
    return [[enc(v) for v in row] for row in df.to_numpy().tolist()]


cols = ["x1", "x2", "x3", "x4", "x5"]   # DataFrame.corr keeps constant and empty columns
cats = {"c1": list(c1), "c2": [enc(v) for v in c2], "c3": list(c3), "c4": c4}
out["correlations"] = {
    "numeric": {c: [enc(v) for v in cdf[c]] for c in cdf},
    "categorical": cats,
    "numeric_columns": cols,
    "pearson": matrix(cdf[cols].corr(method="pearson")),    # DataFrame.corr('pearson')
    "spearman": matrix(cdf[cols].corr(method="spearman")),  # DataFrame.corr('spearman')
    # DataFrame.corr('kendall'): scipy.stats.kendalltau(variant='b'). pandas writes 1.0 on
    # the diagonal of the constant x4 without looking at the data; telltale gives null.
    "kendall": matrix(cdf[cols].corr(method="kendall")),
    "categorical_columns": ["c1", "c2", "c3", "c4"],
    "cramer_v": [[cramer_v(cats[a], cats[b]) for b in ["c1", "c2", "c3", "c4"]] for a in ["c1", "c2", "c3", "c4"]],
}
kt = stats.kendalltau(x1[:40], x3[:40] if not np.isnan(x3[:40]).any() else np.nan_to_num(x3[:40]), variant="b")
out["correlations"]["kendall_check"] = {"call": "scipy.stats.kendalltau(x1[:40], nan_to_num(x3[:40]), variant='b')",
                                        "tau": kt.statistic}

with open("metrics/testdata/quality_refs.json", "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")

#!/usr/bin/env python3
"""Reference values for ClassificationClassBalance, ClassificationProbDistribution
and RegressionErrorBiasTable (metrics/classification_balance.go,
metrics/classification_probdist.go, metrics/regression_errorbias.go).

Run from the repository root:  /usr/bin/python3 internal/testdata/gen/model_extra_refs.py
(pandas 1.5.3, NumPy 1.24.2). It writes metrics/testdata/model_extra.json.

Each case holds its data as columns per side ({"kind": "int"|"float"|"cat", "values": [...]},
null for a missing value), the column mapping, and the expected values under keys that
name the pandas/NumPy calls that produced them. Labels are strings, as telltale compares
them. The error-bias statistics restate Evidently's legacy calculations
(legacy/calculations/regression_performance.py: error_with_quantiles,
_error_num_feature_bias, _error_cat_feature_bias) with pandas, except that the groups are
exclusive (under first), as RegressionQuality's error groups in model_refs.py.
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(__file__))
from model_refs import floats, sort_labels  # noqa: E402

OUT = "metrics/testdata/model_extra.json"


def col(kind, values):
    if kind == "float":
        return {"kind": kind, "values": floats([np.nan if v is None else v for v in values])}
    if kind == "int":
        return {"kind": kind, "values": [None if v is None else int(v) for v in values]}
    return {"kind": kind, "values": [None if v is None else str(v) for v in values]}


def series(c, label):
    if c["kind"] == "float" or c["kind"] == "int" and not label:
        return pd.Series([np.nan if v is None else v for v in c["values"]], dtype=float)
    # labels compared as strings; None stays missing
    return pd.Series([None if v is None else str(v) for v in c["values"]], dtype=object)


def frame(side, labels=("y", "pred", "species")):
    """The side's columns; int columns named in labels are read as label strings."""
    df = pd.DataFrame({name: series(c, name in labels) for name, c in side.items()})
    return df.replace([np.inf, -np.inf], np.nan)


def sides(case):
    out = []
    if case.get("reference") is not None:
        out.append(("reference", case["reference"]))
    out.append(("current", case["current"]))
    return out


# ---- ClassificationClassBalance ----

def balance_case(name, mapping, current, reference=None):
    case = {"name": name, "mapping": mapping, "current": current, "reference": reference}
    seen = set()
    dfs = {}
    for side, data in sides(case):
        df = frame(data)
        dfs[side] = df
        seen |= set(df[mapping["target"]].dropna())
        if mapping.get("prediction"):
            seen |= set(df[mapping["prediction"]].dropna())
    if len(mapping.get("probas", {})) > 1:
        seen |= set(mapping["probas"])
    labels = sort_labels(list(seen))
    exp = {"labels": labels}
    for side, df in dfs.items():
        t = df[mapping["target"]]
        exp[side] = {
            "rows = target.notna().sum()": int(t.notna().sum()),
            "missing = target.isna().sum()": int(t.isna().sum()),
            "value_counts().reindex(labels, fill_value=0)": t.value_counts().reindex(labels, fill_value=0).tolist(),
            "value_counts(normalize=True).reindex(labels, fill_value=0)":
                t.value_counts(normalize=True).reindex(labels, fill_value=0).tolist() if t.notna().any() else None,
        }
    case["expected"] = exp
    return case


def class_balance():
    cases = []
    ref_t = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1]
    ref_p = [1, 0, 0, 1, 0, 1, 1, 0, 0, 1]
    cur_t = [0, 0, 1, None, 0, 1, 0, 0]
    cur_p = [0, 1, 1, 1, 0, None, 0, 0]
    cases.append(balance_case("binary_ref_cur", {"target": "y", "prediction": "pred"},
                              {"y": col("int", cur_t), "pred": col("int", cur_p)},
                              {"y": col("int", ref_t), "pred": col("int", ref_p)}))
    # gentoo only in the reference; macaroni only predicted: count 0 on both sides
    ref_t = ["adelie", "gentoo", "chinstrap", "gentoo", "adelie", "adelie"]
    ref_p = ["adelie", "gentoo", "adelie", "gentoo", "adelie", "chinstrap"]
    cur_t = ["adelie", "chinstrap", "chinstrap", None, "adelie", "chinstrap", "adelie"]
    cur_p = ["adelie", "chinstrap", "macaroni", "adelie", "adelie", "gentoo", "adelie"]
    cases.append(balance_case("multiclass_absent_classes", {"target": "species", "prediction": "pred"},
                              {"species": col("cat", cur_t), "pred": col("cat", cur_p)},
                              {"species": col("cat", ref_t), "pred": col("cat", ref_p)}))
    # current only, numeric labels sorted as numbers, a class only in the probability columns
    rng = np.random.default_rng(3)
    t = rng.integers(0, 3, 50).tolist() + [10, None]
    P = rng.dirichlet([1, 1, 1, 1], len(t))
    cur = {"y": col("int", t)}
    probas = {}
    for j, lab in enumerate(["0", "1", "2", "11"]):
        cur["p" + lab] = col("float", P[:, j].tolist())
        probas[lab] = "p" + lab
    cases.append(balance_case("current_only_probas", {"target": "y", "probas": probas}, cur))
    return cases


# ---- ClassificationProbDistribution ----

def probdist_case(name, mapping, current, reference=None, bins=None):
    """mapping["probas"]: {label: column}; one entry = the positive label's probability."""
    case = {"name": name, "mapping": mapping, "current": current, "reference": reference}
    if bins is not None:
        case["bins"] = bins
    nb = bins or 20
    edges = np.linspace(0, 1, nb + 1)
    probas = mapping["probas"]
    pos = mapping.get("pos_label", "1")
    dfs = {side: frame(data) for side, data in sides(case)}
    for df in dfs.values():  # rows missing the target or a probability are dropped
        df.dropna(subset=[mapping["target"]] + list(probas.values()), inplace=True)
    labels = set()
    for df in dfs.values():
        labels |= set(df[mapping["target"]])
    if len(probas) == 1:
        labels.add(pos)
        if len(labels) == 1:
            labels.add("0")
    else:
        labels |= set(probas)
    labels = sort_labels(list(labels))
    exp = {"edges = linspace(0, 1, bins + 1)": edges.tolist()}
    with_p = [l for l in labels if l in probas or len(probas) == 1]
    exp["labels"] = with_p
    for side, df in dfs.items():
        y = df[mapping["target"]]
        out = []
        for lab in with_p:
            if lab in probas:
                p = df[probas[lab]]
            else:  # binary, one column: the negative label's probability is 1 - p
                p = 1 - df[list(probas.values())[0]]
            a, o = p[y == lab], p[y != lab]
            out.append({"label": lab, "rows [actual, other]": [len(a), len(o)],
                        "histogram(p[y == label], bins=edges)": np.histogram(a, bins=edges)[0].tolist(),
                        "histogram(p[y != label], bins=edges)": np.histogram(o, bins=edges)[0].tolist()})
        exp[side] = out
        exp[side + " rows dropped"] = len(frame(case[side])) - len(df)
    case["expected"] = exp
    return case


def prob_distribution():
    cases = []
    # probabilities on the bin edges: 0, 0.05, 0.15 (0.15 < 3*0.05 in float64), 0.5, 0.95, 1
    cur_t = [1, 0, 1, 0, 1, 1, 0, 0, None, 1, 0, 1]
    cur_p = [1.0, 0.0, 0.05, 0.15, 0.5, 0.95, 0.3, 0.1, 0.7, None, 0.45, 0.999]
    ref_t = [0, 1, 1, 0, 0, 1, 0, 1]
    ref_p = [0.2, 0.8, 0.6, 0.05, 0.35, 0.9, 0.5, 0.65]
    cases.append(probdist_case("binary_one_column", {"target": "y", "probas": {"1": "p"}},
                               {"y": col("int", cur_t), "p": col("float", cur_p)},
                               {"y": col("int", ref_t), "p": col("float", ref_p)}))
    cases.append(probdist_case("binary_one_column_10_bins", {"target": "y", "probas": {"1": "p"}},
                               {"y": col("int", cur_t), "p": col("float", cur_p)}, bins=10))
    # two columns with string labels: each label reads its own column
    ps = [0.9, 0.2, 0.6, 0.55, 0.1, 0.4, 0.3, 0.2]
    ts = ["spam", "ham", "ham", "spam", "ham", "spam", "ham", "ham"]
    hs = [0.1, 0.795, 0.4, 0.45, 0.9, 0.6, 0.7, 0.8]  # not exactly 1 - p: 0.795 and 0.8 fall in different bins
    cases.append(probdist_case("binary_two_columns", {"target": "y", "probas": {"spam": "p_spam", "ham": "p_ham"},
                                                      "pos_label": "spam"},
                               {"y": col("cat", ts), "p_spam": col("float", ps), "p_ham": col("float", hs)}))
    # multiclass; gentoo never the true class on the current side
    rng = np.random.default_rng(5)
    cls = ["adelie", "chinstrap", "gentoo"]

    def mc(n, classes):
        yi = rng.integers(0, len(classes), n)
        logits = rng.normal(0, 1, (n, 3))
        for i, c in enumerate(yi):
            logits[i, cls.index(classes[c])] += 1.5
        P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        d = {"species": col("cat", [classes[c] for c in yi])}
        for j, c in enumerate(cls):
            d["p_" + c] = col("float", P[:, j].tolist())
        return d

    cases.append(probdist_case("multiclass", {"target": "species", "probas": {c: "p_" + c for c in cls}},
                               mc(120, ["adelie", "chinstrap"]), mc(90, cls)))
    return cases


# ---- RegressionErrorBiasTable ----

def stable_mode(s):
    """Evidently's _stable_value_counts(series).idxmax(); None when s has no value."""
    s = s.dropna()
    if len(s) == 0:
        return None
    return s.value_counts().reindex(pd.unique(s.to_numpy())).idxmax()


def bias_side(df, mapping, feats, top):
    n0 = len(df)
    d = df.dropna(subset=[mapping["target"], mapping["prediction"]])
    err = d[mapping["prediction"]] - d[mapping["target"]]
    lo, hi = np.quantile(err, top), np.quantile(err, 1 - top)
    under = err <= lo
    over = (err >= hi) & ~under
    maj = ~under & ~over
    groups = {"rows": len(d), "rows_dropped": n0 - len(d),
              "[quantile(err, top), quantile(err, 1 - top)]": [float(lo), float(hi)],
              "[under, majority, over] = [err <= lo, else err >= hi, else]": [int(under.sum()), int(maj.sum()), int(over.sum())]}
    out = {}
    for f, kind in feats:
        s = d[f]
        e = {"missing = isna().sum()": int(s.isna().sum())}
        if kind == "num":
            u, o = s[under].mean(), s[over].mean()
            mn, mx = s.min(), s.max()
            e["mean [overall, under, majority, over]"] = floats([s.mean(), u, s[maj].mean(), o])
            e["[min, max]"] = floats([mn, mx])
            rng_ = 0.0 if u == o else 100 * abs(o - u) / (mx - mn)
            e["range = 100*|over - under|/(max - min), 0 if equal"] = floats([rng_])[0]
        else:
            modes = [stable_mode(s), stable_mode(s[under]), stable_mode(s[maj]), stable_mode(s[over])]
            e["stable_value_counts().idxmax() [overall, under, majority, over]"] = modes
            ov, un, ovr = modes[0], modes[1], modes[3]
            e["range: 1 if modes differ"] = None if None in (ov, un, ovr) else float(ov != un or ovr != ov)
            cats = pd.unique(s.dropna().to_numpy()).tolist()
            e["categories = pd.unique"] = cats
            e["value_counts().reindex(categories, fill_value=0) [under, majority, over]"] = [
                s[m].value_counts().reindex(cats, fill_value=0).tolist() for m in (under, maj, over)]
        out[f] = e
    return groups, out


def bias_case(name, mapping, current, reference=None, columns=None, top_error=None):
    case = {"name": name, "mapping": mapping, "current": current, "reference": reference}
    if columns is not None:
        case["columns"] = columns
    if top_error is not None:
        case["top_error"] = top_error
    top = top_error or 0.05
    if columns is None:
        feats = [(f, "num") for f in mapping.get("numerical", [])] + [(f, "cat") for f in mapping.get("categorical", [])]
    else:
        kinds = {f: "num" for f in mapping.get("numerical", [])}
        kinds.update({f: "cat" for f in mapping.get("categorical", [])})
        feats = [(f, kinds[f]) for f in columns]
    exp = {"features": [f for f, _ in feats], "feature_types": [k for _, k in feats]}
    for side, data in sides(case):
        exp[side + " groups"], exp[side] = bias_side(frame(data), mapping, feats, top)
    case["expected"] = exp
    return case


def bias_data(rng, n, shift):
    x = rng.normal(10 + shift, 3, n).round(2)
    y = (2 * x + rng.normal(0, 2, n)).round(2)
    pred = (y + rng.normal(0.5 * shift, 1.5, n) + 0.3 * (x - 10)).round(2)
    cats = np.array(["north", "south", "east", "west"])
    c = cats[rng.integers(0, 4, n)].astype(object)
    c[err_rank(pred - y) < 4] = "east"  # the largest underestimations lean east
    xs = x.astype(object)
    xs[rng.choice(n, 7, replace=False)] = None  # missing feature values
    xs = [None if v is None else float(v) for v in xs]
    xs[3] = math.inf  # read as missing
    c[rng.choice(n, 5, replace=False)] = None
    y = [None if i in (1, 17) else float(v) for i, v in enumerate(y)]  # dropped rows
    return {"y": col("float", y), "pred": col("float", pred.tolist()), "x": col("float", xs),
            "k": col("float", [3.0] * n), "i": col("int", rng.integers(0, 5, n).tolist()),
            "c": col("cat", c.tolist())}


def err_rank(e):
    return np.argsort(np.argsort(e))


def error_bias():
    rng = np.random.default_rng(13)
    mapping = {"target": "y", "prediction": "pred", "numerical": ["x", "k", "i"], "categorical": ["c"]}
    cur, ref = bias_data(rng, 200, 1.0), bias_data(rng, 150, 0.0)
    cases = [bias_case("mixed", mapping, cur, ref),
             bias_case("columns_top_error", mapping, cur, ref, columns=["c", "x"], top_error=0.1)]
    # current only, with ties between modes (the first seen wins) and a feature all missing in a group
    y = [float(v) for v in range(20)]
    pred = [v + d for v, d in zip(y, [-9, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 8])]
    # overall b 8, a 6, c 6; the majority (rows 1-18) ties a, b, c at 6: "a" is seen first there
    c = ["b", "a", "b", "b", "b", "a", "c", "c", "c", "a", "b", "c", "a", "b", "c", "a", "b", "c", "a", "b"]
    x = [None] + [float(v % 7) for v in range(1, 20)]
    cases.append(bias_case("ties_current_only", {"target": "y", "prediction": "pred", "numerical": ["x"],
                                                 "categorical": ["c"]},
                           {"y": col("float", y), "pred": col("float", pred), "x": col("float", x),
                            "c": col("cat", c)}))
    # a constant error: lo == hi, every row an underestimation
    cases.append(bias_case("constant_error", {"target": "y", "prediction": "pred", "numerical": ["x"],
                                              "categorical": ["c"]},
                           {"y": col("float", y), "pred": col("float", [v + 1 for v in y]),
                            "x": col("float", x), "c": col("cat", c)}))
    return cases


def main():
    out = {"generator": "internal/testdata/gen/model_extra_refs.py",
           "cases": {"class_balance": class_balance(), "prob_distribution": prob_distribution(),
                     "error_bias": error_bias()}}
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

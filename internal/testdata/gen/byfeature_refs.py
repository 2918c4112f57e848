#!/usr/bin/env python3
"""Reference values for the by-feature tables (metrics/by_feature_refs_test.go).

Run from the repository root: /usr/bin/python3 internal/testdata/gen/byfeature_refs.py
It writes metrics/testdata/byfeature_refs.json. For each case (a reference
and a current dataset with a numerical feature x, a categorical feature c of
26 categories, a target y and a prediction p; rows without a target or a
prediction are left out of the statistics, as the quality metrics leave
them out; the fixture holds them):

- x's bin edges are numpy.histogram_bin_edges(concat(finite x of every row
  of both datasets), bins="doane"); the rows per bin are
  numpy.histogram(x, edges) of each dataset's kept rows (the last bin
  closed, NaN counted as missing);
- c's bins are the 20 most common categories over every row of both datasets
  (pandas.concat(...).value_counts(), ties by name) and "other";
- classification: per bin, numpy.histogram(x[y == label], edges) (and the
  same for p) counts each true and predicted label, and
  sklearn.metrics.accuracy_score(y[bin], p[bin]) is the accuracy (null for
  an empty bin);
- regression: per bin, pandas' groupby(bin)[y].mean() and [p].mean() and
  sklearn.metrics.mean_absolute_error(y[bin], p[bin]).
"""
import json
import os
import string

import numpy as np
import pandas as pd
import sklearn
from sklearn.metrics import accuracy_score, mean_absolute_error

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = os.path.join(ROOT, "metrics", "testdata", "byfeature_refs.json")
CATS = list(string.ascii_lowercase)  # 26 categories: 6 go to "other"


def nan_none(v):
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)


def bin_index(x, edges):
    # numpy.histogram's rule: [e_i, e_i+1), the last bin closed; -1 outside or NaN.
    idx = np.searchsorted(edges, x, side="right") - 1
    idx[x == edges[-1]] = len(edges) - 2
    idx[np.isnan(x)] = -1
    return idx


def make_side(rng, n, shift, task, labels):
    x = rng.normal(10 + shift, 3, n)
    x[rng.random(n) < 0.05] = np.nan
    weights = np.linspace(3, 1, len(CATS)) + (np.arange(len(CATS)) * shift / 10)
    c = rng.choice(CATS, n, p=weights / weights.sum()).astype(object)
    c[rng.random(n) < 0.04] = None
    if task == "classification":
        y = rng.choice(labels, n).astype(object)
        p = np.where(rng.random(n) < 0.6 + 0.02 * np.nan_to_num(x, nan=10), y, rng.choice(labels, n)).astype(object)
        y[rng.random(n) < 0.03] = None
        p[rng.random(n) < 0.03] = None
    else:
        y = 2 * np.nan_to_num(x, nan=10) + rng.normal(0, 2, n)
        p = y + rng.normal(shift, 1 + np.abs(np.nan_to_num(x, nan=10) - 10), n)
        y[rng.random(n) < 0.03] = np.nan
        p[rng.random(n) < 0.03] = np.nan
    return x, c, y, p


def kept(y, p, task):
    if task == "classification":
        return np.array([a is not None and b is not None for a, b in zip(y, p)])
    return ~(np.isnan(y) | np.isnan(p))


def numeric_want(x, y, p, edges, task, labels):
    k = len(edges) - 1
    idx = bin_index(x, edges)
    hist, _ = np.histogram(x[~np.isnan(x)], bins=edges)
    out = {"rows": [int(v) for v in hist], "missing": int(np.isnan(x).sum())}
    assert list(np.bincount(idx[idx >= 0], minlength=k)) == list(hist)
    fill(out, idx, k, y, p, task, labels, lambda mask: np.histogram(x[mask & ~np.isnan(x)], bins=edges)[0])
    return out


def categorical_want(c, y, p, bins, task, labels):
    k = len(bins)
    pos = {b: i for i, b in enumerate(bins)}
    idx = np.array([-1 if v is None else pos.get(v, pos.get("other", -1)) for v in c])
    out = {"rows": [int(v) for v in np.bincount(idx[idx >= 0], minlength=k)], "missing": int((idx < 0).sum())}
    fill(out, idx, k, y, p, task, labels, lambda mask: np.bincount(idx[mask & (idx >= 0)], minlength=k))
    return out


def fill(out, idx, k, y, p, task, labels, count):
    if task == "classification":
        out["target_counts"] = [[0] * len(labels) for _ in range(k)]
        out["prediction_counts"] = [[0] * len(labels) for _ in range(k)]
        for j, lab in enumerate(labels):
            for b, v in enumerate(count(y == lab)):
                out["target_counts"][b][j] = int(v)
            for b, v in enumerate(count(p == lab)):
                out["prediction_counts"][b][j] = int(v)
        out["accuracy"] = [float(accuracy_score(list(y[idx == b]), list(p[idx == b]))) if (idx == b).any() else None
                           for b in range(k)]
        return
    df = pd.DataFrame({"bin": idx, "y": y, "p": p})
    g = df[df["bin"] >= 0].groupby("bin")[["y", "p"]].mean()
    out["target_mean"] = [nan_none(g["y"].get(b)) for b in range(k)]
    out["prediction_mean"] = [nan_none(g["p"].get(b)) for b in range(k)]
    out["mae"] = [float(mean_absolute_error(y[idx == b], p[idx == b])) if (idx == b).any() else None for b in range(k)]


def case(rng, name, task, n_ref, n_cur):
    labels = ["cat", "dog", "owl"] if task == "classification" else []
    raw = [make_side(rng, n_ref, 0, task, labels), make_side(rng, n_cur, 2, task, labels)]
    sides = [tuple(a[kept(s[2], s[3], task)] for a in s) for s in raw]
    # Bins over every row of both datasets, the statistics over the kept rows.
    xs = np.concatenate([s[0] for s in raw])
    edges = np.histogram_bin_edges(xs[~np.isnan(xs)], bins="doane")
    cs = pd.concat([pd.Series(s[1]) for s in raw]).dropna()
    vc = cs.value_counts()
    order = sorted(vc.index, key=lambda v: (-int(vc[v]), v))
    bins = order[:20] + (["other"] if len(order) > 20 else [])
    enc = lambda s: {"x": [nan_none(v) for v in s[0]], "c": s[1].tolist(),
                     "y": [nan_none(v) for v in s[2]] if task == "regression" else s[2].tolist(),
                     "p": [nan_none(v) for v in s[3]] if task == "regression" else s[3].tolist()}
    return {
        "name": name, "task": task, "labels": labels,
        "reference": enc(raw[0]), "current": enc(raw[1]),
        "x_edges": [float(e) for e in edges], "c_bins": bins,
        "want_x": [numeric_want(s[0], s[2], s[3], edges, task, labels) for s in sides],
        "want_c": [categorical_want(s[1], s[2], s[3], bins, task, labels) for s in sides],
    }


rng = np.random.default_rng(19)
cases = [case(rng, "classification", "classification", 700, 900),
         case(rng, "regression", "regression", 800, 600),
         case(rng, "small classification", "classification", 40, 25)]
with open(OUT, "w") as f:
    json.dump({"numpy": np.__version__, "pandas": pd.__version__, "sklearn": sklearn.__version__, "cases": cases}, f, indent=0)
    f.write("\n")
print("wrote", OUT, [(c["name"], len(c["x_edges"]) - 1, len(c["c_bins"])) for c in cases])

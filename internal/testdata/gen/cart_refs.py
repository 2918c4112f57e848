#!/usr/bin/env python3
"""Reference values for metrics/cart and DataDrift's drift importances.

Run from the repository root: /usr/bin/python3 internal/testdata/gen/cart_refs.py
It writes metrics/cart/testdata/cart_refs.json: for each case, features x
(rows of float values, stored as float32 as scikit-learn stores them),
classes y, and
sklearn.tree.DecisionTreeClassifier(max_depth=D, min_samples_leaf=L,
random_state=s).fit(x, y)'s tree_.node_count, tree_.n_leaves,
get_depth() and feature_importances_. The script checks that
random_state 0 to 9 give the same tree (no node has two equally good
features, where scikit-learn's random feature order would decide).

The "drift" case is a reference and a current dataset with a numerical
column a (shifted), a numerical column b (the same law, some values
missing), a categorical column c (its shares change) and a constant d:
the rows are classified reference (0) against current (1), c is coded
as sklearn.preprocessing.OrdinalEncoder codes it (sorted categories) with
missing as -1, and a missing number is replaced by the smallest value of
its column in both datasets minus 1 (below every value, as DataDrift
places missing values).
"""
import json
import os

import numpy as np
import sklearn
from sklearn.preprocessing import OrdinalEncoder
from sklearn.tree import DecisionTreeClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = os.path.join(ROOT, "metrics", "cart", "testdata", "cart_refs.json")


def fit(x, y, depth, leaf):
    x = np.asarray(x, dtype=np.float32)
    trees = [DecisionTreeClassifier(max_depth=depth, min_samples_leaf=leaf, random_state=s).fit(x, y) for s in range(10)]
    imps = [t.feature_importances_ for t in trees]
    for t, imp in zip(trees[1:], imps[1:]):
        assert t.tree_.node_count == trees[0].tree_.node_count and np.array_equal(imp, imps[0]), "a tie between features"
    t = trees[0]
    return {"max_depth": depth, "min_samples_leaf": leaf, "nodes": int(t.tree_.node_count), "leaves": int(t.get_n_leaves()),
            "depth": int(t.get_depth()), "importances": [float(v) for v in t.feature_importances_]}


rng = np.random.default_rng(2019)
cases = []

# Three classes, five continuous features of which two carry the class.
n = 1500
y = rng.integers(0, 3, n)
x = np.column_stack([rng.normal(y * 0.8, 1), rng.normal(0, 1, n), rng.uniform(0, 1, n) + 0.3 * (y == 2),
                     rng.normal(0, 1, n), rng.exponential(1, n)])
cases.append({"name": "three classes", "classes": 3, "x": x.astype(np.float32).T.tolist(), "y": y.tolist(), **fit(x, y, 6, 20)})

# Two classes, values rounded to few levels (many equal values, which are never cut apart).
n = 2000
y = rng.integers(0, 2, n)
x = np.column_stack([np.round(rng.normal(y, 1.5), 1), np.round(rng.uniform(0, 10, n)), np.round(rng.normal(0, 1, n) + y * 0.2, 2)])
cases.append({"name": "rounded", "classes": 2, "x": x.astype(np.float32).T.tolist(), "y": y.tolist(), **fit(x, y, 4, 20)})

# A pure root: a leaf, importances all zero.
cases.append({"name": "pure", "classes": 2, "x": [[1.0, 2.0, 3.0]], "y": [1, 1, 1], **fit([[1.0], [2.0], [3.0]], [1, 1, 1], 3, 1)})

# Reference against current, as DataDrift's drift importances.
nr, nc = 1200, 900
ref = {"a": rng.normal(0, 1, nr), "b": rng.normal(5, 2, nr), "c": rng.choice(["x", "y", "z", "w"], nr, p=[0.4, 0.3, 0.2, 0.1]).astype(object),
       "d": np.full(nr, 7.0)}
cur = {"a": rng.normal(0.7, 1, nc), "b": rng.normal(5, 2, nc), "c": rng.choice(["x", "y", "z", "w"], nc, p=[0.2, 0.3, 0.2, 0.3]).astype(object),
       "d": np.full(nc, 7.0)}
ref["b"][rng.random(nr) < 0.05] = np.nan
cur["b"][rng.random(nc) < 0.15] = np.nan
ref["c"][rng.random(nr) < 0.03] = None
cur["c"][rng.random(nc) < 0.03] = None
both = {k: np.concatenate([ref[k], cur[k]]) for k in ref}
b = both["b"].astype(np.float32).copy()
b[np.isnan(b)] = np.nanmin(b) - 1
enc = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1, encoded_missing_value=-1)
c = enc.fit_transform(np.where(both["c"] == None, np.nan, both["c"]).reshape(-1, 1).astype(object))[:, 0]  # noqa: E711
yd = np.concatenate([np.zeros(nr, dtype=int), np.ones(nc, dtype=int)])
xd = np.column_stack([both["a"], b, c, both["d"]])
nan_none = lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else v
drift = {"name": "drift", "classes": 2, "columns": ["a", "b", "c", "d"],
         "reference": {k: [nan_none(float(v)) if k != "c" else v for v in ref[k]] for k in ref},
         "current": {k: [nan_none(float(v)) if k != "c" else v for v in cur[k]] for k in cur},
         **fit(xd, yd, 5, 20)}

with open(OUT, "w") as f:
    json.dump({"sklearn": sklearn.__version__, "cases": cases, "drift": drift}, f, indent=0)
    f.write("\n")
print("wrote", OUT, [(c["name"], c["nodes"], c["importances"]) for c in cases], drift["importances"])

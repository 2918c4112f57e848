#!/usr/bin/env python3
"""Reference values for EmbeddingsDrift's model method and pca_components
(metrics/embeddings_drift_model_test.go).

Run from the repository root:  /usr/bin/python3 internal/testdata/gen/embdrift_model_refs.py
(scikit-learn 1.2.1, numpy 1.24.2). It writes metrics/testdata/embdrift_model.json.

- "shuffle_10_seed_1273642419": sklearn.utils._seq_dataset.ArrayDataset64's
  _shuffle_py(1273642419) of 0..9, read back with _next_py.
- "exp": Python's math.exp (glibc) and float(Decimal(x).exp()) (correctly
  rounded) of seeded arguments, for metrics.expCR.
- "sgd": sklearn.linear_model.SGDClassifier(loss="log_loss", random_state=42)
  fitted on a seeded matrix; its coef_, intercept_ and n_iter_.
- "cases": Evidently 0.4.40's ModelDriftMethod (metrics/data_drift/
  embedding_drift_methods.py), restated with the same calls:
  reference rows labelled 1, current rows 0, pd.concat((reference, current)),
  train_test_split(test_size=0.5, random_state=42, shuffle=True),
  SGDClassifier(loss="log_loss", random_state=42).fit, roc_auc_score of
  predict_proba(X_test)[:, 1]; the bootstrap percentile is
  np.percentile([roc_auc_score(y_test, (np.random.seed(i), np.random.rand(len(y_test)))[1])
  for i in range(100)], 95). With pca_components, get_pca_df's
  PCA(n_components, random_state=0).fit_transform(reference) / .transform(current)
  comes first (the references here stay below 500 rows and columns, where
  scikit-learn's "auto" solver is the exact one), and the distance method's score
  (scipy euclidean of the component means) is given too.
"""
import json
import math
from decimal import Decimal, getcontext

import numpy as np
import pandas as pd
import sklearn
from scipy.spatial.distance import euclidean
from sklearn.decomposition import PCA
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.utils._seq_dataset import ArrayDataset64

rng = np.random.default_rng(31)


def model_method(ref, cur, pca=None):
    reference_emb, current_emb = pd.DataFrame(ref), pd.DataFrame(cur)
    if pca:
        p = PCA(n_components=pca, random_state=0)
        reference_emb, current_emb = pd.DataFrame(p.fit_transform(reference_emb)), pd.DataFrame(p.transform(current_emb))
    reference_emb["target"] = [1] * reference_emb.shape[0]
    current_emb["target"] = [0] * current_emb.shape[0]
    data = pd.concat((reference_emb, current_emb))
    X_train, X_test, y_train, y_test = train_test_split(
        data.drop("target", axis=1), data["target"], test_size=0.5, random_state=42, shuffle=True)
    clf = SGDClassifier(loss="log_loss", random_state=42)
    clf.fit(X_train, y_train)
    auc = roc_auc_score(y_test, clf.predict_proba(X_test)[:, 1])
    rand = []
    for i in range(100):
        np.random.seed(i)
        rand.append(roc_auc_score(y_test, np.random.rand(len(y_test))))
    out = {"roc_auc": float(auc), "bootstrap_percentile_95": float(np.percentile(rand, 95)), "n_iter": int(clf.n_iter_)}
    if pca:
        out["pca_distance_euclidean"] = float(euclidean(reference_emb.drop("target", axis=1).mean(axis=0),
                                                        current_emb.drop("target", axis=1).mean(axis=0)))
        out["pca_reference_first_row"] = [float(v) for v in reference_emb.drop("target", axis=1).iloc[0]]
        out["pca_current_first_row"] = [float(v) for v in current_emb.drop("target", axis=1).iloc[0]]
    return out


def rows(a):
    return [[float(v) for v in r] for r in a]


X = rng.normal(size=(300, 6))
y = (X[:, 0] - 0.5 * X[:, 3] + rng.normal(size=300) > 0).astype(int)
clf = SGDClassifier(loss="log_loss", random_state=42).fit(X, y)
out = {"sklearn": sklearn.__version__, "numpy": np.__version__,
       "sgd": {"x": rows(X), "y": [int(v) for v in y], "coef": [float(v) for v in clf.coef_[0]],
               "intercept": float(clf.intercept_[0]), "n_iter": int(clf.n_iter_)},
       "cases": []}

# SequentialDataset.shuffle with the seed of random_state=42, read back in order.
ds = ArrayDataset64(np.zeros((10, 1)), np.zeros(10), np.ones(10), seed=1)
ds._shuffle_py(1273642419)
out["shuffle_10_seed_1273642419"] = [int(ds._next_py()[3]) for _ in range(10)]

d = 8
for name, ref, cur, pca in [
    ("shifted", rng.normal(size=(240, d)), rng.normal(size=(210, d)) + np.linspace(0, 0.8, d), None),
    ("same", rng.normal(size=(150, d)), rng.normal(size=(175, d)), None),
    ("odd sizes", rng.normal(size=(61, d)), rng.normal(size=(40, d)) * 1.5, None),
    ("pca", rng.normal(size=(200, d)) @ rng.normal(size=(d, d)), rng.normal(size=(180, d)) @ rng.normal(size=(d, d)), 3),
]:
    c = {"name": name, "reference": rows(ref), "current": rows(cur), "pca_components": pca}
    c.update(model_method(ref, cur, pca))
    out["cases"].append(c)

# exp: the C library's math.exp (glibc) and the correctly rounded value,
# float(Decimal(x).exp()) at 60 digits, of 5000 arguments in [-30, 30].
getcontext().prec = 60
xs = np.random.default_rng(5).uniform(-30, 30, 5000)
out["exp"] = {"x": [float(x) for x in xs], "math.exp": [math.exp(x) for x in xs],
              "float(Decimal(x).exp())": [float(Decimal(float(x)).exp()) for x in xs]}

with open("metrics/testdata/embdrift_model.json", "w") as f:
    json.dump(out, f, sort_keys=True)
    f.write("\n")

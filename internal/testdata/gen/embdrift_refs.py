#!/usr/bin/env python3
"""Reference values for EmbeddingsDrift (metrics/embeddings_drift_test.go).

Run from the repository root:  /usr/bin/python3 internal/testdata/gen/embdrift_refs.py
It writes metrics/testdata/embdrift_refs.json with embedding matrices drawn from
numpy.random.default_rng(11) (NaN marks a missing value; such rows are dropped, as
EmbeddingsDrift drops them) and, per case, Evidently's scores computed as
legacy/metrics/data_drift/embedding_drift_methods.py computes them:

- distance: scipy.spatial.distance.{euclidean,cosine,cityblock,chebyshev} of the
  column means of the complete rows;
- ratio: per column scipy.stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001),
  a column drifts when that is >= 0.1; the score is the share of drifted columns;
- mmd: MMD2u of sklearn.metrics.pairwise_kernels(vstack(x, y), metric="rbf",
  gamma=1/np.median(pairwise_distances(x, y))**2), both sides <= 1000 rows so
  Evidently's x.sample(1000) keeps every row.
"""
import json

import numpy as np
import scipy
import sklearn
from scipy import stats
from scipy.spatial import distance
from sklearn.metrics import pairwise_distances, pairwise_kernels

rng = np.random.default_rng(11)


def mmd2u(K, m, n):
    Kx, Ky, Kxy = K[:m, :m], K[m:, m:], K[:m, m:]
    return (1.0 / (m * (m - 1.0)) * (Kx.sum() - Kx.diagonal().sum())
            + 1.0 / (n * (n - 1.0)) * (Ky.sum() - Ky.diagonal().sum())
            - 2.0 / (m * n) * Kxy.sum())


def case(name, ref, cur):
    r = ref[~np.isnan(ref).any(axis=1)]
    c = cur[~np.isnan(cur).any(axis=1)]
    out = {"name": name,
           "reference": [[None if np.isnan(v) else float(v) for v in row] for row in ref],
           "current": [[None if np.isnan(v) else float(v) for v in row] for row in cur],
           "rows_used": [len(r), len(c)], "rows_dropped": [len(ref) - len(r), len(cur) - len(c)]}
    mr, mc = r.mean(axis=0), c.mean(axis=0)
    out["distance"] = {d: float(getattr(distance, d)(mr, mc)) for d in ["euclidean", "cosine", "cityblock", "chebyshev"]}
    ws = [stats.wasserstein_distance(r[:, j], c[:, j]) / max(np.std(r[:, j]), 0.001) for j in range(r.shape[1])]
    drifted = sum(w >= 0.1 for w in ws)
    out["ratio"] = {"components": [float(w) for w in ws], "drifted": int(drifted), "share": drifted / r.shape[1]}
    sigma2 = np.median(pairwise_distances(r, c, metric="euclidean")) ** 2
    K = pairwise_kernels(np.vstack([r, c]), metric="rbf", gamma=1.0 / sigma2)
    out["mmd"] = {"gamma": 1.0 / sigma2, "mmd2u": float(mmd2u(K, len(r), len(c)))}
    return out


d = 8
ref = rng.normal(size=(300, d))
cur = rng.normal(size=(250, d)) + np.linspace(0, 0.6, d)
cur[:, 2] *= 1.8
ref[[5, 77], 3] = np.nan
cur[[0, 9, 100], [1, 4, 7]] = np.nan
same_ref = rng.normal(loc=2.0, size=(200, 5))
same_cur = rng.normal(loc=2.0, size=(180, 5))
small_ref = rng.uniform(-1, 3, size=(12, 3))
small_cur = rng.uniform(-1, 3, size=(9, 3)) * 1.3
out = {"scipy": scipy.__version__, "sklearn": sklearn.__version__, "numpy": np.__version__,
       "cases": [case("shifted", ref, cur), case("same", same_ref, same_cur), case("small", small_ref, small_cur)]}
with open("metrics/testdata/embdrift_refs.json", "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")

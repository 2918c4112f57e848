#!/usr/bin/env python3
"""Reference draws of NumPy's legacy RandomState for internal/nprand.

Run from the repository root:  /usr/bin/python3 internal/testdata/gen/nprand_refs.py
(numpy 1.24). It writes internal/nprand/testdata/refs.json: for several seeds,
RandomState(seed).randint(2**32) raw words are not exposed by numpy, so the
checks go through the public calls telltale reproduces:

- RandomState(seed).random_sample(5)
- RandomState(seed).permutation(k) for small and odd k
- RandomState(seed).randint(low, high) twice in a row
- the seed scikit-learn's SGDClassifier(random_state=42) gives its shuffle:
  RandomState(42).randint(1, 2**31 - 1) (make_dataset) then
  RandomState(42).randint(2**31 - 1) (fit_binary's seed for _plain_sgd)
"""
import json

import numpy as np

out = {"numpy": np.__version__, "random_sample": {}, "permutation": {}, "randint": {}}
for seed in [0, 1, 42, 4294967295]:
    out["random_sample"][str(seed)] = np.random.RandomState(seed).random_sample(5).tolist()
for seed, k in [(42, 10), (42, 1001), (0, 7), (7, 2)]:
    out["permutation"][f"{seed},{k}"] = np.random.RandomState(seed).permutation(k).tolist()
for seed, low, high in [(42, 1, 2**31 - 1), (3, 0, 10), (5, -4, 1000)]:
    rs = np.random.RandomState(seed)
    out["randint"][f"{seed},{low},{high}"] = [int(rs.randint(low, high)), int(rs.randint(low, high))]
rs = np.random.RandomState(42)
rs.randint(1, np.iinfo(np.int32).max)
out["sgd_shuffle_seed_random_state_42"] = int(rs.randint(np.iinfo(np.int32).max))
with open("internal/nprand/testdata/refs.json", "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")

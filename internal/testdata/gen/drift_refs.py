#!/usr/bin/env python3
"""Reference values for the drift metrics (metrics/drift_*_test.go).

Run from the repository root:  /usr/bin/python3 internal/testdata/gen/drift_refs.py
It reads internal/demodata/seattle-weather.csv, splits it as the demo does
(2012-2013 reference, 2014-2015 current) and writes metrics/testdata/drift_seattle.json
with, per column, the statistic and p-value of the test Evidently picks
automatically (ks for the numerical columns: 731 reference rows <= 1000 and
more than 5 distinct values; chisquare for the categorical "weather"), and
the values other explicitly chosen tests give, each with the SciPy call.
"""
import json

import numpy as np
import pandas as pd
import scipy
from scipy import stats
from scipy.spatial import distance

df = pd.read_csv("internal/demodata/seattle-weather.csv")
ref = df[df.date.str[:4].isin(["2012", "2013"])]
cur = df[df.date.str[:4].isin(["2014", "2015"])]
out = {"scipy": scipy.__version__, "numpy": np.__version__, "columns": {}}

for col in ["precipitation", "temp_max", "temp_min", "wind"]:
    r, c = ref[col].to_numpy(float), cur[col].to_numpy(float)
    ks = stats.ks_2samp(r, c)
    w = stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)
    out["columns"][col] = {
        "ks": {"call": "scipy.stats.ks_2samp(ref, cur)", "statistic": ks.statistic, "p_value": ks.pvalue},
        "wasserstein": {"call": "scipy.stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)", "score": w},
    }

# chisquare as Evidently: f_exp = reference counts scaled to the current size.
keys = sorted(set(ref.weather) | set(cur.weather))
rc = ref.weather.value_counts()
cc = cur.weather.value_counts()
f_obs = [int(cc.get(k, 0)) for k in keys]
f_exp = [rc.get(k, 0) * len(cur) / len(ref) for k in keys]
chi = stats.chisquare(f_obs, f_exp)
p_ref = np.array([rc.get(k, 0) / len(ref) for k in keys])
p_cur = np.array([cc.get(k, 0) / len(cur) for k in keys])
out["columns"]["weather"] = {
    "keys": keys,
    "chisquare": {"call": "scipy.stats.chisquare(f_obs=cur counts, f_exp=ref counts*len(cur)/len(ref))",
                  "statistic": chi.statistic, "p_value": chi.pvalue},
    "jensenshannon": {"call": "scipy.spatial.distance.jensenshannon(ref shares, cur shares)",
                      "score": distance.jensenshannon(p_ref, p_cur)},
}

# TargetDrift: ks on the target temp_max, and the Pearson correlation of
# each numerical feature with it, per side (pandas.Series.corr).
target = {"ks": {}, "pearson": {}}
ks = stats.ks_2samp(ref.temp_max, cur.temp_max)
target["ks"] = {"call": "scipy.stats.ks_2samp(ref.temp_max, cur.temp_max)", "statistic": ks.statistic, "p_value": ks.pvalue}
for side, d in [("reference", ref), ("current", cur)]:
    target["pearson"][side] = {f: d.temp_max.corr(d[f]) for f in ["precipitation", "temp_min", "wind"]}
    target["spearman_" + side] = {f: d.temp_max.corr(d[f], method="spearman") for f in ["precipitation", "temp_min", "wind"]}
target["pearson"]["call"] = "pandas.Series.corr(method='pearson'); spearman_*: method='spearman'"
out["target_drift"] = target

# Cramér's V of the penguins' categorical columns with Species, Biscoe
# island as the current data and the other islands as the reference
# (scipy.stats.chi2_contingency(correction=False), V = sqrt(chi2/n/(min(r,c)-1))).
peng = pd.read_json("../shared/data/penguins.json")
def cramer(a, b):
    m = a.notna() & b.notna()
    t = pd.crosstab(a[m], b[m])
    chi2 = stats.chi2_contingency(t, correction=False)[0]
    return float(np.sqrt(chi2 / m.sum() / (min(t.shape) - 1)))
pref = peng[peng.Island != "Biscoe"]
pcur = peng[peng.Island == "Biscoe"]
out["penguins_cramer_v"] = {
    "call": "scipy.stats.chi2_contingency(pandas.crosstab(Species, Sex), correction=False)",
    "reference": {"Sex": cramer(pref.Species, pref.Sex)},
    "current": {"Sex": cramer(pcur.Species, pcur.Sex)},
}

with open("metrics/testdata/drift_seattle.json", "w") as f:
    json.dump(out, f, indent=2, sort_keys=True)
    f.write("\n")

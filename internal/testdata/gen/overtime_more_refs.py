#!/usr/bin/env python3
"""Reference values for RegressionOverTime and ColumnOverTime's categories
(metrics/over_time_more_test.go).

Run from the repository root: /usr/bin/python3 internal/testdata/gen/overtime_more_refs.py
It writes metrics/testdata/overtime_more_refs.json. The period is Evidently
0.4.40's choose_agg_period (as in overtime_refs.py) over both datasets'
timestamps; each row's bucket is Series.dt.to_period(freq).dt.to_timestamp().

- regression: per bucket, pandas' groupby(bucket)[s].agg(["count", "mean",
  "std"]) of s = the target, the prediction, the error (prediction -
  target) and the absolute percentage error 100*|error|/|target|, each
  NaN on rows without a finite target and prediction (and the percentage
  error NaN where the target is 0);
- categories: the 10 most common categories over both datasets
  (value_counts, ties by name) and "other" for the rest, and per bucket
  pandas.crosstab(bucket, category) counts (missing categories left out).
"""
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = os.path.join(ROOT, "metrics", "testdata", "overtime_more_refs.json")
OPTIMAL_POINTS = 150


def choose_agg_period(cur, ref):
    # As Evidently 0.4.40's utils/visualizations.py choose_agg_period.
    prefix = {"A": "year", "Q": "quarter", "M": "month", "W": "week", "D": "day", "H": "hour", "min": "minute"}
    dt = pd.concat([cur, ref])
    days = (dt.max() - dt.min()).days
    if days == 0:
        days = (dt.max() - dt.min()).seconds / (3600 * 24)
    points = pd.Series(index=["A", "Q", "M", "W", "D", "H", "min"],
                       data=[abs(OPTIMAL_POINTS - days / 365), abs(OPTIMAL_POINTS - days / 90), abs(OPTIMAL_POINTS - days / 30),
                             abs(OPTIMAL_POINTS - days / 7), abs(OPTIMAL_POINTS - days), abs(OPTIMAL_POINTS - days * 24),
                             abs(OPTIMAL_POINTS - days * 24 * 60)])
    return prefix[points.idxmin()], str(points.idxmin())


def fmt_ts(ts):
    return [pd.Timestamp(t).strftime("%Y-%m-%dT%H:%M:%SZ") for t in ts]


def none_nan(v):
    return None if pd.isna(v) else float(v)


def timestamps(rng, start, lo, hi, n):
    return pd.Series(start + pd.to_timedelta(np.floor(np.sort(rng.uniform(lo, hi, n))), unit="s"))


def bucket(ts, freq):
    return ts.dt.to_period(freq=freq).dt.to_timestamp()


def regression_side(ts, y, p, freq):
    kept = np.isfinite(y) & np.isfinite(p)
    err = np.where(kept, p - y, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        ape = np.where(kept & (y != 0), 100 * np.abs(err) / np.abs(y), np.nan)
    df = pd.DataFrame({"b": bucket(ts, freq), "actual": np.where(kept, y, np.nan), "predicted": np.where(kept, p, np.nan),
                       "error": err, "ape": ape})
    out = {"start": fmt_ts(sorted(df["b"].unique()))}
    for s in ["actual", "predicted", "error", "ape"]:
        g = df.groupby("b")[s].agg(["count", "mean", "std"])
        out[s] = {"count": [int(c) for c in g["count"]], "mean": [none_nan(m) for m in g["mean"]], "std": [none_nan(v) for v in g["std"]]}
    return out


rng = np.random.default_rng(23)
start = pd.Timestamp("2022-06-01 00:00:00")

# Regression over about 100 days (daily buckets).
span = 100 * 86400
ts_r, ts_c = timestamps(rng, start, 0, span / 2, 700), timestamps(rng, start, span / 2, span, 800)
y_r, y_c = rng.normal(50, 10, 700), rng.normal(55, 12, 800)
y_r[::41] = 0  # zero targets: no percentage error
p_r, p_c = y_r + rng.normal(0, 3, 700), y_c + rng.normal(2, 5, 800)
p_c[::13] = np.nan  # no prediction: the row is left out
y_c[::29] = np.nan
prefix, freq = choose_agg_period(ts_c, ts_r)
regression = {"period": prefix,
              "reference": {"ts": fmt_ts(ts_r), "y": [none_nan(v) for v in y_r], "p": [none_nan(v) for v in p_r]},
              "current": {"ts": fmt_ts(ts_c), "y": [none_nan(v) for v in y_c], "p": [none_nan(v) for v in p_c]},
              "want_reference": regression_side(ts_r, y_r, p_r, freq), "want_current": regression_side(ts_c, y_c, p_c, freq)}

# Categories over about 3 years (weekly buckets): 14 categories, 10 kept.
span = 3 * 365 * 86400
ts_r, ts_c = timestamps(rng, start, 0, span / 2, 900), timestamps(rng, start, span / 2, span, 600)
cats = [chr(ord("a") + i) for i in range(14)]
w = np.linspace(2, 1, 14)
c_r = rng.choice(cats, 900, p=w / w.sum()).astype(object)
c_c = rng.choice(cats, 600, p=w[::-1] / w.sum()).astype(object)
c_r[::37] = None
prefix_c, freq_c = choose_agg_period(ts_c, ts_r)
vc = pd.concat([pd.Series(c_r), pd.Series(c_c)]).dropna().value_counts()
order = sorted(vc.index, key=lambda v: (-int(vc[v]), v))
top = order[:10] + (["other"] if len(order) > 10 else [])


def category_side(ts, c):
    b = bucket(ts, freq_c)
    starts = sorted(b.unique())
    mapped = pd.Series([None if v is None else (v if v in top else "other") for v in c], dtype=object)
    ct = pd.crosstab(b, mapped).reindex(index=starts, columns=top, fill_value=0)
    return {"start": fmt_ts(starts), "categories": [{"category": k, "count": [int(v) for v in ct[k]]} for k in top]}


categories = {"period": prefix_c,
              "reference": {"ts": fmt_ts(ts_r), "c": list(c_r)}, "current": {"ts": fmt_ts(ts_c), "c": list(c_c)},
              "want_reference": category_side(ts_r, c_r), "want_current": category_side(ts_c, c_c)}

with open(OUT, "w") as f:
    json.dump({"pandas": pd.__version__, "regression": regression, "categories": categories}, f, indent=0)
    f.write("\n")
print("wrote", OUT, prefix, len(regression["want_current"]["start"]), prefix_c, len(categories["want_current"]["start"]), top)

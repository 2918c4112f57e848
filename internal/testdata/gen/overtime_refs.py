#!/usr/bin/env python3
"""Reference values for the over-time metrics (metrics/over_time_test.go).

Run from the repository root: /usr/bin/python3 internal/testdata/gen/overtime_refs.py
It writes metrics/testdata/overtime_refs.json: for datasets of random
timestamps over spans from minutes to decades, the period Evidently 0.4.40's
choose_agg_period (src/evidently/utils/visualizations.py) picks over both
datasets' timestamps, and for each dataset the buckets of
Series.dt.to_period(freq).dt.to_timestamp() with
groupby(period)[col].agg(["count", "mean", "std"]) (pandas), as Evidently's
prepare_df_for_time_index_plot and transform_df_to_time_mean_view compute them.
"""
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = os.path.join(ROOT, "metrics", "testdata", "overtime_refs.json")
OPTIMAL_POINTS = 150


def choose_agg_period(current_date_column, reference_date_column):
    # As Evidently 0.4.40's utils/visualizations.py choose_agg_period.
    prefix_dict = {"A": "year", "Q": "quarter", "M": "month", "W": "week", "D": "day", "H": "hour", "min": "minute"}
    datetime_feature = current_date_column
    if reference_date_column is not None:
        datetime_feature = pd.concat([datetime_feature, reference_date_column])
    days = (datetime_feature.max() - datetime_feature.min()).days
    if days == 0:
        days = (datetime_feature.max() - datetime_feature.min()).seconds / (3600 * 24)
    time_points = pd.Series(
        index=["A", "Q", "M", "W", "D", "H", "min"],
        data=[abs(OPTIMAL_POINTS - days / 365), abs(OPTIMAL_POINTS - days / 90), abs(OPTIMAL_POINTS - days / 30),
              abs(OPTIMAL_POINTS - days / 7), abs(OPTIMAL_POINTS - days), abs(OPTIMAL_POINTS - days * 24),
              abs(OPTIMAL_POINTS - days * 24 * 60)],
    )
    return prefix_dict[time_points.idxmin()], str(time_points.idxmin())


def side(ts, vals, freq):
    df = pd.DataFrame({"ts": ts, "v": vals})
    df["per"] = df["ts"].dt.to_period(freq=freq)
    g = df.groupby("per")["v"].agg(["count", "mean", "std"]).reset_index()
    g["per"] = g["per"].dt.to_timestamp()
    nan = lambda x: None if pd.isna(x) else float(x)
    return {"start": [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in g["per"]],
            "count": [int(c) for c in g["count"]], "mean": [nan(m) for m in g["mean"]], "std": [nan(s) for s in g["std"]]}


rng = np.random.default_rng(11)
cases = []
start = pd.Timestamp("2021-03-14 09:26:53")
for name, span_s, n in [("minutes", 5400, 300), ("hours", 3 * 86400 + 7200, 400), ("days", 140 * 86400, 500),
                        ("weeks", 3 * 365 * 86400, 600), ("months", 12 * 365 * 86400, 700),
                        ("quarters", 40 * 365 * 86400, 800), ("years", 180 * 365 * 86400, 900), ("under a day", 40000, 200)]:
    off_r = np.sort(rng.uniform(0, span_s / 2, n // 2))
    off_c = np.sort(rng.uniform(span_s / 2, span_s, n - n // 2))
    ts_r = pd.Series(start + pd.to_timedelta(np.floor(off_r), unit="s"))
    ts_c = pd.Series(start + pd.to_timedelta(np.floor(off_c), unit="s"))
    v_r = rng.normal(10, 3, len(ts_r))
    v_c = rng.normal(12, 4, len(ts_c))
    v_c[::17] = np.nan  # missing values are skipped
    prefix, freq = choose_agg_period(ts_c, ts_r)
    cases.append({
        "name": name, "period": prefix,
        "reference": {"ts": [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in ts_r], "values": [float(x) for x in v_r]},
        "current": {"ts": [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in ts_c], "values": [None if np.isnan(x) else float(x) for x in v_c]},
        "want_reference": side(ts_r, v_r, freq), "want_current": side(ts_c, v_c, freq),
    })

with open(OUT, "w") as f:
    json.dump({"pandas": pd.__version__, "cases": cases}, f, indent=0)
    f.write("\n")
print("wrote", OUT, [(c["name"], c["period"]) for c in cases])

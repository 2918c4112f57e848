#!/usr/bin/env python3
"""Reference values for the cases of Evidently 0.4.40's own test suite that
telltale's tests package replays (tests/evidently_cases_test.go and the tests
beside each test type), issue 20 items 7-14.

Run from the repository root:  /usr/bin/python3 internal/testdata/gen/evidently_cases.py
It writes tests/testdata/evidently_cases.json. Each case names the Evidently
test it comes from (repository evidentlyai/evidently, tag v0.4.40), holds its
input data as that test builds it, and the values Evidently computes from it,
each under a key naming the pandas / scikit-learn call that produces it (the
calls Evidently itself makes). The pass/fail outcomes are Evidently's own
assertions, copied from its test.
"""
import json

import numpy as np
import pandas as pd
import sklearn
from sklearn import metrics as skm

OUT = "tests/testdata/evidently_cases.json"
OUT_METRICS = "metrics/testdata/evidently_cases.json"

DEFAULT_MISSING = ["", np.inf, -np.inf, None]


def missing_stats(df, missing_values):
    """Evidently 0.4.40's DatasetMissingValuesMetric._calculate_missing_values_stats
    (src/evidently/metrics/data_integrity/dataset_missing_values_metric.py),
    restated with the same pandas calls: None counts Series.isnull(), any other
    value counts Series == value; rows with a missing value are
    DataFrame.isin(values) | DataFrame.isnull() (when None is listed), any row.
    Values are listed in the order given; labels as telltale writes them."""
    by_col = {}
    total = {i: 0 for i in range(len(missing_values))}
    for col in df.columns:
        counts = []
        for i, v in enumerate(missing_values):
            n = int(df[col].isnull().sum()) if v is None else int((df[col] == v).sum())
            counts.append(n)
            total[i] += n
        by_col[col] = {"missing": sum(counts), "different": sum(1 for n in counts if n > 0), "counts": counts,
                       "share": sum(counts) / len(df)}
    dsf = df.isin([v for v in missing_values if v is not None])
    if any(v is None for v in missing_values):
        dsf = dsf | df.isnull()
    rows = int(dsf.any(axis="columns").sum())
    missing = sum(c["missing"] for c in by_col.values())
    cols = sum(1 for c in by_col.values() if c["missing"] > 0)
    return {
        "missing": missing, "missing_share": missing / (len(df) * len(df.columns)),
        "rows_with_missing": rows, "rows_with_missing_share": rows / len(df),
        "columns_with_missing": cols, "columns_with_missing_share": cols / len(df.columns),
        "different": sum(1 for n in total.values() if n > 0), "counts": [total[i] for i in range(len(missing_values))],
        "by_column": by_col,
    }


def main():
    cases = {"pandas": pd.__version__, "sklearn": sklearn.__version__, "numpy": np.__version__}

    # tests/tests/test_data_quality_tests.py::test_data_quality_test_value_quantile
    # feature1 = [0, 1, 2, 3]: four distinct integers, a categorical column for
    # both tools; Evidently takes ColumnQuantileMetric from the numbers.
    s = pd.Series([0, 1, 2, 3])
    cases["column_quantile"] = {
        "evidently": "tests/tests/test_data_quality_tests.py::test_data_quality_test_value_quantile",
        "feature1": [0, 1, 2, 3],
        "pandas.Series.quantile(0.7)": float(s.quantile(0.7)),
        "pandas.Series.quantile(0.2)": float(s.quantile(0.2)),
    }

    # tests/tests/test_data_quality_tests.py::test_category_count_binary_column
    a = pd.Series([True, False])
    cases["category_count_bool"] = {
        "evidently": "tests/tests/test_data_quality_tests.py::test_category_count_binary_column",
        "csv": "a\nTrue\nFalse\n",  # pandas.DataFrame.to_csv(index=False)
        "(pandas.Series == False).sum()": int((a == False).sum()),  # noqa: E712
        "(pandas.Series == False).mean()": float((a == False).mean()),  # noqa: E712
    }

    # tests/tests/test_classification_performance_tests.py::test_log_loss_test_json_render:
    # one probability column named after the class "b", pos_label "a".
    # Evidently's get_prediction_data turns it into P(a) = 1 - b, P(b) = b.
    target = ["a", "a", "a", "b"]
    b = np.array([0.2, 0.5, 0.3, 0.6])
    cases["log_loss_column_named_after_class"] = {
        "evidently": "tests/tests/test_classification_performance_tests.py::test_log_loss_test_json_render",
        "target": target,
        "b": b.tolist(),
        "sklearn.metrics.log_loss(target, [[1-b, b]], labels=['a','b'])": skm.log_loss(
            target, np.column_stack([1 - b, b]), labels=["a", "b"]),
        "sklearn.metrics.log_loss(target, [[b, 1-b]], labels=['a','b'])": skm.log_loss(
            target, np.column_stack([b, 1 - b]), labels=["a", "b"]),
    }

    # tests/tests/test_classification_performance_tests.py::test_roc_auc_test and
    # ::test_roc_auc_test_json_render: two probability columns whose rows need
    # not sum to 1 (row 4 of the first sums to 0.9). Evidently scores the
    # positive class's column.
    t1 = ["a", "a", "a", "b"]
    pa = [0.8, 0.5, 0.7, 0.3]
    pb = [0.2, 0.5, 0.3, 0.6]
    t2 = ["t", "f", "f", "t"]
    pf = [0.8, 0.5, 0.7, 0.3]
    pt = [0.2, 0.5, 0.3, 0.6]
    cases["roc_auc_probas_not_summing_to_1"] = {
        "evidently": "tests/tests/test_classification_performance_tests.py::test_roc_auc_test",
        "target": t1, "a": pa, "b": pb,
        "row sums": [x + y for x, y in zip(pa, pb)],
        "sklearn.metrics.roc_auc_score(target == 'a', a)": skm.roc_auc_score([x == "a" for x in t1], pa),
    }
    cases["roc_auc_json_render"] = {
        "evidently": "tests/tests/test_classification_performance_tests.py::test_roc_auc_test_json_render",
        "target": t2, "f": pf, "t": pt,
        "sklearn.metrics.roc_auc_score(target == 't', t)": skm.roc_auc_score([x == "t" for x in t2], pt),
    }

    # tests/metrics/data_quality/test_column_value_list_metric.py::test_data_quality_value_list_metric_success
    # (its third and second cases): a missing value is not in the list, and
    # shares are over all rows.
    s = pd.Series([1, np.nan, 1, 2])
    n = pd.Series([np.nan, np.nan, np.nan])
    cases["value_list_missing"] = {
        "evidently": "tests/metrics/data_quality/test_column_value_list_metric.py::test_data_quality_value_list_metric_success",
        "category_feature": [1, None, 1, 2],
        "values": [1, 2, 3],
        "pandas.Series.isin(values).sum()": int(s.isin([1, 2, 3]).sum()),
        "len - pandas.Series.isin(values).sum()": int(len(s) - s.isin([1, 2, 3]).sum()),
        "pandas.Series.isin(values).mean()": float(s.isin([1, 2, 3]).mean()),
        "all_missing": [None, None, None],
        "all_missing: len - pandas.Series.isin(['test']).sum()": int(len(n) - n.isin(["test"]).sum()),
    }

    with open(OUT, "w") as f:
        json.dump(cases, f, indent=1, sort_keys=True)
        f.write("\n")

    mcases = {"pandas": pd.__version__, "numpy": np.__version__}
    # tests/metrics/data_interity/test_dataset_missing_values_metric.py::
    # test_dataset_missing_values_metric_different_missing_values. The Go test
    # builds the same frame: category_feature_2 as strings "", null, "inf";
    # prediction [1, NaT, 1] as numbers with a missing value.
    df = pd.DataFrame({
        "category_feature_1": ["", "n/a", "3"],
        "category_feature_2": ["", None, np.inf],
        "numerical_feature_1": [3, -9999, 0],
        "numerical_feature_2": [0, None, -np.inf],
        "prediction": [1, pd.NaT, 1],
        "target": [None, np.nan, 1],
    })
    lists = {
        "default": DEFAULT_MISSING,
        "n/a, replace=False": DEFAULT_MISSING + ["n/a"],
        "['', 0, 'n/a', -9999, None]": ["", 0, "n/a", -9999, None],
        "['', 0, 'n/a', -9999]": ["", 0, "n/a", -9999],
    }
    mcases["dataset_missing_values"] = {
        "evidently": "tests/metrics/data_interity/test_dataset_missing_values_metric.py::"
                     "test_dataset_missing_values_metric_different_missing_values",
        "stats": {name: missing_stats(df, lst) for name, lst in lists.items()},
    }
    # TargetCorrelations: pandas DataFrame.corr(method) on a seeded
    # regression-like frame (x3 is constant: no correlation), and Cramér's V
    # (scipy chi2_contingency(correction=False), V = sqrt(chi2/n/min(r-1,c-1)))
    # on the frame of tests/tests/test_data_quality_tests.py::
    # test_data_quality_test_target_prediction_correlation.
    rng = np.random.default_rng(20)
    n = 50
    x1 = np.round(rng.normal(size=n), 2)
    x2 = np.round(rng.normal(size=n), 2)
    y = np.round(2 * x1 - x2 + rng.normal(size=n) * 0.5, 2)
    yhat = np.round(2 * x1 - x2, 2)
    frame = pd.DataFrame({"x1": x1, "x2": x2, "x3": np.full(n, 1.5), "y": y, "yhat": yhat})
    corr = {}
    for method in ["pearson", "spearman", "kendall"]:
        c = frame.corr(method=method)
        corr[method] = {
            "target_prediction": float(c.loc["y", "yhat"]),
            "target": [float(c.loc["y", f]) if np.isfinite(c.loc["y", f]) else None for f in ["x1", "x2", "x3"]],
            "prediction": [float(c.loc["yhat", f]) if np.isfinite(c.loc["yhat", f]) else None for f in ["x1", "x2", "x3"]],
            "abs_max_target_features": float(c.loc["y", ["x1", "x2"]].abs().max()),
            "abs_max_prediction_features": float(c.loc["yhat", ["x1", "x2"]].abs().max()),
        }
    from scipy.stats import chi2_contingency
    t = pd.Series([0, 0, 0, 1])
    p = pd.Series([0, 0, 1, 1])
    chi2 = chi2_contingency(pd.crosstab(t, p), correction=False)[0]
    mcases["target_correlations"] = {
        "frame": {k: [float(v) for v in frame[k]] for k in frame.columns},
        "pandas.DataFrame.corr(method)": corr,
        "evidently": "tests/tests/test_data_quality_tests.py::test_data_quality_test_target_prediction_correlation",
        "cramer_v of target 0 0 0 1 and prediction 0 0 1 1": float(np.sqrt(chi2 / 4 / 1)),
    }
    # Conflicts: Evidently's ConflictTargetMetric / DataQualityStabilityMetric
    # count, restated with the same pandas calls:
    #   dup = df[df.duplicated(subset=cols, keep=False)]
    #   len(dup.drop(df[df.duplicated(subset=cols + outcome, keep=False)].index))
    def not_stable(df, cols, outcome):
        dup = df[df.duplicated(subset=cols, keep=False)]
        return int(dup.drop(df[df.duplicated(subset=cols + outcome, keep=False)].index).shape[0])

    rng = np.random.default_rng(4)
    n = 400
    a = rng.integers(0, 30, n).astype(float)
    a[rng.random(n) < 0.1] = np.nan  # missing equals missing in duplicated()
    b = rng.choice(["x", "y", "z"], n)
    t = rng.integers(0, 2, n)
    p = rng.integers(0, 3, n)
    df = pd.DataFrame({"a": a, "b": b, "target": t, "prediction": p})
    mcases["conflicts"] = {
        "frame": {"a": [None if np.isnan(v) else float(v) for v in a], "b": list(b),
                  "target": [int(v) for v in t], "prediction": [int(v) for v in p]},
        "target": not_stable(df, ["a", "b"], ["target"]),
        "prediction": not_stable(df, ["a", "b"], ["prediction"]),
        "evidently": "tests/metrics/data_quality/test_stability_metric.py::test_data_quality_stability_metric_success",
        "stability": [
            {"frame": {"feature1": [1, 1, 2, 2, 5], "feature2": [1, 1, 2, 2, 8], "target": [1, 0, 1, 1, 0],
                       "prediction": [1, 0, 1, 0, 0]}},
        ],
    }
    st = pd.DataFrame(mcases["conflicts"]["stability"][0]["frame"])
    mcases["conflicts"]["stability"][0]["target"] = not_stable(st, ["feature1", "feature2"], ["target"])
    mcases["conflicts"]["stability"][0]["prediction"] = not_stable(st, ["feature1", "feature2"], ["prediction"])
    # RegressionPredictedVsActual: numpy.histogram2d(actual, predicted,
    # bins=[edges, edges]) with edges = numpy.linspace(lo, hi, 21) over the
    # finite targets and predictions of both sides, and the mean prediction per
    # actual bin = numpy.histogram(actual, edges, weights=predicted)[0] / counts.
    rng = np.random.default_rng(8)
    def reg_side(n, noise):
        y = rng.normal(10, 3, n)
        p = y + rng.normal(0, noise, n)
        y[rng.random(n) < 0.05] = np.nan
        return y, p
    ry, rp = reg_side(300, 1.0)
    cy, cp = reg_side(250, 2.5)
    okr, okc = np.isfinite(ry) & np.isfinite(rp), np.isfinite(cy) & np.isfinite(cp)
    allv = np.concatenate([ry[okr], rp[okr], cy[okc], cp[okc]])
    edges = np.linspace(allv.min(), allv.max(), 21)
    def grid(y, p):
        counts = np.histogram2d(y, p, bins=[edges, edges])[0]
        rowsum = counts.sum(axis=1)
        sums = np.histogram(y, bins=edges, weights=p)[0]
        with np.errstate(invalid="ignore"):
            mean = sums / rowsum
        return {"counts": [[int(v) for v in r] for r in counts],
                "mean_predicted": [None if not np.isfinite(v) else float(v) for v in mean]}
    mcases["predicted_vs_actual"] = {
        "reference": {"y": [None if np.isnan(v) else float(v) for v in ry], "pred": [float(v) for v in rp]},
        "current": {"y": [None if np.isnan(v) else float(v) for v in cy], "pred": [float(v) for v in cp]},
        "edges": [float(v) for v in edges],
        "reference_grid": grid(ry[okr], rp[okr]), "current_grid": grid(cy[okc], cp[okc]),
    }
    with open(OUT_METRICS, "w") as f:
        json.dump(mcases, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

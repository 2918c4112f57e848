#!/usr/bin/env python3
"""Reference values for the model-quality metrics (metrics/classification*,
metrics/regression*, metrics/curves*).

Run from the repository root:  /usr/bin/python3 internal/testdata/gen/model_refs.py
(scikit-learn 1.2.1, SciPy 1.10.1, NumPy 1.24.2). It writes
metrics/testdata/model_classification.json and metrics/testdata/model_regression.json.

Each case holds its input data and the expected values under keys that name the
call that produced them. Labels are written as strings, as telltale compares them.
The "big" cases (50,000 rows) are not stored as data: this script and the Go test
build them with the same exact IEEE operations:

    u_i = ((i * 2654435761) mod 2**32) / 2**32,  v_i = ((i * 40503) mod 65536) / 65536

PR and lift tables are Evidently's own algorithm (legacy/calculations/
classification_performance.py: calculate_pr_table, calculate_lift_table), restated
below, since scikit-learn has no such table.
"""
import json
import math

import numpy as np
from scipy import stats
from sklearn import metrics as skm

OUT_CLS = "metrics/testdata/model_classification.json"
OUT_REG = "metrics/testdata/model_regression.json"


def big_uv(n):
    i = np.arange(n, dtype=np.uint64)
    u = ((i * np.uint64(2654435761)) % np.uint64(2**32)).astype(np.float64) / 2**32
    v = ((i * np.uint64(40503)) % np.uint64(65536)).astype(np.float64) / 65536
    return u, v


def floats(a):
    return [None if (isinstance(x, float) and not math.isfinite(x)) else float(x) for x in np.asarray(a, dtype=float)]


def pr_table(pos, score):
    """Evidently's calculate_pr_table: rows sorted by score (stable, descending)."""
    binded = sorted(zip([int(p) for p in pos], [float(s) for s in score]), key=lambda it: it[1], reverse=True)
    result = []
    data_size = len(binded)
    target_class_size = sum(x[0] for x in binded)
    offset = max(round(data_size * 0.05), 1)
    for step in np.arange(offset, data_size + offset, offset):
        count = min(step, data_size)
        prob = round(binded[min(step, data_size - 1)][1], 2)
        top = round(100.0 * min(step, data_size) / data_size, 1)
        tp = sum(x[0] for x in binded[: min(step, data_size)])
        fp = count - tp
        precision = round(100.0 * tp / count, 1)
        recall = round(100.0 * tp / target_class_size, 1)
        result.append([top, int(count), prob, int(tp), int(fp), precision, recall])
    return result


def lift_table(pos, score):
    """Evidently's calculate_lift_table."""
    binded = sorted(zip([int(p) for p in pos], [float(s) for s in score]), key=lambda it: it[1], reverse=True)
    result = []
    data_size = len(binded)
    target_class_size = sum(x[0] for x in binded)
    offset = int(max(np.floor(data_size * 0.01), 1))
    for step in np.arange(offset, data_size + 1, offset):
        count = min(step, data_size)
        prob = round(binded[min(step, data_size - 1)][1], 2)
        top = round(100.0 * min(step, data_size) / data_size)
        tp = sum(x[0] for x in binded[: min(step, data_size)])
        fp = count - tp
        precision = round(100.0 * tp / count, 1)
        recall = round(100.0 * tp / target_class_size, 1)
        f1_score = round(2 / (1 / precision + 1 / recall), 1) if precision and recall else None
        lift = round(recall / top, 2)
        if count <= target_class_size:
            max_lift = round(100.0 * count / target_class_size / top, 2)
        else:
            max_lift = round(100.0 / top, 2)
        relative_lift = round(lift / max_lift, 2)
        percent = round(100 * target_class_size / data_size, 2)
        result.append([top, int(count), prob, int(tp), int(fp), precision, recall, f1_score, lift, max_lift,
                       relative_lift, percent])
    return result


def sort_labels(labels):
    try:
        return sorted(labels, key=lambda s: (float(s), s))
    except ValueError:
        return sorted(labels)


def cls_case(name, target, pred=None, probas=None, pos_label="1", threshold=None, k=None, store=True):
    """target, pred: lists of label strings; probas: {label: [p...]} (one key = binary proba of pos_label)."""
    target = [str(t) for t in target]
    y = np.array(target, dtype=object)
    labels = set(target)
    if pred is not None:
        pred = [str(p) for p in pred]
        labels |= set(pred)
    single = probas is not None and len(probas) == 1
    if probas is not None and not single:
        labels |= set(probas)
    binary = single or len(labels) <= 2
    if binary:
        labels.add(pos_label)
        if len(labels) == 1:
            labels.add("0")
    labels = sort_labels(list(labels))
    case = {"name": name, "target": target, "pos_label": pos_label}
    exp = {"labels": labels, "task": "binary" if binary else "multiclass"}
    if pred is not None and threshold is None and k is None:
        yhat = np.array(pred, dtype=object)
        case["prediction"] = pred
    elif binary:
        p = np.array(list(probas.values())[0] if single else probas[pos_label])
        thr = 0.5 if threshold is None else threshold
        if k is not None:
            thr = np.sort(p)[::-1][min(k, len(p) - 1)]
            case["k"] = k
        if threshold is not None:
            case["probas_threshold"] = threshold
        neg = [l for l in labels if l != pos_label][0]
        yhat = np.where(p >= thr, pos_label, neg).astype(object)
    else:
        cols = [l for l in labels if l in probas]
        m = np.column_stack([probas[c] for c in cols])
        yhat = np.array(cols, dtype=object)[np.argmax(m, axis=1)]
    if probas is not None:
        case["probas"] = {k_: floats(v) for k_, v in probas.items()}
    if not store:
        del case["target"]
        case.pop("prediction", None)
        case.pop("probas", None)
    y, yhat = y.astype(str), yhat.astype(str)
    exp["accuracy_score"] = skm.accuracy_score(y, yhat)
    exp["confusion_matrix(labels=labels)"] = skm.confusion_matrix(y, yhat, labels=labels).tolist()
    p, r, f, s = skm.precision_recall_fscore_support(y, yhat, labels=labels, zero_division=0)
    exp["precision_recall_fscore_support(labels=labels, zero_division=0)"] = [p.tolist(), r.tolist(), f.tolist(), s.tolist()]
    for avg in ["micro", "weighted"] + ([] if binary else ["macro"]):
        exp[f"precision_recall_fscore_support(average={avg!r}, zero_division=0)"] = list(
            skm.precision_recall_fscore_support(y, yhat, average=avg, zero_division=0)[:3])
    if binary:
        exp["precision_recall_fscore_support(average='binary', pos_label)"] = list(
            skm.precision_recall_fscore_support(y, yhat, average="binary", pos_label=pos_label, zero_division=0)[:3])
        tn, fp, fn, tp = skm.confusion_matrix(y == pos_label, yhat == pos_label, labels=[False, True]).ravel()
        div = lambda a, b: a / b if b else None
        exp["rates from confusion_matrix [tpr, tnr, fpr, fnr]"] = [div(tp, tp + fn), div(tn, tn + fp), div(fp, fp + tn), div(fn, fn + tp)]
    if probas is not None:
        if binary:
            score = np.array(list(probas.values())[0] if single else probas[pos_label])
            pos = y == pos_label
            exp["log_loss(y==pos, p_pos)"] = skm.log_loss(pos, score, labels=[False, True])
            if 0 < pos.sum() < len(pos):
                exp["roc_auc_score(y==pos, p_pos)"] = skm.roc_auc_score(pos, score)
                fpr, tpr, thr = skm.roc_curve(pos, score)
                exp["roc_curve(y==pos, p_pos)"] = [fpr.tolist(), tpr.tolist(), thr.tolist()]
                pr, rc, thr = skm.precision_recall_curve(pos, score)
                exp["precision_recall_curve(y==pos, p_pos)"] = [pr.tolist(), rc.tolist(), thr.tolist()]
                exp["evidently calculate_pr_table"] = pr_table(pos, score)
                exp["evidently calculate_lift_table"] = lift_table(pos, score)
        else:
            cols = [l for l in labels if l in probas]
            m = np.column_stack([probas[c] for c in cols])
            exp["log_loss(y, P, labels=cols)"] = skm.log_loss(y, m, labels=cols)
            binar = (y.reshape(-1, 1) == np.array(cols, dtype=str)).astype(int)
            if all(0 < binar[:, j].sum() < len(y) for j in range(len(cols))):
                exp["roc_auc_score(binarized, P, average='macro')"] = skm.roc_auc_score(binar, m, average="macro")
                exp["roc_auc_score(binarized, P, average=None)"] = dict(zip(cols, skm.roc_auc_score(binar, m, average=None).tolist()))
    case["expected"] = exp
    return case


def classification():
    cases = []
    rng = np.random.default_rng(7)
    # binary labels, ints
    t = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1]
    p = [1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1]
    cases.append(cls_case("binary_labels", t, pred=p))
    # binary probas with ties in the scores
    n = 40
    tt = rng.integers(0, 2, n)
    pp = np.clip(np.round(0.35 * tt + rng.uniform(0, 0.65, n), 1), 0, 1)
    cases.append(cls_case("binary_proba_ties", tt.tolist(), probas={"1": pp.tolist()}))
    cases.append(cls_case("binary_proba_threshold", tt.tolist(), probas={"1": pp.tolist()}, threshold=0.7))
    cases.append(cls_case("binary_proba_topk", tt.tolist(), probas={"1": pp.tolist()}, k=5))
    # a class never predicted
    cases.append(cls_case("binary_never_predicted", [1, 0, 1, 0, 0, 1, 0], pred=[0] * 7))
    # perfect predictions with probabilities
    tp = [0, 1, 1, 0, 1, 0, 0, 1]
    cases.append(cls_case("perfect", tp, pred=tp, probas={"1": [float(x) for x in tp]}))
    # string labels, custom positive label, two proba columns
    ts = ["spam", "ham", "ham", "spam", "ham", "spam", "ham", "ham"]
    ps = [0.9, 0.2, 0.6, 0.55, 0.1, 0.4, 0.3, 0.2]
    cases.append(cls_case("binary_two_columns", ts, probas={"spam": ps, "ham": [1 - x for x in ps]}, pos_label="spam"))
    # multiclass with per-class probas, argmax
    n = 60
    cls = np.array(["adelie", "chinstrap", "gentoo"])
    yi = rng.integers(0, 3, n)
    logits = rng.normal(0, 1, (n, 3))
    logits[np.arange(n), yi] += 1.2
    P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    cases.append(cls_case("multiclass_probas", cls[yi].tolist(), probas={c: P[:, j].tolist() for j, c in enumerate(cls)}))
    # multiclass labels only, 4 classes, one never predicted, numeric labels
    tm = [0, 1, 2, 3, 0, 1, 2, 3, 3, 2, 1, 0, 2, 2]
    pm = [0, 1, 2, 2, 0, 2, 2, 1, 2, 2, 1, 0, 1, 2]
    cases.append(cls_case("multiclass_never_predicted", tm, pred=pm))
    # tiny
    cases.append(cls_case("tiny", [1, 0], pred=[1, 1], probas={"1": [0.8, 0.6]}))
    # big: 50,000 rows, scores with ties (1,000 distinct), built from u, v (see module doc)
    u, v = big_uv(50_000)
    score = np.floor(u * 1000) / 1000
    target = (v < score * 0.8 + 0.1).astype(int)
    big = cls_case("big", target.tolist(), probas={"1": score.tolist()}, store=False)
    cases.append(big)
    # big multiclass: 3 classes from u, v
    yb = (np.floor(v * 3)).astype(int)
    a = np.column_stack([u, 1 - u, np.full_like(u, 0.5)]) + np.eye(3)[yb] * 0.7
    Pb = a / a.sum(axis=1, keepdims=True)
    bigm = cls_case("big_multiclass", yb.tolist(), probas={str(j): Pb[:, j].tolist() for j in range(3)}, store=False)
    cases.append(bigm)
    return cases


def reg_stats(y, yhat, zero_handling="none", replace_value=1.0, epsilon=np.finfo(float).eps):
    y, yhat = np.asarray(y, float), np.asarray(yhat, float)
    err = yhat - y
    ae = np.abs(err)
    e = {}
    e["mean(pred - target)"] = float(err.mean())
    e["std(err, ddof=1)"] = float(err.std(ddof=1)) if len(err) > 1 else None
    e["mean_absolute_error"] = skm.mean_absolute_error(y, yhat)
    e["std(|err|, ddof=1)"] = float(ae.std(ddof=1)) if len(err) > 1 else None
    e["sqrt(mean_squared_error)"] = math.sqrt(skm.mean_squared_error(y, yhat))
    if zero_handling == "none":
        e["100 * mean_absolute_percentage_error"] = 100 * skm.mean_absolute_percentage_error(y, yhat)
    elif zero_handling == "drop":
        keep = np.abs(y) >= epsilon
        e["100 * mean_absolute_percentage_error"] = 100 * skm.mean_absolute_percentage_error(y[keep], yhat[keep]) if keep.any() else None
    else:
        d = np.where(np.abs(y) < epsilon, replace_value, np.abs(y))
        e["100 * mean_absolute_percentage_error"] = 100 * float(np.mean(ae / d))
    # r2_score's default force_finite=True, as Evidently calls it: a constant target gives
    # 1.0 for perfect predictions, else 0.0; one row gives NaN (undefined).
    e["r2_score"] = float(skm.r2_score(y, yhat)) if len(y) > 1 else None
    e["max_error"] = skm.max_error(y, yhat)
    e["median_absolute_error"] = skm.median_absolute_error(y, yhat)
    q5, q95 = np.quantile(err, [0.05, 0.95])
    e["quantile(err, [0.05, 0.95])"] = [float(q5), float(q95)]
    # exclusive, in this order, as Evidently's "Error bias" labels: under, else majority, else over
    groups = {"underestimation": err <= q5, "majority": (err > q5) & (err < q95), "overestimation": (err >= q95) & (err > q5)}
    e["groups [count, mean, std ddof=1]"] = {
        k: [int(m.sum()), float(err[m].mean()) if m.any() else None, float(err[m].std(ddof=1)) if m.sum() > 1 else None]
        for k, m in groups.items()}
    if len(err) > 1 and err.std() > 0:
        (osm, osr), (slope, intercept, r) = stats.probplot(err, dist="norm", fit=True)
        e["probplot(err, 'norm')"] = {"osm": osm.tolist() if len(osm) <= 200 else None, "slope": slope,
                                       "intercept": intercept, "r": r}
    med = np.median(y)
    e["dummy: mean|y - median(y)|"] = float(np.mean(np.abs(y - med)))
    e["dummy: sqrt(mean((y - mean(y))^2))"] = float(np.sqrt(np.mean((y - y.mean()) ** 2)))
    e["dummy: max|y - median(y)|"] = float(np.max(np.abs(y - med)))
    nz = y[y != 0]
    if len(nz):
        w = 1 / np.abs(nz)
        order = np.argsort(nz, kind="stable")
        ys, ws = nz[order], w[order]
        c = ys[np.searchsorted(np.cumsum(ws), 0.5 * ws.sum())]
        e["dummy: 100 * mean_absolute_percentage_error(y, weighted median 1/|y|)"] = 100 * skm.mean_absolute_percentage_error(y, np.full_like(y, c))
        e["dummy: weighted median 1/|y|"] = float(c)
    hist, edges = np.histogram(err, bins="doane")
    e["histogram(err, bins='doane')"] = [hist.tolist(), edges.tolist()]
    return e


def reg_case(name, y, yhat, store=True, **kw):
    case = {"name": name}
    if store:
        case["target"] = floats(y)
        case["prediction"] = floats(yhat)
    case.update({k: v for k, v in kw.items()})
    case["expected"] = reg_stats(y, yhat, **kw)
    return case


def regression():
    rng = np.random.default_rng(11)
    cases = []
    y = rng.normal(20, 5, 80)
    yhat = y + rng.normal(0.5, 2, 80)
    cases.append(reg_case("normal", y.round(3), yhat.round(3)))
    cases.append(reg_case("perfect", [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]))
    cases.append(reg_case("constant_target", [5.0] * 6, [4.0, 5.0, 6.0, 5.5, 5.0, 4.5]))
    cases.append(reg_case("constant_target_perfect", [5.0] * 4, [5.0] * 4))
    z = [0.0, 2.0, 0.0, 4.0, -3.0, 10.0, 1.0]
    zp = [0.5, 2.5, -0.5, 3.0, -2.0, 12.0, 1.0]
    cases.append(reg_case("zero_targets_none", z, zp))
    cases.append(reg_case("zero_targets_drop", z, zp, zero_handling="drop"))
    cases.append(reg_case("zero_targets_replace", z, zp, zero_handling="replace", replace_value=1.0))
    cases.append(reg_case("tiny", [1.0, 3.0], [2.0, 2.0]))
    u, v = big_uv(50_000)
    yb = np.floor(u * 1000) / 10 + 1
    pb = yb + (v - 0.4) * 20
    cases.append(reg_case("big", yb, pb, store=False))
    return cases


def main():
    with open(OUT_CLS, "w") as f:
        json.dump({"generator": "internal/testdata/gen/model_refs.py", "cases": classification()}, f, indent=1)
        f.write("\n")
    with open(OUT_REG, "w") as f:
        json.dump({"generator": "internal/testdata/gen/model_refs.py", "cases": regression()}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

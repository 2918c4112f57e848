#!/usr/bin/env python3
"""Reference values for the text drift tests (metrics/stattest/text*_test.go, auc_test.go).

Run from the repository root:  /usr/bin/python3 internal/testdata/gen/textdrift_refs.py
It writes metrics/testdata/textdrift_refs.json with:

- "auc": sklearn.metrics.roc_auc_score on labels and scores, some with many ties;
- "tfidf": TfidfVectorizer(sublinear_tf=True, max_df=0.5, stop_words="english")
  fitted on a training corpus and applied to test documents (non-zero cells by word);
- "sgd": Evidently's domain classifier pipeline (legacy/utils/data_drift_utils.py)
  with SGDClassifier(..., shuffle=False), so that no random stream is involved:
  the non-zero coefficients, the intercept, n_iter_, predict_proba on the test
  documents and the ROC AUC.

The corpora are generated with numpy.random.default_rng(7): weather words for the
reference, finance words for the current data, both mixed with shared words,
stop words, digits, punctuation and capitals.
"""
import json

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline

rng = np.random.default_rng(7)
out = {"sklearn": sklearn.__version__, "numpy": np.__version__}

# --- AUC ---
cases = []
for n, ties in [(10, None), (57, 4), (200, 10), (501, None), (1000, 2)]:
    y = rng.integers(0, 2, n)
    y[0], y[1] = 0, 1
    s = rng.normal(size=n) + 0.7 * y
    if ties:
        s = np.round(s * ties) / ties
    cases.append({"call": "sklearn.metrics.roc_auc_score(labels, scores)",
                  "labels": [int(v) for v in y], "scores": [float(v) for v in s],
                  "auc": float(roc_auc_score(y, s))})
cases.append({"call": "sklearn.metrics.roc_auc_score(labels, scores): all scores tied",
              "labels": [0, 1, 0, 1, 1], "scores": [0.3] * 5,
              "auc": float(roc_auc_score([0, 1, 0, 1, 1], [0.3] * 5))})
cases.append({"call": "sklearn.metrics.roc_auc_score(labels, scores): perfect, reversed",
              "labels": [1, 1, 0, 0], "scores": [0.1, 0.2, 0.3, 0.4],
              "auc": float(roc_auc_score([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4]))})
out["auc"] = cases

# --- corpora ---
weather = "rain sunny cloud storm wind snow humid forecast drizzle thunder fog breeze".split()
finance = "stock bond market yield dividend equity inflation rate shares profit loss trading".split()
shared = "report today people city morning update news week local time".split()
stop = "the a of and is it to in on was".split()
punct = [".", ",", "!", "?", " -", ";"]


def doc(words, k):
    toks = []
    for _ in range(k):
        r = rng.random()
        if r < 0.4:
            w = words[rng.integers(len(words))]
        elif r < 0.7:
            w = shared[rng.integers(len(shared))]
        elif r < 0.9:
            w = stop[rng.integers(len(stop))]
        else:
            w = str(int(rng.integers(0, 100)))
        if rng.random() < 0.1:
            w = w.capitalize()
        toks.append(w + (punct[rng.integers(len(punct))] if rng.random() < 0.2 else ""))
    return " ".join(toks)


def corpus(words, n):
    return [doc(words, int(rng.integers(3, 15))) for _ in range(n)]


train = corpus(weather, 60) + corpus(finance, 60) + ["", "a the of", "x y z", "Rain_fall 3.14 naïve café"]
y_train = [0] * 60 + [1] * 60 + [0, 1, 0, 1]
order = rng.permutation(len(train))
train = [train[i] for i in order]
y_train = [y_train[i] for i in order]
test = corpus(weather, 40) + corpus(finance, 40) + ["unseen words only", "rain stock"]
y_test = [0] * 40 + [1] * 40 + [0, 1]

vec = TfidfVectorizer(sublinear_tf=True, max_df=0.5, stop_words="english")
vec.fit(train)
inv = {j: w for w, j in vec.vocabulary_.items()}
rows = []
m = vec.transform(test[:5] + test[-2:]).tocsr()
for i in range(m.shape[0]):
    row = m.getrow(i)
    rows.append({inv[j]: float(v) for j, v in zip(row.indices, row.data)})
out["tfidf"] = {"call": 'TfidfVectorizer(sublinear_tf=True, max_df=0.5, stop_words="english").fit(train).transform(test[:5]+test[-2:])',
                "train": train, "test": test[:5] + test[-2:], "vocabulary": sorted(vec.vocabulary_), "rows": rows}

pipe = Pipeline([
    ("vectorization", TfidfVectorizer(sublinear_tf=True, max_df=0.5, stop_words="english")),
    ("classification", SGDClassifier(alpha=0.0001, max_iter=50, penalty="l1", loss="modified_huber",
                                     random_state=42, shuffle=False)),
])
pipe.fit(train, y_train)
clf = pipe["classification"]
inv = {j: w for w, j in pipe["vectorization"].vocabulary_.items()}
coef = {inv[j]: float(v) for j, v in enumerate(clf.coef_[0]) if v != 0}
proba = pipe.predict_proba(test)[:, 1]
out["sgd"] = {"call": "Evidently's pipeline with SGDClassifier(alpha=1e-4, max_iter=50, penalty='l1', "
                      "loss='modified_huber', shuffle=False); labels 0 reference, 1 current",
              "train": train, "y_train": y_train, "test": test, "y_test": y_test,
              "coef": coef, "intercept": float(clf.intercept_[0]), "n_iter": int(clf.n_iter_),
              "proba": [float(p) for p in proba], "auc": float(roc_auc_score(y_test, proba))}

with open("metrics/testdata/textdrift_refs.json", "w") as f:
    json.dump(out, f, indent=1, sort_keys=True, ensure_ascii=False)
    f.write("\n")

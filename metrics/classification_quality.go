package metrics

import (
	"context"
	"math"
)

// ClassificationQuality is the quality of a classifier on the current data
// and, when there is one, on the reference: Evidently's
// ClassificationQualityMetric. It reads the target, the predicted labels
// and the predicted probabilities of the column mapping.
//
// # The task
//
// Labels are compared as strings (a numerical column's 1 and 1.0 are the
// label "1") and sorted numerically when all are numbers, else as
// strings, over both datasets, so a label seen only in the current data
// has its row and column in both confusion matrices. The task is binary
// with one probability column (see below), or when the
// data has at most two labels; the positive label is the definition's
// PosLabel, "1" by default. Otherwise it is multiclass.
//
// Predicted labels come from the prediction column. Without one, or when
// probas_threshold or k is set, a binary task predicts the positive label
// when its probability is >= the threshold (0.5 by default), and a
// multiclass task predicts the label of the largest probability (the
// first in label order on ties).
//
// With one probability column, the column is the probability of the label
// it is named after when that is one of the labels (a column "b" with
// pos_label "a" holds P(b), so P(a) = 1 - b, as Evidently reads it);
// otherwise it is the probability of pos_label.
//
// Rows missing the target, the prediction or a probability are dropped and
// counted. A probability outside [0, 1] is an error; so are per-class
// probabilities whose row sums differ from 1 by more than 0.01 in a
// multiclass task. A binary task reads only the positive label's column,
// as Evidently does, and notes rows that do not sum to 1 (Notes).
//
// # The numbers
//
// Binary: precision, recall and F1 at the positive label and the rates of
// its confusion counts (TPR = tp/(tp+fn), TNR = tn/(tn+fp),
// FPR = fp/(fp+tn), FNR = fn/(fn+tp); NaN when a denominator is 0).
// Multiclass: precision, recall and F1 are macro averages; micro and
// weighted ones are always there too. Averages run over the labels that
// occur in the side's actual or predicted labels, as scikit-learn's
// labels=None. ROC AUC is one-vs-rest macro over the probability columns
// (roc_auc_score(..., average="macro")), NaN when a class has no positive
// or no negative row; log loss is sklearn.metrics.log_loss with its
// clipping to [eps, 1-eps] and row normalisation. Both are NaN without
// probabilities.
//
// Compute returns *ClassificationQualityResult.
type ClassificationQuality struct {
	ClassificationOptions
}

// Name implements Metric.
func (m *ClassificationQuality) Name() string { return "ClassificationQuality" }

// Params implements Parameterized.
func (m *ClassificationQuality) Params() any { return m }

// ClassificationQualityResult holds each side's quality.
type ClassificationQualityResult struct {
	// Task is "binary" or "multiclass".
	Task string `json:"task"`
	// PosLabel is the positive label of a binary task.
	PosLabel string   `json:"pos_label,omitempty"`
	Labels   []string `json:"labels"`
	// Probabilities says whether the mapping gives prediction
	// probabilities: without them ROC AUC and log loss are null.
	Probabilities bool                  `json:"probabilities"`
	Current       *ClassificationScores `json:"current"`
	Reference     *ClassificationScores `json:"reference"`
	// Notes are warnings about the data, such as binary probabilities
	// whose rows do not sum to 1.
	Notes []string `json:"notes,omitempty"`
}

// ClassificationScores is the quality on one dataset.
type ClassificationScores struct {
	Rows        int `json:"rows"`
	RowsDropped int `json:"rows_dropped"`

	Accuracy          Float `json:"accuracy"`
	Precision         Float `json:"precision"`
	Recall            Float `json:"recall"`
	F1                Float `json:"f1"`
	PrecisionMicro    Float `json:"precision_micro"`
	RecallMicro       Float `json:"recall_micro"`
	F1Micro           Float `json:"f1_micro"`
	PrecisionWeighted Float `json:"precision_weighted"`
	RecallWeighted    Float `json:"recall_weighted"`
	F1Weighted        Float `json:"f1_weighted"`
	RocAuc            Float `json:"roc_auc"`
	LogLoss           Float `json:"log_loss"`
	TPR               Float `json:"tpr"`
	TNR               Float `json:"tnr"`
	FPR               Float `json:"fpr"`
	FNR               Float `json:"fnr"`

	ConfusionMatrix ConfusionMatrix `json:"confusion_matrix"`
	PerClass        PerClass        `json:"per_class"`
	// RocCurve and PRCurve are the positive label's curves (binary with
	// probabilities), null otherwise.
	RocCurve *ROCCurve `json:"roc_curve"`
	PRCurve  *PRCurve  `json:"pr_curve"`

	Dummy ClassificationDummy `json:"dummy"`
}

// PerClass holds one value per label, in the order of Labels.
type PerClass struct {
	Labels    []string  `json:"labels"`
	Precision []float64 `json:"precision"`
	Recall    []float64 `json:"recall"`
	F1        []float64 `json:"f1"`
	Support   []int     `json:"support"`
	// RocAuc is one-vs-rest per label; null without probabilities or when
	// the label has no positive or no negative row.
	RocAuc []Float `json:"roc_auc"`
}

// Compute implements Metric.
func (m *ClassificationQuality) Compute(ctx context.Context, in *Input) (Result, error) {
	t, err := newClassTask(in, m.Name(), &m.ClassificationOptions)
	if err != nil {
		return nil, err
	}
	res := &ClassificationQualityResult{Task: "multiclass", Labels: t.labels, Probabilities: t.probaCol != nil, Notes: t.notes}
	if t.binary {
		res.Task, res.PosLabel = "binary", t.labels[t.pos]
	}
	res.Current = t.scores(t.cur)
	if t.ref != nil {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res.Reference = t.scores(t.ref)
	}
	return res, nil
}

// scores computes one side's quality.
func (t *classTask) scores(s *classSide) *ClassificationScores {
	cm := confusionMatrix(t.labels, s.y, s.pred)
	avg := averageScores(cm)
	nan := Float(math.NaN())
	r := &ClassificationScores{
		Rows: len(s.y), RowsDropped: s.dropped,
		PrecisionMicro: Float(avg.micro[0]), RecallMicro: Float(avg.micro[1]), F1Micro: Float(avg.micro[2]),
		PrecisionWeighted: Float(avg.weighted[0]), RecallWeighted: Float(avg.weighted[1]), F1Weighted: Float(avg.weighted[2]),
		TPR: nan, TNR: nan, FPR: nan, FNR: nan,
		ConfusionMatrix: cm,
		PerClass:        t.perClass(s, cm),
		Dummy:           t.dummy(s),
	}
	correct := 0
	for i, a := range s.y {
		if a == s.pred[i] {
			correct++
		}
	}
	r.Accuracy = Float(float64(correct) / float64(len(s.y)))
	if t.binary {
		k := cm.counts(t.pos)
		p, rc, f := k.prf()
		r.Precision, r.Recall, r.F1 = Float(p), Float(rc), Float(f)
		r.TPR = Float(divOrNaN(float64(k.tp), float64(k.tp+k.fn)))
		r.TNR = Float(divOrNaN(float64(k.tn), float64(k.tn+k.fp)))
		r.FPR = Float(divOrNaN(float64(k.fp), float64(k.fp+k.tn)))
		r.FNR = Float(divOrNaN(float64(k.fn), float64(k.fn+k.tp)))
	} else {
		r.Precision, r.Recall, r.F1 = Float(avg.macro[0]), Float(avg.macro[1]), Float(avg.macro[2])
	}
	r.RocAuc, r.LogLoss = nan, nan
	if t.probaCol != nil {
		r.RocAuc, r.LogLoss = Float(t.macroAUC(s)), Float(t.logLoss(s))
		if t.binary {
			pos := t.positives(s, t.pos)
			r.RocCurve = rocCurve(pos, s.score).downsample()
			r.PRCurve = prCurve(pos, s.score).downsample()
		}
	}
	return r
}

// positives marks the rows whose actual label is label c.
func (t *classTask) positives(s *classSide, c int) []bool {
	pos := make([]bool, len(s.y))
	for i, a := range s.y {
		pos[i] = a == c
	}
	return pos
}

// classScore returns the score of label c for each row: its probability
// column, or for the negative label of a binary task the positive
// probability negated (the same order as 1-p, without rounding). ok is
// false when c has no probabilities.
func (t *classTask) classScore(s *classSide, c int) ([]float64, bool) {
	if t.probaCol == nil {
		return nil, false
	}
	if t.binary {
		if c == t.pos {
			return s.score, true
		}
		neg := make([]float64, len(s.score))
		for i, p := range s.score {
			neg[i] = -p
		}
		return neg, true
	}
	j := t.probaCol[c]
	if j < 0 {
		return nil, false
	}
	out := make([]float64, len(s.y))
	for i := range out {
		out[i] = s.probas[i*s.nProbas+j]
	}
	return out, true
}

// classAUC is label c's one-vs-rest ROC AUC, NaN when undefined.
func (t *classTask) classAUC(s *classSide, c int) float64 {
	score, ok := t.classScore(s, c)
	if !ok {
		return math.NaN()
	}
	return rocAUC(rocCurve(t.positives(s, c), score))
}

// macroAUC is the binary AUC of the positive label, or the mean of the
// one-vs-rest AUCs of the labels with a probability column.
func (t *classTask) macroAUC(s *classSide) float64 {
	if t.binary {
		return t.classAUC(s, t.pos)
	}
	sum, n := 0.0, 0
	for c, j := range t.probaCol {
		if j >= 0 {
			sum += t.classAUC(s, c)
			n++
		}
	}
	return sum / float64(n)
}

// logLoss is sklearn.metrics.log_loss(y_true, y_pred) of scikit-learn
// 1.2: probabilities are clipped to [eps, 1-eps] (eps the float64 machine
// epsilon), each row renormalised to sum 1, and the loss is
// -mean(log p[actual label]).
func (t *classTask) logLoss(s *classSide) float64 {
	const eps = 0x1p-52
	clip := func(p float64) float64 { return math.Min(math.Max(p, eps), 1-eps) }
	sum := 0.0
	for i, a := range s.y {
		if t.binary {
			p := clip(s.score[i])
			if a == t.pos {
				sum -= math.Log(p)
			} else {
				sum -= math.Log(1 - p)
			}
			continue
		}
		row := s.probas[i*s.nProbas : (i+1)*s.nProbas]
		total := 0.0
		for _, p := range row {
			total += clip(p)
		}
		sum -= math.Log(clip(row[t.probaCol[a]]) / total)
	}
	return sum / float64(len(s.y))
}

// perClass computes each label's precision, recall, F1, support and ROC
// AUC.
func (t *classTask) perClass(s *classSide, cm ConfusionMatrix) PerClass {
	k := len(t.labels)
	pc := PerClass{Labels: t.labels, Precision: make([]float64, k), Recall: make([]float64, k),
		F1: make([]float64, k), Support: make([]int, k), RocAuc: make([]Float, k)}
	for c := range t.labels {
		n := cm.counts(c)
		pc.Precision[c], pc.Recall[c], pc.F1[c] = n.prf()
		pc.Support[c] = n.support
		pc.RocAuc[c] = Float(t.classAUC(s, c))
	}
	return pc
}

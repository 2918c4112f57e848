package metrics

import "math"

// ConfusionMatrix counts rows by actual (row) and predicted (column)
// label, as sklearn.metrics.confusion_matrix(y_true, y_pred,
// labels=Labels).
type ConfusionMatrix struct {
	Labels []string `json:"labels"`
	Values [][]int  `json:"values"`
}

func confusionMatrix(labels []string, y, pred []int) ConfusionMatrix {
	m := make([][]int, len(labels))
	for i := range m {
		m[i] = make([]int, len(labels))
	}
	for i, a := range y {
		m[a][pred[i]]++
	}
	return ConfusionMatrix{Labels: labels, Values: m}
}

// classCounts are one label's counts from a confusion matrix.
type classCounts struct{ tp, fp, fn, tn, support, predicted int }

func (m ConfusionMatrix) counts(c int) classCounts {
	var k classCounts
	total := 0
	for i, row := range m.Values {
		for j, v := range row {
			total += v
			if i == c {
				k.support += v
			}
			if j == c {
				k.predicted += v
			}
		}
	}
	k.tp = m.Values[c][c]
	k.fp = k.predicted - k.tp
	k.fn = k.support - k.tp
	k.tn = total - k.tp - k.fp - k.fn
	return k
}

// divOr0 is a/b, or 0 when b is 0: scikit-learn's zero_division
// default for precision, recall and F1 (a class never predicted has
// precision 0, with a warning in scikit-learn).
func divOr0(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// divOrNaN is a/b, NaN when b is 0 (an undefined rate).
func divOrNaN(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// prf are precision, recall and F1 of one label:
//
//	precision = tp/(tp+fp), recall = tp/(tp+fn), F1 = 2·P·R/(P+R)
//
// each 0 when its denominator is 0 (scikit-learn's
// precision_recall_fscore_support with zero_division="warn").
func (k classCounts) prf() (p, r, f float64) {
	p = divOr0(float64(k.tp), float64(k.tp+k.fp))
	r = divOr0(float64(k.tp), float64(k.tp+k.fn))
	f = divOr0(2*p*r, p+r)
	return p, r, f
}

// averages are scikit-learn's averages over the labels present in the
// actual or predicted labels of one side (its default labels=None):
// macro (unweighted mean), weighted (by support) and micro (from the
// summed counts; equal to accuracy for single-label data).
type averages struct {
	macro, weighted, micro [3]float64
}

func averageScores(m ConfusionMatrix) averages {
	var a averages
	var present, support int
	var tp, fp, fn int
	for c := range m.Labels {
		k := m.counts(c)
		if k.support == 0 && k.predicted == 0 {
			continue
		}
		present++
		support += k.support
		tp, fp, fn = tp+k.tp, fp+k.fp, fn+k.fn
		p, r, f := k.prf()
		for i, v := range [3]float64{p, r, f} {
			a.macro[i] += v
			a.weighted[i] += v * float64(k.support)
		}
	}
	for i := range a.macro {
		a.macro[i] = divOr0(a.macro[i], float64(present))
		a.weighted[i] = divOr0(a.weighted[i], float64(support))
	}
	mk := classCounts{tp: tp, fp: fp, fn: fn}
	a.micro[0], a.micro[1], a.micro[2] = mk.prf()
	return a
}

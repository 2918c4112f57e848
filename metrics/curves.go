package metrics

import (
	"math"
	"slices"
)

// maxCurvePoints bounds the points of a ROC or PR curve in a result.
const maxCurvePoints = 1000

// ROCCurve is a receiver operating characteristic curve, as
// sklearn.metrics.roc_curve(y_true, y_score, drop_intermediate=True) of
// scikit-learn 1.2: one point per distinct score (collinear points
// dropped), from (0, 0) at threshold max(score)+1. It keeps at most 1,000
// points (see downsample).
type ROCCurve struct {
	FPR        []float64 `json:"fpr"`
	TPR        []float64 `json:"tpr"`
	Thresholds []float64 `json:"thresholds"`
}

// PRCurve is a precision-recall curve, as
// sklearn.metrics.precision_recall_curve(y_true, probas_pred): points in
// order of decreasing threshold reversed (recall decreasing), ending at
// precision 1, recall 0, which has no threshold, so Thresholds is one
// shorter than Precision and Recall. It keeps at most 1,000 points.
type PRCurve struct {
	Precision  []float64 `json:"precision"`
	Recall     []float64 `json:"recall"`
	Thresholds []float64 `json:"thresholds"`
}

// clfCurve is scikit-learn's _binary_clf_curve: the distinct scores in
// decreasing order and, for each, the false and true positives among the
// rows scoring at least that much.
func clfCurve(pos []bool, score []float64) (fps, tps, thr []float64) {
	idx := make([]int, len(score))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case score[a] > score[b]:
			return -1
		case score[a] < score[b]:
			return 1
		}
		return 0
	})
	var tp, fp float64
	for k, i := range idx {
		if pos[i] {
			tp++
		} else {
			fp++
		}
		if k == len(idx)-1 || score[idx[k+1]] != score[i] {
			fps, tps, thr = append(fps, fp), append(tps, tp), append(thr, score[i])
		}
	}
	return fps, tps, thr
}

// rocCurve returns the full ROC curve (before downsampling), or nil when
// pos holds a single class, where the curve is undefined.
func rocCurve(pos []bool, score []float64) *ROCCurve {
	fps, tps, thr := clfCurve(pos, score)
	if len(fps) == 0 || fps[len(fps)-1] == 0 || tps[len(tps)-1] == 0 {
		return nil
	}
	if len(fps) > 2 { // drop_intermediate: keep the corners
		keep := []int{0}
		for i := 1; i < len(fps)-1; i++ {
			if fps[i-1]-2*fps[i]+fps[i+1] != 0 || tps[i-1]-2*tps[i]+tps[i+1] != 0 {
				keep = append(keep, i)
			}
		}
		keep = append(keep, len(fps)-1)
		for k, i := range keep {
			fps[k], tps[k], thr[k] = fps[i], tps[i], thr[i]
		}
		fps, tps, thr = fps[:len(keep)], tps[:len(keep)], thr[:len(keep)]
	}
	nf, nt := fps[len(fps)-1], tps[len(tps)-1]
	c := &ROCCurve{FPR: []float64{0}, TPR: []float64{0}, Thresholds: []float64{thr[0] + 1}}
	for i := range fps {
		c.FPR = append(c.FPR, fps[i]/nf)
		c.TPR = append(c.TPR, tps[i]/nt)
		c.Thresholds = append(c.Thresholds, thr[i])
	}
	return c
}

// rocAUC is the area under the ROC curve by the trapezoidal rule,
// sklearn.metrics.roc_auc_score(y_true, y_score) for a binary target:
// the probability that a positive row scores above a negative one, ties
// counting one half. It is NaN when pos holds a single class
// (scikit-learn raises an error).
func rocAUC(c *ROCCurve) float64 {
	if c == nil {
		return math.NaN()
	}
	area := 0.0
	for i := 1; i < len(c.FPR); i++ {
		area += (c.FPR[i] - c.FPR[i-1]) * (c.TPR[i] + c.TPR[i-1]) / 2
	}
	return area
}

// prCurve returns the full precision-recall curve. With no positive row
// recall is 1 everywhere, as in scikit-learn; it is nil for no rows.
func prCurve(pos []bool, score []float64) *PRCurve {
	fps, tps, thr := clfCurve(pos, score)
	n := len(fps)
	if n == 0 {
		return nil
	}
	c := &PRCurve{Precision: make([]float64, n+1), Recall: make([]float64, n+1), Thresholds: make([]float64, n)}
	for i := range fps {
		k := n - 1 - i
		c.Precision[k] = divOr0(tps[i], tps[i]+fps[i])
		if tps[n-1] == 0 {
			c.Recall[k] = 1
		} else {
			c.Recall[k] = tps[i] / tps[n-1]
		}
		c.Thresholds[k] = thr[i]
	}
	c.Precision[n], c.Recall[n] = 1, 0
	return c
}

// downsampleIndex returns the indices 0..n-1 to keep so that at most max
// remain: all of them when n <= max, else round(i·(n-1)/(max-1)) for
// i = 0..max-1, which keeps the first and the last.
func downsampleIndex(n, max int) []int {
	if n <= max {
		return nil
	}
	idx := make([]int, max)
	for i := range idx {
		idx[i] = int(math.Round(float64(i) * float64(n-1) / float64(max-1)))
	}
	return idx
}

func pick(xs []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = xs[i]
	}
	return out
}

// downsample keeps at most maxCurvePoints points of the curve.
func (c *ROCCurve) downsample() *ROCCurve {
	if c == nil {
		return nil
	}
	if idx := downsampleIndex(len(c.FPR), maxCurvePoints); idx != nil {
		return &ROCCurve{FPR: pick(c.FPR, idx), TPR: pick(c.TPR, idx), Thresholds: pick(c.Thresholds, idx)}
	}
	return c
}

// downsample keeps at most maxCurvePoints points: up to 999 of the
// thresholded points and the final (recall 0, precision 1) point.
func (c *PRCurve) downsample() *PRCurve {
	if c == nil {
		return nil
	}
	n := len(c.Thresholds)
	if idx := downsampleIndex(n, maxCurvePoints-1); idx != nil {
		return &PRCurve{
			Precision:  append(pick(c.Precision, idx), 1),
			Recall:     append(pick(c.Recall, idx), 0),
			Thresholds: pick(c.Thresholds, idx),
		}
	}
	return c
}

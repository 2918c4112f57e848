package metrics

import "math"

// ClassificationDummy is the quality of a dummy classifier on one
// dataset: the baseline the model-quality tests compare with when there
// is no reference. Evidently draws random labels with the target's class
// frequencies (numpy seed 0); telltale reports the expected value of that
// same dummy, which needs no random numbers and does not depend on the
// row order. With p_c the share of label c in the target:
//
//	accuracy  = Σ p_c²
//	precision = recall = F1 = p_c of the positive label (binary),
//	            the mean of p_c over the target's labels (multiclass)
//	TPR = FPR = p_pos, TNR = FNR = 1 - p_pos (binary)
//	ROC AUC   = 0.5, log loss = ln K (uniform probabilities over the K labels)
//
// Evidently also moves its binary dummy with probas_threshold; telltale's
// does not.
type ClassificationDummy struct {
	Accuracy  Float `json:"accuracy"`
	Precision Float `json:"precision"`
	Recall    Float `json:"recall"`
	F1        Float `json:"f1"`
	RocAuc    Float `json:"roc_auc"`
	LogLoss   Float `json:"log_loss"`
	TPR       Float `json:"tpr"`
	TNR       Float `json:"tnr"`
	FPR       Float `json:"fpr"`
	FNR       Float `json:"fnr"`
}

func (t *classTask) dummy(s *classSide) ClassificationDummy {
	counts := make([]int, len(t.labels))
	for _, a := range s.y {
		counts[a]++
	}
	n := float64(len(s.y))
	var acc, sumP float64
	present := 0
	for _, c := range counts {
		p := float64(c) / n
		acc += p * p
		if c > 0 {
			sumP += p
			present++
		}
	}
	nan := Float(math.NaN())
	d := ClassificationDummy{Accuracy: Float(acc), RocAuc: 0.5, LogLoss: Float(math.Log(float64(len(t.labels)))),
		TPR: nan, TNR: nan, FPR: nan, FNR: nan}
	if t.binary {
		p := float64(counts[t.pos]) / n
		d.Precision, d.Recall, d.F1 = Float(p), Float(p), Float(p)
		d.TPR, d.FPR, d.TNR, d.FNR = Float(p), Float(p), Float(1-p), Float(1-p)
	} else {
		m := sumP / float64(present)
		d.Precision, d.Recall, d.F1 = Float(m), Float(m), Float(m)
	}
	return d
}

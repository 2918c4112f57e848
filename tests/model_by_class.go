package tests

import (
	"context"
	"fmt"
	"slices"

	"github.com/telltale-ml/telltale/metrics"
)

// byClass reads one label's value from ClassificationQuality's per-class
// table. The dummy classifier's precision, recall and F1 of a label are
// its share of the target (metrics.ClassificationDummy).
type byClass struct {
	what  string
	value func(*metrics.PerClass, int) float64
}

func (s byClass) check(b *Base, label string, r metrics.Result) Outcome {
	res, err := classificationResult(r)
	if err != nil {
		return Outcome{Status: Error, Description: err.Error(), Value: nan()}
	}
	if label == "" {
		return Outcome{Status: Error, Description: s.what + " by class needs a label", Value: nan()}
	}
	i := slices.Index(res.Current.PerClass.Labels, label)
	if i < 0 {
		return Outcome{Status: Error, Value: nan(),
			Description: fmt.Sprintf("%s: %q is not a label of the data (labels: %q)", s.what, label, res.Labels)}
	}
	what := fmt.Sprintf("%s of label %s", s.what, label)
	var ref *float64
	if res.Reference != nil {
		ref = Ptr(s.value(&res.Reference.PerClass, i))
	}
	share := float64(res.Current.PerClass.Support[i]) / float64(res.Current.Rows)
	auto, from := autoCondition(ref, share, classRelative, true)
	return decideAuto(b, what, s.value(&res.Current.PerClass, i), auto, from)
}

var (
	precisionByClass = byClass{what: "Precision", value: func(p *metrics.PerClass, i int) float64 { return p.Precision[i] }}
	recallByClass    = byClass{what: "Recall", value: func(p *metrics.PerClass, i int) float64 { return p.Recall[i] }}
	f1ByClass        = byClass{what: "F1 score", value: func(p *metrics.PerClass, i int) float64 { return p.F1[i] }}
)

// PrecisionByClass checks the precision of one label (Evidently's
// TestPrecisionByClass). Without a condition: eq the reference's within a
// relative 0.2, or > the label's share of the target (the dummy).
type PrecisionByClass struct {
	Label string `json:"label"`
	ClassificationMetric
	Base
}

// Name implements Test.
func (t *PrecisionByClass) Name() string { return "PrecisionByClass" }

// Check implements Test.
func (t *PrecisionByClass) Check(_ context.Context, r metrics.Result) Outcome {
	return precisionByClass.check(&t.Base, t.Label, r)
}

// RecallByClass checks the recall of one label (Evidently's
// TestRecallByClass), with PrecisionByClass's automatic condition.
type RecallByClass struct {
	Label string `json:"label"`
	ClassificationMetric
	Base
}

// Name implements Test.
func (t *RecallByClass) Name() string { return "RecallByClass" }

// Check implements Test.
func (t *RecallByClass) Check(_ context.Context, r metrics.Result) Outcome {
	return recallByClass.check(&t.Base, t.Label, r)
}

// F1ByClass checks the F1 score of one label (Evidently's
// TestF1ByClass), with PrecisionByClass's automatic condition.
type F1ByClass struct {
	Label string `json:"label"`
	ClassificationMetric
	Base
}

// Name implements Test.
func (t *F1ByClass) Name() string { return "F1ByClass" }

// Check implements Test.
func (t *F1ByClass) Check(_ context.Context, r metrics.Result) Outcome {
	return f1ByClass.check(&t.Base, t.Label, r)
}

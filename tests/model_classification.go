package tests

import (
	"fmt"
	"math"

	"github.com/telltale-ml/telltale/metrics"
)

// ClassificationMetric holds the options of the ClassificationQuality
// metric that the classification tests read (probas_threshold, k); they
// sit inline in the test's config. With k these are Evidently's top-k
// tests (TestAccuracyScore(k=...)).
type ClassificationMetric struct {
	metrics.ClassificationOptions
}

func (c *ClassificationMetric) metric() *metrics.ClassificationQuality {
	return &metrics.ClassificationQuality{ClassificationOptions: c.ClassificationOptions}
}

// Metric implements Test.
func (c *ClassificationMetric) Metric() metrics.Metric { return c.metric() }

func classificationResult(r metrics.Result) (*metrics.ClassificationQualityResult, error) {
	res, ok := r.(*metrics.ClassificationQualityResult)
	if !ok {
		return nil, fmt.Errorf("tests: expected a ClassificationQuality result, got %T", r)
	}
	return res, nil
}

// classScore says how a classification test reads its value and its
// baseline, and which way is better.
type classScore struct {
	what         string
	value        func(*metrics.ClassificationScores) metrics.Float
	dummy        func(*metrics.ClassificationDummy) metrics.Float
	higherBetter bool
	binaryOnly   bool
	// needsProbas: the score cannot be computed from predicted labels.
	needsProbas bool
}

// classRelative is the tolerance of the automatic condition against the
// reference: eq approx(reference, relative=0.2), as Evidently's legacy
// classification tests.
const classRelative = 0.2

// autoCondition returns Evidently's automatic condition: eq the
// reference value within relative tol when there is a reference, else
// better than the dummy (> for scores, < for errors). It also returns
// what the bound came from, for the description.
func autoCondition(ref *float64, dummy float64, tol float64, higherBetter bool) (*Condition, string) {
	if ref != nil {
		if math.IsNaN(*ref) {
			return nil, ""
		}
		return &Condition{Eq: Ptr(*ref), Relative: tol}, "reference"
	}
	if math.IsNaN(dummy) {
		return nil, ""
	}
	if higherBetter {
		return &Condition{Gt: Ptr(dummy)}, "dummy"
	}
	return &Condition{Lt: Ptr(dummy)}, "dummy"
}

// decideAuto is Decide with the automatic condition, noting where it came
// from: "Accuracy is 0.81; expected > 0.62 (dummy)".
func decideAuto(b *Base, what string, value float64, auto *Condition, from string) Outcome {
	o := b.Decide(what, value, auto)
	if b.Condition.Empty() && auto != nil && from != "" {
		o.Description += " (" + from + ")"
	}
	return o
}

func (s classScore) check(b *Base, r metrics.Result) Outcome {
	res, err := classificationResult(r)
	if err != nil {
		return Outcome{Status: Error, Description: err.Error(), Value: nan()}
	}
	if s.binaryOnly && res.Task != "binary" {
		return Skip(s.what + " is defined for binary classification only; the task is " + res.Task)
	}
	if s.needsProbas && !res.Probabilities {
		return Outcome{Status: Error, Value: nan(), Description: fmt.Sprintf("Not enough data to calculate %s: the mapping "+
			"gives predicted labels only. Provide probabilities instead of labels (prediction_probas).", s.what)}
	}
	var ref *float64
	if res.Reference != nil {
		ref = Ptr(float64(s.value(res.Reference)))
	}
	auto, from := autoCondition(ref, float64(s.dummy(&res.Current.Dummy)), classRelative, s.higherBetter)
	return decideAuto(b, s.what, float64(s.value(res.Current)), auto, from)
}

var (
	accuracyScore = classScore{what: "Accuracy", higherBetter: true,
		value: func(s *metrics.ClassificationScores) metrics.Float { return s.Accuracy },
		dummy: func(d *metrics.ClassificationDummy) metrics.Float { return d.Accuracy }}
	precisionScore = classScore{what: "Precision", higherBetter: true,
		value: func(s *metrics.ClassificationScores) metrics.Float { return s.Precision },
		dummy: func(d *metrics.ClassificationDummy) metrics.Float { return d.Precision }}
	recallScore = classScore{what: "Recall", higherBetter: true,
		value: func(s *metrics.ClassificationScores) metrics.Float { return s.Recall },
		dummy: func(d *metrics.ClassificationDummy) metrics.Float { return d.Recall }}
	f1Score = classScore{what: "F1 score", higherBetter: true,
		value: func(s *metrics.ClassificationScores) metrics.Float { return s.F1 },
		dummy: func(d *metrics.ClassificationDummy) metrics.Float { return d.F1 }}
	rocAucScore = classScore{what: "ROC AUC", higherBetter: true, needsProbas: true,
		value: func(s *metrics.ClassificationScores) metrics.Float { return s.RocAuc },
		dummy: func(d *metrics.ClassificationDummy) metrics.Float { return d.RocAuc }}
	logLossScore = classScore{what: "Log loss", needsProbas: true,
		value: func(s *metrics.ClassificationScores) metrics.Float { return s.LogLoss },
		dummy: func(d *metrics.ClassificationDummy) metrics.Float { return d.LogLoss }}
	tprScore = classScore{what: "True positive rate", higherBetter: true, binaryOnly: true,
		value: func(s *metrics.ClassificationScores) metrics.Float { return s.TPR },
		dummy: func(d *metrics.ClassificationDummy) metrics.Float { return d.TPR }}
	tnrScore = classScore{what: "True negative rate", higherBetter: true, binaryOnly: true,
		value: func(s *metrics.ClassificationScores) metrics.Float { return s.TNR },
		dummy: func(d *metrics.ClassificationDummy) metrics.Float { return d.TNR }}
	fprScore = classScore{what: "False positive rate", binaryOnly: true,
		value: func(s *metrics.ClassificationScores) metrics.Float { return s.FPR },
		dummy: func(d *metrics.ClassificationDummy) metrics.Float { return d.FPR }}
	fnrScore = classScore{what: "False negative rate", binaryOnly: true,
		value: func(s *metrics.ClassificationScores) metrics.Float { return s.FNR },
		dummy: func(d *metrics.ClassificationDummy) metrics.Float { return d.FNR }}
)

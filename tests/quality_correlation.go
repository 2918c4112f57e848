package tests

import (
	"context"
	"fmt"
	"math"

	"github.com/telltale-ml/telltale/metrics"
)

// HighlyCorrelatedColumns tests the largest absolute correlation between
// two columns, of kind Method ("pearson" by default; "spearman",
// "kendall", "cramer_v"). Auto: < 0.9 → = ref ± 10%.
type HighlyCorrelatedColumns struct {
	Base
	Method string `json:"method,omitempty"`
}

// Name implements Test.
func (t *HighlyCorrelatedColumns) Name() string { return "HighlyCorrelatedColumns" }

// Metric implements Test.
func (t *HighlyCorrelatedColumns) Metric() metrics.Metric { return &metrics.Correlations{} }

func (t *HighlyCorrelatedColumns) method() string {
	if t.Method == "" {
		return metrics.KindPearson
	}
	return t.Method
}

func maxAbs(m *metrics.CorrelationMatrix) float64 {
	if m == nil || len(m.Top) == 0 {
		return math.NaN()
	}
	return math.Abs(float64(m.Top[0].Value))
}

// Check implements Test.
func (t *HighlyCorrelatedColumns) Check(ctx context.Context, result metrics.Result) Outcome {
	r, ok := result.(*metrics.CorrelationsResult)
	if !ok || r.Current.Matrix(t.method()) == nil {
		return Outcome{Status: Error, Description: fmt.Sprintf("unexpected result %T or unknown method %q", result, t.Method), Value: nan()}
	}
	auto := &Condition{Lt: Ptr(0.9)}
	if r.Reference != nil {
		auto = approxEq(maxAbs(r.Reference.Matrix(t.method())), 0.1)
	}
	return t.Decide(fmt.Sprintf("Largest absolute %s correlation", t.method()), maxAbs(r.Current.Matrix(t.method())), auto)
}

// CorrelationChanges tests the number of column pairs whose correlation of
// kind Method ("pearson" by default) changed by more than CorrDiff (default
// 0.25) from the reference. Auto: = 0. It needs reference data.
type CorrelationChanges struct {
	Base
	Method   string  `json:"method,omitempty"`
	CorrDiff float64 `json:"corr_diff,omitempty"`
}

// Name implements Test.
func (t *CorrelationChanges) Name() string { return "CorrelationChanges" }

// Metric implements Test.
func (t *CorrelationChanges) Metric() metrics.Metric { return &metrics.Correlations{} }

// Check implements Test.
func (t *CorrelationChanges) Check(ctx context.Context, result metrics.Result) Outcome {
	r, ok := result.(*metrics.CorrelationsResult)
	if !ok {
		return Outcome{Status: Error, Description: fmt.Sprintf("unexpected result %T", result), Value: nan()}
	}
	method := t.Method
	if method == "" {
		method = metrics.KindPearson
	}
	ch := r.Changes[method]
	if r.Reference == nil || ch == nil {
		return Outcome{Status: Error, Description: "Correlation changes need reference data", Value: nan()}
	}
	diff := t.CorrDiff
	if diff == 0 {
		diff = 0.25
	}
	n := 0
	for _, p := range ch.Pairs {
		if math.Abs(float64(p.Value)) > diff {
			n++
		}
	}
	return t.Decide(fmt.Sprintf("Number of %s correlations changed by more than %s", method, num(diff)), float64(n), &Condition{Eq: Ptr(0)})
}

// targetCorrelation is a test of one value of metrics.TargetCorrelations.
type targetCorrelation struct {
	what    string
	missing string // why the value is undefined, for the ERROR
	value   func(*metrics.TargetCorrelationSide) metrics.Float
	auto    func(ref float64) *Condition
}

func (tc targetCorrelation) check(b *Base, result metrics.Result) Outcome {
	r, ok := result.(*metrics.TargetCorrelationsResult)
	if !ok || r.Current == nil {
		return Outcome{Status: Error, Description: fmt.Sprintf("unexpected result %T", result), Value: nan()}
	}
	what := fmt.Sprintf("%s (%s)", tc.what, r.Method)
	v := float64(tc.value(r.Current))
	if math.IsNaN(v) {
		return Outcome{Status: Error, Value: nan(), Description: fmt.Sprintf("%s is undefined: %s", what, tc.missing)}
	}
	var auto *Condition
	if r.Reference != nil {
		if rv := float64(tc.value(r.Reference)); !math.IsNaN(rv) {
			auto = tc.auto(rv)
		}
	} else {
		auto = tc.auto(math.NaN())
	}
	return b.Decide(what, v, auto)
}

// TargetPredictionCorrelation tests the correlation of the target and the
// prediction (metrics.TargetCorrelations; Method as there). Auto: > 0 →
// = ref ± 0.25 (absolute), as Evidently's. Undefined (no prediction,
// columns of another type than the method's, a constant column) is ERROR.
type TargetPredictionCorrelation struct {
	Base
	Method string `json:"method,omitempty"`
}

// Name implements Test.
func (t *TargetPredictionCorrelation) Name() string { return "TargetPredictionCorrelation" }

// Metric implements Test.
func (t *TargetPredictionCorrelation) Metric() metrics.Metric {
	return &metrics.TargetCorrelations{Method: t.Method}
}

// Check implements Test.
func (t *TargetPredictionCorrelation) Check(ctx context.Context, result metrics.Result) Outcome {
	return targetCorrelation{what: "Correlation between the target and the prediction",
		missing: "the mapping needs a target and a prediction column, both of the method's type and not constant",
		value:   func(s *metrics.TargetCorrelationSide) metrics.Float { return s.TargetPrediction },
		auto: func(ref float64) *Condition {
			if math.IsNaN(ref) {
				return &Condition{Gt: Ptr(0)}
			}
			return &Condition{Eq: Ptr(ref), Absolute: 0.25}
		}}.check(&t.Base, result)
}

// featuresAuto is < 0.9 → = ref ± 10%.
func featuresAuto(ref float64) *Condition {
	if math.IsNaN(ref) {
		return &Condition{Lt: Ptr(0.9)}
	}
	return approxEq(ref, 0.1)
}

// TargetFeaturesCorrelations tests the largest absolute correlation of the
// target with a feature (metrics.TargetCorrelations). Auto: < 0.9 → = ref
// ± 10%. Undefined (no feature of the method's type) is ERROR.
type TargetFeaturesCorrelations struct {
	Base
	Method string `json:"method,omitempty"`
}

// Name implements Test.
func (t *TargetFeaturesCorrelations) Name() string { return "TargetFeaturesCorrelations" }

// Metric implements Test.
func (t *TargetFeaturesCorrelations) Metric() metrics.Metric {
	return &metrics.TargetCorrelations{Method: t.Method}
}

// Check implements Test.
func (t *TargetFeaturesCorrelations) Check(ctx context.Context, result metrics.Result) Outcome {
	return targetCorrelation{what: "Largest absolute correlation of the target with a feature",
		missing: "no feature of the method's type has a defined correlation with the target",
		value:   func(s *metrics.TargetCorrelationSide) metrics.Float { return s.AbsMaxTargetFeatures },
		auto:    featuresAuto}.check(&t.Base, result)
}

// PredictionFeaturesCorrelations tests the largest absolute correlation of
// the prediction with a feature (metrics.TargetCorrelations). Auto: < 0.9
// → = ref ± 10%. Undefined (no prediction column, no feature of the
// method's type) is ERROR.
type PredictionFeaturesCorrelations struct {
	Base
	Method string `json:"method,omitempty"`
}

// Name implements Test.
func (t *PredictionFeaturesCorrelations) Name() string { return "PredictionFeaturesCorrelations" }

// Metric implements Test.
func (t *PredictionFeaturesCorrelations) Metric() metrics.Metric {
	return &metrics.TargetCorrelations{Method: t.Method}
}

// Check implements Test.
func (t *PredictionFeaturesCorrelations) Check(ctx context.Context, result metrics.Result) Outcome {
	return targetCorrelation{what: "Largest absolute correlation of the prediction with a feature",
		missing: "the mapping needs a prediction column, and a feature of the method's type with a defined correlation",
		value:   func(s *metrics.TargetCorrelationSide) metrics.Float { return s.AbsMaxPredictionFeatures },
		auto:    featuresAuto}.check(&t.Base, result)
}

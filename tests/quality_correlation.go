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

package tests

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/metrics"
)

// ColumnDrift checks one column for drift: it FAILs when the column's stat
// test decides it drifted (Evidently's TestColumnDrift). With a condition,
// the drift score is compared with it instead. The value is the score.
type ColumnDrift struct {
	metrics.ColumnDrift
	Base
}

// Name implements Test.
func (t *ColumnDrift) Name() string { return "ColumnDrift" }

// Metric implements Test.
func (t *ColumnDrift) Metric() metrics.Metric {
	m := t.ColumnDrift
	return &m
}

// Check implements Test.
func (t *ColumnDrift) Check(_ context.Context, r metrics.Result) Outcome {
	res, ok := r.(*metrics.ColumnDriftResult)
	if !ok {
		return Outcome{Status: Error, Description: fmt.Sprintf("tests: expected a ColumnDrift result, got %T", r), Value: nan()}
	}
	return columnDriftOutcome(&t.Base, res)
}

// columnDriftOutcome decides on one column's drift result.
func columnDriftOutcome(b *Base, res *metrics.ColumnDriftResult) Outcome {
	what := fmt.Sprintf("Drift score of column %s (%s)", res.Column, res.StatTestName)
	if !b.Condition.Empty() {
		return b.Decide(what, float64(res.Score), nil)
	}
	o := Outcome{Value: res.Score}
	if !res.Drifted.Tested() {
		o.Status = Error
		o.Description = fmt.Sprintf("Column %s could not be tested for drift: %s", res.Column, res.Error)
		return o
	}
	verdict := "not detected"
	o.Status = Success
	if res.Drifted == metrics.Drift {
		verdict = "detected"
		o.Status = Fail
	}
	o.Description = fmt.Sprintf("Drift %s for column %s: %s is %s, threshold %s (drift when %s).",
		verdict, res.Column, res.StatTestName, num(float64(res.Score)), num(float64(res.Threshold)), driftRule(res))
	return o
}

// driftRule says when the score means drift, for descriptions.
func driftRule(res *metrics.ColumnDriftResult) string {
	switch res.StatTest {
	case "ks", "cramer_von_mises":
		return "p <= threshold"
	case "ed":
		return "distance > threshold"
	case "perc_text_content_drift":
		return "the domain classifier's ROC AUC > that percentile of random AUCs"
	case "abs_text_content_drift":
		return "the domain classifier's ROC AUC > threshold"
	}
	if !isNaN(float64(res.PValue)) {
		return "p < threshold"
	}
	return "score >= threshold"
}

func isNaN(v float64) bool { return v != v }

package tests

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/metrics"
)

// Test checks a value of one metric's result.
type Test interface {
	// Name returns the test's name, as Evidently's legacy test class
	// without the "Test" prefix: "ShareOfDriftedColumns".
	Name() string
	// Metric returns the metric whose result the test reads. Reports
	// compute each distinct metric once, however many tests read it.
	Metric() metrics.Metric
	// Check returns the outcome for the metric's result. It is called only
	// when the metric succeeded; Status is SUCCESS, FAIL or SKIPPED (Run
	// turns FAIL into WARNING for a test that is not critical).
	Check(ctx context.Context, result metrics.Result) Outcome
}

// Critical is implemented by tests that can be made non-critical: a
// failing non-critical test is a WARNING. Tests that do not implement it
// are critical.
type Critical interface {
	Critical() bool
}

// Outcome is the result of one test.
type Outcome struct {
	ID          string        `json:"id"`
	Name        string        `json:"name"`
	Status      Status        `json:"status"`
	Description string        `json:"description"`
	MetricID    string        `json:"metric_id"`
	Condition   *Condition    `json:"condition"`
	Value       metrics.Float `json:"value"`
}

// Run evaluates t given its metric's result, or the error the metric
// returned: ERROR when the metric failed, WARNING in place of FAIL when t
// is not critical. It fills in Name and MetricID; the caller sets ID.
func Run(ctx context.Context, t Test, metricID string, result metrics.Result, metricErr error) (o Outcome) {
	defer func() {
		if r := recover(); r != nil {
			o = Outcome{Status: Error, Description: fmt.Sprintf("the test panicked: %v", r)}
		}
		o.Name, o.MetricID = t.Name(), metricID
	}()
	if metricErr != nil {
		return Outcome{Status: Error, Description: fmt.Sprintf("Its metric %s failed: %v", metricID, metricErr), Value: nan()}
	}
	o = t.Check(ctx, result)
	if o.Condition != nil && !o.Condition.finite() {
		// A bound derived from a reference whose values overflow or are
		// undefined: no decision can be made, and JSON cannot carry it.
		o.Status = Error
		o.Description += " (cannot test: a bound of the condition is not a finite number; the reference's values overflow or are undefined)"
		o.Condition = nil
		return o
	}
	if o.Status == Fail {
		if c, ok := t.(Critical); ok && !c.Critical() {
			o.Status = Warning
		}
	}
	return o
}

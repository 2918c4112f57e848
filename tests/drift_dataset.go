package tests

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/metrics"
)

// DriftMetric holds the options of the DataDrift metric that the dataset
// drift tests read; they sit inline in the test's config.
type DriftMetric struct {
	Columns    []string `json:"columns,omitempty"`
	DriftShare *float64 `json:"drift_share,omitempty"`
	metrics.DriftOptions
}

func (d *DriftMetric) metric() *metrics.DataDrift {
	return &metrics.DataDrift{Columns: d.Columns, DriftShare: d.DriftShare, DriftOptions: d.DriftOptions}
}

func dataDriftResult(r metrics.Result) (*metrics.DataDriftResult, error) {
	res, ok := r.(*metrics.DataDriftResult)
	if !ok {
		return nil, fmt.Errorf("tests: expected a DataDrift result, got %T", r)
	}
	return res, nil
}

// ShareOfDriftedColumns checks the share of drifted columns of DataDrift.
// Without a condition it must be < drift_share when that option is given,
// else < 0.3 (Evidently's TestShareOfDriftedColumns and
// DataDriftTestPreset).
type ShareOfDriftedColumns struct {
	DriftMetric
	Base
}

// Name implements Test.
func (t *ShareOfDriftedColumns) Name() string { return "ShareOfDriftedColumns" }

// Metric implements Test.
func (t *ShareOfDriftedColumns) Metric() metrics.Metric { return t.metric() }

// Check implements Test.
func (t *ShareOfDriftedColumns) Check(_ context.Context, r metrics.Result) Outcome {
	res, err := dataDriftResult(r)
	if err != nil {
		return Outcome{Status: Error, Description: err.Error(), Value: nan()}
	}
	limit := 0.3
	if t.DriftShare != nil {
		limit = *t.DriftShare
	}
	o := t.Decide("Share of drifted columns", float64(res.ShareOfDriftedColumns), &Condition{Lt: Ptr(limit)})
	o.Description += fmt.Sprintf(" (%d of %d columns drifted)", res.NumberOfDriftedColumns, res.NumberOfColumns)
	return o
}

// NumberOfDriftedColumns checks the number of drifted columns of
// DataDrift. Without a condition it must be < max(1, columns/3): Evidently
// uses columns/3 (integer division), which no result can pass with fewer
// than 3 columns; telltale keeps at least 1 so that "no drift" passes.
type NumberOfDriftedColumns struct {
	DriftMetric
	Base
}

// Name implements Test.
func (t *NumberOfDriftedColumns) Name() string { return "NumberOfDriftedColumns" }

// Metric implements Test.
func (t *NumberOfDriftedColumns) Metric() metrics.Metric { return t.metric() }

// Check implements Test.
func (t *NumberOfDriftedColumns) Check(_ context.Context, r metrics.Result) Outcome {
	res, err := dataDriftResult(r)
	if err != nil {
		return Outcome{Status: Error, Description: err.Error(), Value: nan()}
	}
	auto := &Condition{Lt: Ptr(float64(max(1, res.NumberOfColumns/3)))}
	o := t.Decide("Number of drifted columns", float64(res.NumberOfDriftedColumns), auto)
	o.Description += fmt.Sprintf(" (of %d columns)", res.NumberOfColumns)
	return o
}

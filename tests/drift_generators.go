package tests

import (
	"context"

	"github.com/telltale-ml/telltale/metrics"
)

// AllFeaturesValueDrift generates a ColumnDrift test for every column
// DataDrift would test by default: the target, a prediction column and the
// numerical, categorical and text features (Evidently's
// TestAllFeaturesValueDrift). Its drift options apply to every test.
type AllFeaturesValueDrift struct {
	metrics.DriftOptions
	Base
}

// Name implements Generator.
func (g *AllFeaturesValueDrift) Name() string { return "AllFeaturesValueDrift" }

// Generate implements Generator.
func (g *AllFeaturesValueDrift) Generate(_ context.Context, in *metrics.Input) ([]Test, error) {
	return columnDriftTests(metrics.DriftColumns(in), g.DriftOptions, g.Base), nil
}

// CustomFeaturesValueDrift generates a ColumnDrift test for each of the
// listed columns (Evidently's TestCustomFeaturesValueDrift).
type CustomFeaturesValueDrift struct {
	Features []string `json:"features"`
	metrics.DriftOptions
	Base
}

// Name implements Generator.
func (g *CustomFeaturesValueDrift) Name() string { return "CustomFeaturesValueDrift" }

// Generate implements Generator.
func (g *CustomFeaturesValueDrift) Generate(_ context.Context, in *metrics.Input) ([]Test, error) {
	return columnDriftTests(g.Features, g.DriftOptions, g.Base), nil
}

func columnDriftTests(cols []string, opts metrics.DriftOptions, b Base) []Test {
	out := make([]Test, len(cols))
	for i, c := range cols {
		out[i] = &ColumnDrift{ColumnDrift: metrics.ColumnDrift{Column: c, DriftOptions: opts}, Base: b}
	}
	return out
}

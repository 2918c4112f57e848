package jsonprofile_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/render/jsonprofile"
	"github.com/telltale-ml/telltale/report"
)

// TestMetricsOutsidePresetsMatchSchema runs the catalog metrics that no
// preset includes, with the model data, and validates their results
// against the shapes schema.json gives them; every one of them must have
// a shape there.
func TestMetricsOutsidePresetsMatchSchema(t *testing.T) {
	_, v := loadSchema(t)
	ref, cur := modelFrames(t)
	def := &dataset.Definition{Target: "target", Prediction: "prediction", PosLabel: "1"}
	var ms []metrics.Metric
	for _, name := range []string{"ColumnMissingValues", "DatasetMissingValues", "TargetCorrelations", "ConflictTarget",
		"ConflictPrediction", "DataQualityStability"} {
		require.Contains(t, v.defs, name, "schema.json has no shape for %s", name)
		m := metrics.Catalog()[name]()
		if c, ok := m.(*metrics.ColumnMissingValues); ok {
			c.Column = "x1"
		}
		ms = append(ms, m)
	}
	s, err := (&report.Report{Metrics: ms}).Run(context.Background(), report.Data{Reference: ref, Current: cur, Definition: def}, &report.Options{Version: "test"})
	require.NoError(t, err)
	for _, e := range s.Metrics {
		assert.Empty(t, e.Error, e.ID)
	}
	b, err := jsonprofile.Marshal(s)
	require.NoError(t, err)
	validateProfile(t, b)
}

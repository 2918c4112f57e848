package jsonprofile_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/presets"
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
	def := &dataset.Definition{Target: "target", Prediction: "prediction", PosLabel: "1", Embeddings: map[string][]string{"xy": {"x1", "x2"}}}
	var ms []metrics.Metric
	for _, name := range []string{"ColumnMissingValues", "DatasetMissingValues", "TargetCorrelations", "ConflictTarget",
		"ConflictPrediction", "DataQualityStability", "RegressionPredictedVsActual", "EmbeddingsDrift"} {
		require.Contains(t, v.defs, name, "schema.json has no shape for %s", name)
		m := metrics.Catalog()[name]()
		switch c := m.(type) {
		case *metrics.ColumnMissingValues:
			c.Column = "x1"
		case *metrics.EmbeddingsDrift:
			c.Embeddings = "xy"
		case *metrics.RegressionPredictedVsActual:
			// its own mapping: the regression columns
			continue
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

	// RegressionPredictedVsActual with the regression mapping, and the
	// drift presets with embeddings.
	s, err = (&report.Report{Metrics: []metrics.Metric{&metrics.RegressionPredictedVsActual{}}}).Run(context.Background(),
		report.Data{Reference: ref, Current: cur, Definition: &dataset.Definition{Target: "y", Prediction: "y_hat"}}, &report.Options{Version: "test"})
	require.NoError(t, err)
	require.Empty(t, s.Metrics[0].Error)
	b, err = jsonprofile.Marshal(s)
	require.NoError(t, err)
	validateProfile(t, b)
	// The over-time metrics, on the weather with its date.
	wref, wcur := demoFrames(t)
	for _, name := range []string{"ColumnOverTime", "RegressionOverTime"} {
		require.Contains(t, v.defs, name, "schema.json has no shape for %s", name)
	}
	s, err = (&report.Report{Metrics: []metrics.Metric{&metrics.ColumnOverTime{Column: "temp_max"}, &metrics.ColumnOverTime{Column: "weather"},
		&metrics.RegressionOverTime{}, &metrics.ColumnSummary{Column: "weather"}}}).Run(
		context.Background(), report.Data{Reference: wref, Current: wcur, Definition: &dataset.Definition{Datetime: "date", Target: "temp_max", Prediction: "temp_min"}},
		&report.Options{Version: "test"})
	require.NoError(t, err)
	for _, e := range s.Metrics {
		require.Empty(t, e.Error, e.ID)
	}
	b, err = jsonprofile.Marshal(s)
	require.NoError(t, err)
	validateProfile(t, b)
	assert.Contains(t, string(b), `"over_time"`)

	// The text descriptor metrics, on reviews.
	tref, tcur := textFrames(t)
	for _, name := range []string{"TextDescriptorsDrift", "TextDescriptorsDistribution"} {
		require.Contains(t, v.defs, name, "schema.json has no shape for %s", name)
	}
	s, err = (&report.Report{Metrics: []metrics.Metric{&metrics.TextDescriptorsDrift{Column: "review"}, &metrics.TextDescriptorsDistribution{Column: "review"}}}).Run(
		context.Background(), report.Data{Reference: tref, Current: tcur}, &report.Options{Version: "test"})
	require.NoError(t, err)
	for _, e := range s.Metrics {
		require.Empty(t, e.Error, e.ID)
	}
	b, err = jsonprofile.Marshal(s)
	require.NoError(t, err)
	validateProfile(t, b)
	for _, name := range []string{"metrics:data-drift", "tests:data-drift", "tests:no-target-performance"} {
		f, _, err := presets.Lookup(name, "")
		require.NoError(t, err)
		s, err := (&report.Report{Presets: []presets.Preset{f()}}).Run(context.Background(),
			report.Data{Reference: ref, Current: cur, Definition: def}, &report.Options{Version: "test"})
		require.NoError(t, err, name)
		found := false
		for _, e := range s.Metrics {
			assert.Empty(t, e.Error, e.ID)
			found = found || e.Metric == "EmbeddingsDrift"
		}
		assert.True(t, found, "%s checks the embeddings", name)
		b, err := jsonprofile.Marshal(s)
		require.NoError(t, err)
		validateProfile(t, b)
	}
}

// TestDriftImportancesMatchSchema validates DataDrift's feature
// importances, given and fitted, against schema.json.
func TestDriftImportancesMatchSchema(t *testing.T) {
	ref, cur := modelFrames(t)
	s, err := (&report.Report{Metrics: []metrics.Metric{
		&metrics.DataDrift{FeatureImportance: true},
		&metrics.DataDrift{CurrentFeatureImportance: map[string]float64{"x1": 0.6, "x2": 0.4}, ReferenceFeatureImportance: map[string]float64{"x1": 0.5}},
	}}).Run(context.Background(), report.Data{Reference: ref, Current: cur, Definition: &dataset.Definition{}}, &report.Options{Version: "test"})
	require.NoError(t, err)
	for _, e := range s.Metrics {
		require.Empty(t, e.Error, e.ID)
	}
	b, err := jsonprofile.Marshal(s)
	require.NoError(t, err)
	validateProfile(t, b)
	for _, key := range []string{`"drift_importance"`, `"current_feature_importance"`, `"reference_feature_importance"`} {
		assert.Contains(t, string(b), key)
	}
}

// TestRegressionByFeatureMatchesSchema validates TargetByFeaturesTable on
// a regression (mean target, prediction and MAE per bin) and the
// classification quality table against schema.json.
func TestRegressionByFeatureMatchesSchema(t *testing.T) {
	ref, cur := modelFrames(t)
	s, err := (&report.Report{Metrics: []metrics.Metric{&metrics.TargetByFeaturesTable{Columns: []string{"x1", "x2", "cat"}}}}).Run(context.Background(),
		report.Data{Reference: ref, Current: cur, Definition: &dataset.Definition{Target: "y", Prediction: "y_hat"}}, &report.Options{Version: "test"})
	require.NoError(t, err)
	require.Empty(t, s.Metrics[0].Error)
	b, err := jsonprofile.Marshal(s)
	require.NoError(t, err)
	validateProfile(t, b)
	for _, key := range []string{`"target_mean"`, `"prediction_mean"`, `"mae"`, `"task": "regression"`} {
		assert.Contains(t, string(b), key)
	}
}

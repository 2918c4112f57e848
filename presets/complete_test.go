package presets

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// names lists the metric names of b's metrics, and of its tests'.
func names(t *testing.T, b *Bundle) (ms, ts []string) {
	t.Helper()
	for _, m := range b.Metrics {
		ms = append(ms, m.Name())
	}
	for _, tt := range b.Tests {
		ts = append(ts, tt.Name())
	}
	return ms, ts
}

// The presets hold what Evidently's legacy presets hold.
func TestPresetsAsCompleteAsEvidently(t *testing.T) {
	ctx := context.Background()
	f, err := dataset.New("f", dataset.NewNumericColumn("x", []float64{1, 2, 3, 4}), dataset.NewNumericColumn("e0", []float64{1, 2, 3, 4}),
		dataset.NewNumericColumn("e1", []float64{1, 2, 3, 4}), dataset.NewNumericColumn("e2", []float64{1, 2, 3, 4}),
		dataset.NewStringColumn("y", dataset.Categorical, []string{"0", "1", "0", "1"}, nil),
		dataset.NewNumericColumn("p", []float64{0.1, 0.9, 0.2, 0.8}))
	require.NoError(t, err)
	cls := &dataset.Definition{Target: "y", PredictionProbas: []dataset.ProbaColumn{{Label: "1", Column: "p"}}}
	in := &metrics.Input{Current: f, Reference: f, Definition: cls}

	// ClassificationPreset: quality, class balance, by class; with
	// probabilities the probability distribution and the PR table; the
	// quality by feature.
	b, err := (&Classification{}).Build(ctx, in)
	require.NoError(t, err)
	ms, _ := names(t, b)
	assert.Equal(t, []string{"ClassificationQuality", "ClassificationClassBalance", "ClassificationByClass",
		"ClassificationProbDistribution", "ClassificationPRTable", "ClassificationQualityByFeatureTable"}, ms)

	// RegressionPreset: quality, predicted vs actual, error distribution
	// and normality, error bias table.
	b, err = (&Regression{}).Build(ctx, &metrics.Input{Current: f, Definition: &dataset.Definition{Target: "x", Prediction: "p"}})
	require.NoError(t, err)
	ms, _ = names(t, b)
	assert.Equal(t, []string{"RegressionQuality", "RegressionPredictedVsActual", "RegressionErrorDistribution",
		"RegressionErrorNormality", "RegressionErrorBiasTable"}, ms)
	// With a datetime column, the over-time plots too.
	tf, err := dataset.New("t", dataset.NewTimeColumn("ts", []time.Time{time.Unix(0, 0), time.Unix(60, 0), time.Unix(120, 0), time.Unix(180, 0)}, nil),
		dataset.NewNumericColumn("x", []float64{1, 2, 3, 4}), dataset.NewNumericColumn("p", []float64{1, 2, 3, 5}))
	require.NoError(t, err)
	b, err = (&Regression{}).Build(ctx, &metrics.Input{Current: tf, Definition: &dataset.Definition{Target: "x", Prediction: "p", Datetime: "ts"}})
	require.NoError(t, err)
	ms, _ = names(t, b)
	assert.Contains(t, ms, "RegressionOverTime")

	// DataQualityPreset adds DatasetMissingValuesMetric; DataSummaryPreset
	// does not.
	b, err = Metrics()["data-quality"]().Build(ctx, in)
	require.NoError(t, err)
	ms, _ = names(t, b)
	assert.Equal(t, []string{"DatasetSummary", "ColumnSummaries", "DatasetMissingValues"}, ms)
	b, err = Metrics()["data-summary"]().Build(ctx, in)
	require.NoError(t, err)
	ms, _ = names(t, b)
	assert.Equal(t, []string{"DatasetSummary", "ColumnSummaries"}, ms)

	// The drift presets check each group of embeddings, with its options,
	// or the groups named.
	emb := &dataset.Definition{Target: "y", Embeddings: map[string][]string{"b": {"e0", "e1"}, "a": {"e2"}}}
	embIn := &metrics.Input{Current: f, Reference: f, Definition: emb}
	b, err = (&DataDrift{}).Build(ctx, embIn)
	require.NoError(t, err)
	require.Len(t, b.Metrics, 3)
	assert.Equal(t, "a", b.Metrics[1].(*metrics.EmbeddingsDrift).Embeddings)
	assert.Equal(t, "b", b.Metrics[2].(*metrics.EmbeddingsDrift).Embeddings)
	thr := 0.3
	p := &DataDrift{EmbeddingsOptions: EmbeddingsOptions{Embeddings: []string{"b"},
		EmbeddingsDriftMethod: map[string]metrics.EmbeddingsDrift{"b": {Method: "distance", Threshold: &thr}}}}
	b, err = p.Build(ctx, embIn)
	require.NoError(t, err)
	require.Len(t, b.Metrics, 2)
	e := b.Metrics[1].(*metrics.EmbeddingsDrift)
	assert.Equal(t, "b", e.Embeddings)
	assert.Equal(t, "distance", e.Method)
	assert.Equal(t, 0.3, *e.Threshold)
	b, err = (&DataDrift{EmbeddingsOptions: EmbeddingsOptions{Embeddings: []string{}}}).Build(ctx, embIn)
	require.NoError(t, err)
	assert.Len(t, b.Metrics, 1, "an empty list: no embeddings")
	_, err = (&DataDrift{EmbeddingsOptions: EmbeddingsOptions{Embeddings: []string{"c"}}}).Build(ctx, embIn)
	assert.ErrorContains(t, err, `embeddings "c" are not in the mapping's embeddings`)
	for _, tp := range []Preset{&DataDriftTests{}, &NoTargetPerformanceTests{}} {
		def := *emb
		def.Prediction = "x"
		b, err = tp.Build(ctx, &metrics.Input{Current: f, Reference: f, Definition: &def})
		require.NoError(t, err, tp.Name())
		_, ts := names(t, b)
		assert.Equal(t, []string{"EmbeddingsDrift", "EmbeddingsDrift"}, ts[len(ts)-2:], tp.Name())
	}

	// The classification test presets take stattest for the target's
	// drift test.
	k := 2
	for _, tp := range []Preset{&BinaryClassificationTests{StatTest: "psi", StatTestThreshold: &thr},
		&BinaryClassificationTopKTests{K: &k, StatTest: "psi", StatTestThreshold: &thr},
		&MulticlassClassificationTests{StatTest: "psi", StatTestThreshold: &thr}} {
		b, err = tp.Build(ctx, in)
		require.NoError(t, err, tp.Name())
		found := false
		for _, tt := range b.Tests {
			if tt.Name() != "ColumnDrift" {
				continue
			}
			found = true
			id, err := metrics.ID(tt.Metric())
			require.NoError(t, err)
			assert.Equal(t, "ColumnDrift(column=y,stattest=psi,stattest_threshold=0.3)", id, tp.Name())
		}
		assert.True(t, found, tp.Name())
	}
}

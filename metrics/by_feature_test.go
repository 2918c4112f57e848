package metrics_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

func TestClassificationQualityByFeatureTable(t *testing.T) {
	nan := math.NaN()
	f := frameOf(t,
		dataset.NewNumericColumn("x", []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, nan}),
		dataset.NewStringColumn("color", dataset.Categorical, []string{"red", "red", "blue", "blue", "red", "green", "red", "blue", "red", "red"}, nil),
		dataset.NewStringColumn("y", dataset.Categorical, []string{"a", "a", "b", "b", "a", "b", "a", "b", "a", "a"}, nil),
		dataset.NewStringColumn("p", dataset.Categorical, []string{"a", "b", "b", "a", "a", "b", "a", "b", "b", "a"}, nil))
	in := &metrics.Input{Current: f, Definition: &dataset.Definition{Target: "y", Prediction: "p"}}
	res, err := (&metrics.ClassificationQualityByFeatureTable{}).Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.ByFeatureResult)
	assert.Equal(t, "classification", r.Task)
	assert.Equal(t, []string{"a", "b"}, r.Labels)
	require.Len(t, r.Features, 2)
	x := r.Features[0]
	assert.Equal(t, "x", x.Feature)
	// numpy.histogram_bin_edges(range(9), bins="doane"): 5 bins of 1.6.
	assert.InDeltaSlice(t, []float64{0, 1.6, 3.2, 4.8, 6.4, 8}, x.Edges, 1e-12)
	assert.Equal(t, []int{2, 2, 1, 2, 2}, x.Current.Rows)
	assert.Equal(t, 1, x.Current.Missing)
	assert.Equal(t, [][]int{{2, 0}, {0, 2}, {1, 0}, {1, 1}, {1, 1}}, x.Current.TargetCounts)
	assert.Equal(t, [][]int{{1, 1}, {1, 1}, {1, 0}, {1, 1}, {0, 2}}, x.Current.PredictionCounts)
	assert.InDeltaSlice(t, []float64{0.5, 0.5, 1, 1, 0.5}, toF(x.Current.Accuracy), 1e-12)
	color := r.Features[1]
	assert.Equal(t, []string{"red", "blue", "green"}, color.Bins, "by count, then by name")
	assert.Equal(t, []int{6, 3, 1}, color.Current.Rows)
	assert.InDeltaSlice(t, []float64{4.0 / 6, 2.0 / 3, 1}, toF(color.Current.Accuracy), 1e-12)
	require.Len(t, metrics.ViewsOf(res), 1)
	_, isBars := metrics.ViewsOf(res)[0].(*metrics.Table).Rows[0].Detail.(*metrics.Bars)
	assert.True(t, isBars, "ClassificationQualityByFeatureTable draws the accuracy")

	// TargetByFeaturesTable draws the share of each label per bin.
	res, err = (&metrics.TargetByFeaturesTable{}).Compute(context.Background(), in)
	require.NoError(t, err)
	h, ok := metrics.ViewsOf(res)[0].(*metrics.Table).Rows[1].Detail.(*metrics.Heatmap)
	require.True(t, ok)
	assert.Equal(t, []string{"current: true a", "current: true b", "current: predicted a", "current: predicted b"}, h.YLabels)
	assert.Equal(t, []string{"red", "blue", "green"}, h.XLabels)
	// red: 6 rows, true a in 6 (y), predicted a in 4.
	assert.InDeltaSlice(t, []float64{1, 0, 0}, toF(h.Values[0]), 1e-12)
	assert.InDeltaSlice(t, []float64{4.0 / 6, 1.0 / 3, 0}, toF(h.Values[2]), 1e-12)

	// A numerical target is a regression: TargetByFeaturesTable only.
	g := frameOf(t, dataset.NewNumericColumn("x", []float64{1, 2, 3, 4}), dataset.NewNumericColumn("y", []float64{1, 2, 3, 4}),
		dataset.NewNumericColumn("p", []float64{1, 3, 3, 2}))
	reg := &metrics.Input{Current: g, Definition: &dataset.Definition{Target: "y", Prediction: "p"}}
	_, err = (&metrics.ClassificationQualityByFeatureTable{}).Compute(context.Background(), reg)
	assert.ErrorIs(t, err, metrics.ErrColumnType)
	res, err = (&metrics.TargetByFeaturesTable{}).Compute(context.Background(), reg)
	require.NoError(t, err)
	r = res.(*metrics.ByFeatureResult)
	assert.Equal(t, "regression", r.Task)
	// doane over 1..4: 3 bins [1, 2), [2, 3), [3, 4].
	assert.Equal(t, []int{1, 1, 2}, r.Features[0].Current.Rows)
	assert.InDeltaSlice(t, []float64{1, 2, 3.5}, toF(r.Features[0].Current.TargetMean), 1e-12)
	assert.InDeltaSlice(t, []float64{1, 3, 2.5}, toF(r.Features[0].Current.PredictionMean), 1e-12)
	assert.InDeltaSlice(t, []float64{0, 1, 1}, toF(r.Features[0].Current.MAE), 1e-12)
}

func TestByFeatureTextFeatures(t *testing.T) {
	f := frameOf(t,
		dataset.NewStringColumn("review", dataset.Text, []string{"good", "very good indeed", "bad", "awful and bad", "fine"}, nil),
		dataset.NewStringColumn("y", dataset.Categorical, []string{"1", "1", "0", "0", "1"}, nil),
		dataset.NewStringColumn("p", dataset.Categorical, []string{"1", "1", "0", "1", "1"}, nil))
	res, err := (&metrics.TargetByFeaturesTable{}).Compute(context.Background(), &metrics.Input{Reference: f, Current: f,
		Definition: &dataset.Definition{Target: "y", Prediction: "p"}})
	require.NoError(t, err)
	r := res.(*metrics.ByFeatureResult)
	var names []string
	for _, ft := range r.Features {
		names = append(names, ft.Feature)
		require.NotNil(t, ft.Reference)
	}
	assert.Equal(t, []string{"Text Length for review", "Non Letter Character % for review", "OOV Words % for review"}, names)
}

func toF(xs []metrics.Float) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

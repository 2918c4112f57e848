package metrics_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// RegressionPredictedVsActual against numpy.histogram2d on linspace edges
// and numpy.histogram's weighted sums (metrics/testdata/evidently_cases.json,
// internal/testdata/gen/evidently_cases.py).
func TestRegressionPredictedVsActualAgreesWithNumPy(t *testing.T) {
	b, err := os.ReadFile("testdata/evidently_cases.json")
	require.NoError(t, err)
	type side struct {
		Y    []*float64 `json:"y"`
		Pred []float64  `json:"pred"`
	}
	type grid struct {
		Counts        [][]int    `json:"counts"`
		MeanPredicted []*float64 `json:"mean_predicted"`
	}
	var fx struct {
		C struct {
			Reference     side      `json:"reference"`
			Current       side      `json:"current"`
			Edges         []float64 `json:"edges"`
			ReferenceGrid grid      `json:"reference_grid"`
			CurrentGrid   grid      `json:"current_grid"`
		} `json:"predicted_vs_actual"`
	}
	require.NoError(t, json.Unmarshal(b, &fx))
	frame := func(s side) *dataset.Frame {
		y := make([]float64, len(s.Y))
		for i, v := range s.Y {
			y[i] = math.NaN()
			if v != nil {
				y[i] = *v
			}
		}
		return frameOf(t, dataset.NewNumericColumn("y", y), dataset.NewNumericColumn("p", s.Pred))
	}
	in := &metrics.Input{Reference: frame(fx.C.Reference), Current: frame(fx.C.Current), Definition: &dataset.Definition{Target: "y", Prediction: "p"}}
	res, err := (&metrics.RegressionPredictedVsActual{}).Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.RegressionPredictedVsActualResult)
	require.Len(t, r.Edges, len(fx.C.Edges))
	for i := range r.Edges {
		assert.InDelta(t, fx.C.Edges[i], r.Edges[i], 1e-12*math.Abs(fx.C.Edges[i]))
	}
	for _, c := range []struct {
		got  *metrics.PredictedVsActual
		want grid
	}{{r.Current, fx.C.CurrentGrid}, {r.Reference, fx.C.ReferenceGrid}} {
		require.NotNil(t, c.got)
		assert.Equal(t, c.want.Counts, c.got.Counts)
		for i, w := range c.want.MeanPredicted {
			rel(t, w, c.got.MeanPredicted[i], "mean prediction")
		}
	}
	assert.Greater(t, r.Current.RowsDropped, 0)

	_, err = (&metrics.RegressionPredictedVsActual{Bins: -1}).Compute(context.Background(), in)
	require.ErrorIs(t, err, metrics.ErrOption)
	one := frameOf(t, dataset.NewNumericColumn("y", []float64{2, 2}), dataset.NewNumericColumn("p", []float64{2, 2}))
	res, err = (&metrics.RegressionPredictedVsActual{Bins: 3}).Compute(context.Background(), &metrics.Input{Current: one, Definition: in.Definition})
	require.NoError(t, err)
	assert.Equal(t, []float64{1.5, 1.8333333333333333, 2.1666666666666665, 2.5}, res.(*metrics.RegressionPredictedVsActualResult).Edges)
	views := metrics.ViewsOf(res)
	require.Len(t, views, 3, "the grid, the mean prediction and the scatter")

	// The scatter keeps every row up to Points, then an evenly spaced
	// sample: rows ⌊i·n/m⌋.
	r = res.(*metrics.RegressionPredictedVsActualResult)
	assert.Equal(t, []float64{2, 2}, r.Current.Sample.Actual)
	many := make([]float64, 10)
	for i := range many {
		many[i] = float64(i)
	}
	ten := frameOf(t, dataset.NewNumericColumn("y", many), dataset.NewNumericColumn("p", many))
	res, err = (&metrics.RegressionPredictedVsActual{Points: 4}).Compute(context.Background(), &metrics.Input{Current: ten, Definition: in.Definition})
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 2, 5, 7}, res.(*metrics.RegressionPredictedVsActualResult).Current.Sample.Actual)
	_, err = (&metrics.RegressionPredictedVsActual{Points: -3}).Compute(context.Background(), in)
	require.ErrorIs(t, err, metrics.ErrOption)
}

package metrics_test

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// overflowInput is issue 17.2's input: reference 1, 2, 3, 1e308 and
// current -1e308, 2, 3, 4, whose range overflows (hi - lo is +Inf), plus
// the largest floats exporters write as sentinels.
func overflowInput(t *testing.T) *metrics.Input {
	t.Helper()
	maxf := math.MaxFloat64
	ref, err := dataset.New("ref", dataset.NewNumericColumn("x", []float64{1, 2, 3, 1e308}),
		dataset.NewNumericColumn("s", []float64{-maxf, maxf, 0, 1}),
		dataset.NewNumericColumn("y", []float64{1e308, 1.5e308, 1.7e308, 1.1e308}))
	require.NoError(t, err)
	cur, err := dataset.New("cur", dataset.NewNumericColumn("x", []float64{-1e308, 2, 3, 4}),
		dataset.NewNumericColumn("s", []float64{maxf, -maxf, 1, 2}),
		dataset.NewNumericColumn("y", []float64{1.7e308, 1.6e308, 1e308, 1.2e308}))
	require.NoError(t, err)
	return &metrics.Input{Reference: ref, Current: cur, Definition: &dataset.Definition{}}
}

// checkEdges checks that edges are finite and increasing and that the
// counts cover every value.
func checkEdges(t *testing.T, what string, edges []float64, counts []float64, n float64) {
	t.Helper()
	require.NotEmpty(t, edges, what)
	for i, e := range edges {
		require.False(t, math.IsNaN(e) || math.IsInf(e, 0), "%s: edge %d is %v", what, i, e)
		if i > 0 {
			require.Greater(t, e, edges[i-1], "%s: edges increase", what)
		}
	}
	sum := 0.0
	for _, c := range counts {
		sum += c
	}
	assert.InDelta(t, n, sum, 1e-9, "%s: every value is in a bin", what)
}

func TestOverflowingRangeDrift(t *testing.T) {
	in := overflowInput(t)
	for _, st := range []string{"", "ks", "psi", "kl_div", "jensenshannon", "hellinger", "wasserstein", "anderson", "cramer_von_mises", "mannw", "ed", "t_test", "empirical_mmd"} {
		m := &metrics.DataDrift{DriftOptions: metrics.DriftOptions{StatTest: st}}
		res, err := m.Compute(context.Background(), in)
		if err != nil {
			// Every column failed: each says why, and it is not a panic.
			assert.NotErrorIs(t, err, metrics.ErrPanic, st)
			assert.Contains(t, err.Error(), "column", st)
			continue
		}
		r := res.(*metrics.DataDriftResult)
		for _, c := range r.Columns {
			assert.NotContains(t, c.Error, "panic", "%s: %s", st, c.Column)
			if c.Error != "" {
				continue
			}
			require.NotEqual(t, metrics.NotTested, c.Drifted)
			assert.False(t, math.IsNaN(float64(c.Score)), "%s %s: a decision on a NaN score", st, c.Column)
			require.NotNil(t, c.Distribution, "%s %s", st, c.Column)
			checkEdges(t, st+" "+c.Column+" reference", c.Distribution.Edges, c.Distribution.Reference, 1)
			checkEdges(t, st+" "+c.Column+" current", c.Distribution.Edges, c.Distribution.Current, 1)
		}
		_, err = json.Marshal(res)
		require.NoError(t, err, st)
	}
}

func TestOverflowingRangeSummaries(t *testing.T) {
	in := overflowInput(t)
	res, err := (&metrics.ColumnSummaries{}).Compute(context.Background(), in)
	require.NoError(t, err)
	for _, c := range res.(*metrics.ColumnSummariesResult).Columns {
		require.Empty(t, c.Notes, c.Column)
		require.NotNil(t, c.Histogram, c.Column)
		h := c.Histogram
		cur, ref := make([]float64, len(h.Current)), make([]float64, len(h.Reference))
		for i := range h.Current {
			cur[i], ref[i] = float64(h.Current[i]), float64(h.Reference[i])
		}
		checkEdges(t, c.Column+" current", h.Edges, cur, 4)
		checkEdges(t, c.Column+" reference", h.Edges, ref, 4)
		for _, q := range []metrics.Float{c.Current.Q25, c.Current.Q50, c.Current.Q75} {
			assert.False(t, math.IsNaN(float64(q)) || math.IsInf(float64(q), 0), "%s: quantile %v", c.Column, q)
		}
	}
	_, err = json.Marshal(res)
	require.NoError(t, err)

	_, err = (&metrics.DatasetSummary{}).Compute(context.Background(), in)
	require.NoError(t, err)
}

// The regression grids and histograms bin target and prediction values
// whose range overflows, and errors that overflow to ±Inf, without a
// panic.
func TestOverflowingRangeRegression(t *testing.T) {
	ref, err := dataset.New("ref", dataset.NewNumericColumn("t", []float64{1, 2, 1e308, 4}),
		dataset.NewNumericColumn("p", []float64{1, 3, 2, -1e308}))
	require.NoError(t, err)
	cur, err := dataset.New("cur", dataset.NewNumericColumn("t", []float64{1, -1e308, 3, 4}),
		dataset.NewNumericColumn("p", []float64{2, 1e308, 3, 4}))
	require.NoError(t, err)
	in := &metrics.Input{Reference: ref, Current: cur, Definition: &dataset.Definition{Target: "t", Prediction: "p"}}
	for _, m := range []metrics.Metric{&metrics.RegressionPredictedVsActual{}, &metrics.RegressionErrorDistribution{}, &metrics.RegressionErrorNormality{}, &metrics.RegressionQuality{}} {
		res, err := m.Compute(context.Background(), in)
		require.NoError(t, err, m.Name())
		_, err = json.Marshal(res)
		require.NoError(t, err, m.Name())
	}
}

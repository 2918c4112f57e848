package stattest_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// A range wider than the largest float (issue 17.2): hi - lo is +Inf, and
// int(NaN) bins once made makeslice panic.
func TestBinningOverflowingRange(t *testing.T) {
	for _, r := range [][2]float64{{-1e308, 1e308}, {-math.MaxFloat64, math.MaxFloat64}, {-math.MaxFloat64, 1}} {
		lo, hi := r[0], r[1]
		for _, n := range []int{2, 8, 1000} {
			nb := stattest.SturgesBins(n, lo, hi)
			// Sturges gives ceil(log2(n) + 1) bins whatever the range.
			assert.Equal(t, int(math.Ceil(math.Log2(float64(n))+1)), nb, "%v n=%d", r, n)
			edges := stattest.HistogramEdges(lo, hi, nb)
			require.Len(t, edges, nb+1)
			assert.Equal(t, lo, edges[0])
			assert.Equal(t, hi, edges[nb])
			for i := 1; i <= nb; i++ {
				require.False(t, math.IsNaN(edges[i]) || math.IsInf(edges[i], 0), "%v: edge %d = %v", r, i, edges[i])
				require.Greater(t, edges[i], edges[i-1])
			}
			counts := stattest.HistogramCounts(nil, []float64{lo, 0, hi}, edges)
			assert.Equal(t, 3.0, sum(counts), "every value is counted")
		}
	}
	// Where hi - lo is finite, the edges are NumPy's linspace, bit for bit:
	// np.linspace(0, 1, 4) = [0, 1/3, 2/3, 1].
	assert.Equal(t, []float64{0, 1.0 / 3, 2.0 / 3, 1}, stattest.HistogramEdges(0, 1, 3))
	assert.Equal(t, 1, stattest.SturgesBins(10, 5, 5))
	assert.Equal(t, 1, stattest.SturgesBins(10, math.NaN(), 5))
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// A test whose score overflows says so, rather than calling the sample
// constant.
func TestOverflowingScoreIsNamed(t *testing.T) {
	a, err := stattest.NewSample([]float64{1, 2, 3, 1e308})
	require.NoError(t, err)
	b, err := stattest.NewSample([]float64{-1e308, 2, 3, 4})
	require.NoError(t, err)
	test, ok := stattest.Default().Lookup("wasserstein")
	require.True(t, ok)
	_, err = test.Run(stattest.NumericalInput(a, b), 0.1, stattest.Options{})
	require.ErrorIs(t, err, stattest.ErrOverflow)
	assert.Contains(t, err.Error(), "1e+308")

	test, _ = stattest.Default().Lookup("hellinger")
	res, err := test.Run(stattest.NumericalInput(a, b), 0.1, stattest.Options{})
	require.NoError(t, err)
	assert.False(t, math.IsNaN(res.Score))
}

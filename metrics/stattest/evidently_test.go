package stattest_test

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// repeat builds 1..6 × counts (Evidently's R88 notation).
func repeatNum(counts ...int) []float64 {
	var out []float64
	for i, c := range counts {
		for range c {
			out = append(out, float64(i+1))
		}
	}
	return out
}

func repeatCat(counts ...int) []string {
	var out []string
	for i, c := range counts {
		for range c {
			out = append(out, string(rune('1'+i)))
		}
	}
	return out
}

func run(t *testing.T, name string, in stattest.Input, opts stattest.Options) stattest.Result {
	t.Helper()
	tt, ok := stattest.Default().Lookup(name)
	require.True(t, ok)
	r, err := tt.Run(in, tt.DefaultThreshold, opts)
	require.NoError(t, err)
	return r
}

// Vectors from Evidently's own test suite (evidently-semantics.md §10).
func TestEvidentlyVectors(t *testing.T) {
	r88 := []int{16, 18, 16, 14, 12, 12}
	c88 := []int{16, 16, 16, 16, 16, 8}
	cat := stattest.CategoricalInput(stattest.NewCounts(repeatCat(r88...), repeatCat(c88...)))
	assert.InDelta(t, 0.67309, run(t, "chisquare", cat, stattest.Options{}).PValue, 1e-5)
	assert.InDelta(t, 0.06812, run(t, "hellinger", cat, stattest.Options{}).Score, 1e-5)

	num := stattest.NumericalInput(stattest.MustSample(repeatNum(r88...)), stattest.MustSample(repeatNum(c88...)))
	// Evidently's mannw is one-sided "less": 0.481 ± 0.01.
	assert.InDelta(t, 0.481, run(t, "mannw", num, stattest.Options{Alternative: stattest.AltLess}).PValue, 0.01)
	assert.InDelta(t, 0.81, run(t, "es", num, stattest.Options{}).PValue, 0.01)

	g := stattest.CategoricalInput(stattest.NewCounts(
		append(append(strings.Split(strings.Repeat("a", 5), ""), strings.Split(strings.Repeat("b", 5), "")...), strings.Split(strings.Repeat("c", 8), "")...),
		append(append(strings.Split(strings.Repeat("a", 4), ""), strings.Split(strings.Repeat("b", 6), "")...), strings.Split(strings.Repeat("c", 8), "")...)))
	assert.InDelta(t, 0.8176, run(t, "g_test", g, stattest.Options{}).PValue, 1e-4)

	a := stattest.MustSample([]float64{38.7, 41.5, 43.8, 44.5, 45.5, 46.0, 47.7, 58.0})
	b := stattest.MustSample([]float64{39.2, 39.3, 39.7, 41.4, 41.8, 42.9, 43.3, 45.8})
	assert.InDelta(t, 0.0635, run(t, "anderson", stattest.NumericalInput(a, b), stattest.Options{}).PValue, 1e-4)
	assert.InDelta(t, 0.084, run(t, "t_test", stattest.NumericalInput(a, b), stattest.Options{}).PValue, 1e-3)
	assert.Equal(t, 0.0, run(t, "ed", stattest.NumericalInput(a, a), stattest.Options{}).Score)
	shifted := make([]float64, a.Len())
	for i, v := range a.Sorted() {
		shifted[i] = v + 5
	}
	ed := run(t, "ed", stattest.NumericalInput(a, stattest.MustSample(shifted)), stattest.Options{})
	assert.InDelta(t, 1.9, ed.Score, 0.05)
	assert.True(t, ed.Drifted)

	// z: NaN dropped, identical binary columns.
	z := stattest.CategoricalInput(stattest.NewCounts(strings.Split(strings.Repeat("ab", 10), ""), strings.Split(strings.Repeat("ab", 10), "")))
	assert.Equal(t, 1.0, run(t, "z", z, stattest.Options{}).PValue)
}

// Hand-computed vectors of evidently-semantics.md §10 (not from Evidently's suite).
func TestHandVectors(t *testing.T) {
	counts := func(ref, cur map[string]int) stattest.Input {
		var r, c []string
		for k, n := range ref {
			for range n {
				r = append(r, k)
			}
		}
		for k, n := range cur {
			for range n {
				c = append(c, k)
			}
		}
		return stattest.CategoricalInput(stattest.NewCounts(r, c))
	}
	catB := counts(map[string]int{"a": 60, "b": 40}, map[string]int{"a": 50, "b": 30, "c": 20})
	assert.InDelta(t, 1.566421, run(t, "psi", catB, stattest.Options{}).Score, 1e-6)
	assert.InDelta(t, 0.223583, run(t, "kl_div", catB, stattest.Options{}).Score, 1e-6)
	assert.InDelta(t, 0.274179, run(t, "jensenshannon", catB, stattest.Options{}).Score, 1e-6)

	seq := func(lo, hi int) []float64 {
		var out []float64
		for i := lo; i < hi; i++ {
			out = append(out, float64(i))
		}
		return out
	}
	num := stattest.NumericalInput(stattest.MustSample(seq(0, 100)), stattest.MustSample(seq(10, 110)))
	assert.InDelta(t, 0.346427, run(t, "wasserstein", num, stattest.Options{}).Score, 1e-6)
	assert.InDelta(t, 0.293267, run(t, "psi", num, stattest.Options{}).Score, 1e-6)
	assert.InDelta(t, 0.146634, run(t, "kl_div", num, stattest.Options{}).Score, 1e-6)
	assert.InDelta(t, 0.183551, run(t, "jensenshannon", num, stattest.Options{}).Score, 1e-6)
	assert.Equal(t, 9, stattest.SturgesBins(200, 0, 109))
}

// NumPy computes the Sturges bin count as ceil(ptp / (ptp/(log2 n + 1))),
// which is not always ceil(log2 n + 1).
func TestSturgesBins(t *testing.T) {
	// np.histogram_bin_edges(np.arange(n) * s, "sturges").size - 1
	assert.Equal(t, 1, stattest.SturgesBins(10, 3, 3))
	assert.Equal(t, 5, stattest.SturgesBins(10, 0, 9))
	assert.Equal(t, 9, stattest.SturgesBins(256, 0, 255))
	assert.Equal(t, 18, stattest.SturgesBins(100000, 0, 1))
}

func TestBinsOption(t *testing.T) {
	var ref, cur []float64
	for i := range 1000 {
		ref = append(ref, float64(i%97)/97)
		cur = append(cur, math.Pow(float64(i%89)/89, 1.5))
	}
	in := stattest.NumericalInput(stattest.MustSample(ref), stattest.MustSample(cur))
	def := run(t, "psi", in, stattest.Options{}).Score
	b5 := run(t, "psi", in, stattest.Options{Bins: 5}).Score
	b50 := run(t, "psi", in, stattest.Options{Bins: 50}).Score
	assert.NotEqual(t, def, b5)
	assert.NotEqual(t, b5, b50)
	// With 1 bin both sides hold everything: no drift at all.
	assert.Equal(t, 0.0, run(t, "psi", in, stattest.Options{Bins: 1}).Score)
	assert.Equal(t, 0.0, run(t, "jensenshannon", in, stattest.Options{Bins: 1}).Score)

	edges := stattest.HistogramEdges(0, 1, 4)
	assert.Equal(t, []float64{0, 0.25, 0.5, 0.75, 1}, edges)
	assert.Equal(t, []float64{2, 0, 1, 2}, stattest.HistogramCounts(nil, []float64{0, 0.1, 0.5, 0.75, 1}, edges))
}

// Permutation tests: Evidently's vectors hold approximately (NumPy's and
// Go's random streams differ) and the same seed gives the same p-value.
func TestPermutationTests(t *testing.T) {
	r88 := []int{16, 18, 16, 14, 12, 12}
	in := func(cur ...int) stattest.Input {
		return stattest.CategoricalInput(stattest.NewCounts(repeatCat(r88...), repeatCat(cur...)))
	}
	res := run(t, "TVD", in(16, 16, 16, 16, 16, 8), stattest.Options{})
	assert.InDelta(t, 0.0682, res.Statistic, 1e-4)
	assert.InDelta(t, 0.928, res.PValue, 0.03)
	assert.InDelta(t, 0.085, run(t, "TVD", in(10, 10, 24, 24, 10, 10), stattest.Options{}).PValue, 0.03)
	assert.Equal(t, 1.0, run(t, "TVD", in(r88...), stattest.Options{}).PValue)
	assert.Equal(t, 0.0, run(t, "TVD", in(0, 0, 0, 0, 0, 88), stattest.Options{}).PValue)
	again := run(t, "TVD", in(10, 24, 12, 16, 8, 16), stattest.Options{Seed: 7})
	assert.Equal(t, again, run(t, "TVD", in(10, 24, 12, 16, 8, 16), stattest.Options{Seed: 7}))

	ones, zeros := make([]float64, 25), make([]float64, 25)
	for i := range ones {
		ones[i] = 1
	}
	mmd := run(t, "empirical_mmd", stattest.NumericalInput(stattest.MustSample(ones), stattest.MustSample(zeros)), stattest.Options{})
	assert.Less(t, mmd.PValue, 0.05)
	assert.True(t, mmd.Drifted)
	same := run(t, "empirical_mmd", stattest.NumericalInput(stattest.MustSample(ones), stattest.MustSample(ones)), stattest.Options{})
	assert.Equal(t, 1.0, same.PValue)
	near := run(t, "empirical_mmd", stattest.NumericalInput(stattest.MustSample([]float64{1.1, 0.2, 2.1, 0, 1}), stattest.MustSample([]float64{1, 0, 2, 0, 1})), stattest.Options{})
	assert.InDelta(t, 0.96, near.PValue, 0.06)
}

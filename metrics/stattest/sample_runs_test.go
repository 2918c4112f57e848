package stattest_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// runsOf returns the distinct values of sorted and where each one's run
// ends, as NewRunsSample takes them.
func runsOf(sorted []float64) (vals []float64, ends []int) {
	for i, v := range sorted {
		if i > 0 && v == sorted[i-1] {
			ends[len(ends)-1]++
			continue
		}
		vals = append(vals, v)
		ends = append(ends, i+1)
	}
	return vals, ends
}

// A sample of runs is the same sample as its values written out: every
// numerical test gives the same Result to the bit, with either side (or
// both) as runs, and so do the statistics and the histogram counts.
func TestRunsSampleSameResults(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	reg := stattest.Default()
	for trial := range 6 {
		n1, n2 := 30+rng.IntN(500), 30+rng.IntN(500)
		spread := []float64{3, 40, 1000}[trial%3]
		gen := func(n int, shift float64) []float64 {
			s := make([]float64, n)
			for i := range s {
				s[i] = math.Round(rng.NormFloat64()*spread + shift)
			}
			slices.Sort(s)
			return s
		}
		ref, cur := gen(n1, 0), gen(n2, spread*0.2)
		flat := func() (*stattest.Sample, *stattest.Sample) {
			return stattest.MustSample(ref), stattest.MustSample(cur)
		}
		asRuns := func(s []float64) *stattest.Sample {
			vals, ends := runsOf(s)
			smp, err := stattest.NewRunsSample(vals, ends)
			require.NoError(t, err)
			return smp
		}
		fa, fb := flat()
		ra, rb := asRuns(ref), asRuns(cur)
		assert.Equal(t, math.Float64bits(fa.Mean()), math.Float64bits(ra.Mean()), "mean")
		assert.Equal(t, math.Float64bits(fa.Std()), math.Float64bits(ra.Std()), "std")
		assert.Equal(t, fa.Distinct(), ra.Distinct())
		assert.Equal(t, fa.Len(), ra.Len())
		assert.Equal(t, fa.Min(), ra.Min())
		assert.Equal(t, fa.Max(), ra.Max())
		assert.Equal(t, stattest.DistinctUnion(fa, fb), stattest.DistinctUnion(ra, fb))
		assert.Equal(t, stattest.DistinctUnionUpTo(fa, fb, 5), stattest.DistinctUnionUpTo(fa, rb, 5))
		lo, hi := min(fa.Min(), fb.Min()), max(fa.Max(), fb.Max())
		edges := stattest.HistogramEdges(lo-1, hi-2, 17) // some values outside
		assert.Equal(t, fa.HistogramCounts(nil, edges), ra.HistogramCounts(nil, edges))
		assert.Equal(t, ref, asRuns(ref).Sorted())
		for _, pair := range []struct {
			name string
			a, b *stattest.Sample
		}{{"runs/runs", asRuns(ref), asRuns(cur)}, {"runs/flat", asRuns(ref), stattest.MustSample(cur)}, {"flat/runs", stattest.MustSample(ref), asRuns(cur)}} {
			for _, name := range reg.Names() {
				tt, _ := reg.Lookup(name)
				if !tt.Supports(stattest.Numerical) {
					continue
				}
				a, b := flat()
				want, werr := tt.Run(stattest.NumericalInput(a, b), tt.DefaultThreshold, stattest.Options{Seed: 3})
				got, gerr := tt.Run(stattest.NumericalInput(pair.a, pair.b), tt.DefaultThreshold, stattest.Options{Seed: 3})
				if werr != nil {
					assert.Equal(t, werr.Error(), gerr.Error(), "%s %s trial %d", name, pair.name, trial)
					continue
				}
				require.NoError(t, gerr, "%s %s", name, pair.name)
				assert.Equal(t, math.Float64bits(want.Statistic), math.Float64bits(got.Statistic), "%s %s trial %d statistic", name, pair.name, trial)
				assert.Equal(t, math.Float64bits(want.PValue), math.Float64bits(got.PValue), "%s %s trial %d p-value", name, pair.name, trial)
				assert.Equal(t, want.Drifted, got.Drifted)
			}
		}
	}
}

func TestNewRunsSampleRejects(t *testing.T) {
	for _, c := range []struct {
		vals []float64
		ends []int
	}{
		{[]float64{1, 2}, []int{1}},
		{[]float64{1, math.NaN()}, []int{1, 2}},
		{[]float64{1, math.Inf(1)}, []int{1, 2}},
		{[]float64{2, 1}, []int{1, 2}},
		{[]float64{1, 1}, []int{1, 2}},
		{[]float64{1, 2}, []int{2, 2}},
		{[]float64{1}, []int{0}},
	} {
		_, err := stattest.NewRunsSample(c.vals, c.ends)
		assert.Error(t, err, "%v %v", c.vals, c.ends)
	}
	s, err := stattest.NewRunsSample(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, 0, s.Len())
}

package stattest_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// Decisions and numbers do not depend on row order: every test, on
// numerical and categorical columns, gives the same Result when the rows of
// either side are shuffled (samples are sorted once; counts are counts).
func TestShuffleInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	reg := stattest.Default()
	for trial := range 5 {
		n1, n2 := 20+rng.IntN(300), 20+rng.IntN(300)
		ref := make([]float64, n1)
		cur := make([]float64, n2)
		shift := rng.Float64() * 0.5
		for i := range ref {
			ref[i] = rng.NormFloat64()
			if trial%2 == 1 {
				ref[i] = float64(int(ref[i] * 3)) // ties
			}
		}
		for i := range cur {
			cur[i] = rng.NormFloat64() + shift
			if trial%2 == 1 {
				cur[i] = float64(int(cur[i] * 3))
			}
		}
		refCat := make([]string, n1)
		curCat := make([]string, n2)
		for i := range refCat {
			refCat[i] = string(rune('a' + rng.IntN(2)))
		}
		for i := range curCat {
			curCat[i] = string(rune('a' + rng.IntN(2+trial%2)))
		}
		base := map[string]stattest.Result{}
		inputs := func() (stattest.Input, stattest.Input) {
			return stattest.NumericalInput(stattest.MustSample(ref), stattest.MustSample(cur)),
				stattest.CategoricalInput(stattest.NewCounts(refCat, curCat))
		}
		for rep := range 4 {
			num, cat := inputs()
			for _, name := range reg.Names() {
				tt, _ := reg.Lookup(name)
				if tt.Supports(stattest.Text) {
					continue // TestTextShuffleInvariance covers the text tests
				}
				in := num
				if !tt.Supports(stattest.Numerical) {
					in = cat
				}
				res, err := tt.Run(in, tt.DefaultThreshold, stattest.Options{Seed: 3})
				if name == "fisher_exact" && err != nil {
					continue // three categories in odd trials
				}
				require.NoError(t, err, name)
				if rep == 0 {
					base[name] = res
					continue
				}
				assert.Equal(t, base[name].Drifted, res.Drifted, "trial %d %s", trial, name)
				assert.InDelta(t, base[name].Score, res.Score, 1e-12, "trial %d %s", trial, name)
			}
			rng.Shuffle(len(ref), func(i, j int) { ref[i], ref[j] = ref[j], ref[i] })
			rng.Shuffle(len(cur), func(i, j int) { cur[i], cur[j] = cur[j], cur[i] })
			rng.Shuffle(len(refCat), func(i, j int) { refCat[i], refCat[j] = refCat[j], refCat[i] })
			rng.Shuffle(len(curCat), func(i, j int) { curCat[i], curCat[j] = curCat[j], curCat[i] })
		}
	}
}

func TestMMDMedianMatchesSort(t *testing.T) {
	// The kernel width uses a quickselect median; compare the p-values of
	// two runs that differ only in row order of the reference (sorted input
	// versus reversed input to MMD).
	rng := rand.New(rand.NewPCG(5, 5))
	x := make([]float64, 301)
	y := make([]float64, 200)
	for i := range x {
		x[i] = float64(rng.IntN(20))
	}
	for i := range y {
		y[i] = rng.NormFloat64() * 5
	}
	m1, _ := stattest.MMD(x, y, 10, rand.New(rand.NewPCG(1, 1)))
	for i, j := 0, len(x)-1; i < j; i, j = i+1, j-1 {
		x[i], x[j] = x[j], x[i]
	}
	m2, _ := stattest.MMD(x, y, 10, rand.New(rand.NewPCG(1, 1)))
	assert.InDelta(t, m1, m2, 1e-12)
}

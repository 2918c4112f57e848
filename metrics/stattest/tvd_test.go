package stattest_test

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// exactHypergeomPMF is C(good,k)·C(total-good,n-k)/C(total,n) in exact
// rational arithmetic.
func exactHypergeomPMF(total, good, n, k int) float64 {
	num := new(big.Int).Mul(new(big.Int).Binomial(int64(good), int64(k)), new(big.Int).Binomial(int64(total-good), int64(n-k)))
	p, _ := new(big.Rat).SetFrac(num, new(big.Int).Binomial(int64(total), int64(n))).Float64()
	return p
}

// The sampler's frequencies match the exact probabilities: a chi-square
// goodness-of-fit statistic on 200000 seeded draws stays below the 0.999
// quantile of its distribution, and the mean is right within 4 standard
// errors.
func TestHypergeometricMatchesPMF(t *testing.T) {
	for _, c := range []struct{ total, good, n int }{
		{10, 3, 4}, {50, 25, 25}, {1000, 10, 500}, {1000, 990, 20}, {2000, 700, 1300}, {7, 7, 3}, {9, 0, 4}, {30, 12, 30},
	} {
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			const draws = 200_000
			lo, hi := max(0, c.n-(c.total-c.good)), min(c.n, c.good)
			got := map[int]int{}
			var sum float64
			for _, k := range stattest.Hypergeometric(1, draws, c.total, c.good, c.n) {
				require.True(t, k >= lo && k <= hi, "k=%d outside [%d, %d]", k, lo, hi)
				got[k]++
				sum += float64(k)
			}
			if lo == hi {
				assert.Equal(t, draws, got[lo])
				return
			}
			// Pool the tails so every cell expects at least 20 draws.
			var chi2, expTail, obsTail float64
			cells := 0
			for k := lo; k <= hi; k++ {
				e := exactHypergeomPMF(c.total, c.good, c.n, k) * draws
				o := float64(got[k])
				if e < 20 {
					expTail += e
					obsTail += o
					continue
				}
				chi2 += (o - e) * (o - e) / e
				cells++
			}
			if expTail > 0 {
				chi2 += (obsTail - expTail) * (obsTail - expTail) / math.Max(expTail, 1)
				cells++
			}
			df := float64(cells - 1)
			// Wilson-Hilferty approximation of the chi-square 0.999 quantile.
			z := 3.09
			q999 := df * math.Pow(1-2/(9*df)+z*math.Sqrt(2/(9*df)), 3)
			assert.Less(t, chi2, q999, "chi-square over %d cells", cells)
			N, K, n := float64(c.total), float64(c.good), float64(c.n)
			mean := n * K / N
			sd := math.Sqrt(n * K / N * (N - K) / N * (N - n) / (N - 1))
			assert.InDelta(t, mean, sum/draws, 4*sd/math.Sqrt(draws)+1e-12)
		})
	}
}

// Drawing category counts gives the permutation distribution of shuffling
// rows: the p-value agrees with a row-shuffling permutation test (written
// out here) within Monte Carlo error.
func TestTVDMatchesRowShuffling(t *testing.T) {
	ref := []int{40, 35, 15, 10}
	cur := []int{30, 38, 22, 15}
	var rows []int
	nRef, nCur := 0, 0
	for i := range ref {
		for range ref[i] + cur[i] {
			rows = append(rows, i)
		}
		nRef += ref[i]
		nCur += cur[i]
	}
	tvd := func(a, b []float64) float64 { return stattest.TVD(a, b) }
	obs := tvd(toF(ref), toF(cur))
	rng := rand.New(rand.NewPCG(9, 9))
	const perms = 20000
	hits := 0
	a, b := make([]float64, len(ref)), make([]float64, len(ref))
	for range perms {
		rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		clear(a)
		clear(b)
		for i, r := range rows {
			if i < nRef {
				a[r]++
			} else {
				b[r]++
			}
		}
		if obs <= tvd(a, b) {
			hits++
		}
	}
	want := float64(hits) / perms
	in := stattest.CategoricalInput(&stattest.Counts{Keys: []string{"a", "b", "c", "d"}, Reference: ref, Current: cur})
	tt, _ := stattest.Default().Lookup("TVD")
	res, err := tt.Run(in, 0.1, stattest.Options{Permutations: perms, Seed: 3})
	require.NoError(t, err)
	se := math.Sqrt(2 * want * (1 - want) / perms)
	assert.InDelta(t, want, res.PValue, 4*se, "row shuffling gives %v", want)
	assert.Greater(t, want, 0.05)
	assert.Less(t, want, 0.95)
}

func toF(xs []int) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

// BenchmarkTVD1M is Evidently's default 1000 permutations on 1M rows per
// side in 20 categories.
func BenchmarkTVD1M(b *testing.B) {
	c := &stattest.Counts{}
	for i := range 20 {
		c.Keys = append(c.Keys, fmt.Sprint(i))
		c.Reference = append(c.Reference, 50_000+i*100)
		c.Current = append(c.Current, 50_000+((i*7)%20)*120)
	}
	tt, _ := stattest.Default().Lookup("TVD")
	in := stattest.CategoricalInput(c)
	for b.Loop() {
		if _, err := tt.Run(in, 0.1, stattest.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

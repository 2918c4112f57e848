package stattest

import (
	"math"
	"math/rand/v2"
)

// TVD returns the total variation distance between the category shares of
// two count vectors:
//
//	TVD = ½ Σ |ref_i/n_ref - cur_i/n_cur|
func TVD(ref, cur []float64) float64 {
	var nr, nc float64
	for i := range ref {
		nr += ref[i]
		nc += cur[i]
	}
	var s float64
	for i := range ref {
		s += math.Abs(ref[i]/nr - cur[i]/nc)
	}
	return s / 2
}

// computeTVD is Evidently's TVD test: the statistic is the observed TVD;
// the score is a permutation p-value, the share of Permutations (default
// 1000) random splits of the pooled rows into groups of the original sizes
// whose TVD is >= the observed one.
//
// A random split only matters through how many rows of each category land
// in the smaller group, and those counts follow the multivariate
// hypergeometric distribution. Each permutation draws them directly
// (multiHypergeometric), in O(categories · σ) rather than O(rows): the
// permutation distribution is exactly that of shuffling the rows, at a
// cost that no longer grows with the number of rows. Draws come from a PCG
// generator seeded with opts.Seed, so the p-value is reproducible
// (Evidently seeds NumPy with 0; the streams differ, so p-values agree
// only statistically).
func computeTVD(in Input, opts Options) (Stat, error) {
	f := freqFromCounts(in.Counts)
	obs := TVD(f.ref, f.cur)
	iters := opts.Permutations
	if iters <= 0 {
		iters = 1000
	}
	nRef, nCur := int(f.nRef), int(f.nCur)
	k, smallIsRef := nRef, true
	if nCur < nRef {
		k, smallIsRef = nCur, false
	}
	total := make([]float64, len(f.ref))
	pooled := make([]int, len(f.ref))
	for i := range total {
		total[i] = f.ref[i] + f.cur[i]
		pooled[i] = int(total[i])
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x7464760000000002))
	small := make([]float64, len(f.ref))
	other := make([]float64, len(f.ref))
	hits := 0
	for range iters {
		multiHypergeometric(rng, small, pooled, nRef+nCur, k)
		for i := range other {
			other[i] = total[i] - small[i]
		}
		var t float64
		if smallIsRef {
			t = TVD(small, other)
		} else {
			t = TVD(other, small)
		}
		if obs <= t {
			hits++
		}
	}
	return pvalueStat(obs, float64(hits)/float64(iters)), nil
}

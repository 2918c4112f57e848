package stattest

import (
	"math"
	"math/rand/v2"
	"slices"
)

// MMD returns the unbiased squared maximum mean discrepancy between x and
// y with a Gaussian (RBF) kernel, and its permutation p-value, as
// Evidently's empirical_mmd (legacy stattests/mmd_stattest.py):
//
//	k(u, v) = exp(-(u-v)² / (2σ²)),  σ = sqrt(½ · median{(x_i - x_j)²})
//	          (the "nearest" median over all pairs of x including i = j;
//	          σ = sqrt(½) when it is 0)
//	MMD²    = Σ_{i≠j} k(x_i,x_j)/(m(m-1)) + Σ_{i≠j} k(y_i,y_j)/(n(n-1))
//	          - 2 Σ_{i,j} k(x_i,y_j)/(mn)
//	p       = share of permutations of the pooled sample with MMD² >= observed
//
// Each side needs 2 values (ErrTooFew). The kernel matrix is (m+n)², so
// callers subsample large inputs (computeMMD does). rng drives the
// permutations.
func MMD(x, y []float64, permutations int, rng *rand.Rand) (mmd, p float64) {
	m, n := len(x), len(y)
	N := m + n
	z := append(slices.Clone(x), y...)
	// σ from the x-x squared distances: n zeros on the diagonal, each
	// off-diagonal pair twice.
	half := make([]float64, 0, m*(m-1)/2)
	for i := range m {
		for j := i + 1; j < m; j++ {
			d := x[i] - x[j]
			half = append(half, d*d)
		}
	}
	total := m * m
	idx := int(math.RoundToEven(0.5 * float64(total-1)))
	var med float64
	if idx >= m {
		med = selectKth(half, (idx-m)/2)
	}
	sigma := math.Sqrt(0.5 * med)
	if sigma == 0 {
		sigma = math.Sqrt(0.5)
	}
	gamma := 1 / (2 * sigma * sigma)
	K := make([]float64, N*N)
	rowSum := make([]float64, N)
	var all float64
	for i := range N {
		for j := i + 1; j < N; j++ {
			d := z[i] - z[j]
			v := math.Exp(-gamma * d * d)
			K[i*N+j] = v
			K[j*N+i] = v
			rowSum[i] += v
			rowSum[j] += v
		}
	}
	for _, r := range rowSum {
		all += r
	}
	// For a split of the pooled rows into X (m rows) and Y, only Σ_{X×X} K
	// needs the kernel again: Σ_{X×Y} = Σ_X rowSum - Σ_{X×X} and
	// Σ_{Y×Y} = all - Σ_{X×X} - 2Σ_{X×Y}. Rows are read sequentially
	// against a 0/1 mask.
	mask := make([]float64, N)
	stat := func(xs []int) float64 {
		clear(mask)
		for _, i := range xs {
			mask[i] = 1
		}
		var sxx, sxRow float64
		for _, i := range xs {
			sxRow += rowSum[i]
			row := K[i*N : (i+1)*N]
			var s float64
			for j, v := range row {
				s += v * mask[j]
			}
			sxx += s
		}
		sxy := sxRow - sxx
		syy := all - sxx - 2*sxy
		return sxx/float64(m*(m-1)) + syy/float64(n*(n-1)) - 2*sxy/float64(m*n)
	}
	perm := make([]int, N)
	for i := range perm {
		perm[i] = i
	}
	mmd = stat(perm[:m])
	hits := 0
	for range permutations {
		rng.Shuffle(N, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		if mmd <= stat(perm[:m]) {
			hits++
		}
	}
	return mmd, float64(hits) / float64(permutations)
}

// computeMMD is Evidently's empirical_mmd with seeded permutations
// (default 100) and at most opts.MaxSamples (default 1000) rows per side,
// drawn without replacement with the same seeded generator.
func computeMMD(in Input, opts Options) (Stat, error) {
	a, b := in.Reference.values(), in.Current.values()
	if len(a) < 2 || len(b) < 2 {
		return Stat{}, errorf("empirical_mmd", ErrTooFew, "needs 2 values per side")
	}
	perms := opts.Permutations
	if perms <= 0 {
		perms = 100
	}
	maxN := opts.MaxSamples
	if maxN <= 0 {
		maxN = 1000
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x6d6d640000000001))
	x := subsample(a, maxN, rng)
	y := subsample(b, maxN, rng)
	mmd, p := MMD(x, y, perms, rng)
	return pvalueStat(mmd, p), nil
}

func subsample(xs []float64, k int, rng *rand.Rand) []float64 {
	if len(xs) <= k {
		return xs
	}
	idx := rng.Perm(len(xs))[:k]
	slices.Sort(idx)
	out := make([]float64, k)
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

// selectKth returns the k-th smallest value of xs (0-based), reordering xs
// (Hoare's quickselect with a median-of-three pivot).
func selectKth(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		a, b, c := xs[lo], xs[mid], xs[hi]
		pivot := max(min(a, b), min(max(a, b), c))
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return xs[k]
		}
	}
	return xs[k]
}

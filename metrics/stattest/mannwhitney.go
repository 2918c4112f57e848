package stattest

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// MannWhitneyU returns U1 (the statistic of a) and the p-value of
// scipy.stats.mannwhitneyu(a, b, use_continuity=True, alternative,
// method="auto"). Ranks are mid-ranks of the pooled sample, from one walk
// over the two sorted samples:
//
//	U1 = R1 - n1(n1+1)/2,  U2 = n1·n2 - U1
//
// The p-value is exact (the null distribution of U by the generating
// function of Gaussian binomial coefficients, Mann and Whitney 1947) when
// one sample has at most 8 values and there are no ties; otherwise it is
// the normal approximation with tie and continuity corrections:
//
//	z = (U - n1·n2/2 - 0.5) / sqrt(n1·n2/12 · ((n+1) - Σ(t³-t)/(n(n-1))))
//
// U is max(U1, U2) for two-sided (p doubled, clipped to 1), U2 for "less"
// and U1 for "greater".
func MannWhitneyU(a, b *Sample, alt Alternative) (u1, p float64) {
	n1, n2 := a.Len(), b.Len()
	var r1, tie float64
	start := 0
	walkSamples(a, b, func(_ float64, ca, cb int) {
		t := float64(ca + cb)
		avg := float64(start) + (t+1)/2
		r1 += float64(ca) * avg
		tie += t*t*t - t
		start += ca + cb
	})
	f1, f2 := float64(n1), float64(n2)
	u1 = r1 - f1*(f1+1)/2
	u2 := f1*f2 - u1
	var u, factor float64
	switch alt {
	case AltGreater:
		u, factor = u1, 1
	case AltLess:
		u, factor = u2, 1
	default:
		u, factor = math.Max(u1, u2), 2
	}
	if (n1 <= 8 || n2 <= 8) && tie == 0 {
		p = mwuExactSF(int(u), n1, n2)
	} else {
		n := f1 + f2
		s := math.Sqrt(f1 * f2 / 12 * ((n + 1) - tie/(n*(n-1))))
		z := (u - f1*f2/2 - 0.5) / s
		p = distuv.UnitNormal.Survival(z)
	}
	return u1, clip01(p * factor)
}

// mwuExactSF is P(U >= k) for sample sizes m and n with no ties. The
// counts of U are the coefficients of the Gaussian binomial
//
//	[m+n choose m]_q = Π_{i=1..m} (1 - q^{n+i}) / (1 - q^i)
//
// and sf(k) = cdf(m·n - k), so only the coefficients up to m·n - k are
// computed (polynomials mod q^{K+1}). Below the mode they increase, so the
// rounding stays relative to the tail that is summed.
func mwuExactSF(k, m, n int) float64 {
	if m > n {
		m, n = n, m
	}
	K := m*n - k
	if K < 0 {
		return 0
	}
	c := make([]float64, K+1)
	c[0] = 1
	for i := 1; i <= m; i++ {
		s := n + i
		for d := K; d >= s; d-- {
			c[d] -= c[d-s]
		}
		for d := i; d <= K; d++ {
			c[d] += c[d-i]
		}
	}
	binom := binomial(m+n, m)
	var cdf float64
	for _, v := range c {
		cdf += v / binom
	}
	return cdf
}

// binomial returns C(n, k) as a float64 by the multiplicative formula.
func binomial(n, k int) float64 {
	k = min(k, n-k)
	b := 1.0
	for i := 1; i <= k; i++ {
		b = b * float64(n-k+i) / float64(i)
	}
	return math.Round(b)
}

// computeMannWhitney is mannw: two-sided by default (Evidently: "less").
func computeMannWhitney(in Input, opts Options) (Stat, error) {
	u, p := MannWhitneyU(in.Reference, in.Current, opts.Alternative)
	return pvalueStat(u, p), nil
}

package stattest

import (
	"math"
)

// KSMaxExactN is the largest sample size for which KS uses the exact
// distribution, as SciPy's ks_2samp(method="auto") (MAX_AUTO_N).
const KSMaxExactN = 10000

// KSStatistic returns the two-sample Kolmogorov-Smirnov statistic
//
//	D = max_x |F_a(x) - F_b(x)|
//
// from one walk over the merged sorted samples, computed as ks_2samp does
// (cdf1 - cdf2 at every pooled value, the larger of the two one-sided
// maxima).
func KSStatistic(a, b *Sample) float64 {
	na, nb := float64(a.Len()), float64(b.Len())
	var maxS, minS float64 // max of cdf1-cdf2 and of cdf2-cdf1
	ca, cb := 0, 0
	walkSamples(a, b, func(_ float64, ka, kb int) {
		ca += ka
		cb += kb
		d := float64(ca)/na - float64(cb)/nb
		maxS = math.Max(maxS, d)
		minS = math.Max(minS, -d)
	})
	return math.Max(math.Min(minS, 1), maxS)
}

// KSTwoSample returns the statistic and two-sided p-value of
// scipy.stats.ks_2samp(a, b, method="auto"). When both sizes are at most
// KSMaxExactN the p-value is exact: with g = gcd(n1, n2) and
// h = round(D·lcm(n1, n2)), D becomes h/lcm and
//
//	p = P(D_{n1,n2} >= D)
//
// counts lattice paths (Hodges 1958; the 1-p recursion of Viehmann 2021,
// arXiv:2102.08037; for n1 = n2 the alternating sum of binomial ratios).
// Otherwise, or if the exact count overflows, p = kstwo.sf(D, round(n1·n2/(n1+n2)))
// with the distribution of the one-sample two-sided statistic (Simard and
// L'Ecuyer 2011, see kolmogorovSF).
func KSTwoSample(a, b *Sample) (d, p float64) {
	return KSPValue(KSStatistic(a, b), a.Len(), b.Len())
}

// KSPValue returns the two-sided p-value of a two-sample
// Kolmogorov-Smirnov statistic d for samples of n1 and n2 values, as
// KSTwoSample computes it (with d rounded to the lattice of the exact
// distribution when that is used, and returned).
func KSPValue(d float64, n1, n2 int) (float64, float64) {
	var p float64
	if max(n1, n2) <= KSMaxExactN {
		if dd, pp, ok := ksExact(n1, n2, d); ok {
			return dd, math.Min(math.Max(pp, 0), 1)
		}
	}
	m, n := float64(max(n1, n2)), float64(min(n1, n2))
	en := m * n / (m + n)
	p = kolmogorovSF(int(math.RoundToEven(en)), d)
	return d, math.Min(math.Max(p, 0), 1)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// ksExact is SciPy's _attempt_exact_2kssamp for the two-sided case.
func ksExact(n1, n2 int, d float64) (float64, float64, bool) {
	g := gcd(n1, n2)
	lcm := float64(n1/g) * float64(n2)
	h := int(math.RoundToEven(d * lcm))
	d = float64(h) / lcm
	if h == 0 {
		return d, 1, true
	}
	var p float64
	if n1 == n2 {
		p = probOutsideSquare(n1, h)
	} else {
		p = outerProbInside(n1, n2, g, h)
	}
	if math.IsNaN(p) || math.IsInf(p, 0) || p < 0 || p > 1 {
		return d, math.NaN(), false
	}
	return d, p, true
}

// probOutsideSquare is P(D_{n,n} >= h/n) in Horner form
// (SciPy's _compute_prob_outside_square):
//
//	P = 2 A0 (1 - A1 (1 - A2 (1 - ...))),  A_k = Π_j (n-kh-j)/(n+kh+j+1)
func probOutsideSquare(n, h int) float64 {
	P := 0.0
	for k := n / h; k >= 0; k-- {
		p1 := 1.0
		for j := range h {
			p1 = float64(n-k*h-j) * p1 / float64(n+k*h+j+1)
		}
		P = p1 * (1 - P)
	}
	return 2 * P
}

// outerProbInside is SciPy's _compute_outer_prob_inside_method: the
// proportion of lattice paths from (0,0) to (m,n) that leave the band
// |x/m - y/n| < h/lcm(m,n), computed as 1-p column by column.
func outerProbInside(m, n, g, h int) float64 {
	if m < n {
		m, n = n, m
	}
	mg, ng := m/g, n/g
	minj, maxj := 0, min(int(math.Ceil(float64(h)/float64(mg))), n+1)
	curlen := maxj - minj
	lenA := min(2*maxj+2, n+1)
	A := make([]float64, lenA)
	for i := range A {
		A[i] = 1
	}
	for i := minj; i < min(maxj, lenA); i++ {
		A[i] = 0
	}
	for i := 1; i <= m; i++ {
		lastminj, lastlen := minj, curlen
		minj = max(int(math.Floor(float64(ng*i-h)/float64(mg)))+1, 0)
		minj = min(minj, n)
		maxj = min(int(math.Ceil(float64(ng*i+h)/float64(mg))), n+1)
		if maxj <= minj {
			return 1
		}
		val := 1.0
		if minj == 0 {
			val = 0
		}
		for jj := 0; jj < maxj-minj; jj++ {
			j := jj + minj
			val = (A[jj+minj-lastminj]*float64(i) + val*float64(j)) / float64(i+j)
			A[jj] = val
		}
		curlen = maxj - minj
		if lastlen > curlen {
			for k := maxj - minj; k < min(maxj-minj+(lastlen-curlen), lenA); k++ {
				A[k] = 1
			}
		}
	}
	return A[maxj-minj-1]
}

// computeKS is Evidently's ks: the p-value of ks_2samp, drift when p <= threshold.
func computeKS(in Input, _ Options) (Stat, error) {
	d, p := KSTwoSample(in.Reference, in.Current)
	return pvalueStat(d, p), nil
}

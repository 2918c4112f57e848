package stattest

import "math"

// JensenShannon returns the Jensen-Shannon distance between two
// frequency vectors, renormalised to sum to 1, with natural logarithms
// (scipy.spatial.distance.jensenshannon, base=None):
//
//	m  = (p + q) / 2
//	JS = sqrt((Σ p·ln(p/m) + Σ q·ln(q/m)) / 2)      in [0, sqrt(ln 2)]
func JensenShannon(p, q []float64) float64 {
	p, q = normalized(p), normalized(q)
	var left, right float64
	for i := range p {
		m := (p[i] + q[i]) / 2
		left += relEntr(p[i], m)
		right += relEntr(q[i], m)
	}
	return math.Sqrt((left + right) / 2)
}

// KLDivergence returns the Kullback-Leibler divergence KL(p‖q) of two
// frequency vectors, renormalised, natural log (scipy.stats.entropy(p, q)):
//
//	KL = Σ p·ln(p/q)
//
// It is +Inf when some q is 0 where p is not.
func KLDivergence(p, q []float64) float64 {
	p, q = normalized(p), normalized(q)
	var s float64
	for i := range p {
		s += relEntr(p[i], q[i])
	}
	return s
}

// PSI returns the population stability index of reference shares p and
// current shares q (not renormalised):
//
//	PSI = Σ (p - q)·ln(p/q)
func PSI(p, q []float64) float64 {
	var s float64
	for i := range p {
		s += (p[i] - q[i]) * math.Log(p[i]/q[i])
	}
	return s
}

// relEntr is scipy.special.rel_entr.
func relEntr(x, y float64) float64 {
	switch {
	case x > 0 && y > 0:
		return x * math.Log(x/y)
	case x == 0 && y >= 0:
		return 0
	}
	return math.Inf(1)
}

func normalized(p []float64) []float64 {
	s := fsum(p)
	out := make([]float64, len(p))
	for i, v := range p {
		out[i] = v / s
	}
	return out
}

// computeJS: Evidently's jensenshannon on binned shares, no zero filling.
func computeJS(in Input, opts Options) (Stat, error) {
	ref, cur := binnedShares(in, opts, false)
	return distanceStat(JensenShannon(ref, cur)), nil
}

// computeKL: Evidently's kl_div, entropy(ref, cur) on zero-filled shares.
func computeKL(in Input, opts Options) (Stat, error) {
	ref, cur := binnedShares(in, opts, true)
	return distanceStat(KLDivergence(ref, cur)), nil
}

// computePSI: Evidently's psi on zero-filled shares.
func computePSI(in Input, opts Options) (Stat, error) {
	ref, cur := binnedShares(in, opts, true)
	return distanceStat(PSI(ref, cur)), nil
}

package stattest

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// ZProportions returns the pooled two-proportion z statistic and its
// two-sided p-value for k1 successes out of n1 and k2 out of n2:
//
//	p1 = k1/n1, p2 = k2/n2, P = (k1 + k2)/(n1 + n2)
//	z  = (p1 - p2) / sqrt(P(1-P)(1/n1 + 1/n2)),   p = 2·Φ(-|z|)
//
// Evidently writes p = 2(1 - Φ(|z|)), the same number except below about
// 1e-16 where the subtraction loses it.
func ZProportions(k1, n1, k2, n2 float64) (z, p float64) {
	p1, p2 := k1/n1, k2/n2
	P := (p1*n1 + p2*n2) / (n1 + n2)
	z = (p1 - p2) / math.Sqrt(P*(1-P)*(1/n1+1/n2))
	return z, 2 * distuv.UnitNormal.CDF(-math.Abs(z))
}

// computeZ is Evidently's z test: sort the union of values; the first maps
// to 0 and every other value to 1; compare the shares of 1 with
// ZProportions. When both sides hold the same single value, p = 1.
func computeZ(in Input, _ Options) (Stat, error) {
	f := categoryFreq(in)
	if len(f.ref) == 1 {
		return pvalueStat(0, 1), nil
	}
	z, p := ZProportions(f.nRef-f.ref[0], f.nRef, f.nCur-f.cur[0], f.nCur)
	return pvalueStat(z, p), nil
}

package metrics

import "math"

// expCR returns e^x rounded to the nearest float64: x = k·ln2 + r with
// k = round(x/ln2) and |r| <= ln2/2, e^r summed by Horner's rule to 27
// terms (1 + r(1 + r/2(1 + r/3(…)))) in double-double arithmetic, whose
// error stays below 2^-100 relative, then rounded once and scaled by 2^k.
// The result is the correctly rounded value unless e^x lies within 2^-100
// of a rounding midpoint, or is subnormal (x < -708.4, where the scaling
// rounds again).
//
// It exists to train scikit-learn's SGD as the C library would: glibc's
// exp is correctly rounded for all but about 0.07% of arguments, Go's
// math.Exp differs from it for about 13% (measured on 200,000 uniform
// arguments in [-18, 18]), and SGD carries such one-ulp differences from
// epoch to epoch.
func expCR(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return x
	case x > 709.782712893384:
		return math.Inf(1)
	case x < -745.1332191019412:
		return 0
	}
	const (
		ln2Hi = 0.6931471805599453     // float64(ln 2)
		ln2Lo = 2.3190468138462996e-17 // ln 2 - ln2Hi
	)
	k := math.Round(x / math.Ln2)
	ph, pl := twoProd(k, ln2Hi)
	pl += k * ln2Lo
	rh, rl := ddAdd(x, 0, -ph, -pl)
	sh, sl := 1.0, 0.0
	for i := 27; i >= 1; i-- {
		th, tl := ddMul(sh, sl, rh, rl)
		th, tl = ddDiv(th, tl, float64(i))
		sh, sl = ddAdd(1, 0, th, tl)
	}
	return math.Ldexp(sh+sl, int(k))
}

// twoSum returns s = fl(a+b) and the rounding error e, a+b = s+e exactly
// (Knuth).
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	return s, (a - (s - bb)) + (b - bb)
}

// twoProd returns p = fl(a·b) and the rounding error e, a·b = p+e exactly
// (with a fused multiply-add).
func twoProd(a, b float64) (p, e float64) {
	p = a * b
	return p, math.FMA(a, b, -p)
}

// ddMul multiplies double-doubles a and b.
func ddMul(ah, al, bh, bl float64) (float64, float64) {
	p, e := twoProd(ah, bh)
	return twoSum(p, e+ah*bl+al*bh)
}

// ddAdd adds double-doubles a and b.
func ddAdd(ah, al, bh, bl float64) (float64, float64) {
	s, e := twoSum(ah, bh)
	return twoSum(s, e+al+bl)
}

// ddDiv divides double-double a by the float64 d.
func ddDiv(ah, al, d float64) (float64, float64) {
	q := ah / d
	p, e := twoProd(q, d)
	return twoSum(q, (ah-p-e+al)/d)
}

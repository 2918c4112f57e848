package metrics

import "math"

// expCR returns e^x rounded to the nearest float64. With x = k·ln2 + r,
// k = round(x/ln2) and |r| <= ln2/2, it sums e^(r/256) by Horner's rule to
// 10 terms (1 + t(1 + t/2(1 + t/3(…))), t = r/256) and squares the sum 8
// times, all in double-double arithmetic, whose relative error stays below
// 2^-95; then it rounds once and scales by 2^k. The result is the
// correctly rounded value unless e^x lies within 2^-95 of a rounding
// midpoint, or is subnormal (x < -708.4, where the scaling rounds again).
//
// It exists to train scikit-learn's SGD as the C library would: glibc's
// exp is correctly rounded for all but about 0.1% of arguments, Go's
// math.Exp differs from it for about 13% (measured on uniform arguments in
// [-30, 30]; see TestExpCR), and SGD carries such one-ulp differences from
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
	rh, rl = rh/256, rl/256 // exact: a power of two
	sh, sl := 1.0, 0.0
	for i := 10; i >= 1; i-- {
		th, tl := ddMul(sh, sl, rh, rl)
		th, tl = ddDiv(th, tl, float64(i))
		sh, sl = ddAdd(1, 0, th, tl)
	}
	for range 8 {
		sh, sl = ddMul(sh, sl, sh, sl)
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

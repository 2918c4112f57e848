package stattest

import (
	"math"
)

// FisherExact returns the odds ratio and two-sided p-value of Fisher's
// exact test on the 2×2 table [[a, b], [c, d]] (scipy.stats.fisher_exact):
//
//	odds = a·d / (b·c)   (+Inf when b·c = 0)
//	p    = Σ P(X = x) over x with P(X = x) <= P(X = a),
//	       X ~ Hypergeometric(N = a+b+c+d, K = a+b, n = a+c)
//
// As SciPy, a table with a zero row or column sum gives (NaN, 1). Two
// probabilities are taken as equal within a relative 1e-7, so that
// rounding in the log-gamma terms does not drop a tied table.
func FisherExact(a, b, c, d int) (odds, p float64) {
	if a+b == 0 || c+d == 0 || a+c == 0 || b+d == 0 {
		return math.NaN(), 1
	}
	if c > 0 && b > 0 {
		odds = float64(a) * float64(d) / (float64(c) * float64(b))
	} else {
		odds = math.Inf(1)
	}
	n1, n2, n := a+b, c+d, a+c
	lo, hi := max(0, n-n2), min(n, n1)
	// log P(X = x) up to a constant, from the ratio of successive terms
	//	P(x+1)/P(x) = (n1-x)(n-x) / ((x+1)(n2-n+x+1))
	// walked from lo: the rounding grows with |x - lo|·eps, not with the
	// size of the log-gamma terms.
	lw := make([]float64, hi-lo+1)
	for x := lo; x < hi; x++ {
		r := float64(n1-x) * float64(n-x) / (float64(x+1) * float64(n2-n+x+1))
		lw[x-lo+1] = lw[x-lo] + math.Log(r)
	}
	top := math.Inf(-1)
	for _, v := range lw {
		top = math.Max(top, v)
	}
	limit := lw[a-lo] + 1e-7
	var s, total float64
	for _, v := range lw {
		w := math.Exp(v - top)
		total += w
		if v <= limit {
			s += w
		}
	}
	return odds, math.Min(s/total, 1)
}

func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// computeFisher is Evidently's fisher_exact: the union holds at most two
// categories; the first (sorted) is "0", the other "1"; the table is
// [[current ones, current zeros], [reference ones, reference zeros]].
func computeFisher(in Input, _ Options) (Stat, error) {
	f := freqFromCounts(in.Counts)
	if len(f.ref) > 2 {
		return Stat{}, errorf("fisher_exact", ErrTooManyCategories, "%d categories", len(f.ref))
	}
	var ref1, cur1 float64
	if len(f.ref) == 2 {
		ref1, cur1 = f.ref[1], f.cur[1]
	}
	odds, p := FisherExact(int(cur1), int(f.nCur-cur1), int(ref1), int(f.nRef-ref1))
	return pvalueStat(odds, p), nil
}

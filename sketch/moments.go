package sketch

import "math"

// moments are the count, mean and sum of squared deviations of a column's
// finite values, with their minimum and maximum.
//
// Parts are combined with the pairwise update of Chan, Golub and LeVeque
// ("Updating formulae and a pairwise algorithm for computing sample
// variances", COMPSTAT 1982; Stanford STAN-CS-79-773, 1979):
//
//	n    = na + nb
//	δ    = mean_b - mean_a
//	mean = mean_a + δ·nb/n
//	M2   = M2_a + M2_b + δ²·na·nb/n
//
// which is exact in real arithmetic, so the moments of a merge equal the
// moments of the whole up to floating-point rounding (a few ulps), whatever
// the split. Within a chunk the mean and M2 come from two passes over the
// chunk's values (compensated sum, then squared deviations), the accurate
// textbook method.
type moments struct {
	n        int64
	mean, m2 float64
	min, max float64 // meaningful when n > 0
}

// addChunk adds finite values (none NaN or infinite) and returns how
// many are zero. The chunk's mean comes from a sum in four lanes, its M2
// from the corrected two-pass formula Σd² - (Σd)²/n with d = x - mean
// (Chan, Golub and LeVeque 1983, "Algorithms for computing the sample
// variance"), which cancels the error of the first pass's mean.
func (m *moments) addChunk(xs []float64) (zeros int64) {
	n := len(xs)
	if n == 0 {
		return 0
	}
	lo, hi := xs[0], xs[0]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= n; i += 4 {
		a, b, c, d := xs[i], xs[i+1], xs[i+2], xs[i+3]
		s0 += a
		s1 += b
		s2 += c
		s3 += d
		if a < lo {
			lo = a
		}
		if a > hi {
			hi = a
		}
		if b < lo {
			lo = b
		}
		if b > hi {
			hi = b
		}
		if c < lo {
			lo = c
		}
		if c > hi {
			hi = c
		}
		if d < lo {
			lo = d
		}
		if d > hi {
			hi = d
		}
	}
	for ; i < n; i++ {
		s0 += xs[i]
		lo, hi = min(lo, xs[i]), max(hi, xs[i])
	}
	mean := ((s0 + s1) + (s2 + s3)) / float64(n)
	var m2, sd float64
	for _, x := range xs {
		d := x - mean
		sd += d
		m2 += d * d
		if x == 0 {
			zeros++
		}
	}
	m2 -= sd * sd / float64(n)
	mean += sd / float64(n)
	m.merge(moments{n: int64(n), mean: mean, m2: max(m2, 0), min: lo, max: hi})
	return zeros
}

// merge adds the moments of another part (Chan et al.'s update).
func (m *moments) merge(o moments) {
	switch {
	case o.n == 0:
		return
	case m.n == 0:
		*m = o
		return
	}
	// Combine in a canonical order, so that merge(a, b) and merge(b, a)
	// give the same bits.
	a, b := *m, o
	if b.n < a.n || b.n == a.n && (b.mean < a.mean || b.mean == a.mean && b.m2 < a.m2) {
		a, b = b, a
	}
	n := a.n + b.n
	na, nb, nn := float64(a.n), float64(b.n), float64(n)
	d := b.mean - a.mean
	m.mean = a.mean + d*(nb/nn)
	m.m2 = a.m2 + b.m2 + d*d*(na*nb/nn)
	m.n = n
	m.min = math.Min(a.min, b.min)
	m.max = math.Max(a.max, b.max)
}

// sum returns n·mean.
func (m *moments) sum() float64 { return float64(m.n) * m.mean }

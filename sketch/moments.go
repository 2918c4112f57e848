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

// addChunk adds finite values (none NaN or infinite).
func (m *moments) addChunk(xs []float64) {
	if len(xs) == 0 {
		return
	}
	var s, c float64 // Neumaier sum
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		t := s + x
		if math.Abs(s) >= math.Abs(x) {
			c += (s - t) + x
		} else {
			c += (x - t) + s
		}
		s = t
		lo = math.Min(lo, x)
		hi = math.Max(hi, x)
	}
	n := float64(len(xs))
	mean := (s + c) / n
	var m2 float64
	for _, x := range xs {
		d := x - mean
		m2 += d * d
	}
	m.merge(moments{n: int64(len(xs)), mean: mean, m2: m2, min: lo, max: hi})
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

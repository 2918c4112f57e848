// Package repsum sums a value repeated many times, bit for bit as the
// plain loops would, in a few steps per binade instead of one a value: the
// sums over a sorted column kept as runs of equal values (metrics'
// valueRuns, stattest's samples of runs) give the same bits as over the
// written-out values.
package repsum

import "math"

//
// Adding d to x again and again, rounding each time, moves x by the same
// step δ for as long as x stays in one binade [2^e, 2^(e+1)) (where the
// grid of doubles has spacing u = 2^(e-52)) and the rounding is no tie:
// then x+d = (x+δ) + err with the same exact error |err| < u/2 at every
// step, so x+d rounds to x+δ. constSteps finds δ from one real step and
// how many further steps stay inside the binade; those are taken at once,
// x + n·δ being exact. A sum of n values thus costs a few steps per binade
// it crosses instead of n.

// Add returns x after m steps of x = x + d.
func Add(x, d float64, m int) float64 {
	for m > 0 {
		y := x + d
		m--
		if math.Float64bits(y) == math.Float64bits(x) {
			return y // a fixed point
		}
		delta, n := constSteps(x, y, d)
		x = y
		n = min(n, m)
		x += float64(n) * delta // exact
		m -= n
	}
	return x
}

// Neumaier returns s and c after m steps of a Neumaier (compensated)
// sum's loop with value v:
//
//	t := s + v
//	if |s| >= |v| { c += (s - t) + v } else { c += (v - t) + s }
//	s = t
func Neumaier(s, c, v float64, m int) (float64, float64) {
	av := math.Abs(v)
	for m > 0 {
		t := s + v
		if math.Abs(s) >= av {
			c += (s - t) + v
		} else {
			c += (v - t) + s
		}
		m--
		if math.Float64bits(t) == math.Float64bits(s) {
			// s is fixed, and each further step adds the same term to c.
			e := (s - t) + v
			if math.Abs(s) < av {
				e = (v - t) + s
			}
			return t, Add(c, e, m)
		}
		delta, n := constSteps(s, t, v)
		s = t
		n = min(n, m)
		if n == 0 {
			continue
		}
		// Within the batch s - t is exactly -δ, so c gains the same term
		// each step, provided the branch does not change: |s| moves
		// monotonically, so checking both ends is enough.
		last := s + float64(n-1)*delta
		if math.Abs(s) < av || math.Abs(last) < av {
			continue
		}
		e := -delta + v
		s += float64(n) * delta
		c = Add(c, e, n)
		m -= n
	}
	return s, c
}

// constSteps returns, for y = x + d rounded, the step δ = y - x and a
// number n of further steps y, y+δ, ..., y+n·δ that adding d takes for
// sure (0 when it cannot tell).
func constSteps(x, y, d float64) (delta float64, n int) {
	bx, by := math.Float64bits(x), math.Float64bits(y)
	ex := bx >> 52 & 0x7ff
	if bx>>63 != by>>63 || ex != by>>52&0x7ff || ex <= 53 || ex == 0x7ff || x == 0 {
		return 0, 0 // not one binade of normal numbers with a normal spacing
	}
	u := math.Float64frombits((ex - 52) << 52) // spacing of the binade
	lo := math.Float64frombits(ex << 52)       // 2^e
	delta = y - x                              // exact: both on the grid of one binade
	// err = (x + d) - y exactly (Knuth's TwoSum).
	bv := y - x
	av := y - bv
	err := (x - av) + (d - bv)
	if !(math.Abs(err) < u/2) || delta == 0 {
		return 0, 0
	}
	// Room for the next values y + j·δ: inside [lo+u, 2lo-u], so that each
	// exact sum (within u/2 of them) lies inside the binade.
	ay, ad := math.Abs(y), math.Abs(delta)
	var room float64
	if (delta > 0) == (y > 0) {
		room = (2*lo - u) - ay
	} else {
		room = ay - (lo + u)
	}
	if room < ad {
		return delta, 0
	}
	return delta, int(int64(room/u) / int64(ad/u)) // whole multiples of u
}

// Kahan returns s and c after m steps of a Kahan sum's loop with value v:
//
//	y := v - c
//	t := s + y
//	c = (t - s) - y
//	s = t
//
// Once a step leaves c as it was, y is the same at the next step, and for
// as long as adding y moves s by the same δ (constSteps) each step repeats
// it: s gains δ and c stays. Otherwise, runs of steps inside one binade
// follow a closed form (kahanJump); a step that fits neither is taken
// alone, and the closed form is tried again a few steps later.
func Kahan(s, c, v float64, m int) (float64, float64) {
	alone := 0 // further steps to take alone before trying kahanJump again
	for m > 0 {
		if alone > 0 {
			alone--
		} else if m >= kahanJumpMin {
			if s2, c2, n := kahanJump(s, c, v, m); n > 0 {
				s, c, m = s2, c2, m-n
				continue
			}
			alone = 7 // this step and 7 more
		}
		y := v - c
		t := s + y
		nc := (t - s) - y
		m--
		if math.Float64bits(nc) != math.Float64bits(c) {
			s, c = t, nc
			continue
		}
		delta, n := constSteps(s, t, y)
		s = t
		if n = min(n, m); n > 0 {
			s += float64(n) * delta // exact
			m -= n
		}
	}
	return s, c
}

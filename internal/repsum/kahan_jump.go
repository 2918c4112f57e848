package repsum

import (
	"math"
	"math/bits"
)

// Kahan's loop in closed form. Kahan feeds its compensation back into the
// next term (y = v - c), so c changes at almost every step and constSteps
// seldom applies: a run of a million equal values took a million steps.
// But while s stays in one binade, with spacing u, and y is exact, the
// steps are a first-order error feedback whose partial sums are known:
//
// Let A_k = k·v - c₀ (exact) and S_k = Σ_{j≤k} δ_j, where δ_j = t - s is
// what step j adds to s. If S_{k-1} = round_u(A_{k-1}), then c_{k-1} =
// S_{k-1} - A_{k-1}, so y_k = v - c_{k-1} = A_k - S_{k-1} and, S_{k-1}
// being on the grid of u, δ_k = round_u(y_k) = round_u(A_k) - S_{k-1}.
// Hence S_k = round_u(A_k) and c_k = S_k - A_k for every k, by induction
// from S_0 = 0 (which needs |c₀| <= u/2). After n steps
//
//	s_n = s₀ + round_u(n·v - c₀),   c_n = round_u(n·v - c₀) - (n·v - c₀).
//
// This holds when every operation of the loop is exact or rounds as
// assumed, which kahanJump checks before it jumps:
//   - y = v - c is exact: v, c and u lie on the grid of g = ulp(v), and
//     |v| + u/2 < 2^53·g;
//   - t = s + y rounds to the grid of u as s's binade does: the exact sum,
//     s₀ + A_k, stays at least u inside the binade for k = 1..n (A_k is
//     linear in k, so the ends are enough);
//   - no rounding is a tie, which round-half-even would break by s's
//     parity: A_k ≢ u/2 (mod u) for k = 1..n;
//   - t - s and (t - s) - y are exact (Sterbenz; |c| <= u/2 on the grid g).
// All of it is integer arithmetic in units of g.

// kahanJumpMin is the shortest run for which kahanJump is tried; shorter
// ones cost less a step at a time.
const kahanJumpMin = 16

// kahanJump returns s and c after n steps of Kahan's loop with value v,
// for the largest n <= m it can take at once by the closed form above
// (n = 0 when it can take none).
func kahanJump(s, c, v float64, m int) (s2, c2 float64, n int) {
	if m < 2 || v == 0 || s == 0 {
		return 0, 0, 0
	}
	// The loop is symmetric under negation (round-half-even is), except
	// for the sign of a zero c, set below.
	neg := s < 0
	if neg {
		s, c, v = -s, -c, -v
	}
	bs, bv := math.Float64bits(s), math.Float64bits(v)
	es, ev := int(bs>>52&0x7ff), int(bv>>52&0x7ff)
	// s and v normal, with normal spacings (ulp = 2^(e-1075)).
	if es <= 53 || es == 0x7ff || ev <= 53 || ev == 0x7ff {
		return 0, 0, 0
	}
	a := es - ev // u = 2^a · g
	if a < 0 || a > 52 {
		return 0, 0, 0
	}
	half := int64(1) << a >> 1 // u/2 in units of g (0 when u = g)
	mv := int64(bv&(1<<52-1) | 1<<52)
	vv := mv // v in units of g
	if bv>>63 != 0 {
		vv = -mv
	}
	if mv+half >= 1<<53 {
		return 0, 0, 0 // y may leave v's binade and round
	}
	c0, ok := unitsOf(c, ev)
	if !ok || c0 > half || -c0 > half {
		return 0, 0, 0
	}

	// Steps before the first tie, if any: k·V ≡ u/2 + c₀ (mod 2^a).
	limit := min(int64(m), (1<<62)/mv) // |n·V| < 2^62
	if a > 0 {
		mask := uint64(1)<<a - 1
		r := uint64(half+c0) & mask
		b := bits.TrailingZeros64(uint64(vv))
		switch {
		case b >= a:
			if r == 0 {
				return 0, 0, 0 // a tie at every step
			}
		case r&(1<<b-1) == 0:
			// k ≡ (r/2^b)·(V/2^b)⁻¹ (mod 2^(a-b)) ties.
			period := uint64(1) << (a - b)
			k := (r >> b) * oddInverse(uint64(vv)>>b) & (period - 1)
			if k == 0 {
				k = period
			}
			limit = min(limit, int64(k)-1)
		}
	}

	// Room in the binade: the exact sums s₀ + A_k, in units of u, must
	// stay within [2^52 + 1, 2^53 - 1].
	ms := int64(bs&(1<<52-1) | 1<<52) // s in units of u
	lowRoom, highRoom := ms-(1<<52+1), (1<<53-1)-ms
	room := highRoom
	if vv < 0 {
		room = lowRoom
	}
	// A first guess from floats (exact enough, and checked exactly below).
	est := (float64(room)*float64(int64(1)<<a) - math.Abs(float64(c0))) / float64(mv)
	if est-2 < float64(limit) {
		limit = int64(est) - 2
	}
	if limit < 2 {
		return 0, 0, 0
	}
	n64 := limit
	a1, an := vv-c0, n64*vv-c0
	for _, x := range [2]int64{a1, an} {
		if x>>a < -lowRoom || -(-x>>a) > highRoom { // floor, ceil of x/2^a
			return 0, 0, 0
		}
	}
	sn := an
	if a > 0 {
		sn = (an + half) >> a << a // nearest multiple of 2^a: no tie at n
	}
	u := math.Float64frombits(uint64(es-52) << 52)
	g := math.Float64frombits(uint64(ev-52) << 52)
	s2 = s + float64(sn>>a)*u // exact: a sum on the grid inside the binade
	c2 = float64(sn-an) * g   // exact: |sn - an| <= 2^(a-1) < 2^53, times a power of two
	if neg {
		s2, c2 = -s2, -c2
	}
	if c2 == 0 {
		c2 = 0 // (t - s) - y is +0 when it is zero
	}
	return s2, c2, int(n64)
}

// unitsOf returns x / 2^(e-1075) as an integer, where e is the exponent
// field of a normal double, when x is a normal double (or zero) on that
// grid and the quotient is below 2^62; ok is false otherwise.
func unitsOf(x float64, e int) (int64, bool) {
	if x == 0 {
		return 0, true
	}
	bx := math.Float64bits(x)
	ex := int(bx >> 52 & 0x7ff)
	if ex == 0 || ex == 0x7ff {
		return 0, false
	}
	mx := bx&(1<<52-1) | 1<<52
	var q uint64
	switch d := ex - e; {
	case d >= 0:
		if d > 9 {
			return 0, false // at least 2^61: never within u/2 here
		}
		q = mx << d
	default:
		if -d > 52 || mx&(1<<-d-1) != 0 {
			return 0, false // bits below the grid
		}
		q = mx >> -d
	}
	if bx>>63 != 0 {
		return -int64(q), true
	}
	return int64(q), true
}

// oddInverse returns the inverse of an odd x modulo 2^64 (Newton's
// iteration, each step doubling the correct low bits from 3).
func oddInverse(x uint64) uint64 {
	inv := x
	for range 5 {
		inv *= 2 - x*inv
	}
	return inv
}

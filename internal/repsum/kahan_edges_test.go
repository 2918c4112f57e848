package repsum

import (
	"math"
	"math/rand/v2"
	"testing"
)

// edgeCase draws states at the edges of kahanJump's conditions: s at
// either end of its binade (either sign, exponents from near the
// subnormals to near overflow), v with one to a few significant bits or
// with |v| + u/2 just below or at 2^53 ulp(v), c at ±u/2, one grid step
// inside, or an odd number of grid steps, so that ties come at the first
// step, the last, or never.
func edgeCase(r *rand.Rand) (s, c, v float64, m int) {
	e := []int{-1020, -1000, -900, -60, -1, 0, 1, 52, 53, 60, 900, 1000, 1022}[r.IntN(13)] + r.IntN(3) - 1
	e = max(min(e, 1022), -1021)
	u := math.Ldexp(1, e-52)
	switch r.IntN(4) {
	case 0:
		s = math.Ldexp(1, e) + float64(r.IntN(4))*u
	case 1:
		s = math.Ldexp(1, e+1) - float64(r.IntN(4)+1)*u
	case 2:
		s = math.Ldexp(1, e) + float64(r.Int64N(1<<52))*u
	default:
		s = math.Ldexp(1, e+1) - float64(r.IntN(1<<20)+1)*u
	}
	a := r.IntN(56) - 1 // u = 2^a ulp(v), a few outside 0..52
	g := math.Ldexp(u, -a)
	switch r.IntN(4) {
	case 0: // one to a few bits
		v = float64(1+r.IntN(15)) * math.Ldexp(g, 52-r.IntN(4))
	case 1: // |v| + u/2 near 2^53 g
		half := math.Ldexp(u, -1)
		v = math.Ldexp(g, 53) - half/g*g - float64(r.IntN(3)-1)*g
	case 2:
		v = math.Ldexp(g, 52) + float64(r.Int64N(1<<52))*g
	default:
		v = math.Ldexp(g, 52) * (1 + float64(r.IntN(8))/8)
	}
	switch r.IntN(6) {
	case 0:
		c = 0
	case 1:
		c = u / 2
	case 2:
		c = -u / 2
	case 3:
		c = u/2 - g
	case 4:
		c = float64(2*r.Int64N(1<<min(max(a-1, 0), 50))+1) * g
		if math.Abs(c) > u/2 {
			c = g
		}
	default:
		c = (r.Float64() - 0.5) * u
	}
	if r.IntN(2) == 0 {
		c = -c
	}
	if r.IntN(2) == 0 {
		s = -s
	}
	if r.IntN(2) == 0 {
		v = -v
	}
	return s, c, v, 2 + r.IntN(3000)
}

// TestKahanJumpEdges checks kahanJump against the loop at the edges of
// its conditions, and Kahan itself on a sample.
func TestKahanJumpEdges(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 7))
	jumps := 0
	for i := range 400_000 {
		s, c, v, m := edgeCase(r)
		if math.IsInf(s, 0) || math.IsInf(v, 0) || v == 0 {
			continue
		}
		gs, gc, n := kahanJump(s, c, v, m)
		if n < 0 || n > m {
			t.Fatalf("kahanJump(%v, %v, %v, %d) took %d steps", s, c, v, m, n)
		}
		if n > 0 {
			jumps++
			ws, wc := loopKahan(s, c, v, n)
			if !sameBits(gs, ws) || !sameBits(gc, wc) {
				t.Fatalf("kahanJump(%x, %x, %x, %d) = %x, %x after %d steps; the loop gives %x, %x",
					s, c, v, m, gs, gc, n, ws, wc)
			}
		}
		if i%8 == 0 {
			gs, gc := Kahan(s, c, v, m)
			ws, wc := loopKahan(s, c, v, m)
			if !sameBits(gs, ws) || !sameBits(gc, wc) {
				t.Fatalf("Kahan(%x, %x, %x, %d) = %x, %x; the loop gives %x, %x", s, c, v, m, gs, gc, ws, wc)
			}
		}
	}
	if jumps < 10_000 {
		t.Fatalf("only %d jumps: the cases miss kahanJump's domain", jumps)
	}
	t.Logf("%d jumps", jumps)
}

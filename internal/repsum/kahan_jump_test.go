package repsum

import (
	"math"
	"math/rand/v2"
	"testing"
)

// jumpCase draws a state of a Kahan sum as the statistics meet it: s
// well above v, c a compensation of s's binade (on v's grid or off it),
// v with few or many bits and either sign, and long runs.
func jumpCase(r *rand.Rand) (s, c, v float64, m int) {
	v = r.NormFloat64() * math.Ldexp(1, r.IntN(40)-20)
	switch r.IntN(4) {
	case 0:
		v = math.Round(v) // few bits: ties are likely
	case 1:
		v = math.Ldexp(math.Round(math.Ldexp(v, 8)), -8)
	}
	s = math.Abs(v) * math.Ldexp(1+r.Float64(), r.IntN(40))
	if r.IntN(3) == 0 {
		s = -s
	}
	u := math.Ldexp(1, math.Ilogb(s)-52)
	switch r.IntN(8) {
	case 0: // at a binade's lower edge
		s = math.Copysign(math.Ldexp(1, math.Ilogb(s))+float64(r.IntN(8))*u, s)
	case 1: // a few steps below its upper edge
		s = math.Copysign(math.Ldexp(1, math.Ilogb(s)+1)-float64(r.IntN(256)+1)*u, s)
		v = math.Copysign(u*(2+r.Float64()*30), s) // coarse enough to jump (u <= 2^51 ulp(v))
	}
	switch r.IntN(4) {
	case 0:
		c = 0
	case 1:
		c = (r.Float64() - 0.5) * u // off v's grid, mostly
	default:
		g := math.Ldexp(1, math.Ilogb(v)-52)
		c = math.Round((r.Float64()-0.5)*u/g) * g // on v's grid
	}
	if r.IntN(2) == 0 {
		v = -v
	}
	return s, c, v, 2 + r.IntN(5000)
}

// TestKahanJumpMatchesLoop checks every jump kahanJump takes against the
// loop, and that it takes them where the statistics need them.
func TestKahanJumpMatchesLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 13))
	jumps := 0
	const cases = 300_000
	for range cases {
		s, c, v, m := jumpCase(r)
		gs, gc, n := kahanJump(s, c, v, m)
		if n == 0 {
			continue
		}
		if n < 0 || n > m {
			t.Fatalf("kahanJump(%v, %v, %v, %d) took %d steps", s, c, v, m, n)
		}
		jumps++
		ws, wc := loopKahan(s, c, v, n)
		if !sameBits(gs, ws) || !sameBits(gc, wc) {
			t.Fatalf("kahanJump(%v, %v, %v, %d) = %v, %v after %d steps; the loop gives %v, %v", s, c, v, m, gs, gc, n, ws, wc)
		}
	}
	if jumps < cases/4 {
		t.Fatalf("kahanJump jumped in %d of %d cases; want at least a quarter", jumps, cases)
	}
}

// TestKahanJumpsOverARun: the sum of squared deviations over a run of a
// million equal values takes jumps, not a million steps.
func TestKahanJumpsOverARun(t *testing.T) {
	s, c := 12345.678, 0.0
	v := 0.123456789 * 0.123456789
	steps := 0
	for m := 1_000_000; m > 0; steps++ {
		s2, c2, n := kahanJump(s, c, v, m)
		if n == 0 {
			s2, c2 = loopKahan(s, c, v, 1)
			n = 1
		}
		s, c, m = s2, c2, m-n
	}
	ws, wc := loopKahan(12345.678, 0, v, 1_000_000)
	if !sameBits(s, ws) || !sameBits(c, wc) {
		t.Fatalf("sum %v, %v; the loop gives %v, %v", s, c, ws, wc)
	}
	if steps > 5000 {
		t.Fatalf("%d calls for a run of 1,000,000; want at most 5,000", steps)
	}
}

func FuzzKahan(f *testing.F) {
	f.Add(12345.678, 0.0, 0.015241578750190521, 3000)
	f.Add(-1e10, 1e-7, 3.5, 100000)
	f.Add(1.0, 0.0, 1e-300, 10)
	f.Add(-0x1.fffffffffffffp+0, 0x1p-53, 0x1p-52, 5000)      // s at its binade's top, c = u/2: a tie at once
	f.Add(0x1p+60, -0x1p+7, 0x1.fffffffffffffp+9, 3000)       // |v| + u/2 at 2^53 ulp(v)
	f.Add(-0x1.0000000000001p-1000, 0.0, 0x1.8p-1030, 100000) // near the subnormals, v of two bits
	f.Fuzz(func(t *testing.T, s, c, v float64, m int) {
		if m < 0 || m > 200_000 {
			t.Skip()
		}
		gs, gc := Kahan(s, c, v, m)
		ws, wc := loopKahan(s, c, v, m)
		if !sameBits(gs, ws) || !sameBits(gc, wc) {
			t.Fatalf("Kahan(%v, %v, %v, %d) = %v, %v; want %v, %v", s, c, v, m, gs, gc, ws, wc)
		}
	})
}

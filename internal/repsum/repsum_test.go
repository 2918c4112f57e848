package repsum

import (
	"math"
	"math/rand/v2"
	"testing"
)

func loopAdd(x, d float64, m int) float64 {
	for range m {
		x += d
	}
	return x
}

func loopKahan(s, c, v float64, m int) (float64, float64) {
	for range m {
		y := v - c
		t := s + y
		c = (t - s) - y
		s = t
	}
	return s, c
}

func loopNeumaier(s, c, v float64, m int) (float64, float64) {
	for range m {
		t := s + v
		if math.Abs(s) >= math.Abs(v) {
			c += (s - t) + v
		} else {
			c += (v - t) + s
		}
		s = t
	}
	return s, c
}

// repeatCase draws a start, a value and a count that stress the batching:
// signs that meet, zeros of both signs, ties at half a spacing, values far
// smaller or larger than the start, subnormals and huge values.
func repeatCase(r *rand.Rand) (x, d float64, m int) {
	pick := func() float64 {
		switch r.IntN(10) {
		case 0:
			return 0
		case 1:
			return math.Copysign(0, -1)
		case 2:
			return math.Ldexp(float64(r.IntN(9)-4), r.IntN(80)-40) // few bits: ties likely
		case 3:
			return r.NormFloat64() * 1e300
		case 4:
			return math.SmallestNonzeroFloat64 * float64(r.IntN(100)-50)
		case 5:
			return float64(r.IntN(2001) - 1000)
		default:
			return r.NormFloat64() * math.Ldexp(1, r.IntN(60)-30)
		}
	}
	x, d = pick(), pick()
	if r.IntN(4) == 0 {
		// d at exactly half a spacing of x, or just off it.
		e := math.Ilogb(x)
		if x != 0 && e > -1000 {
			d = math.Ldexp(1, e-53) * float64(r.IntN(7)-3)
			if r.IntN(2) == 0 {
				d = math.Nextafter(d, math.Inf(1))
			}
		}
	}
	return x, d, r.IntN(3000)
}

func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

func TestAddMatchesLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for range 200_000 {
		x, d, m := repeatCase(r)
		if got, want := Add(x, d, m), loopAdd(x, d, m); !sameBits(got, want) {
			t.Fatalf("Add(%v, %v, %d) = %v, want %v", x, d, m, got, want)
		}
	}
}

func TestNeumaierMatchesLoop(t *testing.T) {
	compensatedMatchesLoop(t, 10, "Neumaier", Neumaier, loopNeumaier)
}

func TestKahanMatchesLoop(t *testing.T) {
	compensatedMatchesLoop(t, 12, "Kahan", Kahan, loopKahan)
}

// compensatedMatchesLoop checks a compensated sum against its plain loop,
// with a compensation term or without.
func compensatedMatchesLoop(t *testing.T, seed uint64, name string, got, want func(s, c, v float64, m int) (float64, float64)) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, seed))
	for range 200_000 {
		s, v, m := repeatCase(r)
		c := 0.0
		if r.IntN(2) == 0 {
			c, _, _ = repeatCase(r)
			c *= 1e-17
		}
		gs, gc := got(s, c, v, m)
		ws, wc := want(s, c, v, m)
		if !sameBits(gs, ws) || !sameBits(gc, wc) {
			t.Fatalf("%s(%v, %v, %v, %d) = %v, %v; want %v, %v", name, s, c, v, m, gs, gc, ws, wc)
		}
	}
}

// Long sums cross many binades and take the batches a column of millions
// of rows takes.
func TestRepeatedSumsOverLongRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	for range 200 {
		var gs, gc, ws, wc, ga, wa, gk, gkc, wk, wkc float64
		for range 20 {
			v := float64(r.IntN(5000)-1000) * []float64{1, 0.1, 1e-9, 1e12}[r.IntN(4)]
			m := r.IntN(50_000)
			gs, gc = Neumaier(gs, gc, v, m)
			ws, wc = loopNeumaier(ws, wc, v, m)
			ga, wa = Add(ga, v*v, m), loopAdd(wa, v*v, m)
			gk, gkc = Kahan(gk, gkc, v*v, m)
			wk, wkc = loopKahan(wk, wkc, v*v, m)
		}
		if !sameBits(gs, ws) || !sameBits(gc, wc) || !sameBits(ga, wa) || !sameBits(gk, wk) || !sameBits(gkc, wkc) {
			t.Fatalf("long sums: %v %v %v %v %v, want %v %v %v %v %v", gs, gc, ga, gk, gkc, ws, wc, wa, wk, wkc)
		}
	}
}

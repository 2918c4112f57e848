package stattest

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// cdfDistancesByDistinct is the walk over distinct values that
// CDFDistances' one-value-at-a-time merge replaced: the reference its sums
// must equal bit for bit.
func cdfDistancesByDistinct(a, b []float64) (l1, l2 float64) {
	na, nb := float64(len(a)), float64(len(b))
	var s1, s2 float64
	ca, cb := 0, 0
	prev := math.NaN()
	walkDistinct(a, b, func(x float64, ka, kb int) {
		if ca+cb > 0 {
			d := float64(ca)/na - float64(cb)/nb
			dx := x - prev
			s1 += math.Abs(d) * dx
			s2 += d * d * dx
		}
		ca += ka
		cb += kb
		prev = x
	})
	return s1, math.Sqrt(s2)
}

func TestCDFDistancesMatchesDistinctWalk(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 13))
	draws := map[string]func() float64{
		"normal":  r.NormFloat64,
		"ties":    func() float64 { return float64(r.IntN(9)) - 4 },
		"zeros":   func() float64 { return math.Copysign(float64(r.IntN(2)), float64(r.IntN(2))-0.5) },
		"shifted": func() float64 { return r.NormFloat64()*3 + 1 },
	}
	for _, na := range []int{0, 1, 2, 17, 1000} {
		for _, nb := range []int{0, 1, 5, 1000} {
			if na+nb == 0 {
				continue
			}
			for name, draw := range draws {
				a, b := drawSorted(na, draw), drawSorted(nb, draw)
				u, v := &Sample{sorted: a}, &Sample{sorted: b}
				l1, l2 := CDFDistances(u, v)
				w1, w2 := cdfDistancesByDistinct(a, b)
				if math.Float64bits(l1) != math.Float64bits(w1) || math.Float64bits(l2) != math.Float64bits(w2) {
					t.Fatalf("%s %d/%d: CDFDistances = %v, %v; the distinct walk %v, %v", name, na, nb, l1, l2, w1, w2)
				}
			}
		}
	}
}

// TestCDFL1AndStdMatchesApart checks the merged walk of the Wasserstein
// test against its two parts taken apart, bit for bit: CDFDistances' l1
// and the standard deviation of a fresh sample of the same values (and
// its mean and distinct count kept, as computeStats keeps them), with
// either sample the longer, ties, signed zeros, and samples of runs.
func TestCDFL1AndStdMatchesApart(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 17))
	draws := map[string]func() float64{
		"normal":  r.NormFloat64,
		"ties":    func() float64 { return float64(r.IntN(9)) - 4 },
		"zeros":   func() float64 { return math.Copysign(float64(r.IntN(2)), float64(r.IntN(2))-0.5) },
		"shifted": func() float64 { return r.NormFloat64()*3 + 1 },
		"huge":    func() float64 { return r.NormFloat64() * 1e300 },
	}
	for _, na := range []int{0, 1, 2, 17, 1000, 3000} {
		for _, nb := range []int{0, 1, 5, 1000} {
			for name, draw := range draws {
				a, b := drawSorted(na, draw), drawSorted(nb, draw)
				u, v := &Sample{sorted: a}, &Sample{sorted: b}
				l1, std := cdfL1AndStd(u, v)
				w1, _ := CDFDistances(&Sample{sorted: a}, &Sample{sorted: b})
				fresh := &Sample{sorted: a}
				if math.Float64bits(l1) != math.Float64bits(w1) || math.Float64bits(std) != math.Float64bits(fresh.Std()) {
					t.Fatalf("%s %d/%d: cdfL1AndStd = %v, %v; apart %v, %v", name, na, nb, l1, std, w1, fresh.Std())
				}
				same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
				if !same(u.Mean(), fresh.Mean()) || u.Distinct() != fresh.Distinct() || !same(u.Std(), std) {
					t.Fatalf("%s %d/%d: kept mean %v, distinct %d, std %v; a fresh sample's %v, %d, %v",
						name, na, nb, u.Mean(), u.Distinct(), u.Std(), fresh.Mean(), fresh.Distinct(), fresh.Std())
				}
			}
		}
	}
	runs, err := NewRunsSample([]float64{1, 2, 3}, []int{4, 6, 9})
	if err != nil {
		t.Fatal(err)
	}
	plain := &Sample{sorted: []float64{1, 1, 1, 1, 2, 2, 3, 3, 3}}
	other := &Sample{sorted: []float64{0.5, 2, 2.5}}
	l1, std := cdfL1AndStd(runs, other)
	w1, _ := CDFDistances(plain, other)
	if math.Float64bits(l1) != math.Float64bits(w1) || math.Float64bits(std) != math.Float64bits(plain.Std()) {
		t.Fatalf("runs: cdfL1AndStd = %v, %v; apart %v, %v", l1, std, w1, plain.Std())
	}
}

// drawSorted returns n values of draw, sorted.
func drawSorted(n int, draw func() float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = draw()
	}
	slices.Sort(x)
	return x
}

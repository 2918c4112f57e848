package stattest

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestDistinctUnionMatchesWalk counts the distinct values of two samples'
// union as walkDistinct visits them: ties, -0 beside +0, empty sides.
func TestDistinctUnionMatchesWalk(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	draw := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			switch r.IntN(5) {
			case 0:
				s[i] = math.Copysign(0, -1)
			case 1:
				s[i] = 0
			default:
				s[i] = float64(r.IntN(30)) / 4
			}
		}
		slices.Sort(s)
		return s
	}
	for _, sizes := range [][2]int{{0, 0}, {0, 5}, {7, 0}, {1, 1}, {50, 80}, {1000, 3}} {
		a, b := newSorted(draw(sizes[0])), newSorted(draw(sizes[1]))
		want := 0
		walkDistinct(a.sorted, b.sorted, func(float64, int, int) { want++ })
		if got := DistinctUnion(a, b); got != want {
			t.Errorf("sizes %v: DistinctUnion %d, walkDistinct visits %d", sizes, got, want)
		}
		for _, limit := range []int{0, 2, 5, 1000} {
			if got := DistinctUnionUpTo(a, b, limit); got != min(want, limit+1) {
				t.Errorf("sizes %v: DistinctUnionUpTo(%d) %d, want %d", sizes, limit, got, min(want, limit+1))
			}
		}
	}
}

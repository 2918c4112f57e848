package metrics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/telltale-ml/telltale/internal/radixsort"
)

// specialFloats draws values with many ties, NaN, ±Inf, ±0, huge, tiny and
// subnormal values.
func specialFloats(r *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		switch r.IntN(14) {
		case 0:
			x[i] = math.NaN()
		case 1:
			x[i] = math.Inf(1 - 2*r.IntN(2))
		case 2:
			x[i] = math.Copysign(0, -1)
		case 3:
			x[i] = 0
		case 4:
			x[i] = r.NormFloat64() * 1e300
		case 5:
			x[i] = r.NormFloat64() * 1e-300
		case 6:
			x[i] = math.SmallestNonzeroFloat64 * float64(r.IntN(5)-2)
		case 7:
			x[i] = (1 - 2*float64(r.IntN(2))) * math.MaxFloat64
		case 8:
			x[i] = r.NormFloat64()
		default:
			x[i] = float64(r.IntN(40)-20) / 4 // ties
		}
	}
	return x
}

// simpleSortFinite is the plain way: drop NaN and ±Inf, then slices.Sort.
func simpleSortFinite(vals []float64) (sorted []float64, nan, inf int) {
	for _, v := range vals {
		switch {
		case math.IsNaN(v):
			nan++
		case math.IsInf(v, 0):
			inf++
		default:
			sorted = append(sorted, v)
		}
	}
	slices.Sort(sorted)
	return sorted, nan, inf
}

func TestSortFloatsMatchesSlicesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for _, n := range []int{0, 3, 300, 50_000, 600_000} {
		x := specialFloats(r, n)
		orig := slices.Clone(x)
		got, nan, inf := radixsort.SortFloats(x, nil)
		want, wnan, winf := simpleSortFinite(x)
		if nan != wnan || inf != winf || len(got) != len(want) {
			t.Fatalf("n=%d: got %d values, %d NaN, %d Inf; want %d, %d, %d", n, len(got), nan, inf, len(want), wnan, winf)
		}
		for i := range got {
			// Equal values (including -0 and +0) in the same places, and
			// -0 always before +0.
			if got[i] != want[i] || i > 0 && radixsort.FloatKey(got[i-1]) > radixsort.FloatKey(got[i]) {
				t.Fatalf("n=%d: position %d: got %v, want %v", n, i, got[i], want[i])
			}
		}
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(orig[i]) {
				t.Fatalf("input modified at %d", i)
			}
		}
	}
}

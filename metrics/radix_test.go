package metrics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
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

func TestRadixSortUint64MatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{0, 1, 255, 256, 1000, 100_000} {
		for name, draw := range map[string]func() uint64{
			"full":     r.Uint64,
			"narrow":   func() uint64 { return 1<<40 + r.Uint64N(1000) },
			"constant": func() uint64 { return 42 },
			"top byte": func() uint64 { return r.Uint64N(256) << 56 },
		} {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = draw()
			}
			want := slices.Sorted(slices.Values(keys))
			got := radixSortUint64(slices.Clone(keys), make([]uint64, n))
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d %s: radix sort differs from slices.Sort", n, name)
			}
		}
	}
}

func TestFloatKeyOrdersAndInverts(t *testing.T) {
	vals := []float64{math.Inf(-1), -math.MaxFloat64, -1, -math.SmallestNonzeroFloat64, math.Copysign(0, -1), 0,
		math.SmallestNonzeroFloat64, 1, math.MaxFloat64, math.Inf(1)}
	for i, v := range vals {
		if got := keyFloat(floatKey(v)); math.Float64bits(got) != math.Float64bits(v) {
			t.Errorf("keyFloat(floatKey(%v)) = %v", v, got)
		}
		if i > 0 && floatKey(vals[i-1]) >= floatKey(v) {
			t.Errorf("floatKey(%v) >= floatKey(%v)", vals[i-1], v)
		}
	}
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

func TestSortFloatsRadixMatchesSlicesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for _, n := range []int{0, 3, 300, 50_000} {
		x := specialFloats(r, n)
		orig := slices.Clone(x)
		got, nan, inf := sortFloatsRadix(x)
		want, wnan, winf := simpleSortFinite(x)
		if nan != wnan || inf != winf || len(got) != len(want) {
			t.Fatalf("n=%d: got %d values, %d NaN, %d Inf; want %d, %d, %d", n, len(got), nan, inf, len(want), wnan, winf)
		}
		for i := range got {
			// Equal values (including -0 and +0) in the same places, and
			// -0 always before +0.
			if got[i] != want[i] || i > 0 && floatKey(got[i-1]) > floatKey(got[i]) {
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

// BenchmarkRadixSortFloatKeys sorts the keys of a million normal values.
func BenchmarkRadixSortFloatKeys(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 3))
	keys := make([]uint64, 1_000_000)
	for i := range keys {
		keys[i] = floatKey(r.NormFloat64() * 100)
	}
	work, buf := make([]uint64, len(keys)), make([]uint64, len(keys))
	for b.Loop() {
		copy(work, keys)
		radixSortUint64(work, buf)
	}
}

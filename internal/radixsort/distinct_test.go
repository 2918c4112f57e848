package radixsort

import (
	"math"
	"math/rand/v2"
	"testing"
)

// fibonacciInverse is the inverse of fibonacci modulo 2^64: keys made
// from it collide wherever the test wants them.
var fibonacciInverse = func() uint64 {
	inv := uint64(fibonacci)
	for range 6 {
		inv *= 2 - fibonacci*inv
	}
	return inv
}()

func distinctByMap(keys []uint64) int {
	seen := make(map[uint64]struct{}, len(keys))
	for _, k := range keys {
		seen[k] = struct{}{}
	}
	return len(seen)
}

// TestCountDistinctShapes: the shapes that take each path: below the
// sorting threshold and at it, parts counted in a set, parts too large
// for one (values repeated, or keys whose products share a part), the
// key 0 and the largest key, float keys of a few significant digits.
func TestCountDistinctShapes(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 21))
	gen := map[string]func(i int) uint64{
		"random":        func(int) uint64 { return r.Uint64() },
		"few":           func(int) uint64 { return r.Uint64N(37) },
		"one value":     func(int) uint64 { return 12345 },
		"zeros and max": func(i int) uint64 { return []uint64{0, math.MaxUint64, 1, 0}[i%4] },
		"six digits": func(int) uint64 {
			return FloatKey(math.Round(r.NormFloat64()*1e5) / 1e5)
		},
		"one part": func(int) uint64 { // every product in part 5
			return (5<<(64-distinctBits) | r.Uint64N(1<<30)) * fibonacciInverse
		},
		"one part, repeated": func(int) uint64 {
			return (7<<(64-distinctBits) | r.Uint64N(500)) * fibonacciInverse
		},
		"ints": func(int) uint64 { return IntKey(r.Int64N(200_000) - 100_000) },
	}
	for name, g := range gen {
		for _, n := range []int{0, 1, 100, 1<<14 - 1, 1 << 14, 50_000, 300_000} {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = g(i)
			}
			want := distinctByMap(keys)
			if got := CountDistinct(keys, make([]uint64, n)); got != want {
				t.Errorf("%s, n=%d: CountDistinct = %d, want %d", name, n, got, want)
			}
		}
	}
}

func FuzzCountDistinct(f *testing.F) {
	f.Add(uint64(1), uint64(1000), 20_000)
	f.Add(uint64(2), uint64(1)<<40, 70_000)
	f.Fuzz(func(t *testing.T, seed, span uint64, n int) {
		if n < 0 || n > 200_000 || span == 0 {
			t.Skip()
		}
		r := rand.New(rand.NewPCG(seed, span))
		keys := make([]uint64, n)
		for i := range keys {
			keys[i] = r.Uint64N(span) << (seed % 64)
		}
		want := distinctByMap(keys)
		if got := CountDistinct(keys, make([]uint64, n)); got != want {
			t.Fatalf("CountDistinct = %d, want %d", got, want)
		}
	})
}

func distinctBenchKeys() []uint64 {
	r := rand.New(rand.NewPCG(1, 2))
	keys := make([]uint64, 1_000_000)
	for i := range keys {
		keys[i] = FloatKey(math.Round(r.NormFloat64()*1e5) / 1e5)
	}
	return keys
}

func BenchmarkCountDistinct(b *testing.B) {
	src := distinctBenchKeys()
	keys, buf := make([]uint64, len(src)), make([]uint64, len(src))
	for b.Loop() {
		copy(keys, src)
		CountDistinct(keys, buf)
	}
}

func BenchmarkCountDistinctBySort(b *testing.B) {
	src := distinctBenchKeys()
	keys, buf := make([]uint64, len(src)), make([]uint64, len(src))
	for b.Loop() {
		copy(keys, src)
		countSorted(keys, buf)
	}
}

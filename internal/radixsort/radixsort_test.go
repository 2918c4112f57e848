package radixsort

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortMatchesSlicesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{0, 1, 255, 256, 1000, 100_000, 300_000} {
		for name, draw := range map[string]func() uint64{
			"full":     r.Uint64,
			"narrow":   func() uint64 { return 1<<40 + r.Uint64N(1000) },
			"constant": func() uint64 { return 42 },
			"top byte": func() uint64 { return r.Uint64N(256) << 56 },
			// The second level: every key in one run of its high half,
			// runs of about 3, 40 and 1,000 keys, and floats of 6 digits.
			"one high half": func() uint64 { return 7<<32 | r.Uint64N(1<<32) },
			"runs of 3":     func() uint64 { return r.Uint64N(uint64(n/3+1))<<32 | r.Uint64N(1<<32) },
			"runs of 40":    func() uint64 { return r.Uint64N(uint64(n/40+1))<<32 | r.Uint64N(1<<32) },
			"runs of 1000":  func() uint64 { return r.Uint64N(uint64(n/1000+1))<<32 | r.Uint64N(1<<32) },
			"four runs":     func() uint64 { return r.Uint64N(4)<<32 | r.Uint64N(1<<32) },
			// The first, middle and last keys likely share their high half,
			// the others mostly not (the guess of one run is wrong).
			"mostly one high half": func() uint64 {
				if r.IntN(10) == 0 {
					return r.Uint64()
				}
				return 9<<32 | r.Uint64N(1<<32)
			},
			"six digits": func() uint64 {
				return FloatKey(math.Round(r.NormFloat64()*1e5) / 1e5)
			},
		} {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = draw()
			}
			want := slices.Sorted(slices.Values(keys))
			got := Sort(slices.Clone(keys), make([]uint64, n))
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
		if got := KeyFloat(FloatKey(v)); math.Float64bits(got) != math.Float64bits(v) {
			t.Errorf("KeyFloat(FloatKey(%v)) = %v", v, got)
		}
		if i > 0 && FloatKey(vals[i-1]) >= FloatKey(v) {
			t.Errorf("FloatKey(%v) >= FloatKey(%v)", vals[i-1], v)
		}
	}
}

// BenchmarkSortFloatKeys sorts the keys of a million normal values.
func BenchmarkSortFloatKeys(b *testing.B) {
	benchmarkSort(b, func(r *rand.Rand) uint64 {
		return FloatKey(r.NormFloat64() * 100)
	})
}

func TestIntKeyOrdersAndInverts(t *testing.T) {
	vals := []int64{math.MinInt64, math.MinInt64 + 1, -1, 0, 1, math.MaxInt64}
	for i, v := range vals {
		if got := KeyInt(IntKey(v)); got != v {
			t.Errorf("KeyInt(IntKey(%d)) = %d", v, got)
		}
		if i > 0 && IntKey(vals[i-1]) >= IntKey(v) {
			t.Errorf("IntKey(%d) >= IntKey(%d)", vals[i-1], v)
		}
	}
}

func TestCountDistinct(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for _, n := range []int{0, 1, 10, 255, 256, 5000, 100_000} {
		keys := make([]uint64, n)
		want := map[uint64]bool{}
		for i := range keys {
			keys[i] = r.Uint64N(uint64(n/3+1)) << (r.UintN(3) * 20)
			want[keys[i]] = true
		}
		if got := CountDistinct(keys, make([]uint64, n)); got != len(want) {
			t.Errorf("n=%d: CountDistinct = %d, want %d", n, got, len(want))
		}
	}
}

// BenchmarkSortSixDigitKeys sorts the keys of a million normal values of
// six significant digits, as a data file holds them.
func BenchmarkSortSixDigitKeys(b *testing.B) {
	benchmarkSort(b, func(r *rand.Rand) uint64 {
		v := r.NormFloat64()
		scale := math.Pow(10, 5-math.Floor(math.Log10(math.Abs(v))))
		return FloatKey(math.Round(v*scale) / scale)
	})
}

// BenchmarkSortIntKeys sorts the keys of a million integers below 200,000:
// one run of a high half.
func BenchmarkSortIntKeys(b *testing.B) {
	benchmarkSort(b, func(r *rand.Rand) uint64 {
		return IntKey(int64(r.IntN(200_000)))
	})
}

// BenchmarkSortDayOfNanos sorts the keys of a million times in
// nanoseconds spread over one day: runs of about 50 keys that share their
// high half.
func BenchmarkSortDayOfNanos(b *testing.B) {
	benchmarkSort(b, func(r *rand.Rand) uint64 {
		return IntKey(1_764_000_000_000_000_000 + r.Int64N(86_400e9))
	})
}

// benchmarkSort sorts a million keys that draw makes.
func benchmarkSort(b *testing.B, draw func(r *rand.Rand) uint64) {
	r := rand.New(rand.NewPCG(3, 3))
	keys := make([]uint64, 1_000_000)
	for i := range keys {
		keys[i] = draw(r)
	}
	work, buf := make([]uint64, len(keys)), make([]uint64, len(keys))
	for b.Loop() {
		copy(work, keys)
		Sort(work, buf)
	}
}

// BenchmarkSortFullKeys sorts a million random keys: every top 16 bits
// taken, buckets of ~15 keys.
func BenchmarkSortFullKeys(b *testing.B) {
	benchmarkSort(b, func(r *rand.Rand) uint64 { return r.Uint64() })
}

// BenchmarkSortUnitFloatKeys sorts the keys of a million uniform values
// in [0, 1): buckets of their top 16 bits of up to ~31,000 keys.
func BenchmarkSortUnitFloatKeys(b *testing.B) {
	benchmarkSort(b, func(r *rand.Rand) uint64 { return FloatKey(r.Float64()) })
}

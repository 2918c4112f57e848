package radixsort

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// checkMSD sorts a copy of keys by sortMSD itself, whatever spreadByTop
// would choose, and fails unless the result is slices.Sort's.
func checkMSD(t *testing.T, name string, keys []uint64) {
	t.Helper()
	want := slices.Sorted(slices.Values(keys))
	buf := make([]uint64, len(keys))
	for i := range buf {
		buf[i] = 0xdeadbeef
	}
	if got := sortMSD(slices.Clone(keys), buf); !slices.Equal(got, want) {
		t.Fatalf("%s (n=%d): sortMSD differs from slices.Sort", name, len(keys))
	}
}

// bucketKeys returns keys in buckets of the given sizes: bucket i has the
// top 16 bits 3+7i and below them draw's bits, shuffled.
func bucketKeys(r *rand.Rand, sizes []int, draw func() uint64) []uint64 {
	var keys []uint64
	for i, size := range sizes {
		for range size {
			keys = append(keys, uint64(3+7*i)<<msdShift|draw()&(1<<msdShift-1))
		}
	}
	r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	return keys
}

// The ways of a bucket: insertion up to 64 keys, two 8-bit passes up to
// msdMaxBucket keys, the whole of Sort above; the insertion pass that
// finishes a bucket and the runs of one high half that it gives up on;
// digits of bits 32-47 the same in every key of a bucket (passes skipped).
func TestSortMSDBuckets(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	lows := map[string]func() uint64{
		"random":              r.Uint64,
		"bits 32-39 only":     func() uint64 { return r.Uint64N(1<<8)<<32 | r.Uint64N(1<<32) },
		"bits 40-47 only":     func() uint64 { return r.Uint64N(1<<8)<<40 | r.Uint64N(1<<32) },
		"one high half":       func() uint64 { return 0x1234<<32 | r.Uint64N(1<<32) },
		"three high halves":   func() uint64 { return r.Uint64N(3)<<37 | r.Uint64N(1<<32) },
		"few keys":            func() uint64 { return r.Uint64N(5) << 30 },
		"equal":               func() uint64 { return 0xabcdef },
		"low half only 8 bit": func() uint64 { return r.Uint64N(1 << 8) },
	}
	for name, low := range lows {
		for _, sizes := range [][]int{
			{1, 2, 63, 64, 65, 300},
			{msdMaxBucket - 1, 5, msdMaxBucket, 1, msdMaxBucket + 1},
			{3*msdMaxBucket + 17},
			{1000, 1000, 1000, 1000},
		} {
			checkMSD(t, name, bucketKeys(r, sizes, low))
		}
	}
}

// Sort's choice between sortMSD and the three passes, and both results:
// keys spread over many top values, in buckets at and over the size
// limit, in one huge bucket, all equal, spanning all 65,536 top values,
// and counts just below and above msdMinKeys.
func TestSortChoosesMSD(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 12))
	normal := func() uint64 { return FloatKey(r.NormFloat64() * 100) }
	cases := []struct {
		name   string
		keys   func(n int) []uint64
		spread bool
	}{
		{"normal floats", func(n int) []uint64 { return draw(n, normal) }, true},
		{"unit floats", func(n int) []uint64 { return draw(n, func() uint64 { return FloatKey(r.Float64()) }) }, true},
		{"six digits", func(n int) []uint64 {
			return draw(n, func() uint64 { return FloatKey(math.Round(r.NormFloat64()*1e5) / 1e5) })
		}, true},
		{"all top values", func(n int) []uint64 {
			return draw(n, func() uint64 { return r.Uint64N(1<<16)<<msdShift | r.Uint64N(1<<msdShift) })
		}, true},
		{"every top value", func(n int) []uint64 {
			keys := draw(n, r.Uint64)
			for i := range keys {
				keys[i] = uint64(i%(1<<16))<<msdShift | keys[i]&(1<<msdShift-1)
			}
			return keys
		}, true},
		{"one huge bucket", func(n int) []uint64 {
			return draw(n, func() uint64 { return 0x4059<<msdShift | r.Uint64N(1<<msdShift) })
		}, false},
		{"half in one bucket", func(n int) []uint64 {
			return draw(n, func() uint64 {
				if r.IntN(2) == 0 {
					return 0x4059<<msdShift | r.Uint64N(1<<20)
				}
				return normal()
			})
		}, false},
		{"a tenth in one bucket", func(n int) []uint64 {
			return draw(n, func() uint64 {
				if r.IntN(10) == 0 {
					return 0x4059<<msdShift | r.Uint64N(1<<20)
				}
				return normal()
			})
		}, true},
		{"all equal", func(n int) []uint64 { return draw(n, func() uint64 { return 0x4059_1234_5678_9abc }) }, false},
		{"small integers", func(n int) []uint64 { return draw(n, func() uint64 { return IntKey(r.Int64N(200_000)) }) }, false},
		{"day of nanos", func(n int) []uint64 {
			return draw(n, func() uint64 { return IntKey(1_764_000_000_000_000_000 + r.Int64N(86_400e9)) })
		}, false},
	}
	for _, c := range cases {
		for _, n := range []int{msdMinKeys - 1, msdMinKeys, msdMinKeys + 1, 1_000_000} {
			keys := c.keys(n)
			if n >= msdMinKeys {
				if got := spreadByTop(keys); got != c.spread {
					t.Errorf("%s (n=%d): spreadByTop = %v, want %v", c.name, n, got, c.spread)
				}
			}
			checkSort(t, c.name, keys, 0)
			if n == msdMinKeys {
				checkMSD(t, c.name, keys)
			}
		}
	}
}

// draw returns n keys that f makes.
func draw(n int, f func() uint64) []uint64 {
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = f()
	}
	return keys
}

// FuzzSortMSD sorts keys made from the fuzzer's bytes by sortMSD: a count,
// a number of top values and of high halves to draw from and a mask for
// the low half, so that buckets of every size (past msdMaxBucket too),
// runs of one high half in a bucket, and digits the same in every key
// come up; compared with slices.Sort.
func FuzzSortMSD(f *testing.F) {
	f.Add(uint32(70_000), uint16(1), uint16(3), uint64(1<<32-1), uint64(1))
	f.Add(uint32(5000), uint16(40), uint16(1000), uint64(0xff), uint64(2))
	f.Add(uint32(300), uint16(0xffff), uint16(1), uint64(0), uint64(3))
	f.Add(uint32(140_000), uint16(2), uint16(65535), uint64(1<<32-1), uint64(4))
	f.Fuzz(func(t *testing.T, n uint32, tops, highs uint16, lowMask, seed uint64) {
		r := rand.New(rand.NewPCG(seed, uint64(n)))
		ts := make([]uint64, int(tops)%300+1)
		for i := range ts {
			ts[i] = r.Uint64N(1 << 16)
		}
		hs := make([]uint64, int(highs)+1)
		for i := range hs {
			hs[i] = r.Uint64N(1 << 16)
		}
		keys := make([]uint64, int(n)%200_000)
		for i := range keys {
			keys[i] = ts[r.IntN(len(ts))]<<48 | hs[r.IntN(len(hs))]<<32 | r.Uint64()&lowMask&(1<<32-1)
		}
		checkMSD(t, "fuzz", keys)
	})
}

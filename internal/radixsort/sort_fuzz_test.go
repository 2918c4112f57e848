package radixsort

import (
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"
)

// checkSort sorts a copy of keys with a scratch buffer of len(keys)
// (capacity extra beyond it) and fails unless the result is slices.Sort's.
func checkSort(t *testing.T, name string, keys []uint64, extra int) {
	t.Helper()
	want := slices.Sorted(slices.Values(keys))
	buf := make([]uint64, len(keys), len(keys)+extra)
	for i := range buf[:cap(buf)] {
		buf[:cap(buf)][i] = 0xdeadbeef // scratch is not zero
	}
	got := Sort(slices.Clone(keys), buf)
	if !slices.Equal(got, want) {
		t.Fatalf("%s (n=%d): radix sort differs from slices.Sort", name, len(keys))
	}
}

// The second level at the boundaries of its ways (insertion up to 64
// keys, 8-bit digits below 4096, 11-bit digits from 4096 on), runs of
// those lengths side by side, the shortcut's one run at the same lengths
// and around 256, and low halves that vary in one digit only, so that the
// passes of the low half are skipped.
func TestSortRunBoundaries(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	lows := map[string]func() uint64{
		"random low":     func() uint64 { return r.Uint64N(1 << 32) },
		"low digit 0":    func() uint64 { return r.Uint64N(1 << 8) },
		"low digit 1":    func() uint64 { return r.Uint64N(1<<8) << 8 },
		"low digit 3":    func() uint64 { return r.Uint64N(1<<8) << 24 },
		"low top 10":     func() uint64 { return r.Uint64N(1<<10) << 22 },
		"low mid 11":     func() uint64 { return r.Uint64N(1<<11) << 11 },
		"few low values": func() uint64 { return r.Uint64N(3) << 31 },
	}
	highs := []uint64{0, 1, 1 << 10, 1 << 11, 1 << 21, 1 << 22, 1<<32 - 1, 0xdead_beef}
	for lname, low := range lows {
		for _, n := range []int{255, 256, 257, 511, 4095, 4096, 4097, 5000} {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = 0xabcd<<32 | low()
			}
			checkSort(t, "one run, "+lname, keys, 0)
		}
		for _, runLen := range []int{1, 2, 31, 32, 33, 64, 65, 255, 256, 257, 4095, 4096, 4097} {
			var keys []uint64
			for _, h := range highs {
				for range runLen {
					keys = append(keys, h<<32|low())
				}
			}
			if len(keys) < 256 {
				for len(keys) < 300 {
					keys = append(keys, r.Uint64())
				}
			}
			r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
			checkSort(t, "runs, "+lname, keys, 3)
		}
	}
}

// FuzzSort sorts keys made from the fuzzer's bytes: a count, a number of
// high halves to draw from and masks for the two halves, so that runs of
// every length and digits that are the same in every key come up, and
// compares with slices.Sort.
func FuzzSort(f *testing.F) {
	f.Add(uint16(300), uint32(1), uint64(1<<64-1), uint64(1<<32-1), uint64(1))
	f.Add(uint16(4096), uint32(2), uint64(0xff00), uint64(0xff), uint64(2))
	f.Add(uint16(257), uint32(9), uint64(1<<63), uint64(0), uint64(3))
	f.Add(uint16(9000), uint32(200), uint64(0x7ff), uint64(0xffff_ffff), uint64(4))
	f.Fuzz(func(t *testing.T, n uint16, highs uint32, highMask, lowMask, seed uint64) {
		r := rand.New(rand.NewPCG(seed, uint64(n)))
		hs := make([]uint64, highs%64+1)
		for i := range hs {
			hs[i] = r.Uint64() & highMask
		}
		keys := make([]uint64, int(n)%20000)
		for i := range keys {
			keys[i] = hs[r.IntN(len(hs))]<<32 | r.Uint64()&lowMask&(1<<32-1)
		}
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], seed)
		checkSort(t, "fuzz", keys, int(b[0]))
	})
}

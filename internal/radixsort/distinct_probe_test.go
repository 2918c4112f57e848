package radixsort

import (
	"testing"
	"time"
)

// TestCountDistinctCollidingIndexBits: keys whose products share their
// part and the bits below it that index the set (and differ only in the
// low bits) all want one slot. Linear probing then walks the whole run of
// taken slots for every key, O(m²) in a part of m keys: 32768 keys made
// so (from integers a user can put in a column) cost ~5·10⁸ probes a part.
// The count must stay linear: no slower than 20 times random keys of the
// same number, with a few milliseconds of slack for the machine's noise.
func TestCountDistinctCollidingIndexBits(t *testing.T) {
	const parts, perPart = 4, maxSetKeys
	keys := make([]uint64, 0, parts*perPart)
	for p := range uint64(parts) {
		for j := range uint64(perPart) {
			// Part 3+p, index bits all 0x5a5a..., only the low 20 bits differ.
			h := (3+p)<<(64-distinctBits) | 0x5a5a5a5a<<20&(1<<(64-distinctBits)-1) | (j+1)<<1
			keys = append(keys, h*fibonacciInverse)
		}
	}
	random := make([]uint64, len(keys))
	for i := range random {
		random[i] = uint64(i+1) * 0x2545F4914F6CDD1D
	}
	timed := func(keys []uint64) (int, time.Duration) {
		k := append([]uint64(nil), keys...)
		start := time.Now()
		n := CountDistinct(k, make([]uint64, len(k)))
		return n, time.Since(start)
	}
	_, base := timed(random)
	got, took := timed(keys)
	if want := distinctByMap(keys); got != want {
		t.Fatalf("CountDistinct = %d, want %d", got, want)
	}
	if took > 20*base+20*time.Millisecond {
		t.Fatalf("CountDistinct of %d keys colliding in the set's index took %v; %d random keys took %v", len(keys), took, len(random), base)
	}
}

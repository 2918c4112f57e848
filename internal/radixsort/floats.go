package radixsort

import (
	"math"
	"unsafe"
)

// SortFloats returns the finite values of vals in ascending order, -0
// before +0, in a new slice, and the numbers of NaN and of infinite values
// left out; vals is not modified.
//
// It is Sort of the values' FloatKey keys, with the conversions folded
// into its passes: one pass over vals makes the keys and, for many values,
// counts their top digits (the first pass of sortMSD), and each bucket
// sortMSD sorts turns back into floats while it is in cache. Done apart,
// the two conversions and the count were each a pass over memory.
func SortFloats(vals []float64) (sorted []float64, nan, inf int) {
	keys := make([]uint64, len(vals))
	var tops []uint32
	if len(vals) >= msdMinKeys {
		tops = make([]uint32, msdBuckets)
	}
	m := 0
	for _, v := range vals {
		b := math.Float64bits(v)
		if b&^(1<<63) >= 0x7ff<<52 { // NaN or ±Inf: every exponent bit set
			if b&(1<<52-1) != 0 {
				nan++
			} else {
				inf++
			}
			continue
		}
		k := b ^ (uint64(int64(b)>>63) | 1<<63) // FloatKey(v)
		keys[m] = k
		m++
		if tops != nil {
			tops[k>>msdShift]++
		}
	}
	keys = keys[:m]
	buf := make([]uint64, m)
	var out []uint64
	if m >= msdMinKeys && spreadCounts(tops, m) {
		out = sortCounted(keys, buf, tops, true)
	} else {
		out = Sort(keys, buf)
		keysToFloatBits(out)
	}
	// The float bits become floats in place: both are 8 bytes without
	// pointers.
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(out))), len(out)), nan, inf
}

// spreadCounts is spreadByTop told the exact count of each top digit: at
// most a quarter of the n keys are in buckets of more than msdMaxBucket.
func spreadCounts(tops []uint32, n int) bool {
	big := 0
	for _, c := range tops {
		if c > msdMaxBucket {
			big += int(c)
		}
	}
	return big <= n/4
}

// keysToFloatBits turns each FloatKey key of run into its float's bits
// (KeyFloat), in place.
func keysToFloatBits(run []uint64) {
	for i, k := range run {
		run[i] = k ^ (uint64(int64(^k)>>63) | 1<<63)
	}
}

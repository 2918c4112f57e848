package radixsort

import (
	"cmp"
	"math"
	"slices"
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
//
// scratch, when not nil, lends the sort its working space: a slice as long
// as the finite values (an 8 MB make and its clearing for a million) is
// taken from it when its capacity allows, and on return *scratch holds the
// slice the sort left free, to lend to the next call. The result never
// shares memory with the new *scratch. A scratch more than twice as long
// as the values is not taken but left in *scratch for a larger sort: the
// result may be the slice lent, and a few values would keep all its
// memory alive as long as they are.
func SortFloats(vals []float64, scratch *[]uint64) (sorted []float64, nan, inf int) {
	keys := make([]uint64, len(vals))
	var tops []uint32
	if len(vals) >= msdMinKeys {
		tops = make([]uint32, msdBuckets)
	}
	m := 0
	for _, v := range vals {
		if b := math.Float64bits(v); b&^(1<<63) >= 0x7ff<<52 { // NaN or ±Inf: every exponent bit set
			if b&(1<<52-1) != 0 {
				nan++
			} else {
				inf++
			}
			continue
		}
		k := FloatKey(v)
		keys[m] = k
		m++
		if tops != nil {
			tops[k>>msdShift]++
		}
	}
	keys = keys[:m]
	if sortFew(keys) {
		keysToFloatBits(keys)
		return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(keys))), m), nan, inf
	}
	if scratch != nil && cap(*scratch) > 2*m {
		scratch = nil // too large for these values: left for a later sort
	}
	var buf []uint64
	if scratch != nil && cap(*scratch) >= m {
		buf = (*scratch)[:m]
	} else {
		buf = make([]uint64, m)
	}
	var out []uint64
	if m >= msdMinKeys && spreadCounts(tops, m) {
		out = sortCounted(keys, buf, tops, true)
	} else {
		out = Sort(keys, buf)
		keysToFloatBits(out)
	}
	if scratch != nil {
		*scratch = keys[:0] // the one of keys and buf that is not out
		if unsafe.SliceData(out) == unsafe.SliceData(keys) {
			*scratch = buf[:0]
		}
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
		run[i] = math.Float64bits(KeyFloat(k))
	}
}

// fewMax is the most distinct keys sortFew sorts by counting.
const fewMax = 64

// sortFew sorts keys in place when they hold at most fewMax distinct
// values, as columns of ratings, flags or rounded amounts do, and reports
// whether it did; it gives up, keys untouched, at the first key past
// fewMax distinct ones. Each key is counted in a table of 2·fewMax slots
// (open addressing, Fibonacci hashing, as CountDistinct), the few values
// are sorted, and each is written out as many times as it was counted: a
// read and a write, where the radix sort took a count and three scatter
// passes (a million floats of two values: 20 ms).
func sortFew(keys []uint64) bool {
	if len(keys) < 256 {
		return false // slices.Sort in Sort is quick enough
	}
	const slots = 2 * fewMax
	var (
		table  [slots]uint64
		counts [slots]int
		used   [slots]bool
	)
	distinct := 0
	for _, k := range keys {
		i := k * fibonacci >> (64 - 7) // 7 bits: slots = 128
		for used[i] && table[i] != k {
			i = (i + 1) % slots
		}
		if !used[i] {
			if distinct == fewMax {
				return false
			}
			distinct++
			used[i], table[i] = true, k
		}
		counts[i]++
	}
	type run struct {
		key   uint64
		count int
	}
	runs := make([]run, 0, distinct)
	for i := range slots {
		if used[i] {
			runs = append(runs, run{table[i], counts[i]})
		}
	}
	slices.SortFunc(runs, func(a, b run) int { return cmp.Compare(a.key, b.key) })
	at := 0
	for _, r := range runs {
		fill := keys[at : at+r.count]
		for i := range fill {
			fill[i] = r.key
		}
		at += r.count
	}
	return true
}

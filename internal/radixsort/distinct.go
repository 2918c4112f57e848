package radixsort

import "math/bits"

// CountDistinct returns the number of distinct keys, with buf (at least as
// long as keys) as scratch; keys' order is not kept.
//
// A count needs no order, so it does not sort. Each key is multiplied by
// an odd constant (Fibonacci hashing: a one-to-one map of uint64, so the
// products are as distinct as the keys), one scatter pass parts the
// products by their top 11 bits, so that equal keys land in one part, and
// each part, ~n/2048 keys, is counted in an open-addressing set small
// enough for the cache, indexed by the bits below those. A part of more
// than 32768 keys (values repeated, or keys made to share a part), or one
// whose keys crowd into few slots of the set (countSet), is sorted and its
// runs counted, as are fewer than 16384 keys. Sorting takes a count, three
// scatter passes over memory and a pass in cache; this takes a read, one
// scatter and a pass in cache.
func CountDistinct(keys, buf []uint64) int {
	n := len(keys)
	if n < 1<<14 {
		return countSorted(keys, buf)
	}
	offs := make([]int, distinctParts) // the count of each part, then where it ends
	for _, k := range keys {
		offs[k*fibonacci>>(64-distinctBits)]++
	}
	start := 0
	for p, c := range offs {
		offs[p] = start
		start += c
	}
	hs := buf[:n]
	for _, k := range keys {
		h := k * fibonacci
		p := h >> (64 - distinctBits)
		hs[offs[p]] = h
		offs[p]++
	}
	var set []uint64
	distinct := 0
	start = 0
	for _, end := range offs {
		part := hs[start:end]
		switch {
		case len(part) > maxSetKeys:
			distinct += countSorted(part, keys[start:end])
		case len(part) > 0:
			if d, ok := countSet(part, &set); ok {
				distinct += d
			} else {
				distinct += countSorted(part, keys[start:end])
			}
		}
		start = end
	}
	return distinct
}

const (
	distinctBits  = 11
	distinctParts = 1 << distinctBits
	fibonacci     = 0x9E3779B97F4A7C15 // 2^64 / the golden ratio, odd
	maxSetKeys    = 1 << 15
	maxProbes     = 8 // probes a product, on average, before a part is sorted instead
)

// countSet returns the number of distinct products in hs, which share
// their top distinctBits bits, with *set as the table (grown as needed).
// 0 marks an empty slot; the product 0 (of the key 0) is counted apart.
// ok is false when the products crowd into few slots (keys made to share
// the index bits: linear probing would take O(len(hs)²) steps), after at
// most maxProbes·len(hs) probes; the part is then sorted instead.
func countSet(hs []uint64, set *[]uint64) (distinct int, ok bool) {
	size := 16
	for size < 2*len(hs) {
		size <<= 1
	}
	if cap(*set) < size {
		*set = make([]uint64, size)
	}
	t := (*set)[:size]
	clear(t)
	shift := uint(64 - bits.TrailingZeros(uint(size)))
	mask := uint64(size - 1)
	n, zero := 0, 0
	probes := maxProbes * len(hs) // at most half the slots taken: ~2.5 a product when random
	for _, h := range hs {
		if h == 0 {
			zero = 1
			continue
		}
		for i := h << distinctBits >> shift; ; i = (i + 1) & mask {
			if probes--; probes < 0 {
				return 0, false
			}
			if t[i] == h {
				break
			}
			if t[i] == 0 {
				t[i] = h
				n++
				break
			}
		}
	}
	return n + zero, true
}

// countSorted counts the distinct keys by sorting them, with buf as
// scratch.
func countSorted(keys, buf []uint64) int {
	sorted := Sort(keys, buf)
	n := 0
	for i, k := range sorted {
		if i == 0 || k != sorted[i-1] {
			n++
		}
	}
	return n
}

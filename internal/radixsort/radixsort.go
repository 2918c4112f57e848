// Package radixsort sorts 64-bit keys by a least-significant-digit radix
// sort, and maps float64 and int64 values to keys whose unsigned order is
// the values' order. The readers (distinct counts) and the metrics (sorted
// copies of columns) share it.
package radixsort

import (
	"math"
	"slices"
)

// Sort sorts keys in ascending order by a least-significant-digit radix
// sort on 11-bit digits (six passes), with buf (at least as long as keys)
// as scratch. It returns the sorted slice, which is keys or buf[:len(keys)].
// A pass whose digit is the same in every key is skipped, so keys of a
// narrow range cost few passes.
func Sort(keys, buf []uint64) []uint64 {
	n := len(keys)
	if n < 256 {
		slices.Sort(keys)
		return keys
	}
	const bits, size, mask = 11, 1 << 11, 1<<11 - 1
	counts := new([6][size]uint32)
	for _, k := range keys {
		counts[0][k&mask]++
		counts[1][k>>11&mask]++
		counts[2][k>>22&mask]++
		counts[3][k>>33&mask]++
		counts[4][k>>44&mask]++
		counts[5][k>>55]++
	}
	src, dst := keys, buf[:n]
	var offs [size]uint32
	for d := range 6 {
		shift := uint(bits * d)
		c := &counts[d]
		if int(c[src[0]>>shift&mask]) == n {
			continue // every key has this digit
		}
		sum := uint32(0)
		for b, k := range c {
			offs[b] = sum
			sum += k
		}
		for _, k := range src {
			b := k >> shift & mask
			dst[offs[b]] = k
			offs[b]++
		}
		src, dst = dst, src
	}
	return src
}

// FloatKey maps a float64 to a uint64 whose unsigned order is the float's
// order: -Inf < negative < -0 < +0 < positive < +Inf (NaN must be removed
// first). KeyFloat inverts it.
func FloatKey(v float64) uint64 {
	b := math.Float64bits(v)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// KeyFloat is the inverse of FloatKey.
func KeyFloat(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// IntKey maps an int64 to a uint64 whose unsigned order is the integer's
// order (the sign bit flipped). KeyInt inverts it.
func IntKey(v int64) uint64 { return uint64(v) ^ 1<<63 }

// KeyInt is the inverse of IntKey.
func KeyInt(k uint64) int64 { return int64(k ^ 1<<63) }

// CountDistinct returns the number of distinct keys, sorting keys with buf
// (at least as long) as scratch; keys' order is not kept.
func CountDistinct(keys, buf []uint64) int {
	sorted := Sort(keys, buf)
	n := 0
	for i, k := range sorted {
		if i == 0 || k != sorted[i-1] {
			n++
		}
	}
	return n
}

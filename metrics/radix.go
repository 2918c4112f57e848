package metrics

import (
	"math"
	"slices"
	"unsafe"
)

// radixSortUint64 sorts keys in ascending order by a least-significant-digit
// radix sort on 11-bit digits (six passes), with buf (at least as long as
// keys) as scratch. It returns the sorted slice, which is keys or
// buf[:len(keys)]. A pass whose digit is the same in every key is skipped,
// so keys of a narrow range cost few passes.
func radixSortUint64(keys, buf []uint64) []uint64 {
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

// floatKey maps a float64 to a uint64 whose unsigned order is the float's
// order: -Inf < negative < -0 < +0 < positive < +Inf (NaN must be removed
// first). keyFloat inverts it.
func floatKey(v float64) uint64 {
	b := math.Float64bits(v)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// keyFloat is the inverse of floatKey.
func keyFloat(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// sortFloatsRadix returns the finite values of vals (NaN and ±Inf
// dropped) in ascending order, -0 before +0, and the number of NaN and of
// infinite values dropped.
func sortFloatsRadix(vals []float64) (sorted []float64, nan, inf int) {
	keys := make([]uint64, 0, len(vals))
	for _, v := range vals {
		switch {
		case v != v:
			nan++
		case math.IsInf(v, 0):
			inf++
		default:
			keys = append(keys, floatKey(v))
		}
	}
	if len(keys) == 0 {
		return []float64{}, nan, inf
	}
	buf := make([]uint64, len(keys))
	keys = radixSortUint64(keys, buf)
	// The sorted keys become the floats in place: both are 8 bytes without
	// pointers, and each key is read before its slot is written.
	sorted = unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(keys))), len(keys))
	for i, k := range keys {
		sorted[i] = keyFloat(k)
	}
	return sorted, nan, inf
}

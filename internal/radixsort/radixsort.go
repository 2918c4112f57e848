// Package radixsort sorts 64-bit keys by a least-significant-digit radix
// sort, and maps float64 and int64 values to keys whose unsigned order is
// the values' order. The metrics (sorted copies of columns) share it; the
// readers count distinct keys with its partitioning pass (CountDistinct).
package radixsort

import (
	"math"
	"slices"
)

// Sort sorts keys in ascending order, with buf (at least as long as keys)
// as scratch. It returns the sorted slice, which is keys or
// buf[:len(keys)].
//
// It sorts in two levels. First by the high 32 bits of the keys, a
// least-significant-digit radix sort in three passes over 11, 11 and 10
// bits; then each run of keys that share their high half, by the low half,
// where the run is in cache: by insertion when it is short, else by a radix
// sort on 8-bit digits. A pass whose digit is the same in every key is
// skipped, so keys of a narrow range cost few passes. Sorting every key on
// all 64 bits took six passes over memory; keys that are the bits of
// floats of a few significant digits share their high half with few others,
// so the second level costs little more than one read.
//
// Many keys (msdMinKeys) that spread over their top 16 bits, as floats of
// a few binades do, are sorted most-significant digit first instead
// (sortMSD): one scatter by those bits into buckets small enough for the
// cache, then each bucket in it. Out of cache a scatter pass costs ~8 ns a
// key; the three of them were most of the time.
func Sort(keys, buf []uint64) []uint64 {
	n := len(keys)
	if n < 256 {
		slices.Sort(keys)
		return keys
	}
	buf = buf[:n]
	if n >= msdMinKeys && spreadByTop(keys) {
		return sortMSD(keys, buf)
	}
	var counts digits11
	if h := keys[0] >> 32; keys[n/2]>>32 == h && keys[n-1]>>32 == h {
		// Likely one high half (small integers, say): the low digits are
		// counted in the same pass, and one run sorts on them alone.
		var low digits11
		var other uint64 // nonzero once a key's high half is not h
		for _, k := range keys {
			other |= k>>32 ^ h
			counts.addHigh(k)
			low.addLow(k)
		}
		if other == 0 {
			lowPasses11(keys, buf, &low)
			return keys
		}
	} else {
		for _, k := range keys {
			counts.addHigh(k)
		}
	}
	src, dst := keys, buf
	for d, shift := range [3]uint{32, 43, 54} {
		if scatter11(src, dst, &counts[d], shift, 1<<11-1) {
			src, dst = dst, src
		}
	}
	// The runs of one high half, each sorted in place by its low half (dst,
	// the other slice, is the scratch).
	for i := 0; i < n; {
		hi := src[i] >> 32
		j := i + 1
		for j < n && src[j]>>32 == hi {
			j++
		}
		if j-i > 1 {
			sortLow(src[i:j], dst[i:j])
		}
		i = j
	}
	return src
}

// digits11 counts the keys' values of three digits of a half, of 11, 11
// and 10 bits from its lowest bit up.
type digits11 [3][1 << 11]uint32

// addHigh counts the digits of k's high half.
func (c *digits11) addHigh(k uint64) {
	c[0][k>>32&(1<<11-1)]++
	c[1][k>>43&(1<<11-1)]++
	c[2][k>>54]++
}

// addLow counts the digits of k's low half.
func (c *digits11) addLow(k uint64) {
	c[0][k&(1<<11-1)]++
	c[1][k>>11&(1<<11-1)]++
	c[2][k>>22&(1<<10-1)]++
}

// scatter11 moves the keys of src to dst in the order of their digit
// k>>shift&mask (mask below 2^11), keeping the order of keys with the same
// digit, from the digits' counts (which become the digits' ends); false,
// and nothing moved, when every key has the same digit.
func scatter11(src, dst []uint64, counts *[1 << 11]uint32, shift uint, mask uint64) bool {
	if int(counts[src[0]>>shift&mask&(1<<11-1)]) == len(src) {
		return false
	}
	sum := uint32(0)
	for b, c := range counts[:mask+1] {
		counts[b] = sum
		sum += c
	}
	for _, k := range src {
		b := k >> shift & mask & (1<<11 - 1)
		dst[counts[b]] = k
		counts[b]++
	}
	return true
}

// scatter8 is scatter11 for a digit of 8 bits.
func scatter8(src, dst []uint64, counts *[1 << 8]uint32, shift uint) bool {
	if int(counts[src[0]>>shift&0xff]) == len(src) {
		return false
	}
	sum := uint32(0)
	for b, c := range counts {
		counts[b] = sum
		sum += c
	}
	for _, k := range src {
		b := k >> shift & 0xff
		dst[counts[b]] = k
		counts[b]++
	}
	return true
}

// sortLow sorts run, keys that share their high 32 bits, by their low 32
// bits, with buf (as long) as scratch; the result is in run. A run of up
// to 64 keys is sorted by insertion (a radix sort's clearing and summing
// of counts cost more there: runs of about 40 keys took 1.3 times as long
// as the one-level sort), a longer one by a radix sort on 8-bit digits
// (11-bit ones from 4096 keys on), whose counts fit the first-level cache.
func sortLow(run, buf []uint64) {
	switch {
	case len(run) <= 64:
		for i := 1; i < len(run); i++ {
			k := run[i]
			j := i
			for ; j > 0 && run[j-1] > k; j-- {
				run[j] = run[j-1]
			}
			run[j] = k
		}
	case len(run) < 4096:
		var counts [4][1 << 8]uint32
		for _, k := range run {
			counts[0][k&0xff]++
			counts[1][k>>8&0xff]++
			counts[2][k>>16&0xff]++
			counts[3][k>>24&0xff]++
		}
		src, dst := run, buf
		for d := range counts {
			if scatter8(src, dst, &counts[d], 8*uint(d)) {
				src, dst = dst, src
			}
		}
		if &src[0] != &run[0] {
			copy(run, src)
		}
	default:
		var counts digits11
		for _, k := range run {
			counts.addLow(k)
		}
		lowPasses11(run, buf, &counts)
	}
}

// lowPasses11 sorts run by its low 32 bits in three passes of 11, 11 and
// 10 bits, from their counts; the result is in run.
func lowPasses11(run, buf []uint64, counts *digits11) {
	src, dst := run, buf
	for d, mask := range [3]uint64{1<<11 - 1, 1<<11 - 1, 1<<10 - 1} {
		if scatter11(src, dst, &counts[d], 11*uint(d), mask) {
			src, dst = dst, src
		}
	}
	if &src[0] != &run[0] {
		copy(run, src)
	}
}

// FloatKey maps a float64 to a uint64 whose unsigned order is the float's
// order: -Inf < negative < -0 < +0 < positive < +Inf (NaN must be removed
// first). KeyFloat inverts it.
//
// A negative float's bits are all flipped, a positive one's sign bit set:
// one xor with a mask made from the sign bit, without a branch (a sign
// that changes from value to value was a mispredicted branch a key, 20%
// of SortFloats' time when the compiler kept it as a branch).
func FloatKey(v float64) uint64 {
	b := math.Float64bits(v)
	return b ^ (uint64(int64(b)>>63) | 1<<63)
}

// KeyFloat is the inverse of FloatKey: a key with its top bit set (a
// positive float) loses it, any other has all its bits flipped back.
func KeyFloat(k uint64) float64 {
	return math.Float64frombits(k ^ (uint64(int64(^k)>>63) | 1<<63))
}

// IntKey maps an int64 to a uint64 whose unsigned order is the integer's
// order (the sign bit flipped). KeyInt inverts it.
func IntKey(v int64) uint64 { return uint64(v) ^ 1<<63 }

// KeyInt is the inverse of IntKey.
func KeyInt(k uint64) int64 { return int64(k ^ 1<<63) }

package radixsort

import "slices"

const (
	// msdBits is the width of the top digit that sortMSD parts keys by:
	// for FloatKey keys the sign, the 11 exponent bits and 4 mantissa
	// bits, so values of a few binades fall into a few hundred buckets.
	msdBits    = 16
	msdBuckets = 1 << msdBits
	msdShift   = 64 - msdBits
	// msdMaxBucket is the largest bucket sorted in cache (with its
	// scratch, 1 MiB); a larger one is sorted by the three passes.
	msdMaxBucket = 1 << 16
	// msdMinKeys is the fewest keys worth the pass of the top digit: the
	// three passes of sortLSD are cheap while the keys and the scratch
	// stay in the last-level cache. Measured on normal floats (AMD EPYC,
	// 32 MiB L3): sortMSD took 1.15 times as long at 250,000 keys, about
	// as long at 400,000, 0.7 times at 600,000 and above.
	msdMinKeys = 1 << 19
	// msdSample is the number of keys spreadByTop looks at.
	msdSample = 1024
)

// spreadByTop reports whether most keys, judged from an evenly spaced
// sample, fall into buckets of their top msdBits bits of at most
// msdMaxBucket keys: then sortMSD moves each key once through memory
// instead of three times.
func spreadByTop(keys []uint64) bool {
	n := len(keys)
	var tops [msdSample]uint16
	step := n / msdSample
	for i := range tops {
		tops[i] = uint16(keys[i*step] >> msdShift)
	}
	slices.Sort(tops[:])
	// A value seen more than limit times in the sample likely heads a
	// bucket of more than msdMaxBucket keys. Past 2^26 keys limit is 0: a
	// sampled key stands for more than msdMaxBucket keys, the sample can no
	// longer tell, and the three passes run.
	limit := msdMaxBucket * msdSample / n
	big := 0 // sampled keys in such buckets
	for i := 0; i < msdSample; {
		j := i + 1
		for j < msdSample && tops[j] == tops[i] {
			j++
		}
		if j-i > limit {
			big += j - i
		}
		i = j
	}
	return big <= msdSample/4
}

// sortMSD sorts keys into buf, the result: one counting pass and one
// scatter part them by their top msdBits bits, and each part (bucket),
// small enough to stay in cache, is sorted on its remaining bits by
// sortBucket.
func sortMSD(keys, buf []uint64) []uint64 {
	ends := make([]uint32, msdBuckets) // each top digit's count
	for _, k := range keys {
		ends[k>>msdShift]++
	}
	return sortCounted(keys, buf, ends, false)
}

// sortCounted is sortMSD after its counting pass: ends holds how many keys
// have each top digit, and becomes each bucket's start, then its end. With
// toFloats, each bucket, once sorted and while in cache, becomes the bits
// of the floats whose keys (FloatKey) it holds.
func sortCounted(keys, buf []uint64, ends []uint32, toFloats bool) []uint64 {
	sum := uint32(0)
	for b, c := range ends {
		ends[b] = sum
		sum += c
	}
	for _, k := range keys {
		b := k >> msdShift
		buf[ends[b]] = k
		ends[b]++
	}
	// Every bucket takes the same scratch, the head of keys (free now),
	// which so stays in cache: a bucket's scratch of its own place in keys
	// came from memory, and writing it cost as much as the bucket's other
	// passes together.
	start := 0
	for _, e := range ends {
		end := int(e)
		if end-start > 1 {
			sortBucket(buf[start:end], keys[:end-start])
		}
		if toFloats {
			keysToFloatBits(buf[start:end])
		}
		start = end
	}
	return buf
}

// sortBucket sorts run, keys that share their top msdBits bits, in place,
// with scratch (as long) as scratch: by insertion up to 64 keys; up to
// msdMaxBucket keys by bits 32-47 in two passes of 8-bit digits, then each
// run of keys sharing their high half by the low half (sortLow); a larger
// bucket by Sort, which takes the three passes for it.
func sortBucket(run, scratch []uint64) {
	n := len(run)
	switch {
	case n <= 64:
		insertionBounded(run, n*n)
		return
	case n > msdMaxBucket:
		if s := Sort(run, scratch); &s[0] != &run[0] {
			copy(run, s)
		}
		return
	}
	var counts [2][1 << 8]uint32
	for _, k := range run {
		counts[0][k>>32&0xff]++
		counts[1][k>>40&0xff]++
	}
	src, dst := run, scratch
	if scatter8(src, dst, &counts[0], 32) {
		src, dst = dst, src
	}
	if scatter8(src, dst, &counts[1], 40) {
		src, dst = dst, src
	}
	if &src[0] != &run[0] {
		copy(run, src)
		src, dst = run, scratch
	}
	// Sorted by the high half now: the keys out of order share it. One
	// insertion pass puts them in order when such runs are short, as in
	// floats of full mantissas; it stops after a few shifts a key (long
	// runs), and each run is then sorted by its low half apart.
	if !insertionBounded(src, 4*n) {
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
	}
}

// insertionBounded sorts run by insertion unless that takes more than
// budget shifts; false then, with run a permutation of itself in which
// each key moved only past greater ones.
func insertionBounded(run []uint64, budget int) bool {
	for i := 1; i < len(run); i++ {
		k := run[i]
		j := i
		for ; j > 0 && run[j-1] > k; j-- {
			run[j] = run[j-1]
		}
		run[j] = k
		if budget -= i - j; budget < 0 {
			return false
		}
	}
	return true
}

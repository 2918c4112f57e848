package sketch

import "math"

// sortFloats sorts finite float64 values ascending with an LSD radix sort
// on their order-preserving bit patterns; passes whose byte is the same in
// every key are skipped (often the sign and exponent bytes). tmp is
// scratch of at least len(xs); the sorted values end in xs.
func sortFloats(xs, tmp []float64) {
	n := len(xs)
	if n < 256 {
		insertionSort(xs)
		return
	}
	keys := make([]uint64, n)
	for i, x := range xs {
		keys[i] = floatKey(x)
	}
	buf := make([]uint64, n)
	var counts [8][256]int
	for _, k := range keys {
		for b := range 8 {
			counts[b][byte(k>>(8*b))]++
		}
	}
	src, dst := keys, buf
	for b := range 8 {
		c := &counts[b]
		if c[byte(src[0]>>(8*b))] == n {
			continue
		}
		pos := 0
		for d := range 256 {
			c[d], pos = pos, pos+c[d]
		}
		shift := uint(8 * b)
		for _, k := range src {
			d := byte(k >> shift)
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	for i, k := range src {
		xs[i] = keyFloat(k)
	}
	_ = tmp
}

// floatKey maps a float64 to a uint64 that sorts in the same order
// (-0 before +0 is harmless: they are equal values).
func floatKey(x float64) uint64 {
	b := math.Float64bits(x)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

func keyFloat(k uint64) float64 {
	if k>>63 == 1 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

func insertionSort(xs []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

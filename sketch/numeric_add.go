package sketch

import (
	"math"
)

// addFinite adds finite values (-0 already 0); it may reorder fin.
//
// While the column is exact, a chunk's values are counted in a hash
// table and merged into the exact values. Beyond, every value goes into
// the HyperLogLog, and into the KLL sketch either sorted as a whole or,
// once the column holds many values, sampled: one value chosen (by a hash)
// from each run of 2^h consecutive values, weighing 2^h. Sampling is
// KLL's own device for constant update time (Karnin, Lang and Liberty,
// section 4); each sampled run errs in the rank of any value by at most
// 2^h with mean zero, so it adds 4^h to the variance the error bound
// reads, as a compaction at level h does. h grows as n/k² does, so that
// sampling never dominates the bound: 2^h <= n/(4k²).
func (c *numeric) addFinite(o Options, fin []float64, s *scratch, owned bool) {
	if len(fin) == 0 {
		return
	}
	var m moments
	c.zero += m.addChunk(fin)
	c.hist.addChunk(fin, m.min, m.max)
	before := c.mom.n
	c.mom.merge(m)
	if c.exact != nil {
		keys, counts, ok := smallIntCounts(fin, m.min, m.max, o.ExactValues)
		if !ok {
			if s.counter == nil {
				s.counter = newCounter(o.ExactValues)
			}
			if s.counter.countFloats(fin) {
				keys, counts = s.counter.floats()
				ok = true
			}
		}
		if ok {
			c.exact.addSorted(keys, counts)
			if len(c.exact.keys) > o.ExactValues {
				c.spill(o)
				c.kll.compress()
			}
			return
		}
		c.spill(o) // the chunk itself goes to the sketches below
		c.kll.compress()
	}
	for _, x := range fin {
		c.hll.add(hashFloat(x))
	}
	if !owned { // the column's own values: sort a copy
		s.finite = append(s.finite[:0], fin...)
		fin = s.finite
	}
	h := samplingLevel(before, o.K)
	if h == 0 {
		sortFloats(fin, nil)
		c.kll.addSorted(fin)
		return
	}
	block := 1 << h
	nb := len(fin) / block
	sample := s.sample[:0]
	for b := range nb {
		run := fin[b*block : (b+1)*block]
		j := mix64(math.Float64bits(run[0])^uint64(before+int64(b))) & uint64(block-1)
		sample = append(sample, run[j])
	}
	s.sample = sample
	sortFloats(sample, nil)
	rest := fin[nb*block:]
	sortFloats(rest, nil)
	c.kll.addSampled(sample, h, int64(nb)<<h, rest)
}

// samplingLevel returns h for a column that held n values: the largest h
// with 2^h <= n/(4k²), 0 while n < 8k².
func samplingLevel(n int64, k int) int {
	h := 0
	for int64(1)<<(h+1) <= n/(4*int64(k)*int64(k)) {
		h++
	}
	return h
}

// smallIntCounts counts values that are all integers in a range of at
// most 1<<16 with a direct table, the fast path for integer columns; ok
// is false when they are not, or have more than limit distinct values.
func smallIntCounts(xs []float64, lo, hi float64, limit int) (keys []float64, counts []int64, ok bool) {
	if hi-lo >= 1<<16 || lo != math.Trunc(lo) {
		return nil, nil, false
	}
	table := make([]int64, int(hi-lo)+1)
	for _, x := range xs {
		d := x - lo
		i := int(d)
		if float64(i) != d {
			return nil, nil, false
		}
		table[i]++
	}
	for i, n := range table {
		if n > 0 {
			if len(keys) == limit {
				return nil, nil, false
			}
			keys = append(keys, lo+float64(i))
			counts = append(counts, n)
		}
	}
	return keys, counts, true
}

package sketch

import (
	"math"
	"slices"
)

// counter counts the distinct values of a chunk in an open-addressing
// hash table (linear probing on a mix of the value's bits), giving up
// once it holds more than limit values: the cheap way to find that a
// chunk has few distinct values, and to count them, without sorting. A
// slot is free while its count is 0.
type counter struct {
	keys   []uint64
	counts []int64
	used   []int32 // the occupied slots, in order of first use
	mask   uint64
	limit  int
}

func newCounter(limit int) *counter {
	size := 1
	for size < 2*(limit+1) {
		size <<= 1
	}
	return &counter{keys: make([]uint64, size), counts: make([]int64, size), mask: uint64(size - 1), limit: limit}
}

// add counts the value with bits b; false when it is new and the table
// is full.
func (c *counter) add(b uint64) bool {
	i := mix64(b) & c.mask
	for {
		if c.counts[i] == 0 {
			if len(c.used) == c.limit {
				return false
			}
			c.keys[i], c.counts[i] = b, 1
			c.used = append(c.used, int32(i))
			return true
		}
		if c.keys[i] == b {
			c.counts[i]++
			return true
		}
		i = (i + 1) & c.mask
	}
}

// countFloats counts xs (finite, -0 already 0); false when they hold more
// than limit distinct values.
func (c *counter) countFloats(xs []float64) bool {
	c.reset()
	for _, x := range xs {
		if !c.add(math.Float64bits(x + 0)) { // -0 is 0
			return false
		}
	}
	return true
}

// countInts is countFloats for int64 values.
func (c *counter) countInts(xs []int64) bool {
	c.reset()
	for _, x := range xs {
		if !c.add(uint64(x)) {
			return false
		}
	}
	return true
}

func (c *counter) reset() {
	for _, i := range c.used {
		c.counts[i] = 0
	}
	c.used = c.used[:0]
}

// floats returns the values counted (as floats) and their counts, sorted
// by value.
func (c *counter) floats() ([]float64, []int64) {
	keys := make([]float64, len(c.used))
	for j, i := range c.used {
		keys[j] = math.Float64frombits(c.keys[i])
	}
	sortFloats(keys, nil)
	counts := make([]int64, len(keys))
	for j, k := range keys {
		counts[j] = c.lookup(math.Float64bits(k))
	}
	return keys, counts
}

// ints returns the values counted (as int64) and their counts, sorted.
func (c *counter) ints() ([]int64, []int64) {
	keys := make([]int64, len(c.used))
	for j, i := range c.used {
		keys[j] = int64(c.keys[i])
	}
	slices.Sort(keys)
	counts := make([]int64, len(keys))
	for j, k := range keys {
		counts[j] = c.lookup(uint64(k))
	}
	return keys, counts
}

func (c *counter) lookup(b uint64) int64 {
	i := mix64(b) & c.mask
	for c.keys[i] != b {
		i = (i + 1) & c.mask
	}
	return c.counts[i]
}

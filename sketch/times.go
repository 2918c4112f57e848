package sketch

import (
	"slices"

	"github.com/telltale-ml/telltale/dataset"
)

// times sketches a datetime column: exact counts of rows and missing
// values, the first and last instants, and each distinct instant with its
// count while there are at most Options.ExactValues of them, then
// HyperLogLog distinct counts and Misra-Gries heavy hitters.
type times struct {
	rows, missing int64
	dateOnly      bool
	n             int64 // non-missing
	first, last   int64 // Unix nanoseconds
	exact         *values[int64]
	hll           *hll
	hh            *heavy[int64]
}

func newTimes() *times { return &times{dateOnly: true, exact: &values[int64]{}} }

func (c *times) add(o Options, col *dataset.TimeColumn) {
	ns := col.UnixNanos()
	c.rows += int64(len(ns))
	c.missing += int64(col.NullN())
	c.dateOnly = c.dateOnly && col.DateOnly()
	vals := make([]int64, 0, len(ns)-col.NullN())
	for i, v := range ns {
		if !col.IsNull(i) {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return
	}
	slices.Sort(vals)
	if c.n == 0 || vals[0] < c.first {
		c.first = vals[0]
	}
	if c.n == 0 || vals[len(vals)-1] > c.last {
		c.last = vals[len(vals)-1]
	}
	c.n += int64(len(vals))
	keys, counts := runs(vals, nil, nil)
	c.addCounts(o, keys, counts)
}

func (c *times) addCounts(o Options, keys []int64, counts []int64) {
	if c.exact != nil {
		c.exact.addSorted(keys, counts)
		if len(c.exact.keys) > o.ExactValues {
			c.spill(o)
		}
		return
	}
	for _, k := range keys {
		c.hll.add(mix64(uint64(k) ^ 0x27d4eb2f165667c5))
	}
	c.hh.addCounts(keys, counts)
}

func (c *times) spill(o Options) {
	c.hll = newHLL(uint8(o.HLLPrecision))
	c.hh = newHeavy[int64](o.HeavyHitters)
	for _, k := range c.exact.keys {
		c.hll.add(mix64(uint64(k) ^ 0x27d4eb2f165667c5))
	}
	c.hh.addCounts(c.exact.keys, c.exact.counts)
	c.exact = nil
}

func (c *times) clone() *times {
	d := *c
	if c.exact != nil {
		d.exact = c.exact.clone()
	}
	if c.hll != nil {
		d.hll = &hll{p: c.hll.p, regs: append([]uint8(nil), c.hll.regs...)}
		hh := newHeavy[int64](c.hh.k)
		hh.n = c.hh.n
		for k, v := range c.hh.counts {
			hh.counts[k] = v
		}
		d.hh = hh
	}
	return &d
}

func (c *times) merge(opts Options, o *times) {
	c.rows += o.rows
	c.missing += o.missing
	c.dateOnly = c.dateOnly && o.dateOnly
	if o.n > 0 {
		if c.n == 0 || o.first < c.first {
			c.first = o.first
		}
		if c.n == 0 || o.last > c.last {
			c.last = o.last
		}
		c.n += o.n
	}
	if c.exact != nil && o.exact != nil {
		c.addCounts(opts, o.exact.keys, o.exact.counts)
		return
	}
	if o.exact != nil {
		o = o.clone()
		o.spill(opts)
	}
	if c.exact != nil {
		c.spill(opts)
	}
	c.hll.merge(o.hll)
	c.hh.merge(o.hh)
}

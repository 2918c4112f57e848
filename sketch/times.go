package sketch

import (
	"github.com/telltale-ml/telltale/dataset"
)

// times sketches a datetime column: exact counts of rows and missing
// values, the first and last instants, and each distinct instant with its
// count while there are at most Options.ExactValues of them, then a
// HyperLogLog distinct count (the most common instant is then not known).
type times struct {
	rows, missing int64
	dateOnly      bool
	n             int64 // non-missing
	first, last   int64 // Unix nanoseconds
	exact         *values[int64]
	hll           *hll
	count         *counter // scratch
}

func newTimes() *times { return &times{dateOnly: true, exact: &values[int64]{}} }

func (c *times) add(o Options, col *dataset.TimeColumn) {
	ns := col.UnixNanos()
	c.rows += int64(len(ns))
	c.missing += int64(col.NullN())
	c.dateOnly = c.dateOnly && col.DateOnly()
	vals := ns
	if col.NullN() > 0 {
		vals = make([]int64, 0, len(ns)-col.NullN())
		for i, v := range ns {
			if !col.IsNull(i) {
				vals = append(vals, v)
			}
		}
	}
	if len(vals) == 0 {
		return
	}
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	if c.n == 0 || lo < c.first {
		c.first = lo
	}
	if c.n == 0 || hi > c.last {
		c.last = hi
	}
	c.n += int64(len(vals))
	if c.exact != nil {
		if c.count == nil {
			c.count = newCounter(o.ExactValues)
		}
		if c.count.countInts(vals) {
			keys, counts := c.count.ints()
			c.exact.addSorted(keys, counts)
			if len(c.exact.keys) <= o.ExactValues {
				return
			}
		}
		c.spill(o)
	}
	for _, v := range vals {
		c.hll.add(hashInt(v))
	}
}

func hashInt(v int64) uint64 { return mix64(uint64(v) ^ 0x27d4eb2f165667c5) }

func (c *times) spill(o Options) {
	c.hll = newHLL(uint8(o.HLLPrecision))
	for _, k := range c.exact.keys {
		c.hll.add(hashInt(k))
	}
	c.exact = nil
}

func (c *times) clone() *times {
	d := *c
	d.count = nil
	if c.exact != nil {
		d.exact = c.exact.clone()
	}
	if c.hll != nil {
		d.hll = &hll{p: c.hll.p, regs: append([]uint8(nil), c.hll.regs...)}
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
		c.exact.addSorted(o.exact.keys, o.exact.counts)
		if len(c.exact.keys) > opts.ExactValues {
			c.spill(opts)
		}
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
}

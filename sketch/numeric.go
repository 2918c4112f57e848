package sketch

import (
	"math"

	"github.com/telltale-ml/telltale/dataset"
)

// numeric sketches a numerical column: exact counts of rows, missing,
// infinite and zero values; the moments, minimum and maximum of the finite
// values (exact up to rounding); their histogram on fixed bins (exact);
// and their distribution: every distinct value with its count while there
// are at most Options.ExactValues of them, then a KLL quantile sketch, a
// HyperLogLog distinct count. (Its most common value is known only while
// the values are: its count is then bounded by the fullest histogram bin.)
type numeric struct {
	integer              bool // every chunk came from integers
	rows, missing        int64
	posInf, negInf, zero int64
	mom                  moments
	hist                 *hist
	exact                *values[float64] // nil once spilled
	kll                  *kll
	hll                  *hll
}

func newNumeric(o Options, integer bool) *numeric {
	return &numeric{integer: integer, hist: newHist(o.Bins), exact: &values[float64]{}}
}

// scratch is reusable memory for one column's chunk.
type scratch struct {
	finite  []float64
	sample  []float64
	ints    []int64
	counter *counter
}

func (c *numeric) add(o Options, col *dataset.NumericColumn, s *scratch) {
	vals := col.Values()
	c.rows += int64(len(vals))
	c.missing += int64(col.NullN())
	c.integer = c.integer && col.Integer()
	// x-x is NaN for NaN (missing) and ±Inf: one cheap pass finds whether
	// the values can be used as they are.
	clean := true
	for _, x := range vals {
		if x-x != 0 {
			clean = false
			break
		}
	}
	if clean {
		c.addFinite(o, vals, s, false)
		return
	}
	fin := s.finite[:0]
	for _, x := range vals {
		switch {
		case x != x: // missing
		case math.IsInf(x, 1):
			c.posInf++
		case math.IsInf(x, -1):
			c.negInf++
		default:
			fin = append(fin, x+0) // -0 is 0
		}
	}
	s.finite = fin
	c.addFinite(o, fin, s, true)
}

// spill turns the exact values into the sketches. The KLL sketch is not
// compressed here, so that a merge compresses the union of both sides
// once and stays symmetric; a KLL sketch at rest is always compressed.
func (c *numeric) spill(o Options) {
	c.kll = newKLL(o.K)
	c.hll = newHLL(uint8(o.HLLPrecision))
	for i, k := range c.exact.keys {
		c.kll.addWeighted(k, c.exact.counts[i])
		c.hll.add(hashFloat(k))
	}
	c.exact = nil
}

func (c *numeric) clone() *numeric {
	d := *c
	h := *c.hist
	h.counts = append([]int64(nil), c.hist.counts...)
	d.hist = &h
	if c.exact != nil {
		d.exact = c.exact.clone()
	}
	if c.kll != nil {
		k := *c.kll
		k.levels = make([][]float64, len(c.kll.levels))
		for i, l := range c.kll.levels {
			k.levels[i] = append([]float64(nil), l...)
		}
		d.kll = &k
		d.hll = &hll{p: c.hll.p, regs: append([]uint8(nil), c.hll.regs...)}
	}
	return &d
}

// merge adds o (not modified) to c.
func (c *numeric) merge(opts Options, o *numeric) {
	c.integer = c.integer && o.integer
	c.rows += o.rows
	c.missing += o.missing
	c.posInf += o.posInf
	c.negInf += o.negInf
	c.zero += o.zero
	c.mom.merge(o.mom)
	c.hist.merge(o.hist)
	if c.exact != nil && o.exact != nil {
		c.exact.addSorted(o.exact.keys, o.exact.counts)
		if len(c.exact.keys) > opts.ExactValues {
			c.spill(opts)
			c.kll.compress()
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
	c.kll.merge(o.kll)
	c.hll.merge(o.hll)
}

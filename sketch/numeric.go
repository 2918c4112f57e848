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
// HyperLogLog distinct count and Misra-Gries heavy hitters.
type numeric struct {
	integer              bool // every chunk came from integers
	rows, missing        int64
	posInf, negInf, zero int64
	mom                  moments
	hist                 *hist
	exact                *values[float64] // nil once spilled
	kll                  *kll
	hll                  *hll
	hh                   *heavy[float64]
}

func newNumeric(o Options, integer bool) *numeric {
	return &numeric{integer: integer, hist: newHist(o.Bins), exact: &values[float64]{}}
}

// scratch is reusable memory for one column's chunk.
type scratch struct {
	finite []float64
	keys   []float64
	counts []int64
}

func (c *numeric) add(o Options, col *dataset.NumericColumn, s *scratch) {
	vals := col.Values()
	c.rows += int64(len(vals))
	c.missing += int64(col.NullN())
	c.integer = c.integer && col.Integer()
	fin := s.finite[:0]
	for _, x := range vals {
		switch {
		case x != x: // missing
		case math.IsInf(x, 1):
			c.posInf++
		case math.IsInf(x, -1):
			c.negInf++
		default:
			if x == 0 {
				c.zero++
				x = 0 // -0 is 0
			}
			fin = append(fin, x)
		}
	}
	s.finite = fin
	c.addFinite(o, fin, s)
}

// addFinite adds finite values; it sorts fin in place.
func (c *numeric) addFinite(o Options, fin []float64, s *scratch) {
	if len(fin) == 0 {
		return
	}
	var m moments
	m.addChunk(fin)
	c.mom.merge(m)
	c.hist.addChunk(fin, m.min, m.max)
	sortFloats(fin, nil)
	s.keys, s.counts = runs(fin, s.keys, s.counts)
	if c.exact != nil {
		c.exact.addSorted(s.keys, s.counts)
		if len(c.exact.keys) > o.ExactValues {
			c.spill(o)
			c.kll.compress()
		}
		return
	}
	c.kll.addSorted(fin)
	for _, k := range s.keys {
		c.hll.add(hashFloat(k))
	}
	c.hh.addCounts(s.keys, s.counts)
}

// spill turns the exact values into the sketches. The KLL sketch is not
// compressed here, so that a merge compresses the union of both sides
// once and stays symmetric; a KLL sketch at rest is always compressed.
func (c *numeric) spill(o Options) {
	c.kll = newKLL(o.K)
	c.hll = newHLL(uint8(o.HLLPrecision))
	c.hh = newHeavy[float64](o.HeavyHitters)
	for i, k := range c.exact.keys {
		c.kll.addWeighted(k, c.exact.counts[i])
		c.hll.add(hashFloat(k))
	}
	c.hh.addCounts(c.exact.keys, c.exact.counts)
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
		hh := newHeavy[float64](c.hh.k)
		hh.n = c.hh.n
		for key, v := range c.hh.counts {
			hh.counts[key] = v
		}
		d.hh = hh
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
	c.hh.merge(o.hh)
}

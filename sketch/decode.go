package sketch

import (
	"cmp"
	"fmt"
	"math"

	"github.com/telltale-ml/telltale/dataset"
)

// fromFile builds a sketch from a decoded file, checking each invariant
// the code relies on.
func fromFile(f *file) (*Sketch, error) {
	if err := f.Options.Validate(); err != nil {
		return nil, err
	}
	o := f.Options.withDefaults()
	if o != f.Options {
		return nil, fmt.Errorf("options %+v are not explicit", f.Options)
	}
	if f.Rows < 0 || f.RowsWithMissing < 0 || f.EmptyRows < 0 || f.RowsWithMissing > f.Rows || f.EmptyRows > f.RowsWithMissing {
		return nil, fmt.Errorf("row counts %d, %d, %d are inconsistent", f.Rows, f.RowsWithMissing, f.EmptyRows)
	}
	s := &Sketch{opts: o, rows: f.Rows, rowsWithMissing: f.RowsWithMissing, emptyRows: f.EmptyRows, index: map[string]int{}}
	for i, fc := range f.Columns {
		if _, dup := s.index[fc.Name]; dup {
			return nil, fmt.Errorf("column %q appears twice", fc.Name)
		}
		c := &column{name: fc.Name}
		set := 0
		var err error
		var rows int64
		if fc.Numerical != nil {
			set++
			c.num, err = fc.Numerical.sketch(o)
			rows = fc.Numerical.Rows
		}
		if fc.String != nil {
			set++
			c.str, err = fc.String.sketch(o)
			rows = fc.String.Rows
		}
		if fc.Datetime != nil {
			set++
			c.tm, err = fc.Datetime.sketch(o)
			rows = fc.Datetime.Rows
		}
		if set != 1 {
			return nil, fmt.Errorf("column %d (%q) must have exactly one of numerical, string and datetime", i+1, fc.Name)
		}
		if err != nil {
			return nil, fmt.Errorf("column %q: %v", fc.Name, err)
		}
		if rows != f.Rows {
			return nil, fmt.Errorf("column %q has %d rows, the sketch %d", fc.Name, rows, f.Rows)
		}
		s.index[fc.Name] = i
		s.cols = append(s.cols, c)
	}
	return s, nil
}

func checkCounts(rows, missing int64, parts ...int64) error {
	if rows < 0 || missing < 0 || missing > rows {
		return fmt.Errorf("rows %d, missing %d", rows, missing)
	}
	sum := missing
	for _, p := range parts {
		if p < 0 {
			return fmt.Errorf("negative count %d", p)
		}
		sum += p
	}
	if sum != rows {
		return fmt.Errorf("counts add up to %d, not %d rows", sum, rows)
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// checkValues checks keys sorted strictly ascending, positive counts, at
// most limit entries, and returns the sum of the counts.
func checkValues[K cmp.Ordered](v *fileValues[K], limit int, ok func(K) bool) (int64, error) {
	if len(v.Values) != len(v.Counts) {
		return 0, fmt.Errorf("%d values but %d counts", len(v.Values), len(v.Counts))
	}
	if len(v.Values) > limit {
		return 0, fmt.Errorf("%d values, more than the limit %d", len(v.Values), limit)
	}
	var sum int64
	for i, k := range v.Values {
		if !ok(k) || i > 0 && !cmp.Less(v.Values[i-1], k) {
			return 0, fmt.Errorf("values not finite and strictly ascending at %d", i)
		}
		if v.Counts[i] <= 0 || sum > math.MaxInt64-v.Counts[i] {
			return 0, fmt.Errorf("count %d at %d", v.Counts[i], i)
		}
		sum += v.Counts[i]
	}
	return sum, nil
}

func checkHeavy[K cmp.Ordered](v *fileValues[K], k int, n int64, ok func(K) bool) (*heavy[K], error) {
	if v == nil {
		return nil, fmt.Errorf("heavy hitters missing")
	}
	if len(v.Values) != len(v.Counts) || len(v.Values) > k {
		return nil, fmt.Errorf("%d heavy hitters, %d counts (at most %d)", len(v.Values), len(v.Counts), k)
	}
	h := newHeavy[K](k)
	h.n = v.N
	var sum int64
	for i, key := range v.Values {
		if !ok(key) || v.Counts[i] <= 0 || v.Counts[i] > n {
			return nil, fmt.Errorf("heavy hitter %d", i)
		}
		if _, dup := h.counts[key]; dup {
			return nil, fmt.Errorf("heavy hitter %d repeated", i)
		}
		h.counts[key] = v.Counts[i]
		sum += v.Counts[i]
	}
	if v.N != n || sum > n {
		return nil, fmt.Errorf("heavy hitters summarise %d values (counters %d), want %d", v.N, sum, n)
	}
	return h, nil
}

func checkHLL(regs []byte, p int) (*hll, error) {
	if len(regs) != 1<<p {
		return nil, fmt.Errorf("HyperLogLog of %d registers, want %d", len(regs), 1<<p)
	}
	for _, r := range regs {
		if int(r) > 64-p+1 {
			return nil, fmt.Errorf("HyperLogLog register %d out of range", r)
		}
	}
	return &hll{p: uint8(p), regs: append([]uint8(nil), regs...)}, nil
}

func (f *fileNumeric) sketch(o Options) (*numeric, error) {
	if err := checkCounts(f.Rows, f.Missing, f.PosInf, f.NegInf, f.Count); err != nil {
		return nil, err
	}
	if f.Zeros < 0 || f.Zeros > f.Count {
		return nil, fmt.Errorf("zeros %d", f.Zeros)
	}
	c := &numeric{integer: f.Integer, rows: f.Rows, missing: f.Missing, posInf: f.PosInf, negInf: f.NegInf, zero: f.Zeros, hist: newHist(o.Bins)}
	isFinite := func(x float64) bool { return finite(x) }
	if f.Count > 0 {
		if !finite(f.Mean) || !finite(f.M2) || f.M2 < 0 || !finite(f.Min) || !finite(f.Max) || f.Min > f.Max {
			return nil, fmt.Errorf("moments mean %v, m2 %v, min %v, max %v", f.Mean, f.M2, f.Min, f.Max)
		}
		c.mom = moments{n: f.Count, mean: f.Mean, m2: f.M2, min: f.Min, max: f.Max}
		inRange := func(x float64) bool { return x >= f.Min && x <= f.Max }
		isFinite = inRange
		h := f.Histogram
		if h == nil || len(h.Counts) == 0 || len(h.Counts) > o.Bins || h.Exp < -1074 || h.Exp > 1024 || h.Offset > 1<<62 || h.Offset < -(1<<62) {
			return nil, fmt.Errorf("histogram missing or out of range")
		}
		var sum int64
		for _, n := range h.Counts {
			if n < 0 || sum > math.MaxInt64-n {
				return nil, fmt.Errorf("histogram count %d", n)
			}
			sum += n
		}
		if sum != f.Count || binIndex(f.Min, h.Exp) < h.Offset || binIndex(f.Max, h.Exp) >= h.Offset+int64(len(h.Counts)) {
			return nil, fmt.Errorf("histogram does not hold the %d values in [%v, %v]", f.Count, f.Min, f.Max)
		}
		c.hist = &hist{maxBins: o.Bins, e: h.Exp, off: h.Offset, counts: append([]int64(nil), h.Counts...)}
	} else if f.Histogram != nil {
		return nil, fmt.Errorf("histogram without values")
	}
	switch {
	case f.Exact != nil && f.KLL == nil && f.HLL == nil:
		sum, err := checkValues(f.Exact, o.ExactValues, isFinite)
		if err != nil {
			return nil, err
		}
		if sum != f.Count {
			return nil, fmt.Errorf("exact values count %d, want %d", sum, f.Count)
		}
		c.exact = &values[float64]{keys: f.Exact.Values, counts: f.Exact.Counts}
	case f.Exact == nil && f.KLL != nil:
		k := f.KLL
		if len(k.Levels) == 0 || len(k.Levels) > 62 || !finite(k.Variance) || k.Variance < 0 || k.N != f.Count {
			return nil, fmt.Errorf("KLL sketch of %d levels, n %d, variance %v", len(k.Levels), k.N, k.Variance)
		}
		var n int64
		items := 0
		for h, l := range k.Levels {
			items += len(l)
			if items > 64*o.K {
				return nil, fmt.Errorf("KLL sketch holds more than %d items", 64*o.K)
			}
			for i, x := range l {
				if !isFinite(x) || i > 0 && x < l[i-1] {
					return nil, fmt.Errorf("KLL level %d not sorted or out of [min, max] at %d", h, i)
				}
			}
			n += int64(len(l)) << h
			if n < 0 {
				return nil, fmt.Errorf("KLL weight overflows")
			}
		}
		if n != k.N {
			return nil, fmt.Errorf("KLL items weigh %d, want %d", n, k.N)
		}
		c.kll = &kll{k: o.K, levels: k.Levels, n: k.N, v: k.Variance}
		c.kll.compress()
		var err error
		if c.hll, err = checkHLL(f.HLL, o.HLLPrecision); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("want either exact values or a KLL sketch and a HyperLogLog")
	}
	return c, nil
}

func (f *fileString) sketch(o Options) (*strs, error) {
	if err := checkCounts(f.Rows, f.Missing, f.Text.N); err != nil {
		return nil, err
	}
	t := f.Text
	if t.N > 0 && (t.LenMin < 0 || t.LenMin > t.LenMax || t.WordMin < 0 || t.WordMin > t.WordMax || t.LenSum < 0 || t.WordSum < 0) {
		return nil, fmt.Errorf("text statistics %+v", t)
	}
	c := &strs{rows: f.Rows, missing: f.Missing, text: textStats{n: t.N, lenMin: t.LenMin, lenMax: t.LenMax, lenSum: t.LenSum,
		wordMin: t.WordMin, wordMax: t.WordMax, wordSum: t.WordSum}}
	switch f.Type {
	case "":
	case "categorical":
		c.typ = dataset.Categorical
	case "text":
		c.typ = dataset.Text
	default:
		return nil, fmt.Errorf("type %q", f.Type)
	}
	any := func(string) bool { return true }
	switch {
	case f.Exact != nil && f.HLL == nil && f.Heavy == nil:
		sum, err := checkValues(f.Exact, o.Categories, any)
		if err != nil {
			return nil, err
		}
		for _, k := range f.Exact.Values {
			c.exactBytes += len(k)
		}
		if sum != t.N || c.exactBytes > categoryBytes {
			return nil, fmt.Errorf("categories count %d values of %d bytes, want %d values", sum, c.exactBytes, t.N)
		}
		c.exact = &values[string]{keys: f.Exact.Values, counts: f.Exact.Counts}
	case f.Exact == nil:
		var err error
		if c.hll, err = checkHLL(f.HLL, o.HLLPrecision); err != nil {
			return nil, err
		}
		if c.hh, err = checkHeavy(f.Heavy, o.HeavyHitters, t.N, any); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("want either exact categories or a HyperLogLog and heavy hitters")
	}
	return c, nil
}

func (f *fileTime) sketch(o Options) (*times, error) {
	if err := checkCounts(f.Rows, f.Missing, f.Count); err != nil {
		return nil, err
	}
	if f.Count > 0 && f.First > f.Last {
		return nil, fmt.Errorf("first %d after last %d", f.First, f.Last)
	}
	c := &times{rows: f.Rows, missing: f.Missing, dateOnly: f.DateOnly, n: f.Count, first: f.First, last: f.Last}
	inRange := func(x int64) bool { return f.Count > 0 && x >= f.First && x <= f.Last }
	switch {
	case f.Exact != nil && f.HLL == nil:
		sum, err := checkValues(f.Exact, o.ExactValues, inRange)
		if err != nil {
			return nil, err
		}
		if sum != f.Count {
			return nil, fmt.Errorf("exact instants count %d, want %d", sum, f.Count)
		}
		c.exact = &values[int64]{keys: f.Exact.Values, counts: f.Exact.Counts}
	case f.Exact == nil:
		var err error
		if c.hll, err = checkHLL(f.HLL, o.HLLPrecision); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("want either exact instants or a HyperLogLog")
	}
	return c, nil
}

package dataset

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/parquet-go/parquet-go"
)

// Integer columns in fewer bits.
//
// An integer column whose values are known to fit in 16 or 32 bits before
// they are read (a Parquet column of physical type INT32, or one whose
// footer statistics bound it) is held at that width: a quarter or a half
// of the memory of int64, which on a one-shot read is memory the kernel
// must first zero, and a quarter or a half of the bytes every later pass
// (counting, sorting) reads. Ints still gives int64 values, written out at
// its first call; code that reads a column's integers in a hot loop asks
// for the narrow slices first (Int16s, Int32s).

// integer is the types an integer column holds its values in; narrowInt
// the two narrower ones, which a categorical column's codes are held in
// too (narrow_codes.go).
type (
	integer   interface{ int16 | int32 | int64 }
	narrowInt interface{ int16 | int32 }
)

// narrowInts holds an integer column's exact values at 16 or 32 bits: at
// most one of the two is set.
type narrowInts struct {
	i16 []int16
	i32 []int32
}

// held reports whether the values are held here.
func (n narrowInts) held() bool { return n.i16 != nil || n.i32 != nil }

func (n narrowInts) len() int {
	if n.i16 != nil {
		return len(n.i16)
	}
	return len(n.i32)
}

// at returns value i.
func (n narrowInts) at(i int) int64 {
	if n.i16 != nil {
		return int64(n.i16[i])
	}
	return int64(n.i32[i])
}

// newNarrowIntColumn returns an integer column holding its values in n.
func newNarrowIntColumn(name string, n narrowInts, nulls nullMask) *NumericColumn {
	return &NumericColumn{name: name, narrow: n, nulls: nulls, nullN: nulls.count()}
}

// Int16s returns the exact values of an integer column held in 16 bits,
// and whether it is; missing rows hold 0. The slice must not be modified.
func (c *NumericColumn) Int16s() ([]int16, bool) { return c.narrow.i16, c.narrow.i16 != nil }

// Int32s returns the exact values of an integer column held in 32 bits,
// and whether it is; missing rows hold 0. The slice must not be modified.
func (c *NumericColumn) Int32s() ([]int32, bool) { return c.narrow.i32, c.narrow.i32 != nil }

// widen writes the narrow values out as int64 (Ints).
func (c *NumericColumn) widen() {
	if c.narrow.i16 != nil {
		c.ints = convertInts[int64](c.narrow.i16)
	} else {
		c.ints = convertInts[int64](c.narrow.i32)
	}
}

// convertInts writes vals in the bits of To: wider, or narrower when
// every value fits.
func convertInts[To, From integer](vals []From) []To {
	out := make([]To, len(vals))
	for i, v := range vals {
		out[i] = To(v)
	}
	return out
}

// errNarrow is a page's value outside the bits its column was given: the
// file's statistics were wrong, and the column is read again in the bits
// of its physical type (toWide).
var errNarrow = errors.New("a value outside the column's statistics")

// intWidth returns the bits a pqInt column's values are held in: 16 or 32
// when its physical type or the statistics of every row group with a
// value bound them so, else 64. The statistics are a file's word only:
// each page is checked (narrowTable, spreadNarrow), and a value outside
// them makes the column read again (errNarrow).
func (p *pqPlan) intWidth(leaf *parquet.Column) int {
	phys := 64
	if leaf.Type().Kind() == parquet.Int32 {
		phys = 32
	}
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, rg := range p.pf.Metadata().RowGroups {
		if leaf.Index() >= len(rg.Columns) {
			return phys
		}
		st := rg.Columns[leaf.Index()].MetaData.Statistics
		if st.NullCount == rg.NumRows {
			continue // no value
		}
		minB, maxB := st.MinValue, st.MaxValue
		if len(minB) == 0 || len(maxB) == 0 {
			minB, maxB = st.Min, st.Max // signed order, right for integers
		}
		l, okL := statInt(minB, phys)
		h, okH := statInt(maxB, phys)
		if !okL || !okH {
			return phys
		}
		lo, hi = min(lo, l), max(hi, h)
	}
	switch {
	case lo > hi || lo >= math.MinInt16 && hi <= math.MaxInt16: // no value at all, or all in 16 bits
		return 16
	case lo >= math.MinInt32 && hi <= math.MaxInt32:
		return 32
	}
	return phys
}

// statInt decodes a PLAIN-encoded statistic of a column of physical
// width bits.
func statInt(b []byte, bits int) (int64, bool) {
	switch {
	case bits == 32 && len(b) == 4:
		return int64(int32(binary.LittleEndian.Uint32(b))), true
	case bits == 64 && len(b) == 8:
		return int64(binary.LittleEndian.Uint64(b)), true
	}
	return 0, false
}

// narrowTable sets *dst to the dictionary's values in fewer bits, or
// returns errNarrow when one does not fit.
func narrowTable[T narrowInt](dst *[]T, vals []int64) error {
	if !fits[T](vals) {
		return errNarrow
	}
	*dst = (*dst)[:0]
	for _, v := range vals {
		*dst = append(*dst, T(v))
	}
	return nil
}

// spreadNarrow is spreadCopy into a column held in fewer bits, or
// errNarrow when a value does not fit.
func spreadNarrow[T narrowInt](dst []T, defs []byte, maxDef byte, vals []int64) error {
	if !fits[T](vals) {
		return errNarrow
	}
	if defs == nil {
		for i, v := range vals[:len(dst)] {
			dst[i] = T(v)
		}
		return nil
	}
	k := 0
	for i, l := range defs {
		if l == maxDef {
			dst[i] = T(vals[k])
			k++
		} else {
			dst[i] = 0
		}
	}
	return nil
}

// fits reports whether every value of vals is one of T.
func fits[T narrowInt](vals []int64) bool {
	lo, hi := int64(0), int64(0)
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	return int64(T(lo)) == lo && int64(T(hi)) == hi
}

// toWide makes the column hold its values in the bits of its physical
// type (32 for INT32, whose values always fit, else 64) and forgets what
// its row groups read, for them to be read again.
func (c *pqColumn) toWide() {
	c.width, c.i16, c.i32 = 64, nil, nil
	if c.leaf.Type().Kind() == parquet.Int32 {
		c.width = 32
	}
	clear(c.errs)
	if c.plan.prealloc {
		c.alloc(c.plan.rows)
	} // else the values grow from nil as pages come (alloc)
}

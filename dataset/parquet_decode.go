package dataset

import (
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
)

// pqDecoder decodes the pages of one column chunk straight into the
// column's final representation: integers and their float64 values,
// nanoseconds, floats, dictionary codes. A dictionary is converted once per
// chunk, so a dictionary-encoded page costs one lookup a row.
type pqDecoder struct {
	scratch64 []int64
	scratchF  []float64
	dictKey   parquet.Dictionary
	tab       pqTable
	bounds    timeBounds // time kinds: the range of the present instants decoded
}

// pqTable is a chunk's dictionary in the column's representation.
type pqTable struct {
	ints    []int64   // integer kinds: the values (nanoseconds for times)
	i16     []int16   // pqInt held in 16 bits: the values
	i32     []int32   // pqInt held in 32 bits: the values
	floats  []float64 // pqFloat: the values
	nan     bool      // pqFloat: a value is NaN
	codes   []int32   // pqString: codes of the values
	codes16 []int16   // pqString held in 16 bits: codes of the values
	bad     []bool    // time kinds: the entries outside the range (their ints left as stored); nil when none
}

// page decodes the n rows of page into the column from row off.
func (d *pqDecoder) page(c *pqColumn, g int, page parquet.Page, off, n int) error {
	var defs []byte
	if page.NumNulls() > 0 {
		defs = page.DefinitionLevels()
		if len(defs) != n {
			return formatErr("a page has %d definition levels for %d rows", len(defs), n)
		}
	}
	present := n
	if defs != nil {
		present = 0
		for i, l := range defs {
			if l == c.maxDef {
				present++
			} else {
				c.markNull(off + i)
			}
		}
	}
	switch c.kind {
	case pqFloat:
		return d.floatPage(c, page, off, n, defs, present)
	case pqBool:
		return d.boolPage(c, page, off, n, defs, present)
	case pqString:
		return d.stringPage(c, g, page, off, n, defs, present)
	}
	if err := d.intPage(c, page, off, n, defs, present); err != nil {
		return err
	}
	if c.kind.instants() {
		d.boundPage(c.ints[off:off+n], defs, c.maxDef)
	}
	return nil
}

// boundPage widens the decoder's time bounds to the present rows of a
// page's instants, while they are in cache.
func (d *pqDecoder) boundPage(dst []int64, defs []byte, maxDef byte) {
	if defs == nil {
		d.bounds.add(dst)
		return
	}
	for i, l := range defs {
		if l == maxDef {
			d.bounds.merge(timeBounds{lo: dst[i], hi: dst[i], ok: true})
		}
	}
}

// wantValues checks that a page decoded n values where want are present.
func wantValues(n, want int) error {
	if n != want {
		return formatErr("a page holds %d values where its definition levels say %d", n, want)
	}
	return nil
}

// intPage decodes a page of an integer kind: plain integers and decimals,
// dates and timestamps (as nanoseconds), int96 times. A column held in
// fewer bits gets its values checked to fit (errNarrow when one does not).
func (d *pqDecoder) intPage(c *pqColumn, page parquet.Page, off, n int, defs []byte, present int) error {
	data := page.Data()
	if dict := page.Dictionary(); dict != nil {
		if dict != d.dictKey {
			if err := d.intTable(c, dict); err != nil {
				return err
			}
		}
		idx := data.Int32()
		if err := wantValues(len(idx), present); err != nil {
			return err
		}
		t := &d.tab
		if t.bad != nil {
			for p, k := range idx {
				if t.bad[k] {
					return c.timeRangeErr(off+rowOf(defs, c.maxDef, p), t.ints[k])
				}
			}
		}
		switch c.width {
		case 16:
			spreadLookup(c.i16[off:off+n], defs, c.maxDef, idx, t.i16, 0)
		case 32:
			spreadLookup(c.i32[off:off+n], defs, c.maxDef, idx, t.i32, 0)
		default:
			spreadLookup(c.ints[off:off+n], defs, c.maxDef, idx, t.ints, 0)
		}
		return nil
	}
	var vals []int64
	switch page.Type().Kind() {
	case parquet.Int32:
		v32 := data.Int32()
		d.scratch64 = growLen(d.scratch64, len(v32))
		for i, v := range v32 {
			d.scratch64[i] = int64(v)
		}
		vals = d.scratch64
	case parquet.Int96:
		raw := data.Int96()
		d.scratch64 = growLen(d.scratch64, len(raw))
		for i, v := range raw {
			d.scratch64[i] = int96Nanos(v)
		}
		vals = d.scratch64
	default:
		vals = data.Int64()
	}
	if err := wantValues(len(vals), present); err != nil {
		return err
	}
	switch c.kind {
	case pqDate, pqTimestamp:
		unit := c.nanosUnit()
		lo, hi := math.MinInt64/unit, math.MaxInt64/unit
		for p, v := range vals {
			if v < lo || v > hi {
				return c.timeRangeErr(off+rowOf(defs, c.maxDef, p), v)
			}
		}
		if unit != 1 {
			d.scratch64 = growLen(d.scratch64, len(vals))
			for i, v := range vals {
				d.scratch64[i] = v * unit
			}
			vals = d.scratch64
		}
	}
	switch c.width {
	case 16:
		return spreadNarrow(c.i16[off:off+n], defs, c.maxDef, vals)
	case 32:
		return spreadNarrow(c.i32[off:off+n], defs, c.maxDef, vals)
	}
	spreadCopy(c.ints[off:off+n], defs, c.maxDef, vals, 0)
	return nil
}

// intTable converts the chunk's dictionary for an integer kind.
func (d *pqDecoder) intTable(c *pqColumn, dict parquet.Dictionary) error {
	d.dictKey = dict
	t := &d.tab
	t.ints, t.bad = t.ints[:0], nil
	dv := dict.Page().Data()
	switch dict.Type().Kind() {
	case parquet.Int32:
		for _, v := range dv.Int32() {
			t.ints = append(t.ints, int64(v))
		}
	case parquet.Int96:
		for _, v := range dv.Int96() {
			t.ints = append(t.ints, int96Nanos(v))
		}
	default:
		t.ints = append(t.ints, dv.Int64()...)
	}
	switch c.kind {
	case pqDate, pqTimestamp:
		unit := c.nanosUnit()
		lo, hi := math.MinInt64/unit, math.MaxInt64/unit
		for k, v := range t.ints {
			if v < lo || v > hi {
				if t.bad == nil {
					t.bad = make([]bool, len(t.ints))
				}
				t.bad[k] = true
				continue
			}
			t.ints[k] = v * unit
		}
	}
	switch c.width {
	case 16:
		return narrowTable(&t.i16, t.ints)
	case 32:
		return narrowTable(&t.i32, t.ints)
	}
	return nil
}

// nanosUnit is the nanoseconds in one unit of a date or timestamp column.
func (c *pqColumn) nanosUnit() int64 {
	if c.kind == pqDate {
		return 86400e9
	}
	return c.unit
}

func (c *pqColumn) timeRangeErr(row int, v int64) error {
	return &kindError{ErrUnsupported, fmt.Sprintf("row %d: %d × %dns is outside the instants telltale holds (1677-09-21 to 2262-04-11)", row+1, v, c.nanosUnit())}
}

// rowOf returns the row, within a page, of its p-th present value.
func rowOf(defs []byte, maxDef byte, p int) int {
	if defs == nil {
		return p
	}
	for i, l := range defs {
		if l == maxDef {
			if p == 0 {
				return i
			}
			p--
		}
	}
	return len(defs)
}

// int96Nanos reads Impala's int96 timestamp: nanoseconds of the day, then
// the Julian day.
func int96Nanos(v deprecated.Int96) int64 {
	nanos := int64(uint64(v[1])<<32 | uint64(v[0]))
	days := int64(v[2]) - 2440588 // Julian day of 1970-01-01
	return days*86400e9 + nanos
}

// spreadCopy writes the present values vals into dst, missing rows (a
// definition level below maxDef) getting missing; with defs nil, one copy.
func spreadCopy[T any](dst []T, defs []byte, maxDef byte, vals []T, missing T) {
	if defs == nil {
		copy(dst, vals)
		return
	}
	k := 0
	for i, l := range defs {
		if l == maxDef {
			dst[i] = vals[k]
			k++
		} else {
			dst[i] = missing
		}
	}
}

// spreadLookup writes table[idx[k]] for the k-th present row into dst,
// missing rows getting missing. An index out of the table (a corrupt file)
// panics, which readGroup turns into the row group's error.
func spreadLookup[T any](dst []T, defs []byte, maxDef byte, idx []int32, table []T, missing T) {
	if defs == nil {
		for i, k := range idx {
			dst[i] = table[k]
		}
		return
	}
	k := 0
	for i, l := range defs {
		if l == maxDef {
			dst[i] = table[idx[k]]
			k++
		} else {
			dst[i] = missing
		}
	}
}

func (d *pqDecoder) floatPage(c *pqColumn, page parquet.Page, off, n int, defs []byte, present int) error {
	data := page.Data()
	dst := c.floats[off : off+n]
	if dict := page.Dictionary(); dict != nil {
		if dict != d.dictKey {
			d.dictKey = dict
			t := &d.tab
			t.floats = t.floats[:0]
			dv := dict.Page().Data()
			if dict.Type().Kind() == parquet.Float {
				for _, v := range dv.Float() {
					t.floats = append(t.floats, float64(v))
				}
			} else {
				t.floats = append(t.floats, dv.Double()...)
			}
			t.nan = hasNaN(t.floats)
		}
		idx := data.Int32()
		if err := wantValues(len(idx), present); err != nil {
			return err
		}
		spreadLookup(dst, defs, c.maxDef, idx, d.tab.floats, math.NaN())
		if d.tab.nan {
			c.markNaNs(dst, off, defs)
		}
		return nil
	}
	var vals []float64
	if page.Type().Kind() == parquet.Float {
		v32 := data.Float()
		d.scratchF = growLen(d.scratchF, len(v32))
		for i, v := range v32 {
			d.scratchF[i] = float64(v)
		}
		vals = d.scratchF
	} else {
		vals = data.Double()
	}
	if err := wantValues(len(vals), present); err != nil {
		return err
	}
	spreadCopy(dst, defs, c.maxDef, vals, math.NaN())
	if hasNaN(vals) {
		c.markNaNs(dst, off, defs)
	}
	return nil
}

func hasNaN(vals []float64) bool {
	for _, v := range vals {
		if v != v {
			return true
		}
	}
	return false
}

// markNaNs marks missing the present rows of a page, its values dst from
// row off, that hold NaN (a NaN is a missing value to telltale), while
// the page is in cache, so that finish need not look at every value again.
// A column without a null mask (required in the file) notes that it holds
// one instead, and finish finds them.
func (c *pqColumn) markNaNs(dst []float64, off int, defs []byte) {
	if c.nulls == nil {
		c.sawNaN.Store(true)
		return
	}
	for i, v := range dst {
		if v != v && (defs == nil || defs[i] == c.maxDef) {
			c.markNull(off + i)
		}
	}
}

func (d *pqDecoder) boolPage(c *pqColumn, page parquet.Page, off, n int, defs []byte, present int) error {
	data := page.Data()
	bits := data.Boolean()
	if len(bits)*8 < present {
		return formatErr("a boolean page is shorter than its values")
	}
	dst := c.codes16[off : off+n]
	k := 0
	for i := range dst {
		if defs != nil && defs[i] != c.maxDef {
			dst[i] = -1
			continue
		}
		dst[i] = int16(bits[k>>3] >> (uint(k) & 7) & 1)
		k++
	}
	return nil
}

// stringPage gives each value its code: through the table of the row
// group's dictionary merged before decoding (pqColumn.readDicts), or, for
// a page of plain values, in the row group's own dictionary, merged in
// pqColumn.finish. A row group of a column held in 16 bits whose own
// dictionary outgrows them goes on in 32 bits of its own (pqGroupDict.wide).
func (d *pqDecoder) stringPage(c *pqColumn, g int, page parquet.Page, off, n int, defs []byte, present int) error {
	gd := &c.dicts[g]
	if c.narrowCodes && gd.wide == nil {
		err := stringCodes(d, c, g, off, c.codes16[off:off+n], gd.codes16, &d.tab.codes16, page, defs, present)
		if err != errNarrow {
			return err
		}
		start := c.plan.rgOff[g]
		gd.wide = convertInts[int32](c.codes16[start:off])
		d.dictKey = nil
	}
	if gd.wide != nil {
		from := off - c.plan.rgOff[g]
		gd.wide = growLen(gd.wide, from+n)
		return stringCodes(d, c, g, off, gd.wide[from:from+n], gd.codes, &d.tab.codes, page, defs, present)
	}
	return stringCodes(d, c, g, off, c.codes[off:off+n], gd.codes, &d.tab.codes, page, defs, present)
}

// stringCodes writes the codes of a string page's rows, from row off, into
// dst. merged is the codes of the row group's dictionary entries in the
// column; tab is the decoder's table for a dictionary of the group's own.
// A code that T cannot hold is errNarrow.
func stringCodes[T narrowInt](d *pqDecoder, c *pqColumn, g, off int, dst, merged []T, tab *[]T, page parquet.Page, defs []byte, present int) error {
	if dict := page.Dictionary(); dict != nil && dict == c.dicts[g].dict && !c.dicts[g].plain {
		idx := page.Data()
		ix := idx.Int32()
		if err := wantValues(len(ix), present); err != nil {
			return err
		}
		spreadLookup(dst, defs, c.maxDef, ix, merged, -1)
		return nil
	}
	// Values this row group gives otherwise: its codes become its own.
	c.localGroup(g, off)
	ld := &c.dicts[g].local
	if dict := page.Dictionary(); dict != nil {
		if dict != d.dictKey {
			d.dictKey = nil
			*tab = (*tab)[:0]
			dv := dict.Page().Data()
			data, offsets := dv.ByteArray()
			for i := 0; i+1 < len(offsets); i++ {
				b := data[offsets[i]:offsets[i+1]]
				if !utf8.Valid(b) {
					return formatErr("invalid UTF-8 in a string value")
				}
				k := ld.code(b)
				if int32(T(k)) != k {
					return errNarrow
				}
				*tab = append(*tab, T(k))
			}
			d.dictKey = dict
		}
		idx := page.Data()
		ix := idx.Int32()
		if err := wantValues(len(ix), present); err != nil {
			return err
		}
		spreadLookup(dst, defs, c.maxDef, ix, *tab, -1)
		return nil
	}
	dv := page.Data()
	data, offsets := dv.ByteArray()
	if err := wantValues(max(len(offsets)-1, 0), present); err != nil {
		return err
	}
	vals := make([]T, present)
	for i := range vals {
		b := data[offsets[i]:offsets[i+1]]
		if !utf8.Valid(b) {
			return formatErr("invalid UTF-8 in a string value")
		}
		k := ld.code(b)
		if int32(T(k)) != k {
			return errNarrow
		}
		vals[i] = T(k)
	}
	spreadCopy(dst, defs, c.maxDef, vals, -1)
	return nil
}

package dataset

import (
	"context"
	"fmt"
	"io"
	"math"
	"sync/atomic"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
)

// pqColumn is one leaf column being read: its values (one slice, by kind),
// its missing rows, and per row group its error and, for strings, its
// dictionary.
type pqColumn struct {
	plan   *pqPlan
	leaf   *parquet.Column
	kind   parquetKind
	unit   int64
	maxDef byte
	rows   int // rows read (growing mode) or allocated

	ints   []int64   // pqInt, pqDate, pqTimestamp, pqDecimal, pqUint, pqInt96Time
	floats []float64 // pqFloat
	codes  []int32   // pqBool, pqString: codes of the row group's dictionary
	nulls  nullMask  // set with atomic.OrUint64: row groups share boundary words
	dicts  []localDict
	errs   []error
}

func newPQColumn(p *pqPlan, leaf *parquet.Column, kind parquetKind, unit int64) *pqColumn {
	c := &pqColumn{plan: p, leaf: leaf, kind: kind, unit: unit, maxDef: byte(leaf.MaxDefinitionLevel()),
		errs: make([]error, len(p.rgRows))}
	if kind == pqString {
		c.dicts = make([]localDict, len(p.rgRows))
	}
	if p.prealloc {
		c.alloc(p.rows)
	}
	return c
}

// alloc makes room for n rows.
func (c *pqColumn) alloc(n int) {
	switch c.kind {
	case pqFloat:
		c.floats = growLen(c.floats, n)
	case pqBool, pqString:
		c.codes = growLen(c.codes, n)
	default:
		c.ints = growLen(c.ints, n)
	}
	if c.maxDef > 0 {
		c.nulls = growLen(c.nulls, (n+63)/64)
	}
	c.rows = n
}

// growLen returns s with length n, keeping its values; growing, it doubles.
func growLen[T any](s []T, n int) []T {
	if n <= cap(s) {
		return s[:n]
	}
	t := make([]T, n, max(n, 2*cap(s)))
	copy(t, s)
	return t
}

// readGroup reads the column's chunk in row group g, recovering a panic in
// parquet-go (which a corrupt file can cause) as the group's error.
func (c *pqColumn) readGroup(ctx context.Context, g int) {
	defer func() {
		if p := recover(); p != nil {
			c.errs[g] = formatErr("corrupt or unreadable column data: %v", p)
		}
	}()
	c.errs[g] = c.readChunk(ctx, g)
}

func (c *pqColumn) readChunk(ctx context.Context, g int) error {
	p := c.plan
	chunk := p.pf.RowGroups()[g].ColumnChunks()[c.leaf.Index()]
	pages := chunk.Pages()
	defer pages.Close()
	off, end := p.rgOff[g], p.rgOff[g]+p.rgRows[g]
	var dec pqDecoder
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		page, err := pages.ReadPage()
		if err == io.EOF {
			break
		}
		if err != nil {
			return formatErr("reading a page: %v", err)
		}
		n := int(page.NumRows())
		if n < 0 || off+n > end {
			parquet.Release(page)
			return formatErr("the pages of row group %d hold more rows than its %d", g+1, p.rgRows[g])
		}
		if !p.prealloc {
			if p.maxRows > 0 && off+n > p.maxRows {
				parquet.Release(page)
				return sizeLimitError(p.name, "takes more than %s once decoded into columns", p.maxBytes)
			}
			c.alloc(off + n)
		}
		err = dec.page(c, g, page, off, n)
		parquet.Release(page)
		if err != nil {
			return err
		}
		off += n
	}
	if off != end {
		return formatErr("the pages of row group %d hold %d rows, the footer says %d", g+1, off-p.rgOff[g], p.rgRows[g])
	}
	return nil
}

func (c *pqColumn) firstErr() error {
	for _, err := range c.errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// markNull marks row i missing.
func (c *pqColumn) markNull(i int) {
	atomic.OrUint64(&c.nulls[i>>6], 1<<(uint(i)&63))
}

// pqDecoder decodes the pages of one column chunk: its scratch space and
// the chunk's dictionary, converted once.
type pqDecoder struct {
	scratch64 []int64
	scratchF  []float64
	scratch32 []int32
	dictKey   parquet.Dictionary
	dictInts  []int64
	dictFloat []float64
	dictCodes []int32
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
		dst := c.floats[off : off+n]
		vals := dst[:present]
		if defs != nil {
			d.scratchF = growLen(d.scratchF, present)
			vals = d.scratchF
		}
		if err := d.floats(page, vals); err != nil {
			return err
		}
		return spread(dst, defs, c.maxDef, vals, math.NaN())
	case pqBool, pqString:
		dst := c.codes[off : off+n]
		vals := dst[:present]
		if defs != nil {
			d.scratch32 = growLen(d.scratch32, present)
			vals = d.scratch32
		}
		var err error
		if c.kind == pqBool {
			err = d.bools(page, vals)
		} else {
			err = d.strings(page, vals, &c.dicts[g])
		}
		if err != nil {
			return err
		}
		return spread(dst, defs, c.maxDef, vals, -1)
	default:
		dst := c.ints[off : off+n]
		vals := dst[:present]
		if defs != nil {
			d.scratch64 = growLen(d.scratch64, present)
			vals = d.scratch64
		}
		var err error
		if c.kind == pqInt96Time {
			err = d.int96(page, vals)
		} else {
			err = d.ints(page, vals)
		}
		if err != nil {
			return err
		}
		return spread(dst, defs, c.maxDef, vals, 0)
	}
}

// spread places the present values vals into dst, the missing rows (a
// definition level below maxDef) getting missing. With defs nil, vals is
// dst already.
func spread[T any](dst []T, defs []byte, maxDef byte, vals []T, missing T) error {
	if defs == nil {
		return nil
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
	return nil
}

// wantValues checks that a page decoded n values where want are present.
func wantValues(n, want int) error {
	if n != want {
		return formatErr("a page holds %d values where its definition levels say %d", n, want)
	}
	return nil
}

func (d *pqDecoder) ints(page parquet.Page, out []int64) error {
	data := page.Data()
	if dict := page.Dictionary(); dict != nil {
		if dict != d.dictKey {
			d.dictKey, d.dictInts = dict, d.dictInts[:0]
			dv := dict.Page().Data()
			if dict.Type().Kind() == parquet.Int32 {
				for _, v := range dv.Int32() {
					d.dictInts = append(d.dictInts, int64(v))
				}
			} else {
				d.dictInts = append(d.dictInts, dv.Int64()...)
			}
		}
		idx := data.Int32()
		if err := wantValues(len(idx), len(out)); err != nil {
			return err
		}
		dv := d.dictInts
		for i, k := range idx {
			if uint32(k) >= uint32(len(dv)) {
				return formatErr("dictionary index %d out of range", k)
			}
			out[i] = dv[k]
		}
		return nil
	}
	if page.Type().Kind() == parquet.Int32 {
		v32 := data.Int32()
		if err := wantValues(len(v32), len(out)); err != nil {
			return err
		}
		for i, v := range v32 {
			out[i] = int64(v)
		}
		return nil
	}
	v64 := data.Int64()
	if err := wantValues(len(v64), len(out)); err != nil {
		return err
	}
	copy(out, v64)
	return nil
}

func (d *pqDecoder) floats(page parquet.Page, out []float64) error {
	data := page.Data()
	if dict := page.Dictionary(); dict != nil {
		if dict != d.dictKey {
			d.dictKey, d.dictFloat = dict, d.dictFloat[:0]
			dv := dict.Page().Data()
			if dict.Type().Kind() == parquet.Float {
				for _, v := range dv.Float() {
					d.dictFloat = append(d.dictFloat, float64(v))
				}
			} else {
				d.dictFloat = append(d.dictFloat, dv.Double()...)
			}
		}
		idx := data.Int32()
		if err := wantValues(len(idx), len(out)); err != nil {
			return err
		}
		dv := d.dictFloat
		for i, k := range idx {
			if uint32(k) >= uint32(len(dv)) {
				return formatErr("dictionary index %d out of range", k)
			}
			out[i] = dv[k]
		}
		return nil
	}
	if page.Type().Kind() == parquet.Float {
		v32 := data.Float()
		if err := wantValues(len(v32), len(out)); err != nil {
			return err
		}
		for i, v := range v32 {
			out[i] = float64(v)
		}
		return nil
	}
	v64 := data.Double()
	if err := wantValues(len(v64), len(out)); err != nil {
		return err
	}
	copy(out, v64)
	return nil
}

func (d *pqDecoder) int96(page parquet.Page, out []int64) error {
	var raw []deprecated.Int96
	if dict := page.Dictionary(); dict != nil {
		idx, dv := page.Data(), dict.Page().Data()
		vals := dv.Int96()
		raw = make([]deprecated.Int96, 0, len(out))
		for _, k := range idx.Int32() {
			if uint32(k) >= uint32(len(vals)) {
				return formatErr("dictionary index %d out of range", k)
			}
			raw = append(raw, vals[k])
		}
	} else {
		data := page.Data()
		raw = data.Int96()
	}
	if err := wantValues(len(raw), len(out)); err != nil {
		return err
	}
	for i, v := range raw {
		// Impala's layout: nanoseconds of the day, then the Julian day.
		nanos := int64(uint64(v[1])<<32 | uint64(v[0]))
		days := int64(v[2]) - 2440588 // Julian day of 1970-01-01
		out[i] = days*86400e9 + nanos
	}
	return nil
}

func (d *pqDecoder) bools(page parquet.Page, out []int32) error {
	data := page.Data()
	bits := data.Boolean()
	if len(bits)*8 < len(out) {
		return formatErr("a boolean page is shorter than its values")
	}
	for i := range out {
		out[i] = int32(bits[i>>3] >> (uint(i) & 7) & 1)
	}
	return nil
}

// strings gives each value the code of its string in the row group's
// dictionary ld: a dictionary page's entries get codes in their order, once;
// plain values in order of appearance.
func (d *pqDecoder) strings(page parquet.Page, out []int32, ld *localDict) error {
	if dict := page.Dictionary(); dict != nil {
		if dict != d.dictKey {
			d.dictKey, d.dictCodes = dict, d.dictCodes[:0]
			dv := dict.Page().Data()
			data, offsets := dv.ByteArray()
			for i := 0; i+1 < len(offsets); i++ {
				b := data[offsets[i]:offsets[i+1]]
				if !utf8.Valid(b) {
					return formatErr("invalid UTF-8 in a string value")
				}
				d.dictCodes = append(d.dictCodes, ld.code(b))
			}
		}
		idx := page.Data()
		ix := idx.Int32()
		if err := wantValues(len(ix), len(out)); err != nil {
			return err
		}
		codes := d.dictCodes
		for i, k := range ix {
			if uint32(k) >= uint32(len(codes)) {
				return formatErr("dictionary index %d out of range", k)
			}
			out[i] = codes[k]
		}
		return nil
	}
	dv := page.Data()
	data, offsets := dv.ByteArray()
	if err := wantValues(max(len(offsets)-1, 0), len(out)); err != nil {
		return err
	}
	for i := range out {
		b := data[offsets[i]:offsets[i+1]]
		if !utf8.Valid(b) {
			return formatErr("invalid UTF-8 in a string value")
		}
		out[i] = ld.code(b)
	}
	return nil
}

// finish builds the column from its values.
func (c *pqColumn) finish() (Column, error) {
	name := c.leaf.Name()
	if !c.nulls.any() {
		c.nulls = nil
	}
	switch c.kind {
	case pqFloat:
		return NewNumericColumn(name, c.floats), nil
	case pqBool:
		return newStringColumn(name, Categorical, c.codes, []string{"false", "true"}, c.nulls.count()), nil
	case pqString:
		levels := c.mergeDicts()
		sc := newStringColumn(name, Categorical, c.codes, levels, c.nulls.count())
		if sc.distinctShare() > 0.5 && meanRunes(sc) >= 20 {
			sc.typ = Text
		}
		return sc, nil
	case pqDate:
		if err := c.toNanos(86400e9); err != nil {
			return nil, err
		}
		return c.timeColumn(true), nil
	case pqTimestamp:
		if err := c.toNanos(c.unit); err != nil {
			return nil, err
		}
		return c.timeColumn(false), nil
	case pqInt96Time:
		return c.timeColumn(false), nil
	case pqUint:
		return c.unsigned(), nil
	case pqDecimal:
		vals := make([]float64, len(c.ints))
		scale := math.Pow10(int(c.unit))
		for i, v := range c.ints {
			if c.nulls.isSet(i) {
				vals[i] = math.NaN()
			} else {
				vals[i] = float64(v) / scale
			}
		}
		return NewNumericColumn(name, vals), nil
	}
	return newIntColumn(name, c.ints, c.nulls), nil
}

// mergeDicts joins the row groups' dictionaries, in row group order, into
// the column's levels and turns each row group's codes into codes of them.
func (c *pqColumn) mergeDicts() []string {
	var global localDict
	remap := []int32{}
	for g := range c.dicts {
		ld := &c.dicts[g]
		remap = remap[:0]
		identity := true
		for k, l := range ld.levels {
			code := global.codeString(l)
			remap = append(remap, code)
			identity = identity && code == int32(k)
		}
		if identity {
			continue
		}
		seg := c.codes[c.plan.rgOff[g] : c.plan.rgOff[g]+c.plan.rgRows[g]]
		for i, k := range seg {
			if k >= 0 {
				seg[i] = remap[k]
			}
		}
	}
	if global.levels == nil {
		return []string{}
	}
	return global.levels
}

// unsigned reinterprets the bits of unsigned integers read as signed: an
// int32 column is exact in int64; an int64 column with a value past
// math.MaxInt64 becomes a float column.
func (c *pqColumn) unsigned() *NumericColumn {
	name := c.leaf.Name()
	if c.leaf.Type().Kind() == parquet.Int32 {
		for i, v := range c.ints {
			c.ints[i] = int64(uint32(v))
		}
		return newIntColumn(name, c.ints, c.nulls)
	}
	for _, v := range c.ints {
		if v < 0 {
			vals := make([]float64, len(c.ints))
			for i, v := range c.ints {
				if c.nulls.isSet(i) {
					vals[i] = math.NaN()
				} else {
					vals[i] = float64(uint64(v))
				}
			}
			return NewNumericColumn(name, vals)
		}
	}
	return newIntColumn(name, c.ints, c.nulls)
}

// toNanos multiplies the present values by unit, the nanoseconds in one,
// failing on a value that Unix nanoseconds cannot hold.
func (c *pqColumn) toNanos(unit int64) error {
	lo, hi := math.MinInt64/unit, math.MaxInt64/unit
	for i, v := range c.ints {
		if v < lo || v > hi {
			if c.nulls.isSet(i) {
				continue
			}
			return &kindError{ErrUnsupported, fmt.Sprintf("row %d: %d × %dns is outside the instants telltale holds (1677-09-21 to 2262-04-11)", i+1, v, unit)}
		}
		c.ints[i] = v * unit
	}
	return nil
}

func (c *pqColumn) timeColumn(dateOnly bool) *TimeColumn {
	for i := range c.ints {
		if c.nulls.isSet(i) {
			c.ints[i] = 0
		}
	}
	return &TimeColumn{name: c.leaf.Name(), values: c.ints, nulls: c.nulls, nullN: c.nulls.count(), dateOnly: dateOnly}
}

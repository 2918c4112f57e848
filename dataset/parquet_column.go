package dataset

import (
	"context"
	"io"
	"math"
	"sync/atomic"

	"github.com/parquet-go/parquet-go"
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

	ints        []int64   // pqInt, pqDate, pqTimestamp (nanoseconds), pqDecimal, pqUint, pqInt96Time
	width       int       // pqInt: the bits its values are held in, 16, 32 or 64 (intWidth)
	i16         []int16   // pqInt held in 16 bits
	i32         []int32   // pqInt held in 32 bits
	floats      []float64 // pqFloat
	codes       []int32   // pqString
	codes16     []int16   // pqBool, and pqString held in 16 bits (narrowCodes)
	narrowCodes bool      // pqString: its codes are held in 16 bits (holdCodes)
	nulls       nullMask  // set with atomic.OrUint64: row groups share boundary words
	levels      localDict // pqString: the merged dictionaries of the row groups
	dicts       []pqGroupDict
	bounds      []timeBounds // time kinds: per row group, the range of its present instants
	sawNaN      atomic.Bool  // pqFloat without a null mask: a value is NaN (markNaNs)
	errs        []error
}

func newPQColumn(p *pqPlan, leaf *parquet.Column, kind parquetKind, unit int64) *pqColumn {
	c := &pqColumn{plan: p, leaf: leaf, kind: kind, unit: unit, maxDef: byte(leaf.MaxDefinitionLevel()),
		width: 64, errs: make([]error, len(p.rgRows))}
	if kind == pqInt {
		c.width = p.intWidth(leaf)
	}
	if kind == pqString {
		c.dicts = make([]pqGroupDict, len(p.rgRows))
	}
	if kind.instants() {
		c.bounds = make([]timeBounds, len(p.rgRows))
	}
	if p.prealloc && kind != pqString { // a string column's, once its dictionaries are read (holdCodes)
		c.alloc(p.rows)
	}
	return c
}

// alloc makes room for n rows.
func (c *pqColumn) alloc(n int) {
	switch c.kind {
	case pqFloat:
		c.floats = growLen(c.floats, n)
	case pqString:
		if c.narrowCodes {
			c.codes16 = growLen(c.codes16, n)
		} else {
			c.codes = growLen(c.codes, n)
		}
	case pqBool:
		c.codes16 = growLen(c.codes16, n)
	default:
		switch c.width {
		case 16:
			c.i16 = growLen(c.i16, n)
		case 32:
			c.i32 = growLen(c.i32, n)
		default:
			c.ints = growLen(c.ints, n)
		}
	}
	if c.maxDef > 0 {
		c.nulls = growLen(c.nulls, (n+63)/64)
	}
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
	var pages parquet.Pages
	if c.dicts != nil && c.dicts[g].pages != nil {
		pages = c.dicts[g].pages
	} else {
		pages = p.pf.RowGroups()[g].ColumnChunks()[c.leaf.Index()].Pages()
	}
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
	if c.bounds != nil {
		c.bounds[g] = dec.bounds
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

// finish builds the column from its values.
func (c *pqColumn) finish() (Column, error) {
	name := c.leaf.Name()
	if !c.nulls.any() {
		c.nulls = nil
	}
	switch c.kind {
	case pqFloat:
		if c.sawNaN.Load() {
			return NewNumericColumn(name, c.floats), nil // its NaNs found by a pass
		}
		// Missing rows and NaN values are marked in nulls already, and hold NaN.
		return &NumericColumn{name: name, values: c.floats, nulls: c.nulls, nullN: c.nulls.count()}, nil
	case pqBool:
		return newStringColumn(name, Categorical, c.codes16, []string{"false", "true"}, c.nulls.count()), nil
	case pqString:
		levels := c.mergeDicts()
		var sc *StringColumn
		if c.narrowCodes {
			sc = newStringColumn(name, Categorical, c.codes16, levels, c.nulls.count())
		} else {
			sc = newStringColumn(name, Categorical, c.codes, levels, c.nulls.count())
		}
		if sc.distinctShare() > 0.5 && meanRunes(sc) >= 20 {
			sc.typ = Text
		}
		return sc, nil
	case pqDate:
		return c.timeColumn(true), nil
	case pqTimestamp, pqInt96Time:
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
	switch c.width {
	case 16:
		return newNarrowIntColumn(name, narrowInts{i16: c.i16}, c.nulls), nil
	case 32:
		return newNarrowIntColumn(name, narrowInts{i32: c.i32}, c.nulls), nil
	}
	return newIntColumn(name, c.ints, c.nulls), nil
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

// timeColumn returns the column of instants, with the range of its present
// ones that the row groups found as they were decoded (a pass over the
// column less for the reports that show it).
func (c *pqColumn) timeColumn(dateOnly bool) *TimeColumn {
	b := timeBounds{known: true}
	for _, g := range c.bounds {
		b.merge(g)
	}
	return &TimeColumn{name: c.leaf.Name(), values: c.ints, nulls: c.nulls, nullN: c.nulls.count(), dateOnly: dateOnly, bounds: b}
}

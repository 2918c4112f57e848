package dataset

import (
	"context"
	"fmt"
	"github.com/telltale-ml/telltale/internal/parallel"
	"unicode/utf8"
)

// buildCSVFrame turns the tokenized chunks into typed columns, one column
// per goroutine at a time.
func buildCSVFrame(ctx context.Context, t *tokenizer, chunks []*csvChunk, name string, opts *ReadOptions) (*Frame, error) {
	if err := opts.checkTypes(name, t.names); err != nil {
		return nil, err
	}
	cols := make([]Column, t.ncols)
	notes := make([]string, t.ncols)
	errs := make([]error, t.ncols)
	err := parallel.For(ctx, opts.workers(), t.ncols, func(j int) {
		b := csvColumn{t: t, chunks: chunks, j: j}
		cols[j], notes[j], errs[j] = b.build(opts.Types[t.names[j]], opts.integerCardinality())
	})
	if err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	f, err := New(name, cols...)
	if err != nil {
		return nil, err
	}
	if f.rows == 0 {
		f.notes = append(f.notes, name+": no rows below the header; columns of no given type read as categorical")
	}
	for _, n := range notes {
		if n != "" {
			f.notes = append(f.notes, n)
		}
	}
	return f, nil
}

// csvColumn builds column j of a tokenized CSV body.
type csvColumn struct {
	t      *tokenizer
	chunks []*csvChunk
	j      int
}

func (b *csvColumn) name() string { return b.t.names[b.j] }

// build returns the column with type want (Unknown: inferred) and a note
// about it, if any.
func (b *csvColumn) build(want Type, intCard int) (Column, string, error) {
	rows, present := 0, 0
	allNum, allInt := true, true
	for _, c := range b.chunks {
		nc := &c.num[b.j]
		rows += c.rows
		present += nc.present
		allNum = allNum && nc.floats != nil
		allInt = allInt && nc.integer()
	}
	allInt = allInt && allNum
	switch want {
	case Numerical:
		if !allNum {
			c, r := b.firstNonNumber()
			return nil, "", b.errAt(c, r, "%q is not a number, but the column was given as numerical", c.text(b.j, r))
		}
		return b.numeric(rows, allInt), "", nil
	case Categorical, Text:
		col, _ := b.strings(rows, want)
		return col, "", nil
	case Datetime:
		col, c, r := b.datetime(rows)
		if col == nil {
			return nil, "", b.errAt(c, r, "%q is not an ISO-8601 date or date-time, but the column was given as datetime", c.text(b.j, r))
		}
		return col, "", nil
	case Unknown:
	default:
		return nil, "", fmt.Errorf("dataset: column %q: invalid type %v", b.name(), want)
	}

	if allNum && present == 0 { // a non-number would be a present value
		col, _ := b.strings(rows, Categorical)
		if rows == 0 {
			return col, "", nil // the frame's note says there are no rows
		}
		return col, fmt.Sprintf("%s: column %q has no values (all %d rows missing); read as categorical", b.t.file, b.name(), rows), nil
	}
	if allNum {
		if allInt && intCard >= 0 && b.fewInts(intCard) {
			col, _ := b.strings(rows, Categorical)
			return col, "", nil
		}
		return b.numeric(rows, allInt), "", nil
	}
	var note string
	if c, r, ok := b.firstPresent(); ok {
		if _, _, isTime := parseTime(fieldOf(c, b.j, r)); isTime {
			col, bc, br := b.datetime(rows)
			if col != nil {
				return col, "", nil
			}
			note = fmt.Sprintf("%s:%d: column %q starts with dates but holds %q, which is not an ISO-8601 date or date-time between 1677 and 2262: read as strings (give its type to read it otherwise)",
				b.t.file, bc.line+int(bc.rowLine[br]), b.name(), bc.text(b.j, br))
		}
	}
	col, long := b.strings(rows, Unknown)
	if c, r, ok := b.firstPresent(); ok {
		if _, _, kind := parseNumber(fieldOf(c, b.j, r)); kind != notNumber {
			bc, br := b.firstNonNumber()
			note = fmt.Sprintf("%s:%d: column %q starts with numbers but holds %q, which is not one: read as categorical (give its type to read it otherwise)",
				b.t.file, bc.line+int(bc.rowLine[br]), b.name(), bc.text(b.j, br))
		}
	}
	if col.distinctShare() > 0.5 && long {
		col.typ = Text
	}
	return col, note, nil
}

func fieldOf(c *csvChunk, j, r int) []byte {
	f, _ := c.field(j, r)
	return f
}

// numeric concatenates the speculative numeric parses.
func (b *csvColumn) numeric(rows int, integer bool) *NumericColumn {
	if integer {
		ints := make([]int64, 0, rows)
		for _, c := range b.chunks {
			ints = append(ints, c.num[b.j].intValues()...)
		}
		var nulls nullMask
		off := 0
		for _, c := range b.chunks {
			for r, f := range c.num[b.j].floats {
				if f != f { // NaN: missing
					if nulls == nil {
						nulls = newNullMask(rows)
					}
					nulls.set(off + r)
				}
			}
			off += c.rows
		}
		return newIntColumn(b.name(), ints, nulls)
	}
	if len(b.chunks) == 1 {
		// The chunk's slice becomes the column's: nothing else reads it.
		return NewNumericColumn(b.name(), b.chunks[0].num[b.j].floats)
	}
	vals := make([]float64, 0, rows)
	for _, c := range b.chunks {
		vals = append(vals, c.num[b.j].floats...)
	}
	return NewNumericColumn(b.name(), vals)
}

// fewInts reports whether the integer column has at most limit distinct
// values.
func (b *csvColumn) fewInts(limit int) bool {
	seen := make(map[int64]struct{}, limit+1)
	for _, c := range b.chunks {
		nc := &c.num[b.j]
		for r, v := range nc.ints {
			if nc.floats[r] != nc.floats[r] {
				continue // missing
			}
			seen[v] = struct{}{}
			if len(seen) > limit {
				return false
			}
		}
	}
	return true
}

// strings dictionary-encodes the column. It reports whether the values
// average 20 characters or more.
func (b *csvColumn) strings(rows int, typ Type) (*StringColumn, bool) {
	var d dictBuilder
	codes := make([]int32, 0, rows)
	nullN, runes, present := 0, 0, 0
	miss := b.t.missing
	var scratch []byte // an escaped field, unescaped
	for _, c := range b.chunks {
		for r := 0; r < c.rows; r++ {
			f, esc := c.field(b.j, r)
			if miss.is(f) {
				codes = append(codes, -1)
				nullN++
				continue
			}
			present++
			runes += utf8.RuneCount(f)
			if esc {
				scratch = unescape(scratch, f)
				codes = append(codes, d.codeBytes(scratch))
			} else {
				codes = append(codes, d.codeBytes(f))
			}
		}
	}
	long := present > 0 && runes >= 20*present
	return newStringColumn(b.name(), typ, codes, d.levels, nullN), long
}

// datetime parses the column as dates or date-times. On failure it returns
// a nil column and the first value that does not parse.
func (b *csvColumn) datetime(rows int) (*TimeColumn, *csvChunk, int) {
	vals := make([]int64, 0, rows)
	var nulls nullMask
	dateOnly := true
	miss := b.t.missing
	for _, c := range b.chunks {
		for r := 0; r < c.rows; r++ {
			f, _ := c.field(b.j, r)
			if miss.is(f) {
				if nulls == nil {
					nulls = newNullMask(rows)
				}
				nulls.set(len(vals))
				vals = append(vals, 0)
				continue
			}
			ns, d, ok := parseTime(f)
			if !ok {
				return nil, c, r
			}
			dateOnly = dateOnly && d
			vals = append(vals, ns)
		}
	}
	return &TimeColumn{name: b.name(), values: vals, nulls: nulls, nullN: nulls.count(), dateOnly: dateOnly}, nil, 0
}

// firstPresent returns the first non-missing field.
func (b *csvColumn) firstPresent() (*csvChunk, int, bool) {
	for _, c := range b.chunks {
		for r := 0; r < c.rows; r++ {
			if !b.t.missing.is(fieldOf(c, b.j, r)) {
				return c, r, true
			}
		}
	}
	return nil, 0, false
}

// firstNonNumber returns the first field that is neither missing nor a
// number. Call it only when there is one.
func (b *csvColumn) firstNonNumber() (*csvChunk, int) {
	for _, c := range b.chunks {
		if nc := &c.num[b.j]; nc.bad >= 0 {
			return c, nc.bad
		}
	}
	panic("dataset: firstNonNumber on a numeric column")
}

func (b *csvColumn) errAt(c *csvChunk, r int, format string, args ...any) error {
	return &ParseError{File: b.t.file, Line: c.line + int(c.rowLine[r]), Column: b.name(), Field: b.j + 1,
		Err: formatErr(format, args...)}
}

package dataset

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/parquet-go/parquet-go"

	"github.com/telltale-ml/telltale/internal/parallel"
)

// pqPlan is how the columns of a Parquet file are read: the row groups and
// where each starts, and whether the columns may be allocated at the rows
// the footer gives.
type pqPlan struct {
	pf       *parquet.File
	name     string
	rows     int   // the rows the footer gives, checked
	rgRows   []int // rows of each row group
	rgOff    []int // the first row of each row group
	prealloc bool  // allocate at rows; else grow as pages deliver values
	maxRows  int   // the rows the size limit allows; 0 none
	maxBytes int64 // the size limit
}

// plausibleRowsPerByte bounds the rows a file may claim and still get its
// columns allocated at once. Encodings can pack far more (a run of one
// value takes a few bytes whatever its length), so a file past it is read
// all the same, its columns growing with what the pages hold.
const plausibleRowsPerByte = 64

// planParquet checks the footer's counts against each other and against the
// limits, before anything is allocated.
func planParquet(pf *parquet.File, size int64, name string, opts *ReadOptions) (*pqPlan, error) {
	md := pf.Metadata()
	claimed := md.NumRows
	var sum int64
	p := &pqPlan{pf: pf, name: name}
	for i, rg := range md.RowGroups {
		if rg.NumRows < 0 || rg.NumRows > math.MaxInt32 {
			return nil, &ParseError{File: name, Err: formatErr("row group %d claims %d rows", i+1, rg.NumRows)}
		}
		p.rgOff = append(p.rgOff, int(sum))
		p.rgRows = append(p.rgRows, int(rg.NumRows))
		sum += rg.NumRows
	}
	if claimed < 0 || claimed != sum {
		return nil, &ParseError{File: name, Err: formatErr("the footer says the file holds %d rows, but its row groups hold %d", claimed, sum)}
	}
	if len(pf.RowGroups()) != len(md.RowGroups) {
		return nil, &ParseError{File: name, Err: formatErr("the footer lists %d row groups, the file %d", len(md.RowGroups), len(pf.RowGroups()))}
	}
	if claimed > math.MaxInt32 {
		return nil, &ParseError{File: name, Err: &kindError{ErrUnsupported, fmt.Sprintf("%d rows: more than telltale reads in one frame", claimed)}}
	}
	p.rows = int(claimed)
	if max := opts.maxInputBytes(); max > 0 {
		perRow := int64(0)
		for _, c := range pf.Root().Columns() {
			perRow += int64(parquetBytesPerValue(c))
		}
		if perRow > 0 {
			if claimed*perRow > max {
				return nil, sizeLimitError(name, fmt.Sprintf("claims %d rows, which would take more than %%s once decoded into columns", claimed), max)
			}
			p.maxRows, p.maxBytes = int(max/perRow), max
		}
	}
	p.prealloc = claimed <= plausibleRowsPerByte*size
	return p, nil
}

// parquetBytesPerValue is at most what a value of leaf c takes once
// decoded (an integer or a string's code may take fewer bits).
func parquetBytesPerValue(c *parquet.Column) int {
	switch c.Type().Kind() {
	case parquet.Boolean, parquet.ByteArray, parquet.FixedLenByteArray:
		return 4
	}
	return 8
}

// read decodes the columns (decode) and builds them.
func (p *pqPlan) read(ctx context.Context, leaves []*parquet.Column, opts *ReadOptions) ([]Column, error) {
	cols := make([]*pqColumn, len(leaves))
	for j, leaf := range leaves {
		kind, unit, err := classifyParquet(leaf)
		if err != nil {
			return nil, &ParseError{File: p.name, Column: leaf.Name(), Err: err}
		}
		cols[j] = newPQColumn(p, leaf, kind, unit)
	}
	// The dictionaries of string columns first, in row group order.
	var strs []*pqColumn
	for _, c := range cols {
		if c.kind == pqString {
			strs = append(strs, c)
		}
	}
	err := parallel.For(ctx, opts.workers(), len(strs), func(i int) { strs[i].readDicts() })
	if err != nil {
		return nil, err
	}
	for _, c := range strs {
		if err := c.firstErr(); err != nil {
			return nil, &ParseError{File: p.name, Column: c.leaf.Name(), Err: err}
		}
		c.holdCodes()
	}
	if err := p.decode(ctx, cols, opts.workers()); err != nil {
		return nil, err
	}
	// A column held in fewer bits than a value needs (its statistics were
	// wrong) is read again in the bits of its physical type (toWide).
	var again []*pqColumn
	for _, c := range cols {
		if slices.ContainsFunc(c.errs, func(err error) bool { return err == errNarrow }) {
			c.toWide()
			again = append(again, c)
		}
	}
	if err := p.decode(ctx, again, opts.workers()); err != nil {
		return nil, err
	}
	for _, c := range cols {
		if err := c.firstErr(); err != nil {
			return nil, &ParseError{File: p.name, Column: c.leaf.Name(), Err: err}
		}
	}
	out := make([]Column, len(cols))
	errs := make([]error, len(cols))
	err = parallel.For(ctx, opts.workers(), len(cols), func(j int) {
		c := cols[j]
		col, err := c.finish()
		if f, ok := opts.DateFormats[c.leaf.Name()]; ok && err == nil {
			col, err = applyDateFormat(col, f)
		} else if err == nil {
			col, err = applyType(col, opts.Types[c.leaf.Name()], opts)
		}
		out[j], errs[j] = col, err
	})
	if err != nil {
		return nil, err
	}
	for j, err := range errs {
		if err != nil {
			return nil, &ParseError{File: p.name, Column: cols[j].leaf.Name(), Err: err}
		}
	}
	return out, nil
}

// decode reads the row groups of cols: with columns allocated at once,
// each column chunk (a column in a row group) is a task, run in parallel
// into its rows; otherwise each column reads its row groups in turn,
// growing as pages come. Each chunk's error is in its column's errs.
func (p *pqPlan) decode(ctx context.Context, cols []*pqColumn, workers int) error {
	if p.prealloc {
		return parallel.For(ctx, workers, len(cols)*len(p.rgRows), func(t int) {
			g, j := t/len(cols), t%len(cols)
			cols[j].readGroup(ctx, g)
		})
	}
	return parallel.For(ctx, workers, len(cols), func(j int) {
		for g := range p.rgRows {
			if cols[j].readGroup(ctx, g); cols[j].errs[g] != nil {
				return
			}
		}
	})
}

// applyDateFormat reads a column of strings as dates in the format given
// for it.
func applyDateFormat(c Column, format string) (Column, error) {
	sc, ok := c.(*StringColumn)
	if !ok {
		if c.Type() == Datetime {
			return c, nil
		}
		return nil, &kindError{ErrColumnType, fmt.Sprintf("a date format is given for a %s column; it applies to columns of strings", c.Type())}
	}
	layout, err := DateLayout(format)
	if err != nil {
		return nil, err
	}
	return stringsToTimesAs(sc, layout, format)
}

package dataset

import (
	"context"
	"fmt"
	"github.com/telltale-ml/telltale/internal/parallel"
	"io"
	"math"
	"os"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// ReadParquetFile reads the Parquet file at path. See ReadParquet.
func ReadParquetFile(ctx context.Context, path string, opts *ReadOptions) (*Frame, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return ReadParquet(ctx, f, st.Size(), path, opts)
}

// ReadParquet reads a Parquet file of size bytes from r; name is used in
// errors and as the frame's source. Columns are read in parallel, each
// row group by row group, page by page, straight into typed columns.
//
// Any flat schema is read: booleans (categorical), int32 and int64
// (numerical, or datetime with the DATE and TIMESTAMP logical types, and
// subject to the integer cardinality rule of type inference), int96
// timestamps, float and double, DECIMAL stored as integers (numerical),
// unsigned integers (exact; uint64 values past math.MaxInt64 make the column
// floats),
// and strings, enums and JSON (categorical or text by the inference rule).
// Optional columns' nulls are missing values. A nested or repeated column
// is an error naming it; so is a column of another physical type.
func ReadParquet(ctx context.Context, r io.ReaderAt, size int64, name string, opts *ReadOptions) (*Frame, error) {
	if opts == nil {
		opts = &ReadOptions{}
	}
	if size == 0 {
		return nil, &ParseError{File: name, Err: emptyErr("the file is empty")}
	}
	pf, err := openParquet(r, size)
	if err != nil {
		return nil, &ParseError{File: name, Err: formatErr("not a readable Parquet file: %v", err)}
	}
	var leaves []*parquet.Column
	for _, c := range pf.Root().Columns() {
		if !c.Leaf() {
			return nil, &ParseError{File: name, Column: c.Name(),
				Err: &kindError{ErrUnsupported, "a nested column (group of fields); telltale reads flat schemas only"}}
		}
		if c.Repeated() {
			return nil, &ParseError{File: name, Column: c.Name(),
				Err: &kindError{ErrUnsupported, "a repeated column (list); telltale reads flat schemas only"}}
		}
		leaves = append(leaves, c)
	}
	if len(leaves) == 0 {
		return nil, &ParseError{File: name, Err: emptyErr("the schema has no columns")}
	}
	names := make([]string, len(leaves))
	for i, c := range leaves {
		names[i] = c.Name()
	}
	if err := opts.checkTypes(name, names); err != nil {
		return nil, err
	}
	rows := pf.NumRows()
	if rows > math.MaxInt32 {
		return nil, &ParseError{File: name, Err: &kindError{ErrUnsupported, fmt.Sprintf("%d rows: more than telltale reads in one frame", rows)}}
	}
	cols := make([]Column, len(leaves))
	errs := make([]error, len(leaves))
	err = parallel.For(ctx, opts.workers(), len(leaves), func(j int) {
		c := leaves[j]
		cols[j], errs[j] = readParquetColumnSafe(ctx, c, int(rows))
		if errs[j] == nil {
			cols[j], errs[j] = applyType(cols[j], opts.Types[c.Name()], opts)
		}
		if errs[j] != nil {
			errs[j] = &ParseError{File: name, Column: c.Name(), Err: errs[j]}
		}
	})
	if err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err // the first column's error, in schema order
		}
	}

	return New(name, cols...)
}

// openParquet opens the file, with a panic in parquet-go (which a corrupt
// footer can cause) turned into an error.
func openParquet(r io.ReaderAt, size int64) (pf *parquet.File, err error) {
	defer func() {
		if p := recover(); p != nil {
			pf, err = nil, fmt.Errorf("%v", p)
		}
	}()
	return parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
}

// applyType converts c to the type the user asked for, or applies the
// integer cardinality rule when they asked for none.
func applyType(c Column, want Type, opts *ReadOptions) (Column, error) {
	if want != Unknown {
		return Convert(c, want)
	}
	if n, ok := c.(*NumericColumn); ok && n.Integer() {
		if limit := opts.integerCardinality(); limit >= 0 && distinctInts(n, limit) <= limit {
			return Convert(c, Categorical)
		}
	}
	return c, nil
}

// distinctInts counts the distinct present values of an integer column,
// stopping once it passes limit.
func distinctInts(c *NumericColumn, limit int) int {
	seen := make(map[int64]struct{}, limit+1)
	for i, v := range c.ints {
		if c.nulls.isSet(i) {
			continue
		}
		seen[v] = struct{}{}
		if len(seen) > limit {
			break
		}
	}
	return len(seen)
}

// parquetKind is how a Parquet leaf becomes a column.
type parquetKind int

const (
	pqInt parquetKind = iota
	pqFloat
	pqString
	pqBool
	pqDate
	pqTimestamp
	pqInt96Time
	pqDecimal
	pqUint // unsigned integers in int32 or int64
)

func classifyParquet(c *parquet.Column) (parquetKind, int64, error) {
	t := c.Type()
	lt := t.LogicalType()
	ct := t.ConvertedType()
	switch t.Kind() {
	case parquet.Boolean:
		return pqBool, 0, nil
	case parquet.Int32, parquet.Int64:
		if lt != nil {
			switch v := lt.Value.(type) {
			case *format.DateType:
				return pqDate, 0, nil
			case *format.TimestampType:
				switch v.Unit.Value.(type) {
				case *format.MilliSeconds:
					return pqTimestamp, 1e6, nil
				case *format.MicroSeconds:
					return pqTimestamp, 1e3, nil
				default:
					return pqTimestamp, 1, nil
				}
			case *format.DecimalType:
				return pqDecimal, int64(v.Scale), nil
			case *format.IntType:
				if !v.IsSigned {
					return pqUint, 0, nil
				}
			}
		}
		if ct != nil {
			switch *ct {
			case deprecated.Uint8, deprecated.Uint16, deprecated.Uint32, deprecated.Uint64:
				return pqUint, 0, nil
			case deprecated.Date:
				return pqDate, 0, nil
			case deprecated.TimestampMillis:
				return pqTimestamp, 1e6, nil
			case deprecated.TimestampMicros:
				return pqTimestamp, 1e3, nil
			}
		}
		return pqInt, 0, nil
	case parquet.Int96:
		return pqInt96Time, 0, nil
	case parquet.Float, parquet.Double:
		return pqFloat, 0, nil
	case parquet.ByteArray:
		if lt != nil {
			if _, ok := lt.Value.(*format.DecimalType); ok {
				break
			}
		}
		return pqString, 0, nil
	}
	return 0, 0, &kindError{ErrUnsupported, fmt.Sprintf("the Parquet type %s is not supported", t)}
}

// readParquetColumnSafe is readParquetColumn, with a panic in parquet-go
// (which a corrupt file can cause) turned into an error.
func readParquetColumnSafe(ctx context.Context, c *parquet.Column, rows int) (col Column, err error) {
	defer func() {
		if p := recover(); p != nil {
			col, err = nil, formatErr("corrupt or unreadable column data: %v", p)
		}
	}()
	return readParquetColumn(ctx, c, rows)
}

// readParquetColumn reads every page of leaf c into a column of rows rows.
func readParquetColumn(ctx context.Context, c *parquet.Column, rows int) (Column, error) {
	kind, unit, err := classifyParquet(c)
	if err != nil {
		return nil, err
	}
	r := pqColumnReader{col: c, maxDef: byte(c.MaxDefinitionLevel()), rows: rows}
	switch kind {
	case pqInt, pqDate, pqTimestamp, pqDecimal, pqUint:
		ints := make([]int64, rows)
		if err := r.read(ctx, func(p parquet.Page, off int) error { return r.ints(p, ints, off) }); err != nil {
			return nil, err
		}
		switch kind {
		case pqDate:
			if err := r.toNanos(ints, 86400e9); err != nil {
				return nil, err
			}
			return r.timeColumn(ints, true), nil
		case pqTimestamp:
			if err := r.toNanos(ints, unit); err != nil {
				return nil, err
			}
			return r.timeColumn(ints, false), nil
		case pqUint:
			return r.unsigned(ints), nil
		case pqDecimal:
			vals := make([]float64, rows)
			scale := math.Pow10(int(unit))
			for i, v := range ints {
				vals[i] = float64(v) / scale
			}
			return r.floatColumn(vals), nil
		}
		return newIntColumn(c.Name(), ints, r.nulls), nil
	case pqInt96Time:
		ns := make([]int64, rows)
		if err := r.read(ctx, func(p parquet.Page, off int) error { return r.int96(p, ns, off) }); err != nil {
			return nil, err
		}
		return r.timeColumn(ns, false), nil
	case pqFloat:
		vals := make([]float64, rows)
		if err := r.read(ctx, func(p parquet.Page, off int) error { return r.floats(p, vals, off) }); err != nil {
			return nil, err
		}
		return r.floatColumn(vals), nil
	case pqBool:
		codes := make([]int32, rows)
		if err := r.read(ctx, func(p parquet.Page, off int) error { return r.bools(p, codes, off) }); err != nil {
			return nil, err
		}
		return r.stringColumn(codes, []string{"false", "true"}, Categorical), nil
	default: // pqString
		codes := make([]int32, rows)
		var d dictBuilder
		dicts := map[parquet.Dictionary][]int32{}
		if err := r.read(ctx, func(p parquet.Page, off int) error { return r.strings(p, codes, off, &d, dicts) }); err != nil {
			return nil, err
		}
		sc := r.stringColumn(codes, d.levels, Categorical)
		if sc.distinctShare() > 0.5 && meanRunes(sc) >= 20 {
			sc.typ = Text
		}
		return sc, nil
	}
}

// pqColumnReader walks the pages of one leaf column.
type pqColumnReader struct {
	col    *parquet.Column
	maxDef byte
	rows   int
	nulls  nullMask
}

// read calls fill for each page with the row offset it starts at.
func (r *pqColumnReader) read(ctx context.Context, fill func(p parquet.Page, off int) error) error {
	pages := r.col.Pages()
	defer pages.Close()
	off := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := pages.ReadPage()
		if err == io.EOF {
			break
		}
		if err != nil {
			return formatErr("reading a page: %v", err)
		}
		n := int(p.NumRows())
		if off+n > r.rows {
			parquet.Release(p)
			return formatErr("the pages hold more rows than the file's %d", r.rows)
		}
		err = fill(p, off)
		parquet.Release(p)
		if err != nil {
			return err
		}
		off += n
	}
	if off != r.rows {
		return formatErr("the pages hold %d rows, the file says %d", off, r.rows)
	}
	return nil
}

// present returns, for a page, its definition levels (nil when no value is
// missing) and marks the missing rows.
func (r *pqColumnReader) present(p parquet.Page, off int) []byte {
	defs := p.DefinitionLevels()
	if len(defs) == 0 || p.NumNulls() == 0 {
		return nil
	}
	for i, d := range defs {
		if d != r.maxDef {
			if r.nulls == nil {
				r.nulls = newNullMask(r.rows)
			}
			r.nulls.set(off + i)
		}
	}
	return defs
}

// spread copies the page's present values vals into dst from off, leaving
// missing rows at zero.
func spread[T any](dst []T, off int, defs []byte, maxDef byte, vals []T) error {
	if defs == nil {
		if off+len(vals) > len(dst) {
			return formatErr("a page holds more values than rows")
		}
		copy(dst[off:], vals)
		return nil
	}
	k := 0
	for i, d := range defs {
		if d == maxDef {
			if k >= len(vals) {
				return formatErr("a page holds fewer values than its definition levels say")
			}
			dst[off+i] = vals[k]
			k++
		}
	}
	return nil
}

// lookup maps dictionary indexes to values.
func lookup[T any](idx []int32, dict []T) ([]T, error) {
	out := make([]T, len(idx))
	for i, k := range idx {
		if k < 0 || int(k) >= len(dict) {
			return nil, formatErr("dictionary index %d out of range", k)
		}
		out[i] = dict[k]
	}
	return out, nil
}

func (r *pqColumnReader) ints(p parquet.Page, dst []int64, off int) error {
	defs := r.present(p, off)
	data := p.Data()
	if d := p.Dictionary(); d != nil {
		dv := d.Page().Data()
		var dict []int64
		if d.Type().Kind() == parquet.Int32 {
			for _, v := range dv.Int32() {
				dict = append(dict, int64(v))
			}
		} else {
			dict = dv.Int64()
		}
		vals, err := lookup(data.Int32(), dict)
		if err != nil {
			return err
		}
		return spread(dst, off, defs, r.maxDef, vals)
	}
	if p.Type().Kind() == parquet.Int32 {
		v32 := data.Int32()
		vals := make([]int64, len(v32))
		for i, v := range v32 {
			vals[i] = int64(v)
		}
		return spread(dst, off, defs, r.maxDef, vals)
	}
	return spread(dst, off, defs, r.maxDef, data.Int64())
}

func (r *pqColumnReader) floats(p parquet.Page, dst []float64, off int) error {
	defs := r.present(p, off)
	data := p.Data()
	if d := p.Dictionary(); d != nil {
		dv := d.Page().Data()
		var dict []float64
		if d.Type().Kind() == parquet.Float {
			for _, v := range dv.Float() {
				dict = append(dict, float64(v))
			}
		} else {
			dict = dv.Double()
		}
		vals, err := lookup(data.Int32(), dict)
		if err != nil {
			return err
		}
		return spread(dst, off, defs, r.maxDef, vals)
	}
	if p.Type().Kind() == parquet.Float {
		v32 := data.Float()
		vals := make([]float64, len(v32))
		for i, v := range v32 {
			vals[i] = float64(v)
		}
		return spread(dst, off, defs, r.maxDef, vals)
	}
	return spread(dst, off, defs, r.maxDef, data.Double())
}

func (r *pqColumnReader) int96(p parquet.Page, dst []int64, off int) error {
	defs := r.present(p, off)
	var raw []deprecated.Int96
	if d := p.Dictionary(); d != nil {
		var err error
		idx, dv := p.Data(), d.Page().Data()
		if raw, err = lookup(idx.Int32(), dv.Int96()); err != nil {
			return err
		}
	} else {
		data := p.Data()
		raw = data.Int96()
	}
	vals := make([]int64, len(raw))
	for i, v := range raw {
		// Impala's layout: nanoseconds of the day, then the Julian day.
		nanos := int64(uint64(v[1])<<32 | uint64(v[0]))
		days := int64(v[2]) - 2440588 // Julian day of 1970-01-01
		vals[i] = days*86400e9 + nanos
	}
	return spread(dst, off, defs, r.maxDef, vals)
}

func (r *pqColumnReader) bools(p parquet.Page, dst []int32, off int) error {
	defs := r.present(p, off)
	data := p.Data()
	bits := data.Boolean()
	n := int(p.NumValues() - p.NumNulls())
	if len(bits)*8 < n {
		return formatErr("a boolean page is shorter than its values")
	}
	vals := make([]int32, n)
	for i := range vals {
		vals[i] = int32(bits[i>>3] >> (uint(i) & 7) & 1)
	}
	if err := spread(dst, off, defs, r.maxDef, vals); err != nil {
		return err
	}
	r.markNullCodes(dst, off, len(defs))
	return nil
}

func (r *pqColumnReader) strings(p parquet.Page, dst []int32, off int, d *dictBuilder, dicts map[parquet.Dictionary][]int32) error {
	defs := r.present(p, off)
	var vals []int32
	if pd := p.Dictionary(); pd != nil {
		codes, ok := dicts[pd]
		if !ok {
			dv := pd.Page().Data()
			data, offsets := dv.ByteArray()
			for i := 0; i+1 < len(offsets); i++ {
				b := data[offsets[i]:offsets[i+1]]
				if !utf8.Valid(b) {
					return formatErr("invalid UTF-8 in a string value")
				}
				codes = append(codes, d.codeBytes(b))
			}
			dicts[pd] = codes
		}
		var err error
		idx := p.Data()
		if vals, err = lookup(idx.Int32(), codes); err != nil {
			return err
		}
	} else {
		dv := p.Data()
		data, offsets := dv.ByteArray()
		vals = make([]int32, 0, max(len(offsets)-1, 0))
		for i := 0; i+1 < len(offsets); i++ {
			b := data[offsets[i]:offsets[i+1]]
			if !utf8.Valid(b) {
				return formatErr("invalid UTF-8 in a string value")
			}
			vals = append(vals, d.codeBytes(b))
		}
	}
	if err := spread(dst, off, defs, r.maxDef, vals); err != nil {
		return err
	}
	r.markNullCodes(dst, off, len(defs))
	return nil
}

// markNullCodes sets the codes of the missing rows among the n rows from
// off to -1.
func (r *pqColumnReader) markNullCodes(dst []int32, off, n int) {
	if r.nulls == nil {
		return
	}
	for i := off; i < off+n; i++ {
		if r.nulls.isSet(i) {
			dst[i] = -1
		}
	}
}

// unsigned reinterprets the bits of unsigned integers read as signed: an
// int32 column is exact in int64; an int64 column with a value past
// math.MaxInt64 becomes a float column.
func (r *pqColumnReader) unsigned(ints []int64) *NumericColumn {
	if r.col.Type().Kind() == parquet.Int32 {
		for i, v := range ints {
			ints[i] = int64(uint32(v))
		}
		return newIntColumn(r.col.Name(), ints, r.nulls)
	}
	for _, v := range ints {
		if v < 0 {
			vals := make([]float64, len(ints))
			for i, v := range ints {
				vals[i] = float64(uint64(v))
			}
			return r.floatColumn(vals)
		}
	}
	return newIntColumn(r.col.Name(), ints, r.nulls)
}

// toNanos multiplies the present values by unit, the nanoseconds in one,
// failing on a value that Unix nanoseconds cannot hold.
func (r *pqColumnReader) toNanos(vals []int64, unit int64) error {
	lo, hi := math.MinInt64/unit, math.MaxInt64/unit
	for i, v := range vals {
		if v < lo || v > hi {
			if r.nulls.isSet(i) {
				continue
			}
			return &kindError{ErrUnsupported, fmt.Sprintf("row %d: %d × %dns is outside the instants telltale holds (1677-09-21 to 2262-04-11)", i+1, v, unit)}
		}
		vals[i] = v * unit
	}
	return nil
}

func (r *pqColumnReader) timeColumn(ns []int64, dateOnly bool) *TimeColumn {
	for i := range ns {
		if r.nulls.isSet(i) {
			ns[i] = 0
		}
	}
	return &TimeColumn{name: r.col.Name(), values: ns, nulls: r.nulls, nullN: r.nulls.count(), dateOnly: dateOnly}
}

func (r *pqColumnReader) floatColumn(vals []float64) *NumericColumn {
	for i := range vals {
		if r.nulls.isSet(i) {
			vals[i] = math.NaN()
		}
	}
	return NewNumericColumn(r.col.Name(), vals)
}

func (r *pqColumnReader) stringColumn(codes []int32, levels []string, typ Type) *StringColumn {
	return newStringColumn(r.col.Name(), typ, codes, levels, r.nulls.count())
}

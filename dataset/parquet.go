package dataset

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// ReadParquetFile reads the Parquet file at path. See ReadParquet.
func ReadParquetFile(ctx context.Context, path string, opts *ReadOptions) (*Frame, error) {
	if opts == nil {
		opts = &ReadOptions{}
	}
	f, size, err := openInput(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if size < 0 {
		return nil, &ParseError{File: path, Err: &kindError{ErrUnsupported, "a Parquet file must be a regular file: it is read from its end"}}
	}
	return ReadParquet(ctx, f, size, path, opts)
}

// ReadParquet reads a Parquet file of size bytes from r; name is used in
// errors and as the frame's source. Columns are read in parallel, each
// row group by row group, page by page, straight into typed columns.
//
// The footer's counts are checked against each other and against the
// limits of ReadOptions before anything is allocated; columns are allocated
// once at the rows the footer gives when the file is large enough to hold
// them, and otherwise grow as pages deliver values, so a forged footer
// cannot claim memory its data does not hold.
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
		if !primitive(c.Type()) {
			return nil, &ParseError{File: name, Column: c.Name(),
				Err: &kindError{ErrUnsupported, fmt.Sprintf("a leaf column of type %s, which has no physical type", c.Type())}}
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
	plan, err := planParquet(pf, size, name, opts)
	if err != nil {
		return nil, err
	}
	cols, err := plan.read(ctx, leaves, opts)
	if err != nil {
		return nil, err
	}
	return New(name, cols...)
}

// primitive reports whether t has a physical type: parquet-go panics when
// asked the physical type of a leaf a forged schema annotates as a LIST or
// a MAP.
func primitive(t parquet.Type) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	t.Kind()
	return true
}

// openParquet opens the file, with a panic in parquet-go (which a corrupt
// footer can cause) turned into an error. The footer's length, in the
// file's last 8 bytes, is checked against the file's size first:
// parquet-go allocates what it says (up to 4 GiB) before reading it.
func openParquet(r io.ReaderAt, size int64) (pf *parquet.File, err error) {
	defer func() {
		if p := recover(); p != nil {
			pf, err = nil, fmt.Errorf("%v", p)
		}
	}()
	const magic = "PAR1"
	if size < 2*int64(len(magic))+4 {
		return nil, fmt.Errorf("%d bytes, too short for a Parquet file", size)
	}
	var trailer [8]byte
	if n, err := r.ReadAt(trailer[:], size-8); n < len(trailer) { // io.EOF with every byte read is fine
		return nil, fmt.Errorf("reading the footer's length: %w", err)
	}
	if string(trailer[4:]) != magic {
		return nil, fmt.Errorf("the file does not end with %q", magic)
	}
	if n := int64(binary.LittleEndian.Uint32(trailer[:4])); n > size-8-int64(len(magic)) {
		return nil, fmt.Errorf("the footer is %d bytes long, in a file of %d", n, size)
	}
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
	switch {
	case c.narrow.i16 != nil:
		return distinctUpTo(c.narrow.i16, c.nulls, limit)
	case c.narrow.i32 != nil:
		return distinctUpTo(c.narrow.i32, c.nulls, limit)
	}
	return distinctUpTo(c.ints, c.nulls, limit)
}

func distinctUpTo[T integer](vals []T, nulls nullMask, limit int) int {
	seen := make(map[T]struct{}, limit+1)
	for i, v := range vals {
		if nulls.isSet(i) {
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

// instants reports whether the kind becomes a TimeColumn.
func (k parquetKind) instants() bool { return k == pqDate || k == pqTimestamp || k == pqInt96Time }

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

package dataset

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// DefaultScanRows is the number of rows per chunk Scan reads from CSV and
// JSON lines files when ScanOptions.Rows is 0.
const DefaultScanRows = 1 << 16

// ScanOptions configure Scan. The zero value reads with the defaults.
type ScanOptions struct {
	// Rows is the number of rows per chunk of a CSV or JSON lines file
	// (default DefaultScanRows). Parquet files are read a row group at a
	// time, whatever their size.
	Rows int
	// Types are column types to read with where the file has the column
	// (a sketch of several files reads each like the first); a type in
	// ReadOptions.Types wins. Unlike ReadOptions.Types they may name
	// columns the file does not have.
	Types map[string]Type
}

// Scan reads the file at path in chunks and calls fn with each chunk, in
// file order, so that a file of any size is read in memory bounded by the
// chunk: Parquet files by row group, CSV and JSON lines files by
// ScanOptions.Rows rows. Each chunk is read by the file's reader (Read's,
// with opts), so chunks parse exactly as a whole file would.
//
// The first chunk's column types hold for the whole file: each later chunk
// is read with them (opts.Types still overrides any), and a value a later
// chunk cannot read as its column's type is an error naming the file, the
// line (of the whole file) and the column. Integer columns are kept
// numerical in every chunk (the integer cardinality rule needs the whole
// column; apply it to the result). A JSON file holding one array is read
// whole. fn's error stops the scan and is returned.
func Scan(ctx context.Context, path string, opts *ReadOptions, scan ScanOptions, fn func(*Frame) error) error {
	o := ReadOptions{}
	if opts != nil {
		o = *opts
	}
	o.IntegerCardinality = -1
	if len(scan.Types) > 0 {
		types := make(map[string]Type, len(scan.Types)+len(o.Types))
		for k, v := range scan.Types {
			types[k] = v
		}
		for k, v := range o.Types {
			types[k] = v
		}
		o.Types = types
		o.typesMayMiss = true
	}
	if scan.Rows <= 0 {
		scan.Rows = DefaultScanRows
	}
	format := o.Format
	if format == "" {
		var err error
		if format, err = formatOf(path); err != nil {
			return err
		}
	}
	switch format {
	case "parquet":
		return scanParquet(ctx, path, &o, fn)
	case "csv", "tsv", "jsonl":
		return scanText(ctx, path, format, &o, scan.Rows, fn)
	case "json":
		f, err := Read(ctx, path, &o)
		if err != nil {
			return err
		}
		return fn(f)
	}
	return fmt.Errorf("dataset: unknown format %q (want csv, tsv, parquet, json or jsonl)", format)
}

// typesOf returns the column types of f, with the user's overrides.
func typesOf(f *Frame, user map[string]Type) map[string]Type {
	t := make(map[string]Type, f.NumColumns())
	for _, c := range f.Columns() {
		t[c.Name()] = c.Type()
	}
	for k, v := range user {
		t[k] = v
	}
	return t
}

// shiftLines makes a chunk's error name the line of the whole file.
func shiftLines(err error, lines int, path string) error {
	var pe *ParseError
	if errors.As(err, &pe) && pe.Line > 0 {
		pe.Line += lines
	}
	if pe != nil && pe.File == "" {
		pe.File = path
	}
	return err
}

func statSize(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
}

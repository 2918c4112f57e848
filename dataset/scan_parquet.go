package dataset

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// scanParquet reads a Parquet file a row group at a time. Each row group
// is read by ReadParquet from a view of the file whose footer lists that
// row group alone: the file's bytes followed by a rewritten footer, so the
// column chunks are read in place, and decoded as a whole file would be.
func scanParquet(ctx context.Context, path string, o *ReadOptions, fn func(*Frame) error) error {
	f, size, err := statSize(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if size == 0 {
		return &ParseError{File: path, Err: emptyErr("the file is empty")}
	}
	md, err := parquetMetadata(f, size)
	if err != nil {
		return &ParseError{File: path, Err: formatErr("not a readable Parquet file: %v", err)}
	}
	if len(md.RowGroups) <= 1 {
		fr, err := ReadParquet(ctx, f, size, path, o)
		if err != nil {
			return err
		}
		return fn(fr)
	}
	user := o.Types
	first := true
	for i := range md.RowGroups {
		if err := ctx.Err(); err != nil {
			return err
		}
		if md.RowGroups[i].NumRows == 0 {
			continue
		}
		one := *md
		rg := md.RowGroups[i]
		rg.Ordinal = 0
		one.RowGroups = thrift.Slice[format.RowGroup]{rg}
		one.NumRows = md.RowGroups[i].NumRows
		footer, err := thrift.Marshal(new(thrift.CompactProtocol), &one)
		if err != nil {
			return fmt.Errorf("dataset: %s: row group %d: %w", path, i+1, err)
		}
		tail := make([]byte, len(footer)+8)
		copy(tail, footer)
		binary.LittleEndian.PutUint32(tail[len(footer):], uint32(len(footer)))
		copy(tail[len(footer)+4:], "PAR1")
		view := &tailReader{r: f, size: size, tail: tail}
		fr, err := ReadParquet(ctx, view, size+int64(len(tail)), path, o)
		if err != nil {
			return err
		}
		if first {
			first = false
			oo := *o
			oo.Types = typesOf(fr, user)
			o = &oo
		}
		if err := fn(fr); err != nil {
			return err
		}
	}
	return nil
}

// parquetMetadata reads a file's footer, with a panic in parquet-go (which
// a corrupt footer can cause) turned into an error.
func parquetMetadata(r io.ReaderAt, size int64) (md *format.FileMetaData, err error) {
	defer func() {
		if p := recover(); p != nil {
			md, err = nil, fmt.Errorf("%v", p)
		}
	}()
	pf, err := parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, err
	}
	return pf.Metadata(), nil
}

// tailReader is the bytes of r (size of them) followed by tail.
type tailReader struct {
	r    io.ReaderAt
	size int64
	tail []byte
}

func (t *tailReader) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	if off < t.size {
		k := min(int64(len(p)), t.size-off)
		m, err := t.r.ReadAt(p[:k], off)
		n += m
		if err != nil && !(err == io.EOF && int64(m) == k) {
			return n, err
		}
		off += int64(m)
	}
	if n < len(p) {
		toff := off - t.size
		if toff >= int64(len(t.tail)) {
			return n, io.EOF
		}
		m := copy(p[n:], t.tail[toff:])
		n += m
		if n < len(p) {
			return n, io.EOF
		}
	}
	return n, nil
}

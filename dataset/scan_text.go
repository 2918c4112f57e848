package dataset

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// scanText reads a CSV or JSON lines file in chunks of rows lines: each
// chunk (after the header line of a CSV file, which is repeated at its
// head) is read by ReadCSV or ReadJSON. Chunks end at a newline outside
// double quotes, so quoted fields that span lines stay whole. Gzip input
// is decompressed as it is read.
func scanText(ctx context.Context, path, format string, o *ReadOptions, rows int, fn func(*Frame) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return &ParseError{File: path, Err: formatErr("reading gzip data: %v", err)}
		}
		defer zr.Close()
		r = zr
	}
	lr := &lineChunker{r: bufio.NewReaderSize(r, 1<<20), quotes: format != "jsonl"}
	if format == "tsv" && o.Delimiter == 0 {
		oo := *o
		oo.Delimiter = '\t'
		o = &oo
	}
	if format == "tsv" {
		format = "csv"
	}
	var header []byte
	if format == "csv" {
		h, _, err := lr.next(1)
		if err != nil && err != io.EOF {
			return fmt.Errorf("dataset: %s: %w", path, err)
		}
		header = append([]byte(nil), h...)
		if len(header) == 0 {
			return &ParseError{File: path, Err: emptyErr("the file is empty")}
		}
	}
	user := o.Types
	line := len(bytesLines(header)) // lines before the chunk
	first := true
	firstLines := 0 // the lines of the first chunk, which typed the columns
	var buf bytes.Buffer
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		body, n, rerr := lr.next(rows)
		if rerr != nil && rerr != io.EOF {
			return fmt.Errorf("dataset: %s: %w", path, rerr)
		}
		if n == 0 && !(first && format == "csv") {
			return nil
		}
		buf.Reset()
		buf.Write(header)
		buf.Write(body)
		var fr *Frame
		var err error
		if format == "csv" {
			fr, err = ReadCSV(ctx, bytes.NewReader(buf.Bytes()), path, o)
		} else {
			oo := *o
			oo.Format = "jsonl"
			fr, err = ReadJSON(ctx, bytes.NewReader(buf.Bytes()), path, &oo)
		}
		if err != nil {
			shift := line
			if format == "csv" {
				shift -= len(bytesLines(header))
			}
			return inferredHint(shiftLines(err, shift, path), first, o.Types, user, firstLines)
		}
		if first {
			first = false
			firstLines = n
			oo := *o
			oo.Types = typesOf(fr, user)
			o = &oo
		}
		if err := fn(fr); err != nil {
			return err
		}
		line += n
		if rerr == io.EOF {
			return nil
		}
	}
}

func bytesLines(b []byte) []int {
	var out []int
	for i, c := range b {
		if c == '\n' {
			out = append(out, i)
		}
	}
	return out
}

// lineChunker cuts a stream into chunks of whole lines.
type lineChunker struct {
	r      *bufio.Reader
	quotes bool // a newline inside double quotes does not end a line
	chunk  []byte
}

// next returns up to rows lines (the last one possibly without its
// newline, at the end of the input) and the number of physical lines
// they span; io.EOF when the input ended.
func (c *lineChunker) next(rows int) ([]byte, int, error) {
	c.chunk = c.chunk[:0]
	lines, records := 0, 0
	inQuote := false
	for records < rows {
		b, err := c.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			c.chunk = append(c.chunk, b...)
			if c.quotes {
				inQuote = toggleQuotes(b, inQuote)
			}
			continue
		}
		c.chunk = append(c.chunk, b...)
		if c.quotes {
			inQuote = toggleQuotes(b, inQuote)
		}
		if len(b) > 0 && b[len(b)-1] == '\n' {
			lines++
			if !inQuote {
				records++
			}
		} else if len(b) > 0 {
			lines++
		}
		if err != nil {
			return c.chunk, lines, err
		}
	}
	return c.chunk, lines, nil
}

func toggleQuotes(b []byte, in bool) bool {
	for _, x := range b {
		if x == '"' {
			in = !in
		}
	}
	return in
}

// inferredHint adds to a chunk's error on a column whose type was not
// given but inferred from the first chunk (of lines lines) how to read
// the column otherwise.
func inferredHint(err error, first bool, types, user map[string]Type, lines int) error {
	var pe *ParseError
	if first || !errors.As(err, &pe) || pe.Column == "" {
		return err
	}
	if _, given := user[pe.Column]; given {
		return err
	}
	t, ok := types[pe.Column]
	if !ok {
		return err
	}
	return fmt.Errorf("%w (the file is read in chunks, and its first %d lines typed the column %s: give the column's type to read it otherwise, e.g. --type %s=categorical)", err, lines, t, pe.Column)
}

package dataset

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"unicode/utf8"
)

// ReadCSV reads CSV data from r; name is the file name used in errors and
// as the frame's source. The first record is the header. Gzip-compressed
// input is detected and decompressed as it is read. See ReadOptions for the
// delimiter, the missing markers, the column types and the limits, and the
// package documentation for type inference.
//
// The data is read in chunks of a few megabytes, tokenized in parallel as
// they arrive and gathered into columns allocated once: the memory taken is
// that of the columns, whatever the size of the file.
//
// Fields may be quoted with '"', and a quoted field may hold delimiters,
// line breaks and doubled quotes. A quote inside an unquoted field, or text
// after a closing quote, is read as it stands, as Python's csv module and
// pandas read it, with a note naming the first line; a quote left open at
// the end of the data is an error. Lines end with "\n", "\r\n" or a lone
// "\r". Blank lines are skipped. "inf", "-inf" and "Infinity" are
// infinities in numerical columns.
//
// A file with a header and no rows is a frame of 0 rows with a note; its
// columns are categorical unless ReadOptions.Types gives their types. An
// empty file (or one of blank lines only) is an error matching ErrEmpty.
func ReadCSV(ctx context.Context, r io.Reader, name string, opts *ReadOptions) (*Frame, error) {
	if opts == nil {
		opts = &ReadOptions{}
	}
	src, err := newSource(ctx, r, readerSize(r), name, opts)
	if err != nil {
		return nil, err
	}
	return readCSV(ctx, src, name, opts)
}

// readerSize returns the bytes left in r when r tells, else -1.
func readerSize(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case *os.File:
		st, err := v.Stat()
		if err != nil || !st.Mode().IsRegular() {
			return -1
		}
		pos, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1
		}
		return st.Size() - pos
	}
	return -1
}

// Chunks of about chunkBytes are tokenized in parallel; a single record
// may take up to maxRecordBytes.
const (
	chunkBytes     = 4 << 20
	maxRecordBytes = 64 << 20
)

func readCSV(ctx context.Context, src *source, name string, opts *ReadOptions) (*Frame, error) {
	if d := opts.Delimiter; d == '"' || d == '\n' || d == '\r' || d >= utf8.RuneSelf {
		return nil, fmt.Errorf("dataset: invalid CSV delimiter %q", d)
	}
	h, err := readHeader(src, name, opts.Delimiter, opts.chunkSize(src))
	if err != nil {
		return nil, err
	}
	if err := opts.checkTypes(name, h.names); err != nil {
		return nil, err
	}
	t, err := newTokenizer(name, h, opts)
	if err != nil {
		return nil, err
	}
	r := &csvRun{t: t, src: src, opts: opts, name: name, base: h.bodyLine, pos: int64(h.bodyOff)}
	if h.literalQuote {
		r.quoteLine = h.line
	}
	for j := range t.specs {
		r.builders = append(r.builders, newColBuilder(&t.specs[j]))
	}
	if err := r.run(ctx, h.rest, h.eof); err != nil {
		return nil, err
	}
	return r.frame(ctx)
}

// csvHeader is the header record and what follows it in the first block.
type csvHeader struct {
	names        []string
	delim        byte
	line         int  // the header's line
	literalQuote bool // a quote in the header read as a character
	rest         []byte
	bodyLine     int // the line rest starts on
	bodyOff      int // the offset of rest in the data
	eof          bool
}

// readHeader reads the first block of data and takes its first non-blank
// record as the header, detecting the delimiter when delim is 0.
func readHeader(src *source, name string, delim byte, chunk int) (*csvHeader, error) {
	// At least the 3 bytes of a UTF-8 byte order mark, however small the
	// chunks, so that the mark is seen whole.
	buf, eof, err := src.fill(nil, max(chunk, 3))
	if err != nil {
		return nil, wrapReadErr(name, err)
	}
	off := 0 // bytes of the data dropped from buf
	if bytes.HasPrefix(buf, []byte("\xef\xbb\xbf")) {
		buf, off = buf[3:], 3
	}
	h := &csvHeader{line: 1}
	delims := ",\t;|"
	if delim != 0 {
		delims = string(delim)
	}
	for {
		// Skip blank lines; a "\r" at the end may be followed by "\n".
		pos := 0
		for pos < len(buf) && (buf[pos] == '\n' || buf[pos] == '\r') {
			if buf[pos] == '\r' && pos+1 == len(buf) && !eof {
				break
			}
			if buf[pos] == '\n' || pos+1 == len(buf) || buf[pos+1] != '\n' {
				h.line++
			}
			pos++
		}
		buf, off = buf[pos:], off+pos
		if eof && len(bytes.TrimSpace(buf)) == 0 {
			return nil, &ParseError{File: name, Err: emptyErr("the file is empty: a CSV file needs a header line")}
		}
		if end, next := recordEnd(buf, delims, eof); end >= 0 {
			rec := buf[:end]
			if !utf8.Valid(rec) {
				return nil, &ParseError{File: name, Line: h.line, Err: formatErr("invalid UTF-8 in the header; save the file as UTF-8")}
			}
			h.delim = delim
			if h.delim == 0 {
				h.delim = detectDelimiter(rec)
			}
			if h.names, h.literalQuote, err = splitHeader(rec, h.delim); err != nil {
				return nil, &ParseError{File: name, Line: h.line, Err: err}
			}
			if err := checkNames(name, h.line, h.names); err != nil {
				return nil, err
			}
			h.bodyLine = h.line + countBreaks(rec) + 1
			h.rest, h.bodyOff, h.eof = buf[next:], off+next, eof
			return h, nil
		}
		if eof {
			return nil, &ParseError{File: name, Line: h.line, Err: formatErr("unterminated quoted field in the header")}
		}
		if len(buf) > maxRecordBytes {
			return nil, &ParseError{File: name, Line: h.line, Err: formatErr("a header longer than %s (is a quote left open?)", formatBytes(maxRecordBytes))}
		}
		if buf, eof, err = src.fill(buf, 2*len(buf)+chunk); err != nil {
			return nil, wrapReadErr(name, err)
		}
	}
}

// wrapReadErr names the file in an error from reading it.
func wrapReadErr(name string, err error) error {
	switch err.(type) {
	case *ParseError, *LimitError:
		return err
	}
	if err == context.Canceled || err == context.DeadlineExceeded {
		return err
	}
	return &ParseError{File: name, Err: err}
}

// recordEnd finds the first record of data with the tokenizer's quoting
// rules, a field starting after any byte of delims. It returns the offset
// of the record's line break and the offset after it, or -1, -1 when the
// data ends inside the record and more may come. At the end of the data
// (eof) the record ends there, unless a quote is left open.
func recordEnd(data []byte, delims string, eof bool) (int, int) {
	n := len(data)
	for i := 0; i < n; {
		switch c := data[i]; {
		case c == '"' && (i == 0 || strings.IndexByte(delims, data[i-1]) >= 0):
			j := i + 1
			for {
				k := bytes.IndexByte(data[j:], '"')
				if k < 0 {
					return -1, -1
				}
				j += k
				if j+1 < n && data[j+1] == '"' {
					j += 2
					continue
				}
				if j+1 == n && !eof {
					return -1, -1 // a doubled quote may follow
				}
				break
			}
			i = j + 1
		case c == '\n':
			return i, i + 1
		case c == '\r':
			switch {
			case i+1 < n && data[i+1] == '\n':
				return i, i + 2
			case i+1 < n || eof:
				return i, i + 1
			}
			return -1, -1
		default:
			i++
		}
	}
	if eof {
		return n, n
	}
	return -1, -1
}

// detectDelimiter picks the most frequent of ',', '\t', ';', '|' outside
// quotes in the header record; ',' when none appears.
func detectDelimiter(rec []byte) byte {
	best, bestN := byte(','), 0
	for _, d := range []byte{',', '\t', ';', '|'} {
		n := 0
		fields, _, err := splitHeader(rec, d)
		if err == nil {
			n = len(fields) - 1
		}
		if n > bestN {
			best, bestN = d, n
		}
	}
	return best
}

// splitHeader splits the header record (without its line break) into
// fields, with the tokenizer's quoting rules. It reports whether a quote
// was read as a character.
func splitHeader(rec []byte, delim byte) ([]string, bool, error) {
	t := &tokenizer{delim: delim}
	var names []string
	var scratch []byte
	literal := false
	for i := 0; ; {
		var f []byte
		if i < len(rec) && rec[i] == '"' {
			field, next, _, lit, ok := t.quoted(rec, i, &scratch)
			if !ok {
				return nil, false, formatErr("unterminated quoted field in the header")
			}
			f, i, literal = field, next, literal || lit
		} else {
			k := bytes.IndexByte(rec[i:], delim)
			if k < 0 {
				k = len(rec) - i
			}
			f = rec[i : i+k]
			literal = literal || bytes.IndexByte(f, '"') >= 0
			i += k
		}
		names = append(names, string(f))
		if i >= len(rec) {
			return names, literal, nil
		}
		i++ // delimiter
	}
}

// checkNames fails on an empty or duplicate column name.
func checkNames(file string, line int, names []string) error {
	seen := make(map[string]int, len(names))
	for j, n := range names {
		if strings.TrimSpace(n) == "" {
			return &ParseError{File: file, Line: line, Field: j + 1, Err: formatErr("empty column name in the header")}
		}
		if k, dup := seen[n]; dup {
			return &ParseError{File: file, Line: line, Column: n, Field: j + 1,
				Err: formatErr("duplicate column name in the header (also field %d)", k+1)}
		}
		seen[n] = j
	}
	return nil
}

// newTokenizer sets up the tokenizer and the columns' specs.
func newTokenizer(name string, h *csvHeader, opts *ReadOptions) (*tokenizer, error) {
	missing := newMissingSet(opts.MissingValues)
	t := &tokenizer{delim: h.delim, file: name, names: h.names, ncols: len(h.names)}
	t.stop[t.delim], t.stop['\n'], t.stop['\r'], t.stop['"'] = true, true, true, true
	// The fast paths read a number's bytes without asking whether each is
	// the delimiter: a delimiter that can be part of a number (a digit, a
	// sign, the point, the exponent's e) leaves every field to the
	// general path.
	t.fastNum = !missing.numberLike() && !isNumberByte(t.delim) && t.delim|0x20 != 'e'
	specs, err := columnSpecs(name, h.names, missing, opts)
	if err != nil {
		return nil, err
	}
	t.specs = specs
	return t, nil
}

// columnSpecs returns the specs of the columns names: their given types and
// date formats.
func columnSpecs(file string, names []string, missing *missingSet, opts *ReadOptions) ([]colSpec, error) {
	specs := make([]colSpec, len(names))
	for j, n := range names {
		want := opts.Types[n]
		switch want {
		case Unknown, Numerical, Categorical, Text, Datetime:
		default:
			return nil, fmt.Errorf("dataset: column %q: invalid type %v", n, want)
		}
		s := colSpec{name: n, j: j, want: want, missing: missing, intCard: opts.integerCardinality()}
		if f, ok := opts.DateFormats[n]; ok {
			if want != Unknown && want != Datetime {
				return nil, &ColumnError{Source: file, Column: n, Err: &kindError{ErrDefinition,
					fmt.Sprintf("a date format is given for a column given as %s", want)}}
			}
			layout, err := DateLayout(f)
			if err != nil {
				return nil, &ColumnError{Source: file, Column: n, Err: err}
			}
			s.want, s.layout, s.layoutTS, s.format = Datetime, layout, layoutHasTime(layout), f
		}
		s.keepText = s.want == Unknown
		s.numOK = s.want == Unknown || s.want == Numerical
		specs[j] = s
	}
	return specs, nil
}

// checkRows fails when a frame would have more rows than its columns'
// int32 codes address.
func checkRows(file string, rows int) error {
	if rows > math.MaxInt32 {
		return &ParseError{File: file, Err: &kindError{ErrUnsupported, fmt.Sprintf("more than %d rows: more than telltale reads in one frame", math.MaxInt32)}}
	}
	return nil
}

package dataset

import (
	"bytes"
	"context"
	"fmt"
	"github.com/telltale-ml/telltale/internal/parallel"
	"io"
	"strings"
	"unicode/utf8"
)

// ReadCSV reads CSV data from r; name is the file name used in errors and
// as the frame's source. The first record is the header. Gzip-compressed
// input is detected and decompressed. See ReadOptions for the delimiter,
// the missing markers and the column types, and the package documentation
// for type inference.
//
// Fields may be quoted with '"', and a quoted field may hold delimiters,
// newlines and doubled quotes. Blank lines are skipped. "inf", "-inf" and
// "Infinity" are infinities in numerical columns.
//
// A file with a header and no rows is a frame of 0 rows with a note; its
// columns are categorical unless ReadOptions.Types gives their types. An
// empty file (or one of blank lines only) is an error matching ErrEmpty.
func ReadCSV(ctx context.Context, r io.Reader, name string, opts *ReadOptions) (*Frame, error) {
	if opts == nil {
		opts = &ReadOptions{}
	}
	data, err := readAllMaybeGzip(r)
	if err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	return parseCSV(ctx, data, name, opts)
}

func parseCSV(ctx context.Context, data []byte, name string, opts *ReadOptions) (*Frame, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // UTF-8 byte order mark
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &ParseError{File: name, Err: emptyErr("the file is empty: a CSV file needs a header line")}
	}
	delim := opts.Delimiter
	if delim == 0 {
		delim = detectDelimiter(data)
	}
	if delim == '"' || delim == '\n' || delim == '\r' || delim >= utf8.RuneSelf {
		return nil, fmt.Errorf("dataset: invalid CSV delimiter %q", delim)
	}
	t := &tokenizer{delim: delim, missing: newMissingSet(opts.MissingValues), file: name}
	t.stop[delim], t.stop['\n'], t.stop['"'] = true, true, true
	t.fastNum = !t.missing.numberLike() && !isNumberByte(delim)
	names, body, bodyLine, err := t.header(data)
	if err != nil {
		return nil, err
	}
	t.names, t.ncols = names, len(names)

	chunks, err := t.tokenizeBody(ctx, body, bodyLine, opts.workers())
	if err != nil {
		return nil, err
	}
	return buildCSVFrame(ctx, t, chunks, name, opts)
}

// header reads the first non-blank record as the column names and returns
// the rest of the data and the line it starts on.
func (t *tokenizer) header(data []byte) ([]string, []byte, int, error) {
	line := 1
	for len(data) > 0 && (data[0] == '\n' || data[0] == '\r') {
		if data[0] == '\n' {
			line++
		}
		data = data[1:]
	}
	end := recordEnd(data, 0)
	rec := data[:end]
	if !utf8.Valid(rec) {
		return nil, nil, 0, &ParseError{File: t.file, Line: line, Err: formatErr("invalid UTF-8 in the header; save the file as UTF-8")}
	}
	names, err := splitHeader(rec, t.delim)
	if err != nil {
		return nil, nil, 0, &ParseError{File: t.file, Line: line, Err: err}
	}
	seen := make(map[string]int, len(names))
	for j, n := range names {
		if strings.TrimSpace(n) == "" {
			return nil, nil, 0, &ParseError{File: t.file, Line: line, Field: j + 1, Err: formatErr("empty column name in the header")}
		}
		if k, dup := seen[n]; dup {
			return nil, nil, 0, &ParseError{File: t.file, Line: line, Column: n, Field: j + 1,
				Err: formatErr("duplicate column name in the header (also field %d)", k+1)}
		}
		seen[n] = j
	}
	bodyLine := line + bytes.Count(rec, []byte{'\n'})
	return names, data[end:], bodyLine, nil
}

// splitHeader splits one record (with its line end) into fields.
func splitHeader(rec []byte, delim byte) ([]string, error) {
	rec = bytes.TrimRight(rec, "\r\n")
	var names []string
	for i := 0; ; {
		var f []byte
		if i < len(rec) && rec[i] == '"' {
			i++
			for {
				k := bytes.IndexByte(rec[i:], '"')
				if k < 0 {
					return nil, formatErr("unterminated quoted field in the header")
				}
				f = append(f, rec[i:i+k]...)
				i += k + 1
				if i < len(rec) && rec[i] == '"' {
					f = append(f, '"')
					i++
					continue
				}
				break
			}
			if i < len(rec) && rec[i] != delim {
				return nil, formatErr("unexpected text after a closing quote in the header")
			}
		} else {
			k := bytes.IndexByte(rec[i:], delim)
			if k < 0 {
				k = len(rec) - i
			}
			f = rec[i : i+k]
			if bytes.IndexByte(f, '"') >= 0 {
				return nil, formatErr(`bare " in a header field that does not start with a quote`)
			}
			i += k
		}
		names = append(names, string(f))
		if i >= len(rec) {
			return names, nil
		}
		i++ // delimiter
	}
}

// recordEnd returns the offset just past the record that starts at from:
// after the first newline outside quotes, or len(data).
func recordEnd(data []byte, from int) int {
	inQuote := false
	for i := from; i < len(data); i++ {
		switch data[i] {
		case '"':
			inQuote = !inQuote
		case '\n':
			if !inQuote {
				return i + 1
			}
		}
	}
	return len(data)
}

// detectDelimiter picks the most frequent of ',', '\t', ';', '|' outside
// quotes on the first line; ',' when none appears.
func detectDelimiter(data []byte) byte {
	first := data[:recordEnd(data, 0)]
	best, bestN := byte(','), 0
	for _, d := range []byte{',', '\t', ';', '|'} {
		n, inQuote := 0, false
		for _, b := range first {
			if b == '"' {
				inQuote = !inQuote
			} else if b == d && !inQuote {
				n++
			}
		}
		if n > bestN {
			best, bestN = d, n
		}
	}
	return best
}

// maxChunk bounds a chunk so that offsets fit the span encoding.
const maxChunk = escapedBit - 1

// tokenizeBody splits body into chunks of whole records and tokenizes them
// in parallel.
func (t *tokenizer) tokenizeBody(ctx context.Context, body []byte, line, workers int) ([]*csvChunk, error) {
	// A few chunks per worker balance the load; one worker takes the body
	// whole, which spares concatenating the columns.
	target := len(body)
	if workers > 1 {
		target = max(len(body)/(workers*4), 1<<20)
	}
	target = min(target, 64<<20)
	var chunks []*csvChunk
	for start := 0; start < len(body); {
		end := chunkEnd(body, start, target)
		if end-start > maxChunk {
			return nil, &ParseError{File: t.file, Line: line, Err: formatErr("a record longer than 2 GiB (is a quote left open?)")}
		}
		chunks = append(chunks, &csvChunk{data: body[start:end], line: line})
		line += bytes.Count(body[start:end], []byte{'\n'})
		start = end
	}
	errs := make([]error, len(chunks))
	if err := parallel.For(ctx, workers, len(chunks), func(i int) { errs[i] = t.tokenize(chunks[i]) }); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err // the first error in file order
		}
	}
	return chunks, nil
}

// chunkEnd returns the end of a chunk starting at start of about target
// bytes: just past a newline that is outside quotes. A newline is outside
// quotes when an even number of quotes precedes it since start (chunks
// always start outside quotes).
func chunkEnd(body []byte, start, target int) int {
	pos := start + target
	if pos >= len(body) {
		return len(body)
	}
	quotes := bytes.Count(body[start:pos], []byte{'"'})
	for pos < len(body) {
		k := bytes.IndexByte(body[pos:], '\n')
		if k < 0 {
			return len(body)
		}
		quotes += bytes.Count(body[pos:pos+k], []byte{'"'})
		pos += k + 1
		if quotes%2 == 0 {
			return pos
		}
	}
	return len(body)
}

package dataset

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/internal/parallel"
)

// ReadJSON reads a JSON array of flat objects, or JSON lines (one object a
// line), from r; name is the file name used in errors and as the frame's
// source. Gzip-compressed input is detected and decompressed.
//
// Each key is a column, in order of first appearance; a key missing from an
// object, a null and an empty string are missing values. Numbers, strings
// and booleans follow the same type inference as CSV fields (so the string
// "3.5" counts as a number); ReadOptions.MissingValues does not apply. A
// nested object or array is an error naming the key and line, and so are a
// key given twice in one object and an empty key.
func ReadJSON(ctx context.Context, r io.Reader, name string, opts *ReadOptions) (*Frame, error) {
	if opts == nil {
		opts = &ReadOptions{}
	}
	src, err := newSource(ctx, r, readerSize(r), name, opts)
	if err != nil {
		return nil, err
	}
	data, err := src.readAll()
	if err != nil {
		return nil, wrapReadErr(name, err)
	}
	return readJSONData(ctx, data, name, opts)
}

// readJSONData reads JSON data held whole in memory.
func readJSONData(ctx context.Context, data []byte, name string, opts *ReadOptions) (*Frame, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &ParseError{File: name, Err: emptyErr("the file is empty")}
	}
	if !utf8.Valid(data) {
		off := invalidUTF8Offset(data)
		return nil, &ParseError{File: name, Line: lineAt(data, off), Err: formatErr("invalid UTF-8 (byte 0x%02x); save the file as UTF-8", data[off])}
	}
	p := &jsonParser{data: data, file: name, index: map[string]int{}}
	if err := p.parse(ctx); err != nil {
		return nil, err
	}
	if p.rows == 0 {
		return nil, &ParseError{File: name, Err: emptyErr("no objects: the file holds no rows")}
	}
	if len(p.cols) == 0 {
		return nil, &ParseError{File: name, Err: emptyErr("the objects have no keys: no columns")}
	}
	return p.frame(ctx, opts)
}

// jsonParser collects each key's values as text in a synthetic CSV chunk,
// so JSON shares the CSV reader's typing.
type jsonParser struct {
	data    []byte
	file    string
	dec     *json.Decoder
	rows    int
	cols    []*jsonColumn
	index   map[string]int
	rowLine []uint32
	buf     []byte // the values' text, which the spans index

	lineOff int64 // lineOf's cursor: offset and its 1-based line
	lineNum int
}

// lineOf returns the 1-based line of byte offset off. Offsets asked for
// mostly increase, so it counts newlines from the previous one.
func (p *jsonParser) lineOf(off int64) int {
	off = min(off, int64(len(p.data)))
	if off < p.lineOff || p.lineNum == 0 {
		p.lineOff, p.lineNum = 0, 1
	}
	p.lineNum += bytes.Count(p.data[p.lineOff:off], []byte{'\n'})
	p.lineOff = off
	return p.lineNum
}

// maxSparseCells, plus 4 per byte of input, bounds the cells (keys times
// objects) of a JSON table. Each new key costs every earlier object a cell,
// so objects that each bring new keys would otherwise need memory growing
// with the square of the input.
const maxSparseCells = 1 << 22

type jsonColumn struct {
	name  string
	spans []uint32 // start, end into buf per row
}

func (p *jsonParser) parse(ctx context.Context) error {
	p.dec = json.NewDecoder(bytes.NewReader(p.data))
	p.dec.UseNumber()
	first := bytes.TrimLeft(p.data, " \t\r\n")
	array := first[0] == '['
	if array {
		if _, err := p.dec.Token(); err != nil {
			return p.errAt(0, err)
		}
	}
	for {
		if p.rows%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if array && !p.dec.More() {
			if _, err := p.dec.Token(); err != nil { // ']'
				return p.errAt(p.dec.InputOffset(), err)
			}
			if _, err := p.dec.Token(); err != io.EOF {
				return p.errAt(p.dec.InputOffset(), errors.New("data after the closing ]"))
			}
			return nil
		}
		start := skipSpace(p.data, p.dec.InputOffset())
		tok, err := p.dec.Token()
		if err == io.EOF && !array {
			return nil
		}
		if err != nil {
			return p.errAt(start, err)
		}
		if d, ok := tok.(json.Delim); !ok || d != '{' {
			return p.errAt(start, fmt.Errorf("expected an object, found %v", describeToken(tok)))
		}
		if err := p.object(start); err != nil {
			return err
		}
	}
}

// object reads the members of one object, after its '{'.
func (p *jsonParser) object(start int64) error {
	row := p.rows
	p.rowLine = append(p.rowLine, uint32(p.lineOf(skipSpace(p.data, start))-1))
	for p.dec.More() {
		off := p.dec.InputOffset()
		kt, err := p.dec.Token()
		if err != nil {
			return p.errAt(off, err)
		}
		key := kt.(string) // the decoder guarantees object keys are strings
		if key == "" {
			return &ParseError{File: p.file, Line: p.lineOf(skipSpace(p.data, off)), Err: formatErr("an empty key: every column needs a name")}
		}
		j, ok := p.index[key]
		if !ok {
			j = len(p.cols)
			if cells := int64(j+1) * int64(row+1); cells > maxSparseCells+4*int64(len(p.data)) {
				return &ParseError{File: p.file, Line: p.lineOf(skipSpace(p.data, off)), Column: key,
					Err: &kindError{ErrUnsupported, fmt.Sprintf("%d keys over %d objects: too sparse to read as a table", j+1, row+1)}}
			}
			p.index[key] = j
			c := &jsonColumn{name: key, spans: make([]uint32, 2*row, 2*row+64)}
			p.cols = append(p.cols, c)
		}
		c := p.cols[j]
		if len(c.spans) > 2*row {
			return p.errAt(off, fmt.Errorf("key %q appears twice in one object", key))
		}
		voff := p.dec.InputOffset()
		vt, err := p.dec.Token()
		if err != nil {
			return p.errAt(voff, err)
		}
		s := uint32(len(p.buf))
		switch v := vt.(type) {
		case nil:
		case string:
			p.buf = append(p.buf, v...)
		case json.Number:
			p.buf = append(p.buf, v...)
		case bool:
			if v {
				p.buf = append(p.buf, "true"...)
			} else {
				p.buf = append(p.buf, "false"...)
			}
		case json.Delim:
			return &ParseError{File: p.file, Line: p.lineOf(skipSpace(p.data, voff)), Column: key,
				Err: &kindError{ErrUnsupported, "a nested object or array; telltale reads flat objects only"}}
		}
		if uint64(len(p.buf)) > math.MaxUint32 { // spans are 32-bit offsets
			return &ParseError{File: p.file, Err: formatErr("more than 4 GiB of values")}
		}
		c.spans = append(c.spans, s, uint32(len(p.buf)))
	}
	if _, err := p.dec.Token(); err != nil { // '}'
		return p.errAt(p.dec.InputOffset(), err)
	}
	p.rows++
	for _, c := range p.cols {
		for len(c.spans) < 2*p.rows {
			c.spans = append(c.spans, 0, 0) // key absent: missing
		}
	}
	return nil
}

func (p *jsonParser) frame(ctx context.Context, opts *ReadOptions) (*Frame, error) {
	names := make([]string, len(p.cols))
	for j, c := range p.cols {
		names[j] = c.name
	}
	if err := opts.checkTypes(p.file, names); err != nil {
		return nil, err
	}
	specs, err := columnSpecs(p.file, names, newMissingSet([]string{""}), opts)
	if err != nil {
		return nil, err
	}
	cols := make([]Column, len(p.cols))
	notes := make([]string, len(p.cols))
	errs := make([]error, len(p.cols))
	err = parallel.For(ctx, opts.workers(), len(p.cols), func(j int) {
		var cc colChunk
		cc.reset(&specs[j], p.rows)
		spans := p.cols[j].spans
		for r := 0; r < p.rows; r++ {
			cc.add(p.buf[spans[2*r]:spans[2*r+1]], int(p.rowLine[r])+1)
		}
		if e := cc.err; e != nil {
			errs[j] = &ParseError{File: p.file, Line: e.line, Column: names[j], Err: formatErr("%s", e.msg)}
			return
		}
		b := newColBuilder(&specs[j])
		b.commit(&cc, 1)
		cols[j], notes[j] = b.finish(p.file)
	})
	if err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	f, err := New(p.file, cols...)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		if n != "" {
			f.notes = append(f.notes, n)
		}
	}
	return f, nil
}

// errAt wraps a decoding error with the line of byte offset off.
func (p *jsonParser) errAt(off int64, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		err = errors.New("unexpected end of data (is a bracket or quote left open?)")
		off = int64(len(p.data))
	}
	return &ParseError{File: p.file, Line: p.lineOf(off), Err: formatErr("%v", err)}
}

func describeToken(t json.Token) string {
	switch v := t.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", v.String())
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the string %q", v)
	}
	return fmt.Sprintf("%v", t)
}

// lineAt returns the 1-based line of byte offset off.
func lineAt(data []byte, off int) int {
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// skipSpace returns the offset of the first non-space byte at or after off.
func skipSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

func invalidUTF8Offset(data []byte) int {
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size == 1 {
			return off
		}
		off += size
	}
	return off
}

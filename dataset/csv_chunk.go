package dataset

import (
	"bytes"
	"math"
	"unicode/utf8"
)

// escapedBit marks a span whose field was quoted and holds doubled quotes
// that must be undone when the field is read as text.
const escapedBit = 1 << 31

// csvChunk is a run of whole records of a CSV body, tokenized into field
// spans per column, with a speculative numeric parse of each column.
type csvChunk struct {
	data    []byte
	line    int        // line number of data[0], 1-based
	rows    int        // records in the chunk
	rowLine []uint32   // line of each record, relative to line
	spans   [][]uint32 // per column: start, end (| escapedBit) for each row
	num     []numChunk // per column
}

// numChunk is the speculative numeric reading of one column in one chunk.
type numChunk struct {
	floats  []float64 // NaN where missing; nil once a field is not a number
	ints    []int64   // exact integers, 0 where missing; empty until the first integer, then as long as floats
	notInt  bool      // a field is not an integer
	est     int       // the expected number of rows, to allocate floats
	bad     int       // first row whose field is not a number, -1 if none
	present int       // non-missing fields
}

// push appends f to floats, which is allocated for the expected rows at
// the first value.
func (nc *numChunk) push(f float64) {
	if cap(nc.floats) == 0 {
		nc.floats = make([]float64, 0, max(nc.est, 1))
	}
	nc.floats = append(nc.floats, f)
}

// integer reports whether every field is missing or an integer.
func (nc *numChunk) integer() bool { return nc.floats != nil && !nc.notInt }

// intValues returns the exact integers, one per row, 0 where missing. Call
// it only when integer reports true.
func (nc *numChunk) intValues() []int64 {
	if len(nc.ints) < len(nc.floats) { // no integer at all: every field missing
		return make([]int64, len(nc.floats))
	}
	return nc.ints
}

// field returns the bytes of column j in row r, and whether they hold
// escaped quotes.
func (c *csvChunk) field(j, r int) ([]byte, bool) {
	s, e := c.spans[j][2*r], c.spans[j][2*r+1]
	return c.data[s : e&^escapedBit], e&escapedBit != 0
}

// text returns column j of row r as a string, with doubled quotes undone.
func (c *csvChunk) text(j, r int) string {
	b, esc := c.field(j, r)
	if esc {
		return string(unescape(nil, b))
	}
	return string(b)
}

// unescape appends b to dst[:0] with each doubled quote made single.
func unescape(dst, b []byte) []byte {
	dst = dst[:0]
	for {
		k := bytes.Index(b, []byte(`""`))
		if k < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:k+1]...)
		b = b[k+2:]
	}
}

// tokenizer holds what every chunk's tokenization shares.
type tokenizer struct {
	delim   byte
	stop    [256]bool // the bytes that end an unquoted field: delim, '\n', '"'
	fastNum bool      // no missing marker is made of digits, signs and points: fastNumber may run
	ncols   int
	missing *missingSet
	file    string
	names   []string
}

// tokenize splits c.data into records and fields and parses each field
// speculatively as a number. It fails on a ragged record, a bare or
// unterminated quote, or invalid UTF-8, naming the line and column.
func (t *tokenizer) tokenize(c *csvChunk) error {
	data := c.data
	if !utf8.Valid(data) {
		return t.invalidUTF8(c)
	}
	// A record of ncols fields takes at least ncols bytes (delimiters and
	// line end), which bounds the rows however many blank lines there are:
	// the allocations stay linear in the input.
	est := min(bytes.Count(data, []byte{'\n'})+1, len(data)/t.ncols+1)
	c.rowLine = make([]uint32, 0, est)
	c.spans = make([][]uint32, t.ncols)
	c.num = make([]numChunk, t.ncols)
	for j := range c.spans {
		c.spans[j] = make([]uint32, 0, 2*est)
		// floats is allocated at the first field: a column that starts
		// with text never needs it.
		c.num[j] = numChunk{floats: make([]float64, 0), est: est, bad: -1}
	}
	line := 0 // relative line of the current position
	i, n := 0, len(data)
	for i < n {
		// Skip blank lines, as pandas does.
		if data[i] == '\n' {
			line++
			i++
			continue
		}
		if data[i] == '\r' && (i+1 == n || data[i+1] == '\n') {
			i++
			continue
		}
		recLine := line
		col := 0
		for {
			var start, end uint32
			recorded := false
			if i < n && data[i] == '"' {
				// Quoted field: runs to the closing quote; "" is a quote.
				open := line
				i++
				start = uint32(i)
				escaped := false
				for {
					k := bytes.IndexByte(data[i:], '"')
					if k < 0 {
						return t.errAt(c, open, col, "unterminated quoted field (the quote opens on this line)")
					}
					line += bytes.Count(data[i:i+k], []byte{'\n'})
					i += k
					if i+1 < n && data[i+1] == '"' {
						escaped = true
						i += 2
						continue
					}
					break
				}
				end = uint32(i)
				if escaped {
					end |= escapedBit
				}
				i++ // closing quote
				if i < n && data[i] != t.delim && data[i] != '\n' && (data[i] != '\r' || i+1 < n && data[i+1] != '\n') {
					return t.errAt(c, line, col, "unexpected text after a closing quote")
				}
			} else if k, ok := t.fastNumber(c, col, data, i); ok {
				// A plain number, parsed and recorded while scanning it.
				i = k
				recorded = true
			} else {
				start = uint32(i)
				stop := &t.stop
				for i < n && !stop[data[i]] {
					i++
				}
				if i < n && data[i] == '"' {
					return t.errAt(c, line, col, `bare " in a field that does not start with a quote (quote the field and double the " inside it)`)
				}
				end = uint32(i)
				if end > start && data[end-1] == '\r' && (i == n || data[i] == '\n') {
					end--
				}
			}
			if col >= t.ncols {
				return t.errAt(c, recLine, -1, "%d or more fields, but the header has %d", col+1, t.ncols)
			}
			if !recorded {
				t.add(c, col, start, end)
			}
			col++
			if i < n && data[i] == t.delim {
				i++
				continue
			}
			// End of record: newline (after an optional \r) or end of data.
			if i < n && data[i] == '\r' {
				i++
			}
			if i < n && data[i] == '\n' {
				line++
				i++
			}
			break
		}
		if col != t.ncols {
			return t.errAt(c, recLine, -1, "%d fields, but the header has %d", col, t.ncols)
		}
		c.rowLine = append(c.rowLine, uint32(recLine))
		c.rows++
	}
	return nil
}

// add records a field of column j and parses it speculatively.
func (t *tokenizer) add(c *csvChunk, j int, start, end uint32) {
	c.spans[j] = append(c.spans[j], start, end)
	nc := &c.num[j]
	if nc.floats == nil {
		return
	}
	b := c.data[start : end&^escapedBit]
	if t.missing.is(b) {
		nc.push(math.NaN())
		if len(nc.ints) > 0 {
			nc.ints = append(nc.ints, 0)
		}
		return
	}
	f, iv, kind := parseNumber(b)
	if kind == notNumber {
		nc.bad = c.rows
		nc.floats, nc.ints, nc.notInt = nil, nil, true
		return
	}
	nc.number(f, iv, kind)
}

// number appends a present number to the column's speculative parse.
func (nc *numChunk) number(f float64, iv int64, kind numKind) {
	switch kind {
	case isFloat:
		nc.ints, nc.notInt = nil, true
	case isInteger:
		if !nc.notInt {
			if len(nc.ints) == 0 { // the first integer: zeros for the missing fields before it
				nc.ints = make([]int64, len(nc.floats), cap(nc.floats))
			}
			nc.ints = append(nc.ints, iv)
		}
	}
	nc.push(f)
	nc.present++
}

// fastNumber parses a field starting at data[i] that is a plain decimal
// number (an optional sign, at most 15 significant digits, an optional
// point) and ends at a delimiter or a line end. For such a field of a column
// still read as numbers, it records the span and the number as add would and
// returns the field's end. Any other field is left to the general path:
// exponents, long or odd numbers, text, and every field when a missing
// marker looks like a number.
func (t *tokenizer) fastNumber(c *csvChunk, col int, data []byte, i int) (int, bool) {
	if !t.fastNum || col >= t.ncols {
		return 0, false
	}
	nc := &c.num[col]
	if nc.floats == nil {
		return 0, false
	}
	n := len(data)
	j := i
	neg := false
	if j < n && (data[j] == '-' || data[j] == '+') {
		neg = data[j] == '-'
		j++
	}
	var mant uint64
	digits, frac := 0, 0
	sawDigit, dot := false, false
	for ; j < n; j++ {
		d := data[j] - '0'
		if d <= 9 {
			sawDigit = true
			if mant == 0 && d == 0 {
				if dot {
					frac++
				}
				continue
			}
			mant = mant*10 + uint64(d)
			digits++
			if dot {
				frac++
			}
			continue
		}
		if data[j] == '.' && !dot {
			dot = true
			continue
		}
		break
	}
	if !sawDigit || digits > 15 || frac > 22 {
		return 0, false
	}
	// The number must end the field.
	if j < n {
		switch b := data[j]; {
		case b == t.delim || b == '\n':
		case b == '\r' && (j+1 == n || data[j+1] == '\n'):
		default:
			return 0, false
		}
	}
	c.spans[col] = append(c.spans[col], uint32(i), uint32(j))
	if !dot {
		v := int64(mant)
		if neg {
			v = -v
		}
		nc.number(float64(v), v, isInteger)
		return j, true
	}
	f := float64(mant) / pow10[frac]
	if neg {
		f = -f
	}
	nc.number(f, 0, isFloat)
	return j, true
}

// errAt returns a ParseError at a line relative to the chunk; col < 0 means
// the whole record.
func (t *tokenizer) errAt(c *csvChunk, line, col int, format string, args ...any) error {
	e := &ParseError{File: t.file, Line: c.line + line, Err: formatErr(format, args...)}
	if col >= 0 {
		e.Field = col + 1
		if col < len(t.names) {
			e.Column = t.names[col]
		}
	}
	return e
}

// invalidUTF8 locates the first invalid byte of c and reports its line and
// column.
func (t *tokenizer) invalidUTF8(c *csvChunk) error {
	data := c.data
	off := invalidUTF8Offset(data)
	lineStart := bytes.LastIndexByte(data[:off], '\n') + 1
	line := bytes.Count(data[:off], []byte{'\n'})
	// Count the delimiters before the bad byte on its line, ignoring quotes:
	// good enough to name the column in all but pathological files.
	col := bytes.Count(data[lineStart:off], []byte{t.delim})
	return t.errAt(c, line, col, "invalid UTF-8 (byte 0x%02x at byte offset %d of the line); save the file as UTF-8", data[off], off-lineStart)
}

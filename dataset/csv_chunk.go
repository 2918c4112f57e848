package dataset

import (
	"bytes"
	"math"
	"unicode/utf8"
)

// csvChunk is a run of whole records of a CSV body and, once tokenized,
// its columns.
type csvChunk struct {
	data      []byte
	srcPos    int64 // bytes of the underlying input read when the chunk was cut
	rows      int
	lines     int        // line breaks in data
	cols      []colChunk // per column
	err       error      // a malformed record; a *ParseError with a line relative to the chunk
	quoteLine int        // first line (1-based in the chunk) with a quote read literally; 0 none
	done      chan struct{}
	scratch   []byte
	lastLen   int // bytes of data when last tokenized, with rows the records then; 0 for a new chunk
}

// tokenizer holds what every chunk's tokenization shares.
type tokenizer struct {
	delim   byte
	stop    [256]bool // the bytes that end an unquoted field, and the quote
	fastNum bool      // no missing marker is made of digits, signs and points: fastNumber may run
	ncols   int
	file    string
	names   []string
	specs   []colSpec
}

// tokenize splits c.data into records and fields and reads each field into
// its column. It stops at a ragged record, an unterminated quote or invalid
// UTF-8, leaving a *ParseError in c.err.
func (t *tokenizer) tokenize(c *csvChunk) {
	data := c.data
	if len(c.cols) != t.ncols {
		c.cols = make([]colChunk, t.ncols)
	}
	est := c.estimateRows(t.ncols)
	c.rows, c.lines, c.err, c.quoteLine = 0, 0, nil, 0
	c.lastLen = len(data)
	cols := c.cols // in a local: the loop's stores could otherwise change c.cols, for all the compiler knows
	for j := range cols {
		cols[j].reset(&t.specs[j], est)
		cols[j].fastNum = t.fastNum && t.specs[j].numOK
	}
	if !utf8.Valid(data) {
		c.err = t.invalidUTF8(c)
		return
	}
	line := 1 // line of the current position, in the chunk
	i, n := 0, len(data)
	delim := t.delim
	for i < n {
		// Skip blank lines, as pandas does.
		switch data[i] {
		case '\n':
			line++
			i++
			continue
		case '\r':
			line++
			i++
			if i < n && data[i] == '\n' {
				i++
			}
			continue
		}
		recLine := line
		col := 0
		for {
			if col >= len(cols) { // len(cols) == t.ncols
				c.err = t.errAt(recLine, -1, "%d or more fields, but the header has %d", col+1, t.ncols)
				return
			}
			cc := &cols[col]
			switch {
			case i < n && data[i] == '"':
				field, next, breaks, literal, ok := t.quoted(data, i, &c.scratch)
				if !ok {
					c.err = t.errAt(line, col, "unterminated quoted field (the quote opens on this line)")
					return
				}
				if literal && c.quoteLine == 0 {
					c.quoteLine = line + breaks
				}
				line += breaks
				i = next
				cc.add(field, recLine)
			case cc.mode <= modeFloat && cc.fastNum:
				if cc.mode == modeFloat {
					if k, v, ok := plainFloat(data, i, delim); ok {
						cc.vals = append(cc.vals, v)
						cc.present++
						cc.rows++
						i = k
						break
					}
					if k, v, ok := gFloat(data, i, delim); ok {
						cc.vals = append(cc.vals, v)
						if cc.spec.keepText {
							cc.exc.addG(cc.rows) // as colChunk.number does for formG
						}
						cc.present++
						cc.rows++
						i = k
						break
					}
				} else if cc.mode == modeInt {
					if k, v, ok := plainInt(data, i, delim); ok {
						cc.vals = append(cc.vals, uint64(v))
						if !cc.ints.over {
							cc.ints.add(v) // as colChunk.number does
						}
						cc.present++
						cc.rows++
						i = k
						break
					}
				}
				if k, ok := t.fastNumber(cc, data, i, recLine); ok {
					i = k
					break
				}
				i = t.unquoted(c, cc, i, line, recLine)
			case cc.mode == modeStr:
				if k, code, ok := knownShort(cc, data, i, delim); ok {
					cc.codes = append(cc.codes, code)
					cc.present++
					cc.rows++
					i = k
					break
				}
				i = t.unquoted(c, cc, i, line, recLine)
			default:
				i = t.unquoted(c, cc, i, line, recLine)
			}
			col++
			if i < n && data[i] == delim {
				i++
				continue
			}
			// End of record: "\n", "\r\n", a lone "\r", or the end of data.
			if i < n {
				if data[i] == '\r' {
					i++
					if i < n && data[i] == '\n' {
						i++
					}
				} else {
					i++
				}
				line++
			}
			break
		}
		if col != t.ncols {
			c.err = t.errAt(recLine, -1, "%d fields, but the header has %d", col, t.ncols)
			return
		}
		c.rows++
	}
	c.lines = line - 1
}

// estimateRows returns about how many records c.data holds, for the
// columns' capacity: a guess, never needed for a right result (a column
// past it grows). A chunk used before scales the records it held by the
// data's size rather than count the line breaks of its 4 MB again
// (bytes.Count was 0.8% of a CSV report's time); a new one counts them.
// Either way it adds a thirty-second: a reused chunk's columns keep their
// capacity, and a guess past it allocates them all anew (exact counts,
// then guesses an eighth over, took 15-19 MB more memory at peak). A
// record of ncols fields takes at least ncols bytes (delimiters and line
// end), which bounds the rows however many blank lines there are.
func (c *csvChunk) estimateRows(ncols int) int {
	n := len(c.data)
	rows := 0
	if c.lastLen > 0 && c.rows > 0 {
		rows = int(int64(c.rows) * int64(n) / int64(c.lastLen))
	} else {
		rows = bytes.Count(c.data, []byte{'\n'}) + 1
	}
	return min(rows+rows/32+64, n/ncols+1)
}

// unquoted reads the unquoted field that starts at c.data[i] into column
// cc and returns the offset after it. A quote inside it is a character, as
// Python's csv and pandas read it.
func (t *tokenizer) unquoted(c *csvChunk, cc *colChunk, i, line, recLine int) int {
	data := c.data
	n := len(data)
	start := i
	stop := &t.stop
	for {
		for i < n && !stop[data[i]] {
			i++
		}
		if i < n && data[i] == '"' {
			if c.quoteLine == 0 {
				c.quoteLine = line
			}
			i++
			continue
		}
		break
	}
	cc.add(data[start:i], recLine)
	return i
}

// quoted reads the quoted field that starts at data[i]: it runs to the
// closing quote, and "" inside it is a quote. Text after the closing quote,
// up to the delimiter or line end, is part of the field, as pandas reads it
// (literal reports it). It returns the field's value, the offset after it,
// the line breaks inside it, and ok false for a quote that never closes.
func (t *tokenizer) quoted(data []byte, i int, scratch *[]byte) (field []byte, next, breaks int, literal, ok bool) {
	n := len(data)
	i++
	start := i
	escaped := false
	for {
		k := bytes.IndexByte(data[i:], '"')
		if k < 0 {
			return nil, 0, 0, false, false
		}
		i += k
		if i+1 < n && data[i+1] == '"' {
			escaped = true
			i += 2
			continue
		}
		break
	}
	field = data[start:i]
	i++ // the closing quote
	if i < n && data[i] != t.delim && data[i] != '\n' && data[i] != '\r' {
		literal = true
		rest := i
		for i < n && data[i] != t.delim && data[i] != '\n' && data[i] != '\r' {
			i++
		}
		*scratch = append(unescape((*scratch)[:0], field), data[rest:i]...)
		field = *scratch
	} else if escaped {
		*scratch = unescape((*scratch)[:0], field)
		field = *scratch
	}
	if bytes.IndexByte(data[start:i], '\n') >= 0 || bytes.IndexByte(data[start:i], '\r') >= 0 {
		breaks = countBreaks(data[start:i])
	}
	return field, i, breaks, literal, true
}

// countBreaks counts the line breaks in b: "\n", "\r\n" and a lone "\r".
func countBreaks(b []byte) int {
	n := bytes.Count(b, []byte{'\n'})
	if bytes.IndexByte(b, '\r') >= 0 {
		n += bytes.Count(b, []byte{'\r'}) - bytes.Count(b, []byte("\r\n"))
	}
	return n
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

// fastNumber parses a field starting at data[i] that is a plain decimal
// number (an optional sign, at most 15 significant digits, an optional
// point) and ends at a delimiter or a line end, for a column still read as
// numbers, and hands it to the column. It returns the field's end. Any
// other field is left to the general path: exponents, long or odd numbers,
// text, and every field when a missing marker looks like a number.
//
// The caller checks that the column is read as numbers (its mode is at most
// modeFloat, spec.numOK) and that t.fastNum holds.
func (t *tokenizer) fastNumber(cc *colChunk, data []byte, i, line int) (int, bool) {
	// The sign, the digits and the point, eight bytes at a time: where
	// each run of digits ends is found with a few operations on a word
	// (see nonDigits) rather than by a loop whose exit the processor
	// mispredicts once a field (the lengths of numbers vary from field to
	// field). Near the end of the data, or for a run of 8 digits or more,
	// scanMantissaBytes reads the number a byte at a time.
	n := len(data)
	var mant uint64
	var start, intEnd, frac, j int
	var neg, dot bool
	ok := false
	if i+20 <= n {
		c := data[i]
		neg = c == '-'
		j = i + int(flag(neg)|flag(c == '+'))
		start = j
		x := load8(data, j)
		k := leadingDigits(x)
		mant = digitsValue(x, k)
		j += k
		intEnd = j
		ok = k < 8
		if ok && data[j] == '.' {
			dot = true
			j++
			x = load8(data, j)
			k = leadingDigits(x)
			mant = mant*pow10u[k&7] + digitsValue(x, k) // k = 8 is refused below
			frac = k
			j += k
			ok = k < 8
		}
	}
	if !ok {
		var m mantissa
		m, j = scanMantissaBytes(data, i)
		mant, start, intEnd, frac, neg, dot = m.digits, m.start, m.intEnd, m.frac, m.neg, m.dot
	}
	// 1 to 19 digits (frac is then at most 19: pow10 holds it), at most 15
	// of them significant.
	if nd := intEnd - start + frac; uint(nd-1) >= 19 || mant >= 1e15 {
		return 0, false
	}
	// The number must end the field, or an exponent follow it.
	if j < n {
		if b := data[j]; b != t.delim && b != '\n' && b != '\r' {
			if b|0x20 == 'e' {
				return t.fastExponent(cc, data, i, j, mantissa{mant, start, intEnd, frac, neg, dot}, line)
			}
			return 0, false
		}
	}
	// Is the text what strconv writes for the value (see plainForm)?
	// (Without branches: which of these holds is a coin toss from one
	// field to the next, and a mispredicted branch costs more than all the
	// tests.)
	form := formPlain
	if flag(data[i] == '+')|flag(intEnd == start)|flag(intEnd-start > 1)&flag(data[start] == '0')|
		flag(dot)&(flag(frac == 0)|flag(data[j-1] == '0'))|flag(neg)&flag(mant == 0)&flag(!dot) != 0 {
		form = formOther
	}
	if !dot {
		v := int64(mant)
		if neg {
			v = -v
		}
		// The common cases inline: a float column, or an integer column
		// past the cardinality limit, and a number spelt as strconv does.
		if form == formPlain && (cc.mode == modeFloat || cc.mode == modeInt && cc.ints.over) {
			if cc.mode == modeFloat {
				cc.vals = append(cc.vals, math.Float64bits(float64(v)))
			} else {
				cc.vals = append(cc.vals, uint64(v))
			}
			cc.present++
			cc.rows++
			return j, true
		}
		cc.number(float64(v), v, isInteger, form, data[i:j], line)
		return j, true
	}
	// f is at least +0: the sign is its top bit, set without a branch.
	f := math.Float64frombits(math.Float64bits(float64(mant)/pow10[frac]) | uint64(flag(neg))<<63)
	if form == formPlain && cc.mode == modeFloat {
		cc.vals = append(cc.vals, math.Float64bits(f))
		cc.present++
		cc.rows++
		return j, true
	}
	cc.number(f, 0, isFloat, form, data[i:j], line)
	return j, true
}

// scanMantissaBytes reads the sign, the digits and the point of a number
// at data[i:] a byte at a time, for fastNumber, for any length.
// Every digit goes into the mantissa, leading zeros too (they add
// nothing); past 19 digits it wraps around, and fastNumber refuses the
// number.
func scanMantissaBytes(data []byte, i int) (m mantissa, j int) {
	n := len(data)
	j = i
	if j < n && (data[j] == '-' || data[j] == '+') {
		m.neg = data[j] == '-'
		j++
	}
	m.start = j
	m.digits, j = digitRun(data, j, 0)
	m.intEnd = j
	if j < n && data[j] == '.' {
		m.dot = true
		fs := j + 1
		m.digits, j = digitRun(data, fs, m.digits)
		m.frac = j - fs
	}
	return m, j
}

// digitRun reads the run of ASCII digits at data[j:] onto acc (acc*10 +
// digit for each, wrapping past 19 digits) and returns acc and the index
// just past the run.
func digitRun(data []byte, j int, acc uint64) (uint64, int) {
	for j < len(data) {
		d := data[j] - '0'
		if d > 9 {
			break
		}
		acc = acc*10 + uint64(d)
		j++
	}
	return acc, j
}

// flag is 1 for true and 0 for false, for tests combined without
// branches (the compiler turns it into a SETcc).
func flag(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// pow10u holds 10^k for a run of k digits read at once.
var pow10u = [8]uint64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000}

// mantissa is the part of a number before its exponent, as fastNumber
// read it.
type mantissa struct {
	digits        uint64 // every digit, as an integer (at most 15 significant)
	start, intEnd int    // the digits before the point: data[start:intEnd]
	frac          int    // digits after the point
	neg, dot      bool
}

// fastExponent finishes fastNumber for a number with an exponent
// ("2.49128e+06", as pandas writes large and small floats): data[i:j] is
// the sign and the mantissa m, data[j] is 'e' or 'E'. The value is exact
// and correctly rounded, as strconv.ParseFloat's, when the power of ten
// that scales the mantissa (at most 10^15) is one float64 holds exactly,
// at most 10^22 (Clinger's fast path, as for plain decimals); other
// exponents, and exponents of more than 3 digits, are left to the general
// path.
func (t *tokenizer) fastExponent(cc *colChunk, data []byte, i, j int, m mantissa, line int) (int, bool) {
	n := len(data)
	k := j + 1
	signed, expNeg := false, false
	if k < n && (data[k] == '+' || data[k] == '-') {
		signed, expNeg = true, data[k] == '-'
		k++
	}
	es := k
	x := 0
	for k < n && k-es < 4 {
		d := data[k] - '0'
		if d > 9 {
			break
		}
		x = x*10 + int(d)
		k++
	}
	ed := k - es
	if ed == 0 || ed > 3 {
		return 0, false
	}
	if k < n {
		if b := data[k]; b != t.delim && b != '\n' && b != '\r' {
			return 0, false
		}
	}
	if expNeg {
		x = -x
	}
	e10 := x - m.frac
	if e10 < -22 || e10 > 22 {
		return 0, false
	}
	f := float64(m.digits)
	if e10 >= 0 {
		f *= pow10[e10]
	} else {
		f /= pow10[-e10]
	}
	if m.neg {
		f = -f
	}
	// Is the text strconv.FormatFloat(f, 'g', -1, 64)? With at most 15
	// significant digits and no trailing zero, the text's digits are the
	// shortest that read back as f; 'g' then writes one digit before the
	// point, the rest after it, and "e", a sign and at least two exponent
	// digits, when the exponent is below -4 or at least 6 (else it writes
	// no exponent).
	form := formOther
	if data[i] != '+' && m.intEnd-m.start == 1 && data[m.start] != '0' &&
		(!m.dot || m.frac > 0 && data[j-1] != '0') &&
		data[j] == 'e' && signed && ed >= 2 && (ed == 2 || data[es] != '0') && (x < -4 || x >= 6) {
		form = formG
	}
	cc.number(f, 0, isFloat, form, data[i:k], line)
	return k, true
}

// errAt returns a ParseError at a line relative to the chunk (1-based);
// col < 0 means the whole record.
func (t *tokenizer) errAt(line, col int, format string, args ...any) *ParseError {
	e := &ParseError{File: t.file, Line: line, Err: formatErr(format, args...)}
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
	lineStart := max(bytes.LastIndexByte(data[:off], '\n'), bytes.LastIndexByte(data[:off], '\r')) + 1
	line := 1 + countBreaks(data[:off])
	// Count the delimiters before the bad byte on its line, ignoring quotes:
	// good enough to name the column in all but pathological files.
	col := bytes.Count(data[lineStart:off], []byte{t.delim})
	return t.errAt(line, col, "invalid UTF-8 (byte 0x%02x at byte offset %d of the line); save the file as UTF-8", data[off], off-lineStart)
}

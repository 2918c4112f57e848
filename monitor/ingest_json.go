package monitor

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/dataset"
)

// jsonParser reads a JSON array of flat objects, or JSON lines (objects
// separated by white space, one a line as a rule), straight into a batch:
// each key is looked up in the schema (first as the key the previous
// object had at the same position), each value typed by its column. It
// follows RFC 8259, plus the bare NaN, Infinity and -Infinity that
// Python's json module writes (NaN is missing).
type jsonParser struct {
	data    []byte
	pos     int
	b       *batch
	pred    []int  // the column of the k-th key of the previous object
	scratch []byte // unescaped strings
}

// maxJSONDepth bounds the nesting of the values of ignored keys, which
// are skipped.
const maxJSONDepth = 64

func parseJSON(data []byte, b *batch) error {
	p := &jsonParser{data: data, b: b}
	return p.parse()
}

func (p *jsonParser) parse() error {
	p.ws()
	if p.pos == len(p.data) {
		return &IngestError{Kind: ErrNoRows, Msg: "the body is empty"}
	}
	switch p.data[p.pos] {
	case '[':
		p.pos++
		p.ws()
		if p.peek() == ']' {
			p.pos++
		} else {
			for {
				if err := p.object(); err != nil {
					return err
				}
				p.ws()
				c := p.peek()
				p.pos++
				if c == ']' {
					break
				}
				if c != ',' {
					return p.syntax(p.pos-1, "after an object of the array, want ',' or ']'")
				}
				p.ws()
			}
		}
		p.ws()
		if p.pos < len(p.data) {
			return p.syntax(p.pos, "data after the closing ]")
		}
	case '{':
		for p.pos < len(p.data) {
			if err := p.object(); err != nil {
				return err
			}
			p.ws()
		}
	default:
		return p.syntax(p.pos, "want a JSON object per line or an array of objects")
	}
	if p.b.rows == 0 {
		return &IngestError{Kind: ErrNoRows, Msg: "the body holds no objects"}
	}
	return nil
}

func (p *jsonParser) peek() byte {
	if p.pos < len(p.data) {
		return p.data[p.pos]
	}
	return 0
}

func (p *jsonParser) ws() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
			continue
		}
		return
	}
}

// line returns the 1-based line of byte offset off.
func (p *jsonParser) line(off int) int {
	return bytes.Count(p.data[:min(off, len(p.data))], []byte{'\n'}) + 1
}

// syntax returns an ErrMalformed error at offset off of the current row.
func (p *jsonParser) syntax(off int, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if off >= len(p.data) {
		msg += " (the body ends early: is a bracket or quote left open?)"
	} else {
		msg += fmt.Sprintf(", found %s", describeByte(p.data[off]))
	}
	return &IngestError{Kind: ErrMalformed, Row: p.b.rows + 1, Line: p.line(off), Msg: msg}
}

func describeByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", c)
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// object reads one object into a row of the batch.
func (p *jsonParser) object() error {
	if p.peek() != '{' {
		return p.syntax(p.pos, "want an object")
	}
	p.pos++
	p.ws()
	if p.peek() == '}' {
		p.pos++
		p.b.endRow()
		return nil
	}
	for k := 0; ; k++ {
		keyOff := p.pos
		if p.peek() != '"' {
			return p.syntax(p.pos, "want a key in double quotes")
		}
		key, err := p.str()
		if err != nil {
			return err
		}
		j := p.column(k, key)
		p.ws()
		if p.peek() != ':' {
			return p.syntax(p.pos, "after the key %q, want ':'", key)
		}
		p.pos++
		p.ws()
		if j >= 0 && p.b.isSet(j) {
			return &IngestError{Kind: ErrMalformed, Row: p.b.rows + 1, Line: p.line(keyOff), Column: p.b.sch.names[j],
				Msg: "the key appears twice in one object"}
		}
		if j < 0 {
			if len(key) == 0 {
				return &IngestError{Kind: ErrMalformed, Row: p.b.rows + 1, Line: p.line(keyOff), Msg: "an empty key: every column needs a name"}
			}
			// The scratch buffer holding an escaped key is reused by
			// the value: note the name first.
			p.b.ignore(key)
			if err := p.skip(0); err != nil {
				return err
			}
		} else if err := p.value(j); err != nil {
			return err
		}
		p.ws()
		switch p.peek() {
		case ',':
			p.pos++
			p.ws()
			continue
		case '}':
			p.pos++
			p.b.endRow()
			return nil
		}
		return p.syntax(p.pos, "after a value, want ',' or '}'")
	}
}

// column returns the schema column of the k-th key of an object, -1 for
// a key the reference lacks.
func (p *jsonParser) column(k int, key []byte) int {
	if k < len(p.pred) {
		if j := p.pred[k]; j >= 0 && p.b.sch.names[j] == string(key) {
			return j
		}
	}
	j := p.b.sch.lookup(key)
	if k < len(p.pred) {
		p.pred[k] = j
	} else if k == len(p.pred) {
		p.pred = append(p.pred, j)
	}
	return j
}

// value reads a value into column j.
func (p *jsonParser) value(j int) error {
	off := p.pos
	var err error
	switch c := p.peek(); {
	case c == '"':
		var s []byte
		if s, err = p.str(); err != nil {
			return err
		}
		err = p.b.putString(j, s)
	case c == '-' || c >= '0' && c <= '9':
		if p.b.sch.types[j] == dataset.Numerical {
			if v, iv, isInt, ok := p.fastNumber(); ok {
				p.b.putNum(j, v, iv, isInt)
				return nil
			}
		}
		var s []byte
		if s, err = p.number(); err != nil {
			return err
		}
		if s[len(s)-1] == 'y' { // -Infinity
			if !p.numericColumn(j) {
				return p.valueErr(off, j, wrongType(j, p.b, "-Infinity"))
			}
			p.b.putFloat(j, math.Inf(-1))
			return nil
		}
		err = p.b.putNumberText(j, s)
	case c == 't' || c == 'f':
		v := c == 't'
		lit := "false"
		if v {
			lit = "true"
		}
		if err := p.literal(lit); err != nil {
			return err
		}
		err = p.b.putBool(j, v)
	case c == 'n':
		if err := p.literal("null"); err != nil {
			return err
		}
		p.b.putNull(j)
	case c == 'N':
		if err := p.literal("NaN"); err != nil {
			return err
		}
		p.b.putNull(j)
	case c == 'I':
		if err := p.literal("Infinity"); err != nil {
			return err
		}
		if !p.numericColumn(j) {
			return p.valueErr(off, j, wrongType(j, p.b, "Infinity"))
		}
		p.b.putFloat(j, math.Inf(1))
	case c == '{' || c == '[':
		return &IngestError{Kind: ErrMalformed, Row: p.b.rows + 1, Line: p.line(off), Column: p.b.sch.names[j],
			Msg: "a nested object or array; rows are flat objects"}
	default:
		return p.syntax(off, "want a value")
	}
	if err != nil {
		return p.valueErr(off, j, err)
	}
	return nil
}

func (p *jsonParser) numericColumn(j int) bool { return p.b.sch.types[j] == dataset.Numerical }

func (p *jsonParser) valueErr(off, j int, err error) error {
	kind := ErrValue
	var ve *valueError
	if !errors.As(err, &ve) {
		kind = ErrMalformed
	}
	return &IngestError{Kind: kind, Row: p.b.rows + 1, Line: p.line(off), Column: p.b.sch.names[j], Msg: err.Error()}
}

func (p *jsonParser) literal(lit string) error {
	if !bytes.HasPrefix(p.data[p.pos:], []byte(lit)) {
		return p.syntax(p.pos, "want a value")
	}
	p.pos += len(lit)
	return nil
}

// str reads a string at p.pos (its opening quote) and returns its
// content, unescaped; the slice is valid until the next call.
func (p *jsonParser) str() ([]byte, error) {
	start := p.pos + 1
	d := p.data
	for i := start; i < len(d); i++ {
		c := d[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		switch {
		case c == '"':
			p.pos = i + 1
			return d[start:i], nil
		case c == '\\':
			return p.strEscaped(start, i)
		}
		return nil, p.syntax(i, "a control character in a string (escape it)")
	}
	return nil, p.syntax(len(d), "an unterminated string")
}

// strEscaped reads the rest of a string that has an escape at offset i.
func (p *jsonParser) strEscaped(start, i int) ([]byte, error) {
	out := append(p.scratch[:0], p.data[start:i]...)
	for i < len(p.data) {
		c := p.data[i]
		switch {
		case c == '"':
			p.pos = i + 1
			p.scratch = out
			return out, nil
		case c < 0x20:
			return nil, p.syntax(i, "a control character in a string (escape it)")
		case c != '\\':
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(p.data) {
			return nil, p.syntax(len(p.data), "an unterminated string")
		}
		e := p.data[i+1]
		i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(p.data[i:])
			if !ok {
				return nil, p.syntax(i-2, "a \\u escape needs 4 hex digits")
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2, ok := rune(-1), false
				if i+6 <= len(p.data) && p.data[i] == '\\' && p.data[i+1] == 'u' {
					r2, ok = hex4(p.data[i+2:])
				}
				if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return nil, p.syntax(i-1, "an unknown escape \\%c", e)
		}
	}
	return nil, p.syntax(len(p.data), "an unterminated string")
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// fastNumber scans and parses, in one pass, the common JSON number: an
// optional minus, an integer part without leading zeros, an optional
// fraction, no exponent, at most 15 significant digits. It gives exactly
// dataset.ParseNumber's result (the same exact fast path: the mantissa
// and the power of ten are exact float64 values, so one division is
// correctly rounded). Anything else returns ok false with p.pos unmoved,
// for number and ParseNumber to handle.
func (p *jsonParser) fastNumber() (v float64, iv int64, isInt, ok bool) {
	d := p.data
	i := p.pos
	neg := false
	if i < len(d) && d[i] == '-' {
		neg = true
		i++
	}
	start := i
	var mant uint64
	digits, frac := 0, 0
	if i < len(d) && d[i] == '0' {
		i++
	} else {
		for ; i < len(d) && d[i] >= '0' && d[i] <= '9'; i++ {
			if mant != 0 || d[i] != '0' {
				mant = mant*10 + uint64(d[i]-'0')
				digits++
			}
		}
	}
	if i == start || digits > 15 {
		return 0, 0, false, false
	}
	dot := i < len(d) && d[i] == '.'
	if dot {
		i++
		fstart := i
		for ; i < len(d) && d[i] >= '0' && d[i] <= '9'; i++ {
			frac++
			if mant != 0 || d[i] != '0' {
				mant = mant*10 + uint64(d[i]-'0')
				digits++
			}
		}
		if i == fstart || digits > 15 || frac > 22 {
			return 0, 0, false, false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E' || d[i] >= '0' && d[i] <= '9') {
		return 0, 0, false, false
	}
	p.pos = i
	if !dot {
		n := int64(mant)
		if neg {
			n = -n
		}
		return float64(n), n, true, true
	}
	v = float64(mant) / pow10[frac]
	if neg {
		v = -v
	}
	return v, 0, false, true
}

// number reads a number by JSON's grammar (or -Infinity) and returns its
// text.
func (p *jsonParser) number() ([]byte, error) {
	d := p.data
	start, i := p.pos, p.pos
	if d[i] == '-' {
		i++
		if bytes.HasPrefix(d[i:], []byte("Infinity")) {
			p.pos = i + len("Infinity")
			return d[start:p.pos], nil
		}
	}
	n := 0
	if i < len(d) && d[i] == '0' {
		i++
	} else {
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
			n++
		}
		if n == 0 {
			return nil, p.syntax(i, "a number needs digits")
		}
	}
	if i < len(d) && d[i] == '.' {
		i++
		n = 0
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
			n++
		}
		if n == 0 {
			return nil, p.syntax(i, "a number needs digits after its decimal point")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		n = 0
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
			n++
		}
		if n == 0 {
			return nil, p.syntax(i, "a number needs digits in its exponent")
		}
	}
	p.pos = i
	return d[start:i], nil
}

// skip reads past a value of a key the reference lacks, checking its
// syntax.
func (p *jsonParser) skip(depth int) error {
	if depth > maxJSONDepth {
		return p.syntax(p.pos, "values nested more than %d deep", maxJSONDepth)
	}
	switch c := p.peek(); {
	case c == '"':
		_, err := p.str()
		return err
	case c == '-' || c >= '0' && c <= '9':
		_, err := p.number()
		return err
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		return p.literal("null")
	case c == 'N':
		return p.literal("NaN")
	case c == 'I':
		return p.literal("Infinity")
	case c == '[' || c == '{':
		closing := byte(']')
		if c == '{' {
			closing = '}'
		}
		p.pos++
		p.ws()
		if p.peek() == closing {
			p.pos++
			return nil
		}
		for {
			if c == '{' {
				if p.peek() != '"' {
					return p.syntax(p.pos, "want a key in double quotes")
				}
				if _, err := p.str(); err != nil {
					return err
				}
				p.ws()
				if p.peek() != ':' {
					return p.syntax(p.pos, "want ':'")
				}
				p.pos++
				p.ws()
			}
			if err := p.skip(depth + 1); err != nil {
				return err
			}
			p.ws()
			switch p.peek() {
			case ',':
				p.pos++
				p.ws()
				continue
			case closing:
				p.pos++
				return nil
			}
			return p.syntax(p.pos, "want ',' or %q", closing)
		}
	}
	return p.syntax(p.pos, "want a value")
}

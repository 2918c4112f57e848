package dataset

import (
	"fmt"
	"math"
	"time"
)

// colMode is how the values of a column are held while it is read.
type colMode uint8

const (
	modeNone  colMode = iota // no present value yet
	modeInt                  // int64 values; missing rows in nulls
	modeFloat                // float64 values, NaN where missing
	modeTime                 // Unix nanoseconds; missing rows in nulls
	modeStr                  // dictionary codes, -1 where missing
	modeDead                 // a value failed the given type: the chunk reports it
)

// colSpec is what every chunk of one column shares.
type colSpec struct {
	name     string
	j        int
	want     Type   // the type the caller gave; Unknown: inferred
	layout   string // a date format (Go layout), "" for ISO 8601
	layoutTS bool   // the layout holds a time of day
	format   string // the date format as the user gave it, for messages
	missing  *missingSet
	keepText bool // the column may still turn into strings: keep texts that do not rewrite
	numOK    bool // a field may be read as a number
	intCard  int  // the integer cardinality limit, -1 for none
}

// colChunk holds one column of one chunk of rows, typed speculatively: as
// integers, floats or date-times while every present value is one (keeping
// in exc the few texts its formatter would not write back), as dictionary
// codes from the first value that is not.
type colChunk struct {
	spec    *colSpec
	mode    colMode
	rows    int
	present int
	nanVals int      // present values that are NaN (the text "nan" when it is no missing marker)
	vals    []uint64 // modeInt: int64; modeFloat: float64 bits; modeTime: nanoseconds
	nulls   bitRows  // missing rows, in modeInt and modeTime
	codes   []int32
	dict    localDict
	exc     textExc
	shape   timeShape // modeTime: how the first value was written
	allDate bool      // modeTime: every value was a bare date
	ints    intSet    // modeInt: the distinct values, up to the cardinality limit
	miss    []int     // per missing marker (missingSet.index), the fields it matched
	est     int       // the rows expected, to allocate once
	fastNum bool      // the tokenizer may read a field with fastNumber (tokenizer.fastNum and spec.numOK)
	// firstKind is the mode the first present value set: whether the
	// column starts with numbers, date-times or strings.
	firstKind colMode

	firstNonNum  fieldNote // the first present value that is not a number
	firstNonTime fieldNote // the first present value that is not a date-time
	err          *fieldErr // the first value that fails the given type
}

// fieldNote is a value worth naming in a note, with its line.
type fieldNote struct {
	line int // 0: none
	text string
}

// fieldErr is a value that fails the type its column was given.
type fieldErr struct {
	line int
	msg  string
}

func (c *colChunk) reset(spec *colSpec, est int) {
	c.spec = spec
	c.mode = modeNone
	if spec.want == Categorical || spec.want == Text {
		c.mode = modeStr
	}
	c.rows, c.present, c.nanVals = 0, 0, 0
	c.vals = c.vals[:0]
	c.nulls.reset()
	c.codes = c.codes[:0]
	if c.mode == modeStr && cap(c.codes) < est {
		c.codes = make([]int32, 0, est)
	}
	c.dict.reset()
	c.exc.reset()
	c.shape, c.allDate = 0, true
	c.ints.reset(spec.intCard)
	c.miss = c.miss[:0]
	for range len(spec.missing.values) + 1 {
		c.miss = append(c.miss, 0)
	}
	c.firstNonNum, c.firstNonTime = fieldNote{}, fieldNote{}
	c.err = nil
	c.est = est
	c.firstKind = modeNone
}

// add reads one field: its bytes (quotes undone) and its line, 1-based
// within the chunk.
func (c *colChunk) add(b []byte, line int) {
	if k := c.spec.missing.index(b); k >= 0 {
		c.addMissing(k)
		return
	}
	switch c.mode {
	case modeStr:
		c.present++
		c.codes = append(c.codes, c.dict.code(b))
		c.rows++
	case modeInt, modeFloat:
		f, iv, kind, form := parseNumberForm(b)
		if kind == notNumber {
			c.notNumber(b, line)
			return
		}
		c.number(f, iv, kind, form, b, line)
	case modeTime:
		c.time(b, line)
	case modeNone:
		c.first(b, line)
	default: // modeDead
		c.rows++
	}
}

func (c *colChunk) addMissing(k int) {
	c.miss[k]++
	switch c.mode {
	case modeStr:
		c.codes = append(c.codes, -1)
	case modeInt, modeTime:
		c.nulls.set(c.rows)
		c.vals = append(c.vals, 0)
	case modeFloat:
		c.vals = append(c.vals, nanBits)
	}
	c.rows++
}

// nanBits is the NaN that marks a missing float.
var nanBits = math.Float64bits(math.NaN())

// first reads the first present value of the chunk, which sets the mode.
func (c *colChunk) first(b []byte, line int) {
	spec := c.spec
	if spec.numOK {
		if f, iv, kind, form := parseNumberForm(b); kind != notNumber {
			c.number(f, iv, kind, form, b, line)
			return
		}
		if spec.want == Numerical {
			c.notNumber(b, line)
			return
		}
	}
	if spec.want == Unknown || spec.want == Datetime {
		if ns, shape, ok := c.parseTime(b); ok {
			c.firstNonNum = fieldNote{line, string(b)}
			c.fill(modeTime)
			c.shape = shape
			c.appendTime(ns, shape, b)
			return
		}
		if spec.want == Datetime {
			c.notTime(b, line)
			return
		}
	}
	c.firstNonNum = fieldNote{line, string(b)}
	c.firstNonTime = c.firstNonNum
	c.fill(modeStr)
	c.present++
	c.codes = append(c.codes, c.dict.code(b))
	c.rows++
}

// fill switches a chunk from modeNone to mode, with its rows so far
// missing.
func (c *colChunk) fill(mode colMode) {
	n := c.rows
	c.mode = mode
	c.firstKind = mode
	switch mode {
	case modeStr:
		c.codes = growTo(c.codes, c.est)
		for range n {
			c.codes = append(c.codes, -1)
		}
	case modeFloat:
		c.vals = growTo(c.vals, c.est)
		for range n {
			c.vals = append(c.vals, nanBits)
		}
	default:
		c.vals = growTo(c.vals, c.est)
		for i := range n {
			c.nulls.set(i)
			c.vals = append(c.vals, 0)
		}
	}
}

// growTo returns s with room for n elements.
func growTo[T any](s []T, n int) []T {
	if cap(s) < n {
		t := make([]T, len(s), n)
		copy(t, s)
		return t
	}
	return s
}

// number appends a present number. b is its text, used only when the text
// does not follow from the value.
func (c *colChunk) number(f float64, iv int64, kind numKind, form numForm, b []byte, line int) {
	switch c.mode {
	case modeNone:
		c.firstNonTime = fieldNote{line, string(b)} // a number is no date
		if kind == isInteger {
			c.fill(modeInt)
		} else {
			c.fill(modeFloat)
		}
	case modeStr, modeTime, modeDead:
		// The tokenizer's fast path takes numbers only for columns of
		// numbers; should one come here, it is an ordinary field.
		c.add(b, line)
		return
	}
	c.present++
	if kind == isInteger && c.mode == modeInt {
		c.vals = append(c.vals, uint64(iv))
		c.ints.add(iv)
		if form != formPlain && c.spec.keepText {
			c.exc.add(c.rows, b)
		}
		c.rows++
		return
	}
	if c.mode == modeInt {
		c.intsToFloats()
	}
	if kind == isInteger && form == formPlain && (iv > 1<<53 || iv < -1<<53) {
		form = formOther // the float does not give its digits back
	}
	c.vals = append(c.vals, math.Float64bits(f))
	if f != f {
		c.nanVals++
	}
	if c.spec.keepText {
		switch form {
		case formG:
			c.exc.addG(c.rows)
		case formOther:
			c.exc.add(c.rows, b)
		}
	}
	c.rows++
}

// intsToFloats turns a chunk of integers into floats, at its first float.
func (c *colChunk) intsToFloats() {
	c.mode = modeFloat
	var scratch []byte
	for i, v := range c.vals {
		if c.nulls.isSet(i) {
			c.vals[i] = nanBits
			continue
		}
		iv := int64(v)
		c.vals[i] = math.Float64bits(float64(iv))
		if c.spec.keepText && (iv > 1<<53 || iv < -1<<53) && !c.exc.has(i) {
			scratch = fmt.Appendf(scratch[:0], "%d", iv)
			c.exc.add(i, scratch)
		}
	}
	c.nulls.reset()
}

// notNumber handles a present value that is not a number in a column read
// as numbers so far.
func (c *colChunk) notNumber(b []byte, line int) {
	if c.spec.want == Numerical {
		c.fail(line, fmt.Sprintf("%q is not a number, but the column was given as numerical", b))
		return
	}
	if c.firstNonNum.line == 0 {
		c.firstNonNum = fieldNote{line, string(b)}
	}
	if c.firstNonTime.line == 0 {
		if _, _, isTime := c.parseTime(b); !isTime {
			c.firstNonTime = fieldNote{line, string(b)}
		}
	}
	c.toStrings()
	c.present++
	c.codes = append(c.codes, c.dict.code(b))
	c.rows++
}

func (c *colChunk) fail(line int, msg string) {
	c.err = &fieldErr{line: line, msg: msg}
	c.mode = modeDead
	c.rows++
}

// parseTime parses a date-time with the column's layout, or as ISO 8601.
func (c *colChunk) parseTime(b []byte) (int64, timeShape, bool) {
	if c.spec.layout == "" {
		return parseTimeShape(b)
	}
	t, err := time.Parse(c.spec.layout, unsafeString(b))
	if err != nil || !nanosHold(t) {
		return 0, 0, false
	}
	shape := shapeInexact
	if !c.spec.layoutTS {
		shape |= shapeDateOnly
	}
	return t.UnixNano(), shape, true
}

// time appends a value to a column of date-times.
func (c *colChunk) time(b []byte, line int) {
	ns, shape, ok := c.parseTime(b)
	if !ok {
		c.notTime(b, line)
		return
	}
	c.appendTime(ns, shape, b)
}

func (c *colChunk) appendTime(ns int64, shape timeShape, b []byte) {
	c.present++
	c.vals = append(c.vals, uint64(ns))
	c.allDate = c.allDate && shape&shapeDateOnly != 0
	if c.spec.keepText && (shape != c.shape || shape&shapeInexact != 0) {
		c.exc.add(c.rows, b)
	}
	c.rows++
}

func (c *colChunk) notTime(b []byte, line int) {
	if c.spec.want == Datetime {
		if c.spec.layout != "" {
			c.fail(line, fmt.Sprintf("%q does not match the date format %q given for the column", b, c.spec.format))
			return
		}
		c.fail(line, fmt.Sprintf("%q is not an ISO-8601 date or date-time, but the column was given as datetime", b))
		return
	}
	if c.firstNonTime.line == 0 {
		c.firstNonTime = fieldNote{line, string(b)}
	}
	c.toStrings()
	c.present++
	c.codes = append(c.codes, c.dict.code(b))
	c.rows++
}

// toStrings turns the chunk's values so far into dictionary codes of their
// texts.
func (c *colChunk) toStrings() {
	if c.mode == modeStr {
		return
	}
	codes := growTo(c.codes[:0], max(c.est, len(c.vals)))
	writeTexts(c.mode, c.vals, &c.nulls, &c.exc, c.shape, func(text []byte, ok bool) {
		if !ok {
			codes = append(codes, -1)
			return
		}
		codes = append(codes, c.dict.code(text))
	})
	c.codes = codes
	if c.mode == modeNone {
		for range c.rows {
			c.codes = append(c.codes, -1)
		}
	}
	c.mode = modeStr
	c.vals = c.vals[:0]
	c.nulls.reset()
	c.exc.reset()
}

// writeTexts calls emit with the text of each value, in row order, or with
// ok false for a missing one.
func writeTexts(mode colMode, vals []uint64, nulls *bitRows, exc *textExc, shape timeShape, emit func(text []byte, ok bool)) {
	cur := exc.cursor()
	var buf []byte
	for i, v := range vals {
		missing := false
		switch mode {
		case modeFloat:
			missing = math.IsNaN(math.Float64frombits(v))
		case modeInt, modeTime:
			missing = nulls.isSet(i)
		}
		if missing {
			emit(nil, false)
			continue
		}
		e, has := cur.at(i)
		switch {
		case has && e.start != gStyle:
			emit(cur.text(e), true)
			continue
		case mode == modeInt:
			buf = appendNumberText(buf[:0], 0, int64(v), true, formPlain)
		case mode == modeFloat && has:
			buf = appendNumberText(buf[:0], math.Float64frombits(v), 0, false, formG)
		case mode == modeFloat:
			buf = appendNumberText(buf[:0], math.Float64frombits(v), 0, false, formPlain)
		default:
			buf = appendTime(buf[:0], int64(v), shape)
		}
		emit(buf, true)
	}
}

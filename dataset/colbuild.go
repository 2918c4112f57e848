package dataset

import (
	"fmt"
	"math"
	"unicode/utf8"
	"unsafe"
)

// colBuilder gathers the chunks of one column, in file order, into one
// column allocated once at the expected size. A chunk typed otherwise than
// the rows before it (strings after numbers) turns both into strings, with
// the texts of the file.
type colBuilder struct {
	spec    *colSpec
	mode    colMode
	rows    int
	present int
	nanVals int         // as in colChunk
	vals    seg[uint64] // as in colChunk
	nulls   bitRows
	codes   codeSeg
	index   map[string]int32
	levels  []string
	remap   []int32
	exc     textExc
	shape   timeShape
	allDate bool
	ints    intSet
	miss    []int
	est     int // the rows expected; 0 unknown

	firstKind    colMode
	fromInts     bool      // finish made a categorical column of few integers
	firstNonNum  fieldNote // lines are the file's
	firstNonTime fieldNote
}

func newColBuilder(spec *colSpec) *colBuilder {
	b := &colBuilder{spec: spec, allDate: true, miss: make([]int, len(spec.missing.values)+1)}
	if spec.want == Categorical || spec.want == Text {
		b.mode = modeStr
	}
	b.ints.reset(spec.intCard)
	return b
}

// commit appends the chunk ch, whose first line is line base of the file.
// It may turn ch's values into strings.
func (b *colBuilder) commit(ch *colChunk, base int) {
	if b.firstKind == modeNone {
		b.firstKind = ch.firstKind
	}
	if b.firstNonNum.line == 0 && ch.firstNonNum.line != 0 {
		b.firstNonNum = fieldNote{base + ch.firstNonNum.line - 1, ch.firstNonNum.text}
	}
	if b.firstNonTime.line == 0 && ch.firstNonTime.line != 0 {
		b.firstNonTime = fieldNote{base + ch.firstNonTime.line - 1, ch.firstNonTime.text}
	}
	for k, n := range ch.miss {
		b.miss[k] += n
	}
	b.present += ch.present
	b.nanVals += ch.nanVals
	if ch.mode == modeNone {
		b.appendMissing(ch.rows)
		return
	}
	if b.mode == modeNone {
		b.adopt(ch)
	}
	switch {
	case b.mode == ch.mode:
	case b.mode == modeInt && ch.mode == modeFloat:
		b.intsToFloats()
	case b.mode == modeFloat && ch.mode == modeInt:
	default:
		b.toStrings()
		ch.toStrings()
	}
	switch b.mode {
	case modeStr:
		b.appendCodes(ch)
	case modeFloat:
		b.appendFloats(ch)
	default: // modeInt, modeTime
		b.appendInts(ch)
	}
	b.rows += ch.rows
}

// adopt takes the mode of the first chunk with a present value, with the
// rows before it missing.
func (b *colBuilder) adopt(ch *colChunk) {
	n := b.rows
	b.mode = ch.mode
	switch b.mode {
	case modeStr:
		b.codes.reserve(max(b.est, n+ch.rows))
		b.codes.pushMissing(n)
	case modeFloat:
		b.vals.reserve(max(b.est, n+ch.rows))
		for range n {
			b.vals.push(nanBits)
		}
	default:
		b.vals.reserve(max(b.est, n+ch.rows))
		for i := range n {
			b.nulls.set(i)
			b.vals.push(0)
		}
		b.shape = ch.shape
	}
}

func (b *colBuilder) appendMissing(n int) {
	switch b.mode {
	case modeStr:
		b.codes.pushMissing(n)
	case modeFloat:
		for range n {
			b.vals.push(nanBits)
		}
	case modeInt, modeTime:
		for i := range n {
			b.nulls.set(b.rows + i)
			b.vals.push(0)
		}
	}
	b.rows += n
}

func (b *colBuilder) appendCodes(ch *colChunk) {
	if b.index == nil {
		b.index = make(map[string]int32, len(ch.dict.levels))
	}
	b.remap = b.remap[:0]
	for _, l := range ch.dict.levels {
		k, ok := b.index[l]
		if !ok {
			k = int32(len(b.levels))
			b.index[l] = k
			b.levels = append(b.levels, l)
		}
		b.remap = append(b.remap, k)
	}
	b.codes.reserve(max(b.est, ch.rows))
	b.codes.pushRemapped(ch.codes, b.remap, len(b.levels))
}

func (b *colBuilder) appendFloats(ch *colChunk) {
	if b.spec.keepText {
		b.exc.appendShifted(&ch.exc, b.rows)
	}
	if ch.mode == modeFloat {
		b.vals.pushAll(ch.vals)
		return
	}
	// Integers into a column of floats.
	var scratch []byte
	b.vals.room(len(ch.vals))
	for i, v := range ch.vals {
		if ch.nulls.isSet(i) {
			b.vals.push(nanBits)
			continue
		}
		iv := int64(v)
		b.vals.push(math.Float64bits(float64(iv)))
		if b.spec.keepText && (iv > 1<<53 || iv < -1<<53) && !ch.exc.has(i) {
			scratch = fmt.Appendf(scratch[:0], "%d", iv)
			b.exc.add(b.rows+i, scratch)
		}
	}
}

func (b *colBuilder) appendInts(ch *colChunk) {
	if b.mode == modeInt {
		b.ints.merge(&ch.ints)
	}
	if b.mode == modeTime {
		b.allDate = b.allDate && ch.allDate
		if b.spec.keepText && ch.shape != b.shape {
			// Values written in the chunk's shape are not in the
			// column's: keep their texts.
			var buf []byte
			cur := ch.exc.cursor()
			for i, v := range ch.vals {
				if _, has := cur.at(i); has || ch.nulls.isSet(i) {
					continue
				}
				buf = appendTime(buf[:0], int64(v), ch.shape)
				b.exc.add(b.rows+i, buf)
			}
		}
	}
	if b.spec.keepText {
		b.exc.appendShifted(&ch.exc, b.rows)
	}
	ch.nulls.each(func(i int) { b.nulls.set(b.rows + i) })
	b.vals.pushAll(ch.vals)
}

// intsToFloats turns the column's integers into floats, at the first chunk
// of floats.
func (b *colBuilder) intsToFloats() {
	var scratch []byte
	vals := b.vals.flat()
	for i, v := range vals {
		if b.nulls.isSet(i) {
			vals[i] = nanBits
			continue
		}
		iv := int64(v)
		vals[i] = math.Float64bits(float64(iv))
		if b.spec.keepText && (iv > 1<<53 || iv < -1<<53) && !b.exc.has(i) {
			scratch = fmt.Appendf(scratch[:0], "%d", iv)
			b.exc.add(i, scratch)
		}
	}
	b.nulls.reset()
	b.mode = modeFloat
}

// toStrings turns the column's values so far into dictionary codes of
// their texts.
func (b *colBuilder) toStrings() {
	if b.mode == modeStr {
		return
	}
	if b.index == nil {
		b.index = make(map[string]int32)
	}
	codes := make([]int32, 0, max(b.est, b.rows))
	if b.mode == modeInt {
		codes = b.intLevels(codes)
	} else {
		writeTexts(b.mode, b.vals.flat(), &b.nulls, &b.exc, b.shape, func(text []byte, ok bool) {
			if !ok {
				codes = append(codes, -1)
				return
			}
			codes = append(codes, b.level(text))
		})
	}
	if b.mode == modeNone {
		for range b.rows {
			codes = append(codes, -1)
		}
	}
	b.codes.set(codes, len(b.levels))
	b.mode = modeStr
	b.vals = seg[uint64]{}
	b.nulls.reset()
	b.exc = textExc{}
}

// level returns the code of the level text, adding it when new.
func (b *colBuilder) level(text []byte) int32 {
	k, found := b.index[string(text)]
	if !found {
		k = int32(len(b.levels))
		s := string(text)
		b.index[s] = k
		b.levels = append(b.levels, s)
	}
	return k
}

// intLevels appends the codes of a column of integers turned into strings,
// as writeTexts would write them (the text kept for a value spelt
// otherwise, else the integer in decimal): each distinct integer is
// written and looked up once, and a row finds its code by its value
// (intCodes: most often a few values, as a column of integers becomes
// categorical with at most IntegerCardinality of them, 10 by default).
func (b *colBuilder) intLevels(codes []int32) []int32 {
	var few intCodes
	var buf []byte
	vals := b.vals.flat()
	if len(vals) == 0 {
		return codes
	}
	// A row whose value lies near the first row's finds its code in a table
	// indexed by value, filled as values are first seen (by code, so the
	// levels keep the order of first sight): a few nanoseconds a row, where
	// searching few took ~17 ns (cat_09 of the 1M benchmark took 17 ms, on
	// one core at the end of the read).
	var near [1024]int32 // code + 1 of the value base + i; 0 while unseen
	base := vals[0] - uint64(len(near)/2)
	code := func(v int64) int32 {
		i := uint64(v) - base // wraps: a one-to-one map of values either way
		if i < uint64(len(near)) {
			if k := near[i]; k != 0 {
				return k - 1
			}
		}
		k, found := few.get(v)
		if !found {
			buf = appendNumberText(buf[:0], 0, v, true, formPlain)
			k = b.level(buf)
			few.put(v, k)
		}
		if i < uint64(len(near)) {
			near[i] = k + 1
		}
		return k
	}
	if b.nulls.none() && b.exc.empty() {
		// No missing value and no kept text: no row needs more than its value.
		for _, v := range vals {
			if i := v - base; i < uint64(len(near)) && near[i] != 0 {
				codes = append(codes, near[i]-1)
				continue
			}
			codes = append(codes, code(int64(v)))
		}
		return codes
	}
	cur := b.exc.cursor()
	for i, v := range vals {
		if b.nulls.isSet(i) {
			codes = append(codes, -1)
			continue
		}
		if e, has := cur.at(i); has && e.start != gStyle {
			codes = append(codes, b.level(cur.text(e)))
			continue
		}
		codes = append(codes, code(int64(v)))
	}
	return codes
}

// intCodes maps integers to codes: a list searched in order while it
// holds at most smallSetMax of them (as intSet), then a map.
type intCodes struct {
	vals  []int64
	codes []int32
	many  map[int64]int32
}

func (m *intCodes) get(v int64) (int32, bool) {
	if m.many != nil {
		k, ok := m.many[v]
		return k, ok
	}
	for i, x := range m.vals {
		if x == v {
			return m.codes[i], true
		}
	}
	return 0, false
}

func (m *intCodes) put(v int64, k int32) {
	if m.many == nil && len(m.vals) < smallSetMax {
		m.vals = append(m.vals, v)
		m.codes = append(m.codes, k)
		return
	}
	if m.many == nil {
		m.many = make(map[int64]int32, 2*smallSetMax)
		for i, x := range m.vals {
			m.many[x] = m.codes[i]
		}
	}
	m.many[v] = k
}

// finish returns the column and a note about it, if any.
func (b *colBuilder) finish(file string) (Column, string) {
	spec := b.spec
	name := spec.name
	switch b.mode {
	case modeNone:
		switch spec.want {
		case Numerical:
			vals := make([]float64, b.rows)
			for i := range vals {
				vals[i] = math.NaN()
			}
			return NewNumericColumn(name, vals), ""
		case Datetime:
			m := newNullMask(b.rows)
			for i := range b.rows {
				m.set(i)
			}
			return &TimeColumn{name: name, values: make([]int64, b.rows), nulls: m, nullN: b.rows, dateOnly: spec.layout != "" && !spec.layoutTS}, ""
		}
		b.toStrings()
		col := b.codes.column(name, spec.want, b.levels, b.rows)
		if spec.want != Unknown || b.rows == 0 {
			return col, "" // the frame's note says there are no rows
		}
		return col, fmt.Sprintf("%s: column %q has no values (all %d rows missing); read as categorical", file, name, b.rows)
	case modeInt:
		if spec.want == Unknown && !b.ints.over {
			b.fromInts = true
			b.toStrings()
			return b.codes.column(name, Categorical, b.levels, b.rows-b.present), ""
		}
		return newIntColumn(name, asInt64s(b.vals.flat()), b.nulls.mask(b.rows)), ""
	case modeFloat:
		vals := asFloat64s(b.vals.flat())
		if b.present == b.rows && b.nanVals == 0 {
			// No row missing and no value NaN: NewNumericColumn's scan for
			// NaN, a pass over the column (2% of a CSV report's time),
			// would find none.
			return &NumericColumn{name: name, values: vals}, ""
		}
		return NewNumericColumn(name, vals), ""
	case modeTime:
		m := b.nulls.mask(b.rows)
		return &TimeColumn{name: name, values: asInt64s(b.vals.flat()), nulls: m, nullN: m.count(), dateOnly: b.allDate}, ""
	}
	col := b.codes.column(name, spec.want, b.levels, b.rows-b.present)
	if spec.want != Unknown {
		return col, ""
	}
	var note string
	switch b.firstKind {
	case modeInt, modeFloat:
		note = fmt.Sprintf("%s:%d: column %q starts with numbers but holds %q, which is not one: read as categorical (give its type to read it otherwise)",
			file, b.firstNonNum.line, name, b.firstNonNum.text)
	case modeTime:
		note = fmt.Sprintf("%s:%d: column %q starts with dates but holds %q, which is not an ISO-8601 date or date-time between 1677 and 2262: read as strings (give its type to read it otherwise)",
			file, b.firstNonTime.line, name, b.firstNonTime.text)
	}
	if col.distinctShare() > 0.5 && meanRunes(col) >= 20 {
		col.typ = Text
	}
	return col, note
}

// bytesPerRow is at most what a row of the column takes once decoded (a
// code is 4 bytes, or 2 while the levels fit 16 bits: the limit counts 4).
func (b *colBuilder) bytesPerRow() int {
	if b.mode == modeStr {
		return 4
	}
	return 8
}

// asInt64s and asFloat64s view the builder's 64-bit words as the values
// they hold, without copying: the three types have the same size and
// alignment and hold no pointers.
func asInt64s(v []uint64) []int64 {
	if len(v) == 0 {
		return []int64{}
	}
	return unsafe.Slice((*int64)(unsafe.Pointer(unsafe.SliceData(v))), len(v))
}

func asFloat64s(v []uint64) []float64 {
	if len(v) == 0 {
		return []float64{}
	}
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(v))), len(v))
}

// meanRunes is the mean length in characters of a string column's present
// values.
func meanRunes(c *StringColumn) float64 {
	lens := make([]int, len(c.levels))
	for i, l := range c.levels {
		lens[i] = utf8.RuneCountInString(l)
	}
	total, n := 0, 0
	for i := range c.Len() {
		if k := c.code(i); k >= 0 {
			total += lens[k]
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(total) / float64(n)
}

package monitor

import (
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/dataset"
)

// Flags of one value of a batch or a window slot.
const (
	flagNull    uint8 = 1 << iota // missing
	flagNonInt                    // a numerical value that is not an integer
	flagNonDate                   // a datetime value with a time of day
)

// batch is one request's rows, parsed into columns typed by the reference's
// schema before any of them enters the window: a request is all or
// nothing. Batches are reused (see Monitor.batches), so parsing a body
// allocates nothing per row once the slices have grown.
type batch struct {
	sch  *schema
	rows int
	cols []batchCol
	text []byte // the bytes of categorical and text values; spans index it

	ignoredValues int      // values of columns the reference lacks
	ignored       []string // their distinct names, in order of appearance
}

// batchCol is one column of a batch; the slices of its type grow by one
// value per row.
type batchCol struct {
	f    []float64 // numerical: the value, NaN when missing
	i    []int64   // numerical columns read from integers: the exact value
	t    []int64   // datetime: Unix nanoseconds
	span []uint32  // categorical, text: start and end in batch.text
	fl   []uint8   // every type: flags
}

func newBatch(sch *schema) *batch {
	return &batch{sch: sch, cols: make([]batchCol, len(sch.names))}
}

// reset empties b for reuse.
func (b *batch) reset() {
	b.rows = 0
	b.text = b.text[:0]
	b.ignoredValues = 0
	b.ignored = b.ignored[:0]
	for j := range b.cols {
		c := &b.cols[j]
		c.f, c.i, c.t, c.span, c.fl = c.f[:0], c.i[:0], c.t[:0], c.span[:0], c.fl[:0]
	}
}

// isSet reports whether column j already has a value in the current row.
func (b *batch) isSet(j int) bool { return len(b.cols[j].fl) > b.rows }

// endRow closes the current row: columns it did not set are missing.
func (b *batch) endRow() {
	for j := range b.cols {
		if len(b.cols[j].fl) == b.rows {
			b.putNull(j)
		}
	}
	b.rows++
}

// ignore counts a value of a column the reference lacks.
func (b *batch) ignore(name []byte) {
	b.ignoredValues++
	for _, n := range b.ignored {
		if n == string(name) {
			return
		}
	}
	if len(b.ignored) < maxIgnoredNames {
		b.ignored = append(b.ignored, string(name))
	}
}

// maxIgnoredNames bounds the distinct ignored column names a batch
// reports.
const maxIgnoredNames = 100

func (b *batch) putNull(j int) {
	c := &b.cols[j]
	c.fl = append(c.fl, flagNull)
	switch b.sch.types[j] {
	case dataset.Numerical:
		c.f = append(c.f, math.NaN())
		if b.sch.ints[j] {
			c.i = append(c.i, 0)
		}
	case dataset.Datetime:
		c.t = append(c.t, 0)
	default:
		c.span = append(c.span, 0, 0)
	}
}

// valueError is a value that its column's type does not take; the parser
// adds the row, line and column.
type valueError struct{ msg string }

func (e *valueError) Error() string { return e.msg }

func wrongType(j int, b *batch, got string) error {
	want := map[dataset.Type]string{
		dataset.Numerical: "a number",
		dataset.Datetime:  "an ISO-8601 date or date-time",
	}[b.sch.types[j]]
	if want == "" {
		want = "a string"
	}
	return &valueError{fmt.Sprintf("want %s (the reference's column is %s), got %s", want, b.sch.types[j], got)}
}

// quoteValue quotes a value for an error message, cut to 40 bytes.
func quoteValue(v []byte) string {
	const max = 40
	if len(v) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(v[cut]) {
			cut--
		}
		return fmt.Sprintf("%q...", v[:cut])
	}
	return fmt.Sprintf("%q", v)
}

// putString puts a string value (a JSON string, a CSV field) into column
// j. The empty string is missing; a numerical column takes a string that
// reads as a number, a datetime column an ISO-8601 date or date-time.
func (b *batch) putString(j int, s []byte) error {
	if len(s) == 0 {
		b.putNull(j)
		return nil
	}
	switch b.sch.types[j] {
	case dataset.Numerical:
		v, iv, isInt, ok := dataset.ParseNumber(s)
		if !ok {
			return wrongType(j, b, quoteValue(s))
		}
		b.putNum(j, v, iv, isInt)
	case dataset.Datetime:
		ns, dateOnly, ok := dataset.ParseTime(s)
		if !ok {
			return wrongType(j, b, quoteValue(s))
		}
		c := &b.cols[j]
		c.t = append(c.t, ns)
		if dateOnly {
			c.fl = append(c.fl, 0)
		} else {
			c.fl = append(c.fl, flagNonDate)
		}
	default:
		if !utf8.Valid(s) {
			return &valueError{"invalid UTF-8 in a string"}
		}
		c := &b.cols[j]
		start := uint32(len(b.text))
		b.text = append(b.text, s...)
		c.span = append(c.span, start, uint32(len(b.text)))
		c.fl = append(c.fl, 0)
	}
	return nil
}

// putNumberText puts a JSON number, given as its text, into column j:
// a numerical column parses it, a categorical or text column keeps its
// text (as the JSON reader does), a datetime column refuses it.
func (b *batch) putNumberText(j int, s []byte) error {
	switch b.sch.types[j] {
	case dataset.Numerical:
		v, iv, isInt, ok := dataset.ParseNumber(s)
		if !ok {
			return wrongType(j, b, quoteValue(s))
		}
		b.putNum(j, v, iv, isInt)
		return nil
	case dataset.Datetime:
		return wrongType(j, b, "the number "+string(s))
	}
	return b.putString(j, s)
}

// putBool puts a JSON true or false into column j: its text in a
// categorical or text column, an error in the others.
func (b *batch) putBool(j int, v bool) error {
	s := "false"
	if v {
		s = "true"
	}
	switch b.sch.types[j] {
	case dataset.Numerical, dataset.Datetime:
		return wrongType(j, b, s)
	}
	return b.putString(j, []byte(s))
}

// putNum puts a number into numerical column j.
func (b *batch) putNum(j int, v float64, iv int64, isInt bool) {
	c := &b.cols[j]
	c.f = append(c.f, v)
	var fl uint8
	if b.sch.ints[j] {
		c.i = append(c.i, iv)
		if !isInt {
			fl = flagNonInt
		}
	}
	c.fl = append(c.fl, fl)
}

// putFloat puts v into numerical column j; NaN is missing.
func (b *batch) putFloat(j int, v float64) {
	if math.IsNaN(v) {
		b.putNull(j)
		return
	}
	iv, isInt := int64(0), false
	if b.sch.ints[j] && v == math.Trunc(v) && math.Abs(v) < 1<<63 {
		iv, isInt = int64(v), true
	}
	b.putNum(j, v, iv, isInt)
}

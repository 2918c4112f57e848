package dataset

import (
	"fmt"
	"math"
)

// Convert returns c as a column of type t:
//
//   - numerical or datetime to categorical or text: each value's text;
//   - categorical or text to numerical: each value parsed as a number;
//   - categorical or text to datetime: each value parsed as an ISO-8601
//     date or date-time;
//   - categorical to text and back: the same values.
//
// Missing values stay missing. A value that does not convert is an error
// naming it and its row (counted from 1); so are the conversions between
// numerical and datetime, which have no single meaning.
func Convert(c Column, t Type) (Column, error) {
	if c.Type() == t {
		return c, nil
	}
	switch src := c.(type) {
	case *StringColumn:
		switch t {
		case Categorical, Text:
			return src.retyped(t), nil
		case Numerical:
			return stringsToNumbers(src)
		case Datetime:
			return stringsToTimes(src)
		}
	case *NumericColumn, *TimeColumn:
		if t == Categorical || t == Text {
			return formatColumn(c, t), nil
		}
	}
	return nil, &ColumnError{Column: c.Name(), Err: &kindError{ErrColumnType,
		fmt.Sprintf("cannot convert a %s column to %s", c.Type(), t)}}
}

// formatColumn turns each value of c into its text, in 16 bits when its
// levels fit.
func formatColumn(c Column, t Type) *StringColumn {
	var d dictBuilder
	codes := make([]int32, c.Len())
	for i := range codes {
		if c.IsNull(i) {
			codes[i] = -1
			continue
		}
		codes[i] = d.code(c.Format(i))
	}
	if len(d.levels) <= maxNarrowLevels {
		return newStringColumn(c.Name(), t, convertInts[int16](codes), d.levels, c.NullN())
	}
	return newStringColumn(c.Name(), t, codes, d.levels, c.NullN())
}

// usedLevels marks the levels some row holds: after Take, a column shares
// its source's levels, and the others must not decide a conversion.
func (c *StringColumn) usedLevels() []bool {
	used := make([]bool, len(c.levels))
	if c.codes16 != nil {
		usedCodes(c.codes16, used)
	} else {
		usedCodes(c.codes, used)
	}
	return used
}

func stringsToNumbers(c *StringColumn) (*NumericColumn, error) {
	vals := make([]float64, len(c.levels))
	ints := make([]int64, len(c.levels))
	integer := true
	used := c.usedLevels()
	for k, l := range c.levels {
		if !used[k] {
			continue
		}
		f, iv, kind := parseNumber([]byte(l))
		if kind == notNumber {
			return nil, c.levelError(k, "%q is not a number", l)
		}
		vals[k], ints[k] = f, iv
		integer = integer && kind == isInteger
	}
	codes := c.codes32()
	if integer {
		out := make([]int64, len(codes))
		var nulls nullMask
		for i, k := range codes {
			if k < 0 {
				if nulls == nil {
					nulls = newNullMask(len(codes))
				}
				nulls.set(i)
				continue
			}
			out[i] = ints[k]
		}
		return newIntColumn(c.name, out, nulls), nil
	}
	out := make([]float64, len(codes))
	for i, k := range codes {
		if k < 0 {
			out[i] = math.NaN()
		} else {
			out[i] = vals[k]
		}
	}
	return NewNumericColumn(c.name, out), nil
}

func stringsToTimes(c *StringColumn) (*TimeColumn, error) { return stringsToTimesAs(c, "", "") }

// stringsToTimesAs parses the levels of c as dates in the Go layout, or as
// ISO 8601 when layout is ""; format is the date format as the user gave
// it, which a value that does not match names.
func stringsToTimesAs(c *StringColumn, layout, format string) (*TimeColumn, error) {
	vals := make([]int64, len(c.levels))
	dateOnly := true
	used := c.usedLevels()
	spec := colChunk{spec: &colSpec{layout: layout, layoutTS: layout != "" && layoutHasTime(layout)}}
	for k, l := range c.levels {
		if !used[k] {
			continue
		}
		ns, shape, ok := spec.parseTime([]byte(l))
		d := shape&shapeDateOnly != 0
		if !ok && layout != "" {
			return nil, c.levelError(k, "%q does not match the date format %q given for the column", l, format)
		}
		if !ok {
			return nil, c.levelError(k, "%q is not an ISO-8601 date or date-time", l)
		}
		vals[k] = ns
		dateOnly = dateOnly && d
	}
	codes := c.codes32()
	out := make([]int64, len(codes))
	var nulls nullMask
	for i, k := range codes {
		if k < 0 {
			if nulls == nil {
				nulls = newNullMask(len(codes))
			}
			nulls.set(i)
			continue
		}
		out[i] = vals[k]
	}
	return &TimeColumn{name: c.name, values: out, nulls: nulls, nullN: c.nullN, dateOnly: dateOnly}, nil
}

// levelError reports a problem with level k at the first row that holds it.
func (c *StringColumn) levelError(k int, format string, args ...any) error {
	row := 0
	for i := range c.Len() {
		if int(c.code(i)) == k {
			row = i + 1
			break
		}
	}
	msg := fmt.Sprintf(format, args...)
	return &ColumnError{Column: c.name, Err: &kindError{ErrColumnType, fmt.Sprintf("row %d: %s", row, msg)}}
}

package dataset

import "fmt"

// This file holds what a program that parses rows itself (such as the
// monitor's ingest of HTTP bodies) needs to build frames that read exactly
// as the files the readers read: the readers' number and date parsers, and
// column constructors from already-encoded values.

// ParseNumber parses b as the readers parse a numerical field: a decimal
// number with an optional sign, fraction and exponent, or an infinity
// ("inf", "-inf", "Infinity", any case). It returns the value, the exact
// int64 value when b is an integer (digits only), whether it is one, and
// whether b is a number at all. "NaN", hexadecimal and underscores are not
// numbers; neither are leading or trailing spaces.
func ParseNumber(b []byte) (v float64, i int64, isInt, ok bool) {
	f, n, kind := parseNumber(b)
	return f, n, kind == isInteger, kind != notNumber
}

// ParseTime parses b as the readers parse a datetime field, an ISO-8601
// date or date-time (2024-05-01, 2024-05-01T12:30:00Z, 2024-05-01
// 12:30:00.5+02:00), with values without an offset taken as UTC. It returns
// Unix nanoseconds, whether b was a bare date, and whether it parsed; dates
// outside 1677-09-21 to 2262-04-11 do not.
func ParseTime(b []byte) (unixNanos int64, dateOnly, ok bool) {
	return parseTime(b)
}

// NewCodedColumn returns a categorical (typ Categorical) or text (typ Text)
// column from dictionary codes: row i holds levels[codes[i]], and code -1
// marks a missing row. Levels need not all occur. The column takes
// ownership of codes and levels. A code outside [-1, len(levels)) is an
// error naming its row (counted from 1).
func NewCodedColumn(name string, typ Type, codes []int32, levels []string) (*StringColumn, error) {
	nullN, bad := countCodes(codes, len(levels))
	if bad >= 0 {
		return nil, &ColumnError{Column: name, Err: &kindError{ErrFormat,
			fmt.Sprintf("row %d: code %d outside the %d levels", bad+1, codes[bad], len(levels))}}
	}
	return newStringColumn(name, typ, codes, levels, nullN), nil
}

// countCodes counts the codes that are -1 (missing rows) and returns the
// index of the first code outside [-1, levels), or -1 when there is none.
func countCodes(codes []int32, levels int) (nullN, bad int) {
	for i, k := range codes {
		switch {
		case k == -1:
			nullN++
		case k < -1 || int(k) >= levels:
			return nullN, i
		}
	}
	return nullN, -1
}

// NewTimeColumnNanos returns a datetime column from Unix nanoseconds;
// nulls (nil, or as long as values) marks missing rows. dateOnly says that
// every value is a calendar date with no time of day (the column then
// formats as dates). The column takes ownership of values.
func NewTimeColumnNanos(name string, values []int64, nulls []bool, dateOnly bool) *TimeColumn {
	m := maskFromBools(nulls)
	return &TimeColumn{name: name, values: values, nulls: m, nullN: m.count(), dateOnly: dateOnly}
}

package dataset

import "fmt"

// Take returns a frame of the given rows of f, in the given order (rows may
// repeat). It is how callers split a frame (by month, by a predicate) or
// sample it.
func (f *Frame) Take(rows []int) (*Frame, error) {
	for _, r := range rows {
		if r < 0 || r >= f.rows {
			return nil, fmt.Errorf("dataset: %s: row %d out of range [0, %d)", f.source, r, f.rows)
		}
	}
	cols := make([]Column, len(f.cols))
	for j, c := range f.cols {
		cols[j] = takeColumn(c, rows)
	}
	g, err := New(f.source, cols...)
	if err != nil {
		return nil, err
	}
	g.notes = f.notes
	return g, nil
}

func takeColumn(c Column, rows []int) Column {
	switch c := c.(type) {
	case *NumericColumn:
		switch {
		case c.narrow.i16 != nil:
			ints, nulls := takeInts(c.narrow.i16, c.nulls, rows)
			return newNarrowIntColumn(c.name, narrowInts{i16: ints}, nulls)
		case c.narrow.i32 != nil:
			ints, nulls := takeInts(c.narrow.i32, c.nulls, rows)
			return newNarrowIntColumn(c.name, narrowInts{i32: ints}, nulls)
		case c.ints != nil:
			ints, nulls := takeInts(c.ints, c.nulls, rows)
			return newIntColumn(c.name, ints, nulls)
		}
		vals := make([]float64, len(rows))
		for i, r := range rows {
			vals[i] = c.values[r]
		}
		return NewNumericColumn(c.name, vals)
	case *StringColumn:
		// Levels are shared; some may not occur in the rows taken.
		if c.codes16 != nil {
			codes, nullN := takeCodes(c.codes16, rows)
			return newStringColumn(c.name, c.typ, codes, c.levels, nullN)
		}
		codes, nullN := takeCodes(c.codes, rows)
		return newStringColumn(c.name, c.typ, codes, c.levels, nullN)
	case *TimeColumn:
		vals := make([]int64, len(rows))
		var nulls nullMask
		for i, r := range rows {
			vals[i] = c.values[r]
			if c.nulls.isSet(r) {
				if nulls == nil {
					nulls = newNullMask(len(rows))
				}
				nulls.set(i)
			}
		}
		return &TimeColumn{name: c.name, values: vals, nulls: nulls, nullN: nulls.count(), dateOnly: c.dateOnly}
	}
	panic(fmt.Sprintf("dataset: unknown column type %T", c))
}

// takeInts returns the given rows of an integer column's values and their
// null mask.
func takeInts[T integer](vals []T, nulls nullMask, rows []int) ([]T, nullMask) {
	out := make([]T, len(rows))
	var outNulls nullMask
	for i, r := range rows {
		out[i] = vals[r]
		if nulls.isSet(r) {
			if outNulls == nil {
				outNulls = newNullMask(len(rows))
			}
			outNulls.set(i)
		}
	}
	return out, outNulls
}

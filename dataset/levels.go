package dataset

import (
	"math"
	"slices"
	"strconv"
)

// NumericLevels returns the number each level of c spells, and whether
// every level some row holds is a number (a categorical column of codes
// such as 0, 1, 2). Levels no row holds are NaN. With no present value
// the answer is false.
func NumericLevels(c *StringColumn) ([]float64, bool) {
	used := c.usedLevels()
	vals := make([]float64, len(c.levels))
	present := false
	for k, l := range c.levels {
		if !used[k] {
			vals[k] = math.NaN()
			continue
		}
		f, _, kind := parseNumber([]byte(l))
		if kind == notNumber {
			return nil, false
		}
		vals[k], present = f, true
	}
	return vals, present
}

// maxExactInt is 2^53: integers up to it in magnitude are exact in a
// float64.
const maxExactInt = 1 << 53

// canonicalNumber returns the canonical spelling of a number written as
// s: integers (and integer-valued decimals up to 2^53 in magnitude) in
// plain digits ("1.0", "+1", "01" and "1e0" are all "1"), other numbers
// below 2^53 in magnitude in the shortest form that reads back ("2.50" is
// "2.5"), and larger numbers and infinities as they were written, so that
// no two identifiers beyond float64's exact integers merge. ok is false
// when s is not a number.
func canonicalNumber(s string) (string, bool) {
	f, iv, kind := parseNumber([]byte(s))
	switch {
	case kind == notNumber:
		return "", false
	case kind == isInteger:
		return strconv.FormatInt(iv, 10), true
	case !(math.Abs(f) <= maxExactInt):
		return s, true
	case f == math.Trunc(f):
		return strconv.FormatInt(int64(f), 10), true
	}
	return strconv.FormatFloat(f, 'g', -1, 64), true
}

// canonicalCategories returns c with the numbers of a categorical column
// of numbers spelled canonically (see canonicalNumber), so that a file
// that writes 1.0 and one that writes 1 hold the same category, as pandas
// reads both as the number 1. Levels that spell the same number become
// one. A column with any level that is not a number, a text column, and
// a column already spelled canonically are returned as they are.
func canonicalCategories(c *StringColumn) *StringColumn {
	if c.typ != Categorical || c.holdsNonNumber() {
		return c
	}
	used := c.usedLevels()
	canon := make([]string, len(c.levels))
	changed := false
	for k, l := range c.levels {
		if !used[k] {
			canon[k] = l
			continue
		}
		s, ok := canonicalNumber(l)
		if !ok {
			return c
		}
		canon[k] = s
		changed = changed || s != l
	}
	if !changed {
		return c
	}
	var d dictBuilder
	remap := make([]int32, len(canon))
	for k, s := range canon {
		remap[k] = -1
		if used[k] {
			remap[k] = d.code(s)
		}
	}
	if c.codes16 != nil {
		codes := slices.Clone(c.codes16)
		remapCodes(codes, remap)
		return newStringColumn(c.name, c.typ, codes, d.levels, c.nullN)
	}
	codes := slices.Clone(c.codes)
	remapCodes(codes, remap)
	return newStringColumn(c.name, c.typ, codes, d.levels, c.nullN)
}

// holdsNonNumber reports whether some row holds a level that is not a
// number, which leaves the column's spelling as it is. Such a row is most
// often among the first, so the search seldom reads all the codes, as
// usedLevels must.
func (c *StringColumn) holdsNonNumber() bool {
	var word []bool
	for k, l := range c.levels {
		if _, ok := canonicalNumber(l); !ok {
			if word == nil {
				word = make([]bool, len(c.levels))
			}
			word[k] = true
		}
	}
	if word == nil {
		return false
	}
	for i := range c.Len() {
		if k := c.code(i); k >= 0 && word[k] {
			return true
		}
	}
	return false
}

// canonicalFrame returns f with canonicalCategories applied to each
// categorical column; f itself when no column changes.
func canonicalFrame(f *Frame) *Frame {
	var cols []Column
	for j, c := range f.cols {
		sc, ok := c.(*StringColumn)
		if !ok {
			continue
		}
		if nc := canonicalCategories(sc); nc != sc {
			if cols == nil {
				cols = append([]Column(nil), f.cols...)
			}
			cols[j] = nc
		}
	}
	if cols == nil {
		return f
	}
	g := *f
	g.cols = cols
	return &g
}

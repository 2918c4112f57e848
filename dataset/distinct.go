package dataset

import (
	"math"
	"slices"
)

// Distinct returns the number of distinct present values of c. Integer
// columns count exact int64 values; float columns count distinct float64
// values, with +0 and -0 the same and the infinities counted as values.
func Distinct(c Column) int {
	switch c := c.(type) {
	case *NumericColumn:
		if ints, ok := c.Ints(); ok {
			vals := make([]int64, 0, len(ints)-c.nullN)
			for i, v := range ints {
				if !c.nulls.isSet(i) {
					vals = append(vals, v)
				}
			}
			return countSortedRuns(vals)
		}
		vals := make([]float64, 0, len(c.values)-c.nullN)
		for _, v := range c.values {
			if !math.IsNaN(v) {
				vals = append(vals, v+0) // -0 + 0 = +0
			}
		}
		return countSortedRuns(vals)
	case *StringColumn:
		used := make([]bool, len(c.levels))
		n := 0
		for _, k := range c.codes {
			if k >= 0 && !used[k] {
				used[k] = true
				n++
			}
		}
		return n
	case *TimeColumn:
		vals := make([]int64, 0, len(c.values)-c.nullN)
		for i, v := range c.values {
			if !c.nulls.isSet(i) {
				vals = append(vals, v)
			}
		}
		return countSortedRuns(vals)
	}
	return 0
}

// countSortedRuns sorts vals in place and counts its distinct values.
func countSortedRuns[T int64 | float64](vals []T) int {
	slices.Sort(vals)
	n := 0
	for i, v := range vals {
		if i == 0 || v != vals[i-1] {
			n++
		}
	}
	return n
}

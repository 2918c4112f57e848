package dataset

import (
	"math"

	"github.com/telltale-ml/telltale/internal/radixsort"
)

// Distinct returns the number of distinct present values of c. Integer
// columns count exact int64 values; float columns count distinct float64
// values, with +0 and -0 the same and the infinities counted as values.
// Numbers and times are counted by a radix sort of order-keeping keys.
func Distinct(c Column) int {
	switch c := c.(type) {
	case *NumericColumn:
		switch {
		case c.narrow.i16 != nil:
			return distinctKeys(c.narrow.i16, c.nulls, c.Len()-c.nullN)
		case c.narrow.i32 != nil:
			return distinctKeys(c.narrow.i32, c.nulls, c.Len()-c.nullN)
		case c.ints != nil:
			return distinctKeys(c.ints, c.nulls, c.Len()-c.nullN)
		}
		keys := make([]uint64, 0, len(c.values)-c.nullN)
		for _, v := range c.values {
			if !math.IsNaN(v) {
				keys = append(keys, radixsort.FloatKey(v+0)) // -0 + 0 = +0
			}
		}
		return radixsort.CountDistinct(keys, make([]uint64, len(keys)))
	case *StringColumn:
		used := make([]bool, len(c.levels))
		if c.codes16 != nil {
			return usedCodes(c.codes16, used)
		}
		return usedCodes(c.codes, used)
	case *TimeColumn:
		return distinctKeys(c.values, c.nulls, len(c.values)-c.nullN)
	}
	return 0
}

// distinctKeys counts the distinct values of vals outside the null mask;
// present is how many are present.
func distinctKeys[T integer](vals []T, nulls nullMask, present int) int {
	keys := make([]uint64, 0, present)
	for i, v := range vals {
		if !nulls.isSet(i) {
			keys = append(keys, radixsort.IntKey(int64(v)))
		}
	}
	return radixsort.CountDistinct(keys, make([]uint64, len(keys)))
}

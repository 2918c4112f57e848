package metrics

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
)

// narrowAs returns vals in T when every one fits.
func narrowAs[T int16 | int32](vals []int64) ([]T, bool) {
	out := make([]T, len(vals))
	for i, v := range vals {
		if int64(T(v)) != v {
			return nil, false
		}
		out[i] = T(v)
	}
	return out, true
}

// TestSortIntColumnNarrow: the values of an integer column held in 16 or
// 32 bits are counted and sorted as the same values in int64, missing rows
// and all.
func TestSortIntColumnNarrow(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	cases := narrowCases(r)
	for name, vals := range intCases(r, 30_000) {
		cases["intCases "+name] = vals
	}
	cases["int16 range"] = []int64{math.MinInt16, math.MaxInt16, 0, -1, math.MinInt16, 5}
	cases["int32 range"] = []int64{math.MinInt32, math.MaxInt32, 0, -1, 1 << 20}
	for name, vals := range cases {
		nulls := make([]bool, len(vals))
		for i := range nulls {
			nulls[i] = i%7 == 3
		}
		for _, withNulls := range []bool{false, true} {
			var mask []bool
			if withNulls {
				mask = nulls
			}
			col := dataset.NewIntColumn(name, vals, mask)
			want := sortIntColumn(col, vals)
			wantCounts, wantOK := countInts(vals)
			if v16, ok := narrowAs[int16](vals); ok {
				if got := sortIntColumn(col, v16); !reflect.DeepEqual(got, want) {
					t.Errorf("%s (nulls %v): int16 view differs from int64's", name, withNulls)
				}
				if got, ok := countInts(v16); ok != wantOK || !reflect.DeepEqual(got, wantCounts) {
					t.Errorf("%s: countInts of int16 differs from int64's", name)
				}
			}
			if v32, ok := narrowAs[int32](vals); ok {
				if got := sortIntColumn(col, v32); !reflect.DeepEqual(got, want) {
					t.Errorf("%s (nulls %v): int32 view differs from int64's", name, withNulls)
				}
				if got, ok := countInts(v32); ok != wantOK || !reflect.DeepEqual(got, wantCounts) {
					t.Errorf("%s: countInts of int32 differs from int64's", name)
				}
			}
		}
	}
}

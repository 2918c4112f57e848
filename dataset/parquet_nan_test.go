package dataset_test

import (
	"math"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

// TestReadParquetNaNsAreMissing: a NaN value is a missing value, found as
// the pages are decoded, in required and optional columns, plain and
// dictionary-encoded, over several row groups and pages, beside nulls.
func TestReadParquetNaNsAreMissing(t *testing.T) {
	type row struct {
		R   float64  `parquet:"r"`
		RD  float64  `parquet:"rd,dict"`
		O   *float64 `parquet:"o,optional"`
		OD  *float32 `parquet:"od,optional,dict"`
		Num float64  `parquet:"num"` // no NaN: no pass over it
	}
	const n = 3000
	rows := make([]row, n)
	nan := func(i int) bool { return i%97 == 5 || i == n-1 }
	for i := range rows {
		v := float64(i % 50)
		if nan(i) {
			v = math.NaN()
		}
		rows[i] = row{R: v, RD: v, Num: float64(i)}
		if i%3 != 0 {
			o, od := v, float32(v)
			rows[i].O, rows[i].OD = &o, &od
		}
	}
	data := writeParquet(t, rows, parquet.MaxRowsPerRowGroup(700), parquet.PageBufferSize(1024))
	for _, workers := range []int{1, 3} {
		f, err := readParquet(data, &dataset.ReadOptions{Workers: workers, IntegerCardinality: -1})
		require.NoError(t, err)
		checkConsistent(t, f)
		for _, name := range []string{"r", "rd", "o", "od"} {
			c, ok := f.Column(name)
			require.True(t, ok)
			missing := 0
			for i := range n {
				want := nan(i) || (name == "o" || name == "od") && i%3 == 0
				if c.IsNull(i) != want {
					t.Fatalf("%s row %d: missing %v, want %v", name, i, c.IsNull(i), want)
				}
				if want {
					missing++
				}
			}
			assert.Equal(t, missing, c.NullN(), name)
		}
		c, _ := f.Column("num")
		assert.Zero(t, c.NullN())
	}
}

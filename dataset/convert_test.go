package dataset_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

func TestConvert(t *testing.T) {
	cat := dataset.NewStringColumn("c", dataset.Categorical, []string{"1", "", "3", "1"}, []bool{false, true, false, false})
	fl := dataset.NewStringColumn("f", dataset.Categorical, []string{"1.5", "inf", "x"}, []bool{false, false, true})
	dates := dataset.NewStringColumn("d", dataset.Text, []string{"2024-01-02", "2024-01-03T04:05:06Z"}, nil)
	num := dataset.NewNumericColumn("n", []float64{1.5, math.NaN(), math.Inf(1)})
	ints := dataset.NewIntColumn("i", []int64{1 << 60, 0, -3}, []bool{false, true, false})
	tm := dataset.NewTimeColumn("t", []time.Time{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), {}}, []bool{false, true})

	cases := []struct {
		in   dataset.Column
		to   dataset.Type
		want string // dump line
		err  string
	}{
		{in: cat, to: dataset.Numerical, want: `c:numerical ["1" "∅" "3" "1"]`},
		{in: fl, to: dataset.Numerical, want: `f:numerical ["1.5" "+Inf" "∅"]`},
		{in: cat, to: dataset.Text, want: `c:text ["1" "∅" "3" "1"]`},
		{in: cat, to: dataset.Categorical, want: `c:categorical ["1" "∅" "3" "1"]`},
		{in: dates, to: dataset.Datetime, want: `d:datetime ["2024-01-02T00:00:00Z" "2024-01-03T04:05:06Z"]`},
		{in: dates, to: dataset.Categorical, want: `d:categorical ["2024-01-02" "2024-01-03T04:05:06Z"]`},
		{in: num, to: dataset.Categorical, want: `n:categorical ["1.5" "∅" "+Inf"]`},
		{in: ints, to: dataset.Text, want: `i:text ["1152921504606846976" "∅" "-3"]`},
		{in: tm, to: dataset.Categorical, want: `t:categorical ["2024-01-02T03:04:05Z" "∅"]`},
		{in: dates, to: dataset.Numerical, err: `column "d": row 1: "2024-01-02" is not a number`},
		{in: cat, to: dataset.Datetime, err: `column "c": row 1: "1" is not an ISO-8601 date or date-time`},
		{in: num, to: dataset.Datetime, err: `column "n": cannot convert a numerical column to datetime`},
		{in: tm, to: dataset.Numerical, err: `column "t": cannot convert a datetime column to numerical`},
		{in: num, to: dataset.Unknown, err: `cannot convert a numerical column to unknown`},
	}
	for _, tc := range cases {
		got, err := dataset.Convert(tc.in, tc.to)
		if tc.err != "" {
			require.Error(t, err, "%s to %v", tc.in.Name(), tc.to)
			assert.ErrorIs(t, err, dataset.ErrColumnType)
			var ce *dataset.ColumnError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.in.Name(), ce.Column)
			assert.Contains(t, err.Error(), tc.err)
			continue
		}
		require.NoError(t, err, "%s to %v", tc.in.Name(), tc.to)
		f, err := dataset.New("x", got)
		require.NoError(t, err)
		checkConsistent(t, f)
		assert.Equal(t, []string{tc.want}, dump(f))
	}

	// Integers stay exact through categorical and back.
	back, err := dataset.Convert(mustConvert(t, ints, dataset.Categorical), dataset.Numerical)
	require.NoError(t, err)
	got, ok := back.(*dataset.NumericColumn).Ints()
	require.True(t, ok)
	assert.Equal(t, []int64{1 << 60, 0, -3}, got)
}

func mustConvert(t *testing.T, c dataset.Column, to dataset.Type) dataset.Column {
	t.Helper()
	out, err := dataset.Convert(c, to)
	require.NoError(t, err)
	return out
}

// TestConvertAfterTake converts a column whose shared levels hold values
// no taken row has: only the rows' values count.
func TestConvertAfterTake(t *testing.T) {
	f := mustCSV(t, "x\n1.5\nbad\n2.5\n", nil)
	g, err := f.Take([]int{0, 2})
	require.NoError(t, err)
	c, err := dataset.Convert(g.Columns()[0], dataset.Numerical)
	require.NoError(t, err)
	assert.Equal(t, []float64{1.5, 2.5}, c.(*dataset.NumericColumn).Values())

	_, err = dataset.Convert(f.Columns()[0], dataset.Numerical)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `row 2: "bad" is not a number`)
}

func TestTakeAndDistinct(t *testing.T) {
	f := mustCSV(t, "i,f,s,d\n1,0.5,a,2024-01-01\n2,-0,b,\n1,0,a,2024-01-01\nNA,NA,NA,2024-01-02\n5,1e3,c,2024-01-03\n6,2,d,2024-01-04\n7,3,e,2024-01-05\n8,4,f,2024-01-06\n9,5,g,2024-01-07\n10,6,h,2024-01-08\n11,7,i,2024-01-09\n", &dataset.ReadOptions{IntegerCardinality: -1})
	want := map[string]int{"i": 9, "f": 9, "s": 9, "d": 9} // -0 and 0 are one value
	for _, c := range f.Columns() {
		assert.Equal(t, want[c.Name()], dataset.Distinct(c), c.Name())
	}
	g, err := f.Take([]int{3, 0, 0, 1})
	require.NoError(t, err)
	checkConsistent(t, g)
	assert.Equal(t, []string{
		`i:numerical ["∅" "1" "1" "2"]`,
		`f:numerical ["∅" "0.5" "0.5" "0"]`, // "-0" reads as the integer 0
		`s:categorical ["∅" "a" "a" "b"]`,
		`d:datetime ["2024-01-02" "2024-01-01" "2024-01-01" "∅"]`,
	}, dump(g))
	assert.Equal(t, 2, dataset.Distinct(g.Columns()[2]))
	_, err = f.Take([]int{11})
	assert.Error(t, err)
}

func TestNewFrame(t *testing.T) {
	a := dataset.NewNumericColumn("a", []float64{1, 2})
	b := dataset.NewNumericColumn("b", []float64{1})
	_, err := dataset.New("x", a, b)
	assert.ErrorContains(t, err, `column "b" has 1 rows, column "a" has 2`)
	_, err = dataset.New("x", a, a)
	assert.ErrorContains(t, err, `duplicate column name "a"`)
	_, err = dataset.New("x", a, nil)
	assert.ErrorContains(t, err, "column 2 is nil")

	f, err := dataset.New("x", a)
	require.NoError(t, err)
	_, err = f.Select("a", "zz")
	assert.ErrorIs(t, err, dataset.ErrNoColumn)
	g, err := f.Replace(dataset.NewNumericColumn("c", []float64{3, 4}))
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "c"}, g.Names())
	_, err = f.Replace(b)
	assert.Error(t, err)
}

func TestParseType(t *testing.T) {
	for s, want := range map[string]dataset.Type{"numerical": dataset.Numerical, " Cat ": dataset.Categorical,
		"text": dataset.Text, "DATE": dataset.Datetime} {
		got, err := dataset.ParseType(s)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := dataset.ParseType("vector")
	assert.ErrorContains(t, err, `unknown column type "vector"`)
	var ty dataset.Type
	require.NoError(t, ty.UnmarshalText([]byte("num")))
	b, _ := ty.MarshalText()
	assert.Equal(t, "numerical", string(b))
	assert.Equal(t, "Type(9)", dataset.Type(9).String())
}

package dataset_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

func TestParseNumberMatchesReader(t *testing.T) {
	cases := []struct {
		in     string
		v      float64
		i      int64
		isInt  bool
		number bool
	}{
		{"42", 42, 42, true, true},
		{"-7", -7, -7, true, true},
		{"3.25", 3.25, 0, false, true},
		{"1e3", 1000, 0, false, true},
		{"9007199254740993", 9007199254740992, 9007199254740993, true, true},
		{"-inf", math.Inf(-1), 0, false, true},
		{"Infinity", math.Inf(1), 0, false, true},
		{"NaN", 0, 0, false, false},
		{"0x10", 0, 0, false, false},
		{"1_000", 0, 0, false, false},
		{" 1", 0, 0, false, false},
		{"", 0, 0, false, false},
		{"abc", 0, 0, false, false},
	}
	for _, c := range cases {
		v, i, isInt, ok := dataset.ParseNumber([]byte(c.in))
		assert.Equal(t, c.number, ok, c.in)
		if !ok {
			continue
		}
		assert.Equal(t, c.v, v, c.in)
		assert.Equal(t, c.isInt, isInt, c.in)
		if isInt {
			assert.Equal(t, c.i, i, c.in)
		}
		// The CSV reader reads the same value.
		f, err := dataset.ReadCSV(context.Background(), strings.NewReader("x\n"+c.in+"\n"), "n.csv",
			&dataset.ReadOptions{Types: map[string]dataset.Type{"x": dataset.Numerical}})
		require.NoError(t, err, c.in)
		assert.Equal(t, v, f.Columns()[0].(*dataset.NumericColumn).Values()[0], c.in)
	}
}

func TestParseTime(t *testing.T) {
	ns, dateOnly, ok := dataset.ParseTime([]byte("2024-05-01"))
	require.True(t, ok)
	assert.True(t, dateOnly)
	assert.Equal(t, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC).UnixNano(), ns)
	ns, dateOnly, ok = dataset.ParseTime([]byte("2024-05-01T12:30:00+02:00"))
	require.True(t, ok)
	assert.False(t, dateOnly)
	assert.Equal(t, time.Date(2024, 5, 1, 10, 30, 0, 0, time.UTC).UnixNano(), ns)
	for _, bad := range []string{"2024-13-01", "9999-12-31", "yesterday", ""} {
		_, _, ok := dataset.ParseTime([]byte(bad))
		assert.False(t, ok, bad)
	}
}

func TestNewCodedColumn(t *testing.T) {
	c, err := dataset.NewCodedColumn("plan", dataset.Categorical, []int32{1, -1, 0, 1}, []string{"free", "pro", "unused"})
	require.NoError(t, err)
	assert.Equal(t, 4, c.Len())
	assert.Equal(t, 1, c.NullN())
	assert.Equal(t, "pro", c.Format(0))
	assert.True(t, c.IsNull(1))
	assert.Equal(t, dataset.Categorical, c.Type())

	_, err = dataset.NewCodedColumn("plan", dataset.Text, []int32{0, 3}, []string{"a"})
	require.Error(t, err)
	assert.True(t, errors.Is(err, dataset.ErrFormat))
	assert.Contains(t, err.Error(), "row 2")

	_, err = dataset.NewCodedColumn("plan", dataset.Categorical, []int32{0, 1}, []string{"a", "a"})
	require.Error(t, err)
	assert.True(t, errors.Is(err, dataset.ErrFormat))
	assert.Contains(t, err.Error(), `level "a" appears twice`)
}

func TestNewTimeColumnNanos(t *testing.T) {
	day := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC).UnixNano()
	c := dataset.NewTimeColumnNanos("d", []int64{day, 0}, []bool{false, true}, true)
	assert.Equal(t, "2024-01-02", c.Format(0))
	assert.Equal(t, 1, c.NullN())
	assert.True(t, c.DateOnly())
}

func ExampleNewCodedColumn() {
	codes := []int32{0, 1, -1, 0}
	c, err := dataset.NewCodedColumn("plan", dataset.Categorical, codes, []string{"free", "pro"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := 0; i < c.Len(); i++ {
		fmt.Printf("%q ", c.Format(i))
	}
	fmt.Println(c.NullN(), "missing")
	// Output: "free" "pro" "" "free" 1 missing
}

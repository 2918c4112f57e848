package dataset_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

// levelsOf returns the categories of column name, row by row ("" where
// missing).
func levelsOf(t *testing.T, f *dataset.Frame, name string) []string {
	t.Helper()
	c, ok := f.Column(name)
	require.True(t, ok, name)
	out := make([]string, c.Len())
	for i := range out {
		out[i] = c.Format(i)
	}
	return out
}

// The files of Evidently 0.4.40's
// tests/metrics/data_drift/test_data_drift_table.py::test_data_drift_metrics_json_output
// as pandas' to_csv writes them: an integer column with a missing value
// becomes float (1.0, 0.0, , 5.0), one without stays integer (1, 5, 4, 4).
// Evidently compares them as numbers, so both hold the categories 0, 1, 4,
// 5; telltale spells both the same way when it aligns them.
func TestAlignSpellsNumberCategoriesAlike(t *testing.T) {
	ctx := context.Background()
	ref, err := dataset.ReadCSV(ctx, strings.NewReader("category_feature,target,prediction\na,1,1\na,4,5\nb,5,4\nb,5,4\n"), "ref.csv", nil)
	require.NoError(t, err)
	types := map[string]dataset.Type{}
	for _, c := range ref.Columns() {
		types[c.Name()] = c.Type()
	}
	require.Equal(t, dataset.Categorical, types["prediction"], "4 distinct integers are categorical")
	cur, err := dataset.ReadCSV(ctx, strings.NewReader("category_feature,target,prediction\na,,1.0\nb,,0.0\na,3.0,\n,4.0,5.0\n"), "cur.csv",
		&dataset.ReadOptions{Types: types})
	require.NoError(t, err)
	assert.Equal(t, []string{"1.0", "0.0", "", "5.0"}, levelsOf(t, cur, "prediction"), "read as written")

	ref, cur, err = dataset.Align(ref, cur, dataset.PairOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"1", "0", "", "5"}, levelsOf(t, cur, "prediction"))
	assert.Equal(t, []string{"", "", "3", "4"}, levelsOf(t, cur, "target"))
	assert.Equal(t, []string{"1", "5", "4", "4"}, levelsOf(t, ref, "prediction"))
	assert.Equal(t, []string{"a", "b", "a", ""}, levelsOf(t, cur, "category_feature"), "not numbers: untouched")
}

func TestAlignCanonicalSpellings(t *testing.T) {
	cases := []struct {
		in, want []string
	}{
		{[]string{"1.0", "+1", "01", "1e0", "2"}, []string{"1", "1", "1", "1", "2"}},
		{[]string{"2.50", "-0.0", "1e-3", "inf"}, []string{"2.5", "0", "0.001", "inf"}},
		{[]string{"9007199254740992.0", "9007199254740994.0", "12345678901234567890"}, []string{"9007199254740992", "9007199254740994.0", "12345678901234567890"}},
		{[]string{"1.0", "x"}, []string{"1.0", "x"}}, // not all numbers
	}
	for _, c := range cases {
		col := dataset.NewStringColumn("c", dataset.Categorical, c.in, nil)
		f, err := dataset.New("f", col)
		require.NoError(t, err)
		_, got, err := dataset.Align(f, f, dataset.PairOptions{})
		require.NoError(t, err)
		assert.Equal(t, c.want, levelsOf(t, got, "c"), "%q", c.in)
	}
	text := dataset.NewStringColumn("c", dataset.Text, []string{"1.0"}, nil)
	f, err := dataset.New("f", text)
	require.NoError(t, err)
	_, got, err := dataset.Align(f, f, dataset.PairOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"1.0"}, levelsOf(t, got, "c"), "text is left alone")
}

func TestNumericLevels(t *testing.T) {
	c := dataset.NewStringColumn("c", dataset.Categorical, []string{"3", "", "0.5", "3"}, []bool{false, true, false, false})
	vals, ok := dataset.NumericLevels(c)
	require.True(t, ok)
	assert.Equal(t, []float64{3, 0.5}, vals[:2])
	_, ok = dataset.NumericLevels(dataset.NewStringColumn("c", dataset.Categorical, []string{"3", "a"}, nil))
	assert.False(t, ok)
	_, ok = dataset.NumericLevels(dataset.NewStringColumn("c", dataset.Categorical, []string{""}, []bool{true}))
	assert.False(t, ok, "no present value")
}

// FuzzCanonicalCategories aligns a categorical column of arbitrary values
// with itself: rows equal before are equal after, the categories do not
// grow, and a column with a value that is not a number is unchanged.
func FuzzCanonicalCategories(f *testing.F) {
	f.Add("1.0,1,01,+1,2.50,2.5,inf,-0.0")
	f.Add("a,1.0,1")
	f.Add("9007199254740993,9007199254740992.0,1e400")
	f.Fuzz(func(t *testing.T, csv string) {
		vals := strings.Split(csv, ",")
		col := dataset.NewStringColumn("c", dataset.Categorical, vals, nil)
		fr, err := dataset.New("f", col)
		if err != nil {
			return
		}
		_, got, err := dataset.Align(fr, fr, dataset.PairOptions{})
		if err != nil {
			t.Fatal(err)
		}
		after := levelsOf(t, got, "c")
		_, numbers := dataset.NumericLevels(col)
		for i := range vals {
			for j := range vals {
				if vals[i] == vals[j] && after[i] != after[j] {
					t.Fatalf("%q and %q were equal, now %q and %q", vals[i], vals[j], after[i], after[j])
				}
			}
			if !numbers && after[i] != vals[i] {
				t.Fatalf("not all numbers, but %q became %q", vals[i], after[i])
			}
		}
		if dataset.Distinct(got.Columns()[0]) > dataset.Distinct(col) {
			t.Fatal("more categories after")
		}
	})
}

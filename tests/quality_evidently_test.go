package tests_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/tests"
)

// Evidently 0.4.40's
// tests/tests/test_data_quality_tests.py::test_data_quality_test_value_quantile:
// feature1 = 0, 1, 2, 3 is categorical (four distinct integers), and its
// quantiles are still taken from the numbers: 0.7 → 2.1 fails lt 1, 0.2 →
// 0.6 passes lt 0.7.
func TestColumnQuantileOfCategoricalNumbers(t *testing.T) {
	c := evidentlyCase(t, "column_quantile")
	cur := readCSV(t, "feature1,target,prediction\n0,0,0\n1,0,0\n2,0,1\n3,1,1\n")
	col, _ := cur.Column("feature1")
	require.Equal(t, dataset.Categorical, col.Type())
	in := &metrics.Input{Current: cur, Definition: &dataset.Definition{}}

	o := runTest(t, fromConfig(t, "ColumnQuantile", `{"column": "feature1", "quantile": 0.7, "lt": 1}`), in)
	assert.Equal(t, tests.Fail, o.Status, o.Description)
	assert.InDelta(t, caseValue[float64](t, c, "pandas.Series.quantile(0.7)"), float64(o.Value), 1e-15)

	o = runTest(t, fromConfig(t, "ColumnQuantile", `{"column": "feature1", "quantile": 0.2, "lt": 0.7}`), in)
	assert.Equal(t, tests.Success, o.Status, o.Description)
	assert.InDelta(t, caseValue[float64](t, c, "pandas.Series.quantile(0.2)"), float64(o.Value), 1e-15)

	// With the same data as reference, the auto condition is = ref ± 10%.
	o = runTest(t, fromConfig(t, "ColumnQuantile", `{"column": "feature1", "quantile": 0.7}`),
		&metrics.Input{Current: cur, Reference: cur, Definition: &dataset.Definition{}})
	assert.Equal(t, tests.Success, o.Status, o.Description)
}

// A column whose values are not numbers has no quantile: an ERROR naming
// its type, never a FAIL on an undefined value; so is a column with no
// value at all.
func TestColumnQuantileOfNonNumbersIsError(t *testing.T) {
	cur := readCSV(t, "city,empty\na,\nb,\n")
	in := &metrics.Input{Current: cur, Definition: &dataset.Definition{}}
	o := runTest(t, fromConfig(t, "ColumnQuantile", `{"column": "city", "quantile": 0.5, "lt": 1}`), in)
	assert.Equal(t, tests.Error, o.Status)
	assert.Contains(t, o.Description, "the column is categorical and its values are not all numbers")

	nan := func() float64 { var z float64; return z / z }()
	f, err := dataset.New("t", dataset.NewNumericColumn("x", []float64{nan, nan}))
	require.NoError(t, err)
	o = runTest(t, fromConfig(t, "ColumnQuantile", `{"column": "x", "quantile": 0.5, "lt": 1}`),
		&metrics.Input{Current: f, Definition: &dataset.Definition{}})
	assert.Equal(t, tests.Error, o.Status)
	assert.Contains(t, o.Description, "no finite value")
}

// Evidently 0.4.40's
// tests/metrics/data_quality/test_column_value_list_metric.py::test_data_quality_value_list_metric_success:
// a missing value is not in the list, and shares are over all rows.
// [1, NaN, 1, 2] (as pandas writes it: 1.0, , 1.0, 2.0; beside an id
// column, since a single-column CSV's empty field is a blank line) against [1, 2, 3]
// is 3 in, 1 out (0.75, 0.25); [NaN, NaN, NaN] against ["test"] is 3 out
// (share 1).
func TestValueListCountsMissingOut(t *testing.T) {
	c := evidentlyCase(t, "value_list_missing")
	cur := readCSV(t, "id,category_feature\n1,1.0\n2,\n3,1.0\n4,2.0\n")
	in := &metrics.Input{Current: cur, Definition: &dataset.Definition{}}
	o := runTest(t, fromConfig(t, "NumberOfOutListValues", `{"column": "category_feature", "values": [1, 2, 3], "lte": 0}`), in)
	assert.Equal(t, tests.Fail, o.Status)
	assert.Equal(t, float64(caseValue[int](t, c, "len - pandas.Series.isin(values).sum()")), float64(o.Value))
	assert.Contains(t, o.Description, "(the 1 missing values count as out of the list)")
	o = runTest(t, fromConfig(t, "ShareOfOutListValues", `{"column": "category_feature", "values": [1, 2, 3], "eq": 0.25}`), in)
	assert.Equal(t, tests.Success, o.Status, o.Description)
	assert.Equal(t, 1-caseValue[float64](t, c, "pandas.Series.isin(values).mean()"), float64(o.Value))

	res, err := (&metrics.ValueList{Column: "category_feature", Values: []any{1.0, 2.0, 3.0}}).Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.ValueCheckResult)
	assert.Equal(t, caseValue[int](t, c, "pandas.Series.isin(values).sum()"), r.Current.In)
	assert.Equal(t, 0.75, float64(r.Current.InShare))

	empty := readCSV(t, "id,category_feature\n1,\n2,\n3,\n")
	require.Equal(t, 3, empty.Len())
	o = runTest(t, fromConfig(t, "NumberOfOutListValues", `{"column": "category_feature", "values": ["test"]}`),
		&metrics.Input{Current: empty, Definition: &dataset.Definition{}})
	assert.Equal(t, float64(caseValue[int](t, c, "all_missing: len - pandas.Series.isin(['test']).sum()")), float64(o.Value))
	assert.Equal(t, tests.Fail, o.Status)
}

// Evidently 0.4.40's
// tests/tests/test_data_quality_tests.py::test_category_count_binary_column:
// a = [True, False] (written True, False), CategoryCount(category=False,
// lte=0) counts 1 and fails. The config's boolean matches the file's
// spellings of booleans.
func TestCategoryCountBooleans(t *testing.T) {
	c := evidentlyCase(t, "category_count_bool")
	cur := readCSV(t, caseValue[string](t, c, "csv"))
	in := &metrics.Input{Current: cur, Definition: &dataset.Definition{}}
	o := runTest(t, fromConfig(t, "CategoryCount", `{"column": "a", "category": false, "lte": 0}`), in)
	assert.Equal(t, tests.Fail, o.Status, o.Description)
	assert.Equal(t, float64(caseValue[int](t, c, "(pandas.Series == False).sum()")), float64(o.Value))
	o = runTest(t, fromConfig(t, "CategoryShare", `{"column": "a", "category": false}`), in)
	assert.Equal(t, caseValue[float64](t, c, "(pandas.Series == False).mean()"), float64(o.Value))

	// Other spellings: true matches True, TRUE, true and 1 (Python's
	// True == 1); 1 matches a category spelled 1.0; a string matches
	// only itself.
	for _, tc := range []struct {
		csv, category string
		want          float64
	}{
		{"a\nTRUE\ntrue\nFalse\n", `true`, 2},
		{"a\n1\n0\n1\n", `true`, 2},
		{"a\n1\n0\n1\n", `false`, 1},
		{"a\nyes\nno\n", `false`, 0},
		{"a\nTrue\nFalse\n", `"false"`, 0},
		{"a\nTrue\nFalse\n", `"False"`, 1},
	} {
		f := readCSV(t, tc.csv)
		o := runTest(t, fromConfig(t, "CategoryCount", `{"column": "a", "category": `+tc.category+`}`),
			&metrics.Input{Current: f, Definition: &dataset.Definition{}})
		assert.Equal(t, tc.want, float64(o.Value), "%q in %q", tc.category, tc.csv)
	}
	num, err := dataset.New("t", dataset.NewNumericColumn("a", []float64{1, 0, 1}))
	require.NoError(t, err)
	o = runTest(t, fromConfig(t, "CategoryCount", `{"column": "a", "category": true}`), &metrics.Input{Current: num, Definition: &dataset.Definition{}})
	assert.Equal(t, 2.0, float64(o.Value), "a numerical 1 is true")
}

// Evidently 0.4.40's
// tests/tests/test_data_quality_tests.py::test_data_quality_test_value_in_range:
// feature1 = 0, 1, 2, 3, 4, 20. Against [0, 10] it fails (20 is out),
// against [0, 100] it passes; with the reference 0, 1, 1, 3, 2, 4, 5 and no
// bounds the range is [0, 5] and it fails; with only right=100 the left
// bound is the reference's minimum 0 and it passes. A value below the
// reference's minimum fails with only right given.
func TestValueRangeTakesTheMissingBoundFromTheReference(t *testing.T) {
	cur := readCSV(t, "feature1,target,prediction\n0,0,0\n1,0,0\n2,0,1\n3,1,1\n4,0,0\n20,1,1\n")
	ref := readCSV(t, "feature1,target,prediction\n0,0,0\n1,0,0\n1,0,1\n3,1,1\n2,0,0\n4,1,1\n5,1,1\n")
	noRef := &metrics.Input{Current: cur, Definition: &dataset.Definition{}}
	withRef := &metrics.Input{Current: cur, Reference: ref, Definition: &dataset.Definition{}}
	for _, c := range []struct {
		config string
		in     *metrics.Input
		want   tests.Status
	}{
		{`{"column": "feature1", "left": 0, "right": 10}`, noRef, tests.Fail},
		{`{"column": "feature1", "left": 0, "right": 100}`, noRef, tests.Success},
		{`{"column": "feature1"}`, withRef, tests.Fail},
		{`{"column": "feature1", "right": 100}`, withRef, tests.Success},
		{`{"column": "feature1", "left": 1}`, withRef, tests.Fail}, // right is the reference's 5: 0 and 20 are out
	} {
		o := runTest(t, fromConfig(t, "ValueRange", c.config), c.in)
		assert.Equal(t, c.want, o.Status, "%s: %s", c.config, o.Description)
	}

	below := readCSV(t, "feature1\n-1\n3\n")
	o := runTest(t, fromConfig(t, "ValueRange", `{"column": "feature1", "right": 100}`),
		&metrics.Input{Current: below, Reference: ref, Definition: &dataset.Definition{}})
	assert.Equal(t, tests.Fail, o.Status, "-1 is below the reference's minimum 0")
	res, err := (&metrics.ValueRange{Column: "feature1", Right: tests.Ptr(100)}).Compute(context.Background(),
		&metrics.Input{Current: below, Reference: ref, Definition: &dataset.Definition{}})
	require.NoError(t, err)
	assert.Equal(t, metrics.Float(0), *res.(*metrics.ValueCheckResult).Left)

	// Without reference data one bound leaves the other side open
	// (Evidently raises "Reference should be present").
	o = runTest(t, fromConfig(t, "ValueRange", `{"column": "feature1", "right": 100}`),
		&metrics.Input{Current: below, Definition: &dataset.Definition{}})
	assert.Equal(t, tests.Success, o.Status, o.Description)
}

package tests_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/tests"
)

func qualityFrame(t *testing.T, age []float64, city []string) *dataset.Frame {
	t.Helper()
	f, err := dataset.New("t", dataset.NewNumericColumn("age", age),
		dataset.NewStringColumn("city", dataset.Categorical, city, nil))
	require.NoError(t, err)
	return f
}

// runTest computes the test's metric on in and runs the test.
func runTest(t *testing.T, test tests.Test, in *metrics.Input) tests.Outcome {
	t.Helper()
	res, err := test.Metric().Compute(context.Background(), in)
	return tests.Run(context.Background(), test, "m", res, err)
}

// fromConfig builds a catalog test from its JSON config, as a config file does.
func fromConfig(t *testing.T, name, config string) tests.Test {
	t.Helper()
	f, ok := tests.Catalog()[name]
	require.True(t, ok, name)
	test := f()
	require.NoError(t, json.Unmarshal([]byte(config), test))
	return test
}

func TestQualityTestsPassFailWarning(t *testing.T) {
	nan := func() float64 { var z float64; return z / z }()
	cur := qualityFrame(t, []float64{30, nan, 50, 40, nan}, []string{"a", "b", "a", "a", "c"})
	in := &metrics.Input{Current: cur, Definition: &dataset.Definition{}}

	o := runTest(t, fromConfig(t, "ColumnShareOfMissingValues", `{"column": "age", "lte": 0.05}`), in)
	assert.Equal(t, tests.Fail, o.Status)
	assert.Equal(t, "Share of missing values of column age is 0.4; expected <= 0.05", o.Description)

	o = runTest(t, fromConfig(t, "ColumnShareOfMissingValues", `{"column": "age", "lte": 0.05, "critical": false}`), in)
	assert.Equal(t, tests.Warning, o.Status)

	o = runTest(t, fromConfig(t, "ColumnShareOfMissingValues", `{"column": "age", "lte": 0.5}`), in)
	assert.Equal(t, tests.Success, o.Status)

	o = runTest(t, fromConfig(t, "ColumnValueMean", `{"column": "age", "gt": 39, "lt": 41}`), in)
	assert.Equal(t, tests.Success, o.Status, o.Description)
	o = runTest(t, fromConfig(t, "ColumnQuantile", `{"column": "age", "quantile": 0.5, "eq": 40}`), in)
	assert.Equal(t, tests.Success, o.Status, o.Description)
	o = runTest(t, fromConfig(t, "CategoryShare", `{"column": "city", "category": "a", "eq": 0.6}`), in)
	assert.Equal(t, tests.Success, o.Status, o.Description)
	o = runTest(t, fromConfig(t, "NumberOfOutRangeValues", `{"column": "age", "left": 35, "right": 60}`), in)
	assert.Equal(t, tests.Fail, o.Status, "30 is out of [35, 60]")
	assert.InDelta(t, 1, float64(o.Value), 0)
	o = runTest(t, fromConfig(t, "ColumnRegExp", `{"column": "city", "reg_exp": "[ab]"}`), in)
	assert.Equal(t, tests.Fail, o.Status, "c does not match")
}

func TestQualityAutoConditions(t *testing.T) {
	nan := func() float64 { var z float64; return z / z }()
	ref := qualityFrame(t, []float64{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, []string{"a", "b", "a", "a", "c", "a", "b", "a", "b", "a"})
	cur := qualityFrame(t, []float64{5, 20, 30, nan, 50, 60, 70, 80, 90, 100}, []string{"a", "b", "a", "a", "z", "a", "b", "a", "b", "a"})
	noRef := &metrics.Input{Current: cur, Definition: &dataset.Definition{}}
	withRef := &metrics.Input{Current: cur, Reference: ref, Definition: &dataset.Definition{}}
	cases := []struct {
		name, config  string
		noRef, withRf tests.Status
	}{
		{"NumberOfRows", `{}`, tests.Fail, tests.Success},       // > 30; = 10 ± 10%
		{"NumberOfColumns", `{}`, tests.Success, tests.Success}, // > 0; = 2
		{"NumberOfMissingValues", `{}`, tests.Fail, tests.Fail}, // = 0; <= 0 ± 10%
		{"NumberOfConstantColumns", `{}`, tests.Success, tests.Success},
		{"NumberOfDuplicatedRows", `{}`, tests.Success, tests.Success},
		{"ColumnValueMin", `{"column": "age"}`, tests.Error, tests.Fail}, // needs ref; 5 < 10
		{"ColumnValueMax", `{"column": "age"}`, tests.Error, tests.Success},
		{"ColumnValueMean", `{"column": "age"}`, tests.Error, tests.Success},
		{"MostCommonValueShare", `{"column": "city"}`, tests.Success, tests.Success},
		{"NumberOfUniqueValues", `{"column": "city"}`, tests.Success, tests.Success},
		{"MeanInNSigmas", `{"column": "age"}`, tests.Error, tests.Success},
		{"ShareOfOutRangeValues", `{"column": "age"}`, tests.Error, tests.Fail}, // 5 is below the reference min
		{"ShareOfOutListValues", `{"column": "city"}`, tests.Error, tests.Fail}, // z is new
		{"CategoryCount", `{"column": "city", "category": "a"}`, tests.Success, tests.Success},
		// One numerical column: no pair, undefined; with a reference the
		// derived condition is "= NaN", which cannot decide (and cannot be
		// written as JSON): an ERROR.
		{"HighlyCorrelatedColumns", `{}`, tests.Fail, tests.Error},
		{"CorrelationChanges", `{}`, tests.Error, tests.Success},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := runTest(t, fromConfig(t, c.name, c.config), noRef)
			assert.Equal(t, c.noRef, o.Status, "no reference: %s", o.Description)
			o = runTest(t, fromConfig(t, c.name, c.config), withRef)
			assert.Equal(t, c.withRf, o.Status, "with reference: %s", o.Description)
		})
	}
}

func TestQualityGenerators(t *testing.T) {
	cur := qualityFrame(t, []float64{1, 2}, []string{"a", "b"})
	in := &metrics.Input{Current: cur, Definition: &dataset.Definition{}}
	for name, want := range map[string]int{"AllColumnsShareOfMissingValues": 2, "AllColumnsMostCommonValueShare": 2,
		"NumColumnsOutOfRangeValues": 1, "CatColumnsOutOfListValues": 1, "NumColumnsMeanInNSigmas": 1} {
		g := tests.GeneratorCatalog()[name]
		require.NotNil(t, g, name)
		ts, err := g().Generate(context.Background(), in)
		require.NoError(t, err)
		assert.Len(t, ts, want, name)
	}
	g := tests.GeneratorCatalog()["AllColumnsShareOfMissingValues"]()
	require.NoError(t, json.Unmarshal([]byte(`{"lt": 0.1, "critical": false}`), g))
	ts, err := g.Generate(context.Background(), in)
	require.NoError(t, err)
	o := runTest(t, ts[0], in)
	assert.Equal(t, tests.Success, o.Status, o.Description)
}

func TestQualityCatalogNames(t *testing.T) {
	c := tests.Catalog()
	for _, n := range []string{"NumberOfRows", "NumberOfColumns", "NumberOfMissingValues", "ShareOfMissingValues",
		"NumberOfColumnsWithMissingValues", "NumberOfRowsWithMissingValues", "NumberOfConstantColumns", "NumberOfEmptyRows",
		"NumberOfEmptyColumns", "NumberOfDuplicatedRows", "NumberOfDuplicatedColumns", "ColumnShareOfMissingValues",
		"ColumnNumberOfMissingValues", "ColumnValueMin", "ColumnValueMax", "ColumnValueMean", "ColumnValueMedian",
		"ColumnValueStd", "ColumnQuantile", "NumberOfUniqueValues", "UniqueValuesShare", "MostCommonValueShare",
		"MeanInNSigmas", "ValueRange", "NumberOfOutRangeValues", "ShareOfOutRangeValues", "ValueList",
		"NumberOfOutListValues", "ShareOfOutListValues", "CategoryShare", "CategoryCount", "ColumnRegExp",
		"HighlyCorrelatedColumns", "CorrelationChanges"} {
		f, ok := c[n]
		if assert.True(t, ok, n) {
			assert.Equal(t, n, f().Name())
		}
	}
}

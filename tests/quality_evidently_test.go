package tests_test

import (
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

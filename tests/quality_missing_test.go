package tests_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/tests"
)

// strCol is a categorical column from values, nil for a missing one; the
// strings are kept as they are ("None" and "" are values, as in a pandas
// object column).
func strCol(name string, vals ...any) dataset.Column {
	s := make([]string, len(vals))
	nulls := make([]bool, len(vals))
	for i, v := range vals {
		if v == nil {
			nulls[i] = true
			continue
		}
		s[i] = v.(string)
	}
	return dataset.NewStringColumn(name, dataset.Categorical, s, nulls)
}

// numCol is a numerical column, nil for a missing value.
func numCol(name string, vals ...any) dataset.Column {
	nan := func() float64 { var z float64; return z / z }()
	out := make([]float64, len(vals))
	for i, v := range vals {
		if v == nil {
			out[i] = nan
			continue
		}
		out[i] = v.(float64)
	}
	return dataset.NewNumericColumn(name, out)
}

func frame(t *testing.T, cols ...dataset.Column) *dataset.Frame {
	t.Helper()
	f, err := dataset.New("t", cols...)
	require.NoError(t, err)
	return f
}

// The missing-value tests of Evidently 0.4.40's
// tests/tests/test_data_integrity_tests.py, each with the outcome that
// test asserts (true: the suite passes).
func TestMissingValueTestsAgreeWithEvidently(t *testing.T) {
	inf := func() float64 { z := 0.0; return 1 / z }()
	f1 := frame(t, strCol("feature1", "n/a", "b", "a"), strCol("feature2", "b", "", nil))
	f2 := frame(t, strCol("feature1", "", nil, "None", "a"), strCol("feature2", "b", "None", nil, nil))
	f3 := frame(t, strCol("category_feature", nil, "d", "p", "n"), numCol("numerical_feature", 0.0, 2.0, nil, 432.0), numCol("target", 0.0, 0.0, 0.0, 1.0))
	cases := []struct {
		evidently string
		name      string
		config    string
		cur, ref  *dataset.Frame
		pass      bool
	}{
		{"test_data_integrity_test_number_of_missing_values_no_errors", "NumberOfMissingValues", `{"eq": 0}`,
			frame(t, numCol("target", 0.0, 0.0, 0.0, 1.0)), nil, true},
		{"test_data_integrity_test_number_of_missing_values_no_errors", "NumberOfMissingValues", `{"lt": 3}`,
			frame(t, numCol("target", 0.0, 0.0, nil, 1.0), numCol("numeric", nil, nil, nil, 1.0)), nil, false},
		{"test_data_integrity_test_number_of_different_missing_values", "NumberOfDifferentMissingValues", `{"eq": 0}`,
			frame(t, numCol("target", 0.0, 0.0, 0.0, 5.0)), nil, true},
		{"test_data_integrity_test_number_of_different_missing_values", "NumberOfDifferentMissingValues", `{"lt": 3}`,
			frame(t, strCol("target", "", "0", nil, "1"), numCol("numeric", inf, nil, -inf, 1.0)), nil, false},
		{"test_data_integrity_test_missing_values_with_different_metrics", "NumberOfDifferentMissingValues",
			`{"missing_values": [0], "replace": true, "eq": 1}`, frame(t, strCol("target", nil, "0", "0", "")), nil, true},
		{"test_data_integrity_test_missing_values_with_different_metrics", "NumberOfDifferentMissingValues",
			`{"missing_values": [0], "replace": false, "eq": 3}`, frame(t, strCol("target", nil, "0", "0", "")), nil, true},
		{"test_data_integrity_test_number_of_columns_with_missing_values", "NumberOfColumnsWithMissingValues", `{"gte": 5}`, f3, nil, false},
		{"test_data_integrity_test_number_of_columns_with_missing_values", "NumberOfColumnsWithMissingValues", `{"eq": 2}`, f3, nil, true},
		{"test_data_integrity_test_share_of_columns_with_missing_values", "ShareOfColumnsWithMissingValues", `{"lte": 0.5}`, f3, nil, false},
		{"test_data_integrity_test_share_of_columns_with_missing_values", "ShareOfColumnsWithMissingValues", `{"eq": 0.6666666666666666}`, f3, nil, true},
		{"test_data_integrity_test_number_of_rows_with_missing_values", "NumberOfRowsWithMissingValues", `{"gte": 5}`, f3, nil, false},
		{"test_data_integrity_test_number_of_rows_with_missing_values", "NumberOfRowsWithMissingValues", `{"eq": 2}`, f3, nil, true},
		{"test_data_integrity_test_share_of_rows_with_missing_values", "ShareOfRowsWithMissingValues", `{"gt": 0.5}`, f3, nil, false},
		{"test_data_integrity_test_share_of_rows_with_missing_values", "ShareOfRowsWithMissingValues", `{"eq": 0.5}`, f3, nil, true},
		{"test_data_integrity_test_number_of_missing_values", "NumberOfMissingValues", `{}`, f1, f1, true},
		{"test_data_integrity_test_number_of_missing_values", "NumberOfMissingValues", `{"lt": 3}`, f1, nil, true},
		{"test_data_integrity_test_number_of_missing_values", "NumberOfMissingValues",
			`{"missing_values": ["", "n/a", null], "replace": true, "lt": 3}`, f1, nil, false},
		{"test_data_integrity_test_share_of_missing_values", "ShareOfMissingValues", `{}`, f2, f2, true},
		{"test_data_integrity_test_share_of_missing_values", "ShareOfMissingValues", `{"lt": 0.9}`, f2, nil, true},
		{"test_data_integrity_test_share_of_missing_values", "ShareOfMissingValues", `{"missing_values": ["", "None"], "lt": 0.4}`, f2, nil, true},
		{"test_data_integrity_test_share_of_missing_values", "ShareOfMissingValues",
			`{"missing_values": ["", "None", false, null], "replace": true, "lt": 0.4}`, f2, nil, false},
		{"test_data_integrity_test_different_missing_values_one_column", "ColumnNumberOfDifferentMissingValues", `{"column": "feature1"}`, f1, f1, true},
		{"test_data_integrity_test_different_missing_values_one_column_no_missing_values", "ColumnNumberOfDifferentMissingValues",
			`{"column": "feature1", "missing_values": ["null", "n/a"], "replace": false, "eq": 0}`,
			frame(t, numCol("feature1", 1.0, 2.0, 3.0), strCol("feature2", "b", "", nil)), nil, true},
		{"test_data_integrity_test_different_missing_values_one_column_with_defaults", "ColumnNumberOfDifferentMissingValues",
			`{"column": "feature", "missing_values": ["None", "n/a"], "replace": false}`,
			frame(t, strCol("feature", "None", "", nil)), frame(t, strCol("feature", "n/a", "test", nil)), false},
		{"test_data_integrity_test_different_missing_values_one_column_with_defaults", "ColumnNumberOfDifferentMissingValues",
			`{"column": "feature", "missing_values": ["None", "n/a"], "replace": false}`,
			frame(t, strCol("feature", "None", "test", nil)), frame(t, strCol("feature", "n/a", "test", nil)), true},
		{"test_data_integrity_test_number_of_missing_values_one_column", "ColumnNumberOfMissingValues", `{"column": "feature1", "lt": 10}`, f2, f2, true},
		{"test_data_integrity_test_columns_all_constant_values", "ColumnAllConstantValues", `{"column": "feature1"}`,
			frame(t, numCol("feature1", 1.0, 1.0, nil), numCol("feature2", 1.0, 2.0, nil)), nil, false},
		{"test_data_integrity_test_all_unique_values", "ColumnAllUniqueValues", `{"column": "feature2"}`,
			frame(t, numCol("feature1", 1.0, 1.0, 2.0, 3.0), numCol("feature2", 1.0, 2.0, nil, 4.0)), nil, true},
		{"test_data_integrity_test_all_unique_values", "ColumnAllUniqueValues", `{"column": "feature1"}`,
			frame(t, numCol("feature1", 1.0, 1.0, 2.0, 3.0), numCol("feature2", 1.0, 2.0, nil, 4.0)), nil, false},
	}
	for _, c := range cases {
		t.Run(c.evidently+"/"+c.name, func(t *testing.T) {
			in := &metrics.Input{Current: c.cur, Reference: c.ref, Definition: &dataset.Definition{}}
			o := runTest(t, fromConfig(t, c.name, c.config), in)
			want := tests.Fail
			if c.pass {
				want = tests.Success
			}
			assert.Equal(t, want, o.Status, "%s %s: %s", c.name, c.config, o.Description)
		})
	}

	// A column no side has is an ERROR (Evidently: the suite fails).
	o := runTest(t, fromConfig(t, "ColumnAllConstantValues", `{"column": "not_exists_feature"}`),
		&metrics.Input{Current: f1, Definition: &dataset.Definition{}})
	assert.Equal(t, tests.Error, o.Status)
	o = runTest(t, fromConfig(t, "ColumnShareOfMissingValues", `{"column": "not_exists_feature"}`),
		&metrics.Input{Current: f1, Definition: &dataset.Definition{}})
	assert.Equal(t, tests.Error, o.Status)
}

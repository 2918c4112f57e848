package metrics_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// missingRef is one list's statistics in metrics/testdata/evidently_cases.json,
// computed by internal/testdata/gen/evidently_cases.py with the pandas calls
// of Evidently's DatasetMissingValuesMetric.
type missingRef struct {
	Missing                 int     `json:"missing"`
	MissingShare            float64 `json:"missing_share"`
	RowsWithMissing         int     `json:"rows_with_missing"`
	RowsWithMissingShare    float64 `json:"rows_with_missing_share"`
	ColumnsWithMissing      int     `json:"columns_with_missing"`
	ColumnsWithMissingShare float64 `json:"columns_with_missing_share"`
	Different               int     `json:"different"`
	Counts                  []int   `json:"counts"`
	ByColumn                map[string]struct {
		Missing   int     `json:"missing"`
		Different int     `json:"different"`
		Counts    []int   `json:"counts"`
		Share     float64 `json:"share"`
	} `json:"by_column"`
}

// The frame of Evidently 0.4.40's
// tests/metrics/data_interity/test_dataset_missing_values_metric.py::test_dataset_missing_values_metric_different_missing_values,
// with each list that test uses: by default null, "", inf and -inf count
// (9 cells, 4 different values, 3 rows); "n/a" with replace=False adds one
// (10, 5); ["", 0, "n/a", -9999, None] is 11 and 5; without None 6 and 4.
func TestDatasetMissingValuesAgreesWithEvidently(t *testing.T) {
	b, err := os.ReadFile("testdata/evidently_cases.json")
	require.NoError(t, err)
	var fx struct {
		Case struct {
			Stats map[string]missingRef `json:"stats"`
		} `json:"dataset_missing_values"`
	}
	require.NoError(t, json.Unmarshal(b, &fx))
	nan := math.NaN()
	f := frameOf(t,
		dataset.NewStringColumn("category_feature_1", dataset.Categorical, []string{"", "n/a", "3"}, nil),
		dataset.NewStringColumn("category_feature_2", dataset.Categorical, []string{"", "", "inf"}, []bool{false, true, false}),
		dataset.NewNumericColumn("numerical_feature_1", []float64{3, -9999, 0}),
		dataset.NewNumericColumn("numerical_feature_2", []float64{0, nan, math.Inf(-1)}),
		dataset.NewNumericColumn("prediction", []float64{1, nan, 1}),
		dataset.NewNumericColumn("target", []float64{nan, nan, 1}))
	no := false
	for name, opts := range map[string]metrics.MissingValuesOptions{
		"default":                     {},
		"n/a, replace=False":          {MissingValues: metrics.MissingValueList{"n/a"}, Replace: &no},
		"['', 0, 'n/a', -9999, None]": {MissingValues: metrics.MissingValueList{"", 0.0, "n/a", -9999.0, nil}},
		"['', 0, 'n/a', -9999]":       {MissingValues: metrics.MissingValueList{"", 0.0, "n/a", -9999.0}},
	} {
		t.Run(name, func(t *testing.T) {
			want, ok := fx.Case.Stats[name]
			require.True(t, ok)
			res, err := (&metrics.DatasetMissingValues{MissingValuesOptions: opts}).Compute(context.Background(),
				&metrics.Input{Current: f, Reference: f, Definition: &dataset.Definition{}})
			require.NoError(t, err)
			r := res.(*metrics.DatasetMissingValuesResult)
			s := r.Current
			assert.Equal(t, want.Missing, s.Missing)
			assert.InDelta(t, want.MissingShare, float64(s.MissingShare), 1e-15)
			assert.Equal(t, want.RowsWithMissing, s.RowsWithMissing)
			assert.InDelta(t, want.RowsWithMissingShare, float64(s.RowsWithMissingShare), 1e-15)
			assert.Equal(t, want.ColumnsWithMissing, s.ColumnsWithMissing)
			assert.InDelta(t, want.ColumnsWithMissingShare, float64(s.ColumnsWithMissingShare), 1e-15)
			assert.Equal(t, want.Different, s.DifferentMissingValues)
			got := make([]int, len(s.Counts))
			for i, c := range s.Counts {
				got[i] = c.Count
			}
			assert.Equal(t, want.Counts, got)
			for col, wc := range want.ByColumn {
				c := s.Column(col)
				require.NotNil(t, c, col)
				assert.Equal(t, wc.Missing, c.Missing, col)
				assert.Equal(t, wc.Different, c.DifferentMissingValues, col)
				assert.InDelta(t, wc.Share, float64(c.MissingShare), 1e-15, col)
				cc := make([]int, len(c.Counts))
				for i, vc := range c.Counts {
					cc[i] = vc.Count
				}
				assert.Equal(t, wc.Counts, cc, col)

				one, err := (&metrics.ColumnMissingValues{Column: col, MissingValuesOptions: opts}).Compute(context.Background(),
					&metrics.Input{Current: f, Definition: &dataset.Definition{}})
				require.NoError(t, err)
				assert.Equal(t, c, one.(*metrics.ColumnMissingValuesResult).Current, col)
			}
			assert.Equal(t, s, r.Reference)
			_, err = json.Marshal(r)
			require.NoError(t, err)
		})
	}
}

func TestMissingValuesOptions(t *testing.T) {
	f := frameOf(t, dataset.NewNumericColumn("x", []float64{1, math.Inf(1), -1}),
		dataset.NewStringColumn("flag", dataset.Categorical, []string{"False", "True", "N/A"}, nil))
	in := &metrics.Input{Current: f, Definition: &dataset.Definition{}}
	_, err := (&metrics.DatasetMissingValues{MissingValuesOptions: metrics.MissingValuesOptions{MissingValues: metrics.MissingValueList{}}}).Compute(context.Background(), in)
	require.ErrorIs(t, err, metrics.ErrOption, "an empty list, as Evidently's 'Missing values list should not be empty'")

	// The config spellings: "inf" for infinity, booleans against their
	// spellings, numbers; the params encode infinity as "inf".
	m := &metrics.DatasetMissingValues{MissingValuesOptions: metrics.MissingValuesOptions{MissingValues: metrics.MissingValueList{"inf", -1.0, false, "N/A", math.Inf(-1)}}}
	res, err := m.Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.DatasetMissingValuesResult)
	assert.Equal(t, []string{`"inf"`, "-1", "false", `"N/A"`, "-inf"}, r.MissingValues)
	assert.Equal(t, 4, r.Current.Missing)
	assert.Equal(t, 4, r.Current.DifferentMissingValues)
	params, err := metrics.ParamsOf(m)
	require.NoError(t, err)
	assert.JSONEq(t, `{"missing_values": ["inf", -1, false, "N/A", "-inf"]}`, string(params))
}

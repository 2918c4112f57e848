package metrics_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

func TestDataDriftFeatureImportance(t *testing.T) {
	ref := frameOf(t, dataset.NewNumericColumn("a", []float64{1, 2, 3, 4, 5, 6}), dataset.NewNumericColumn("b", []float64{1, 1, 2, 2, 3, 3}))
	cur := frameOf(t, dataset.NewNumericColumn("a", []float64{7, 8, 9, 10, 11, 12}), dataset.NewNumericColumn("b", []float64{1, 1, 2, 2, 3, 3}))
	in := &metrics.Input{Reference: ref, Current: cur}
	m := &metrics.DataDrift{}
	require.NoError(t, json.Unmarshal([]byte(`{"feature_importance": true, "current_feature_importance": {"a": 0.7, "b": 0.3},
		"reference_feature_importance": {"a": 0.4}}`), m))
	res, err := m.Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.DataDriftResult)
	require.Len(t, r.Columns, 2)
	assert.Equal(t, 0.7, float64(*r.Columns[0].CurrentFeatureImportance))
	assert.Equal(t, 0.4, float64(*r.Columns[0].ReferenceFeatureImportance))
	assert.Nil(t, r.Columns[1].ReferenceFeatureImportance)
	b, _ := json.Marshal(r.Columns[1])
	assert.Contains(t, string(b), `"current_feature_importance":0.3`)
	assert.NotContains(t, string(b), `reference_feature_importance`)
	table := metrics.ViewsOf(res)[1].(*metrics.Table)
	assert.Equal(t, "reference importance", table.Columns[len(table.Columns)-1].Name)
	assert.Equal(t, "-", table.Rows[1].Cells[len(table.Rows[1].Cells)-1].Text)

	_, err = (&metrics.DataDrift{FeatureImportance: true}).Compute(context.Background(), in)
	assert.ErrorIs(t, err, metrics.ErrOption)
	assert.ErrorContains(t, err, "current_feature_importance")
}

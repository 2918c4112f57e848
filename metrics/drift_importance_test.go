package metrics_test

import (
	"context"
	"encoding/json"
	"fmt"
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

// DataDrift with the importances of the user's own model beside each
// column's drift, as Evidently's feature_importance shows them.
func ExampleDataDrift_featureImportance() {
	ref, _ := dataset.New("ref.csv", dataset.NewNumericColumn("age", []float64{21, 25, 30, 34, 38, 41, 45, 52}),
		dataset.NewNumericColumn("income", []float64{30, 32, 35, 41, 44, 47, 52, 60}))
	cur, _ := dataset.New("cur.csv", dataset.NewNumericColumn("age", []float64{61, 65, 70, 74, 78, 81, 85, 92}),
		dataset.NewNumericColumn("income", []float64{31, 33, 36, 40, 45, 46, 51, 61}))
	m := &metrics.DataDrift{FeatureImportance: true,
		CurrentFeatureImportance: map[string]float64{"age": 0.8, "income": 0.2}}
	res, err := m.Compute(context.Background(), &metrics.Input{Reference: ref, Current: cur})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range res.(*metrics.DataDriftResult).Columns {
		fmt.Println(c.Column, c.Drifted, float64(*c.CurrentFeatureImportance))
	}
	// Output:
	// age drift 0.8
	// income no drift 0.2
}

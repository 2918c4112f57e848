package metrics_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
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

	assert.Nil(t, r.Columns[0].DriftImportance, "given importances: no tree")

	// Without given importances, the tree: it cannot split 12 rows into
	// leaves of 20, so no column matters; on 100 rows a alone tells the
	// datasets apart.
	res, err = (&metrics.DataDrift{FeatureImportance: true}).Compute(context.Background(), in)
	require.NoError(t, err)
	assert.Equal(t, 0.0, float64(*res.(*metrics.DataDriftResult).Columns[0].DriftImportance))
	a, bb := make([]float64, 100), make([]float64, 100)
	for i := range a {
		a[i], bb[i] = float64(i), float64(i%3)
	}
	in = &metrics.Input{Reference: frameOf(t, dataset.NewNumericColumn("a", a[:50]), dataset.NewNumericColumn("b", bb[:50])),
		Current: frameOf(t, dataset.NewNumericColumn("a", a[50:]), dataset.NewNumericColumn("b", bb[50:]))}
	res, err = (&metrics.DataDrift{FeatureImportance: true}).Compute(context.Background(), in)
	require.NoError(t, err)
	r = res.(*metrics.DataDriftResult)
	assert.Equal(t, 1.0, float64(*r.Columns[0].DriftImportance))
	assert.Equal(t, 0.0, float64(*r.Columns[1].DriftImportance))
	table = metrics.ViewsOf(res)[1].(*metrics.Table)
	assert.Equal(t, "drift importance", table.Columns[len(table.Columns)-1].Name)

	// Text alone has no importance.
	text := frameOf(t, dataset.NewStringColumn("review", dataset.Text, []string{"good", "bad", "fine", "meh"}, nil))
	_, err = (&metrics.DataDrift{FeatureImportance: true}).Compute(context.Background(), &metrics.Input{Reference: text, Current: text})
	assert.ErrorIs(t, err, metrics.ErrOption)
	assert.ErrorContains(t, err, "numerical or categorical")
}

// TestDriftImportanceAgreesWithScikitLearn runs DataDrift's
// feature_importance on internal/testdata/gen/cart_refs.py's drift case:
// scikit-learn's DecisionTreeClassifier(max_depth=5, min_samples_leaf=20)
// feature_importances_ on the reference rows (0) against the current rows
// (1), with OrdinalEncoder codes and missing numbers below the minimum.
func TestDriftImportanceAgreesWithScikitLearn(t *testing.T) {
	b, err := os.ReadFile("cart/testdata/cart_refs.json")
	require.NoError(t, err)
	var refs struct {
		Drift struct {
			Columns            []string
			Reference, Current map[string]json.RawMessage
			MaxDepth           int `json:"max_depth"`
			MinSamplesLeaf     int `json:"min_samples_leaf"`
			Importances        []float64
		}
	}
	require.NoError(t, json.Unmarshal(b, &refs))
	d := refs.Drift
	require.Equal(t, []int{5, 20}, []int{d.MaxDepth, d.MinSamplesLeaf}, "the fixture's tree is DataDrift's")
	frame := func(side map[string]json.RawMessage) *dataset.Frame {
		var cols []dataset.Column
		for _, name := range d.Columns {
			if name == "c" {
				var xs []*string
				require.NoError(t, json.Unmarshal(side[name], &xs))
				cols = append(cols, nullableStrings(name, xs))
				continue
			}
			var xs []*float64
			require.NoError(t, json.Unmarshal(side[name], &xs))
			cols = append(cols, dataset.NewNumericColumn(name, unptr(xs)))
		}
		return frameOf(t, cols...)
	}
	in := &metrics.Input{Reference: frame(d.Reference), Current: frame(d.Current)}
	res, err := (&metrics.DataDrift{FeatureImportance: true}).Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.DataDriftResult)
	require.Len(t, r.Columns, len(d.Columns))
	for i, c := range r.Columns {
		assert.Equal(t, d.Columns[i], c.Column)
		require.NotNil(t, c.DriftImportance, c.Column)
		assert.InDelta(t, d.Importances[i], float64(*c.DriftImportance), 1e-12, c.Column)
	}
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

// DataDrift's tree needs rows: from summaries (sketches) it is an error
// that says so.
func TestDriftImportanceNeedsRows(t *testing.T) {
	s := &dataset.Summary{Source: "s.sketch", Rows: 3, Columns: []*dataset.ColumnSummary{{Name: "x", Type: dataset.Numerical}}}
	_, err := (&metrics.DataDrift{FeatureImportance: true}).Compute(context.Background(), &metrics.Input{ReferenceSummary: s, CurrentSummary: s})
	assert.ErrorIs(t, err, metrics.ErrNeedsRows)
	assert.ErrorContains(t, err, "current_feature_importance")
}

package metrics_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

type checkRef struct {
	In       int     `json:"in"`
	Count    int     `json:"count"`
	Matched  int     `json:"matched"`
	NonNull  int     `json:"non_null"`
	Rows     int     `json:"rows"`
	Out      int     `json:"out"`
	Left     float64 `json:"left"`
	Right    float64 `json:"right"`
	Values   []any   `json:"values"`
	Category string  `json:"category"`
	Reg      string  `json:"reg"`
}

func TestValueChecksAgreeWithPandas(t *testing.T) {
	var vc struct {
		Numeric     []any    `json:"numeric"`
		Categorical []any    `json:"categorical"`
		Range       checkRef `json:"range"`
		List        checkRef `json:"list"`
		CatList     checkRef `json:"cat_list"`
		Category    checkRef `json:"category"`
		RegExp      checkRef `json:"regexp"`
	}
	decode(t, qualityRefs(t)["value_checks"], &vc)
	fn := frameOf(t, dataset.NewNumericColumn("n", fixtureFloats(t, vc.Numeric)))
	fc := frameOf(t, fixtureStrings("c", dataset.Categorical, vc.Categorical))
	run := func(f *dataset.Frame, m metrics.Metric) *metrics.ValueCheckResult {
		t.Helper()
		res, err := m.Compute(context.Background(), &metrics.Input{Current: f, Reference: f})
		require.NoError(t, err, m.Name())
		r := res.(*metrics.ValueCheckResult)
		require.NotNil(t, r.Reference)
		assert.Equal(t, r.Current, *r.Reference)
		return r
	}
	check := func(r *metrics.ValueCheckResult, in, nonNull int) {
		t.Helper()
		assert.Equal(t, in, r.Current.In)
		assert.Equal(t, nonNull-in, r.Current.Out)
		assert.Equal(t, nonNull, r.Current.NonMissing)
		rel(t, f64(float64(in)/float64(nonNull)), r.Current.InShare, "in_share")
		rel(t, f64(float64(nonNull-in)/float64(nonNull)), r.Current.OutShare, "out_share")
	}
	check(run(fn, &metrics.ValueRange{Column: "n", Left: &vc.Range.Left, Right: &vc.Range.Right}), vc.Range.In, vc.Range.NonNull)
	// Lists count a missing value out and divide by all rows.
	checkList := func(r *metrics.ValueCheckResult, want checkRef) {
		t.Helper()
		assert.Equal(t, want.In, r.Current.In)
		assert.Equal(t, want.Out, r.Current.Out)
		assert.Equal(t, want.NonNull, r.Current.NonMissing)
		assert.Equal(t, want.Rows, r.Current.Rows)
		rel(t, f64(float64(want.In)/float64(want.Rows)), r.Current.InShare, "in_share")
		rel(t, f64(float64(want.Out)/float64(want.Rows)), r.Current.OutShare, "out_share")
	}
	checkList(run(fn, &metrics.ValueList{Column: "n", Values: vc.List.Values}), vc.List)
	checkList(run(fc, &metrics.ValueList{Column: "c", Values: vc.CatList.Values}), vc.CatList)
	check(run(fc, &metrics.CategoryCount{Column: "c", Category: vc.Category.Category}), vc.Category.Count, vc.Category.NonNull)
	check(run(fc, &metrics.ColumnRegExp{Column: "c", RegExp: vc.RegExp.Reg}), vc.RegExp.Matched, vc.RegExp.NonNull)
}

func TestValueChecksFromReference(t *testing.T) {
	ref := frameOf(t, dataset.NewNumericColumn("n", []float64{2, 4, 6, naN()}),
		dataset.NewStringColumn("c", dataset.Categorical, []string{"a", "b", "a", ""}, []bool{false, false, false, true}))
	cur := frameOf(t, dataset.NewNumericColumn("n", []float64{1, 2, 6, 7, 4}),
		dataset.NewStringColumn("c", dataset.Categorical, []string{"a", "z", "b", "z", "a"}, nil))
	in := &metrics.Input{Reference: ref, Current: cur}
	res, err := (&metrics.ValueRange{Column: "n"}).Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.ValueCheckResult)
	assert.Equal(t, metrics.Float(2), *r.Left)
	assert.Equal(t, metrics.Float(6), *r.Right)
	assert.Equal(t, 2, r.Current.Out, "1 and 7 are outside the reference range [2, 6]")
	assert.Equal(t, 0, r.Reference.Out)

	res, err = (&metrics.ValueList{Column: "c"}).Compute(context.Background(), in)
	require.NoError(t, err)
	r = res.(*metrics.ValueCheckResult)
	assert.Equal(t, []any{"a", "b"}, r.Values)
	assert.Equal(t, 2, r.Current.Out)

	_, err = (&metrics.ValueRange{Column: "n"}).Compute(context.Background(), &metrics.Input{Current: cur})
	require.ErrorIs(t, err, metrics.ErrNoReference)
	_, err = (&metrics.ValueRange{Column: "c", Left: f64(0)}).Compute(context.Background(), in)
	require.ErrorIs(t, err, metrics.ErrColumnType)
	_, err = (&metrics.ColumnRegExp{Column: "c", RegExp: "("}).Compute(context.Background(), in)
	require.ErrorIs(t, err, metrics.ErrOption)
	_, err = (&metrics.CategoryCount{Column: "missing", Category: "a"}).Compute(context.Background(), in)
	require.ErrorIs(t, err, metrics.ErrNoColumn)
}

package metrics

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sum(v []Float) float64 {
	t := 0.0
	for _, x := range v {
		t += float64(x)
	}
	return t
}

func TestCategoryBarsShowTheTop20AndOther(t *testing.T) {
	// 186 categories, as the bird-strike file's, with counts 186, 185, ... 1
	// in the current data and the reverse in the reference.
	cur, ref := &CategoricalStats{}, &CategoricalStats{}
	for i := range 186 {
		cur.Counts = append(cur.Counts, ValueCount{Value: fmt.Sprintf("c%03d", i), Count: 186 - i})
		ref.Counts = append(ref.Counts, ValueCount{Value: fmt.Sprintf("c%03d", i), Count: i + 1})
	}
	ref.Counts[185].Count = 1000 // a category the reference has most of
	r := &ColumnSummaryResult{Column: "species", ColumnType: "categorical",
		Current: &ColumnStats{CategoricalStats: cur}, Reference: &ColumnStats{CategoricalStats: ref}}
	b := r.categoryBars()
	require.Len(t, b.Categories, maxBars+1)
	assert.Equal(t, "other", b.Categories[maxBars])
	assert.Contains(t, b.Categories, "c185", "ranked by the pooled count, the reference's too")
	assert.Equal(t, "c000", b.Categories[0], "kept in their order")
	require.Len(t, b.Series, 2)
	assert.Equal(t, "reference", b.Series[0].Name)
	curTotal, refTotal := 186*187/2, 185*186/2+1000
	assert.Equal(t, float64(refTotal), sum(b.Series[0].Values), "nothing lost: other holds the rest")
	assert.Equal(t, float64(curTotal), sum(b.Series[1].Values))

	// Few categories: no other bar.
	few := &ColumnSummaryResult{Column: "x", Current: &ColumnStats{CategoricalStats: &CategoricalStats{Counts: cur.Counts[:3]}}}
	assert.Equal(t, []string{"c000", "c001", "c002"}, few.categoryBars().Categories)
}

func TestDriftCategoryBarsFoldTheRest(t *testing.T) {
	d := &Distribution{Kind: "categories", Other: &[2]float64{0.1, 0.2}}
	for i := range 50 {
		d.Categories = append(d.Categories, fmt.Sprintf("c%02d", i))
		d.Reference = append(d.Reference, 0.9/50)
		d.Current = append(d.Current, 0.8/50)
	}
	b := (&ColumnDriftResult{Column: "c", Distribution: d}).distributionView().(*Bars)
	assert.Len(t, b.Categories, maxBars+1)
	assert.Equal(t, Float(1), b.YMax, "shares end at 1")
	assert.InDelta(t, 1, sum(b.Series[0].Values), 1e-12)
	assert.InDelta(t, 1, sum(b.Series[1].Values), 1e-12)
	assert.InDelta(t, 0.1+30*0.9/50, float64(b.Series[0].Values[maxBars]), 1e-12)
}

func TestMulticlassQualityHasNoBinaryRates(t *testing.T) {
	s := &ClassificationScores{}
	for _, task := range []string{"multiclass", "binary"} {
		r := &ClassificationQualityResult{Task: task, Current: s}
		table := r.Views()[1].(*Table)
		var names []string
		for _, row := range table.Rows {
			names = append(names, row.Cells[0].Text)
		}
		if task == "binary" {
			assert.Contains(t, names, "TPR")
		} else {
			assert.NotContains(t, names, "TPR")
			assert.NotContains(t, names, "FNR")
			assert.Contains(t, names, "accuracy")
		}
		for _, v := range r.Views() {
			if b, ok := v.(*Bars); ok {
				assert.Equal(t, Float(1), b.YMax, "scores end at 1")
			}
		}
	}
}

package metrics

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The built-in results that draw themselves.
var (
	_ Viewer = (*ColumnDriftResult)(nil)
	_ Viewer = (*DataDriftResult)(nil)
	_ Viewer = (*TargetDriftResult)(nil)
	_ Viewer = (*DatasetSummaryResult)(nil)
	_ Viewer = (*ColumnSummaryResult)(nil)
	_ Viewer = (*ColumnSummariesResult)(nil)
	_ Viewer = (*Histogram)(nil)
	_ Viewer = (*CorrelationsResult)(nil)
	_ Viewer = (*ClassificationQualityResult)(nil)
	_ Viewer = (*ClassificationByClassResult)(nil)
	_ Viewer = (*ClassificationTableResult)(nil)
	_ Viewer = (*RegressionQualityResult)(nil)
	_ Viewer = (*RegressionErrorNormalityResult)(nil)
	_ Viewer = (*DatasetMissingValuesResult)(nil)
	_ Viewer = (*ColumnMissingValuesResult)(nil)
	_ Viewer = (*TargetCorrelationsResult)(nil)
	_ Viewer = (*ConflictResult)(nil)
	_ Viewer = (*DataQualityStabilityResult)(nil)
	_ Viewer = (*RegressionPredictedVsActualResult)(nil)
)

func TestDataDriftViews(t *testing.T) {
	r := &DataDriftResult{NumberOfColumns: 2, NumberOfDriftedColumns: 1, ShareOfDriftedColumns: 0.5, DatasetDrift: true, DriftShare: 0.5,
		Columns: []ColumnDriftResult{
			{Column: "a", ColumnType: "numerical", Score: 0.01, Threshold: 0.05, Drifted: Drift,
				Distribution: &Distribution{Kind: "histogram", Edges: []float64{0, 1, 2}, Reference: []float64{0.5, 0.5}, Current: []float64{0.2, 0.8}}},
			{Column: "b", ColumnType: "categorical", Score: 0.5, Threshold: 0.05, Drifted: NoDrift,
				Distribution: &Distribution{Kind: "categories", Categories: []string{"x"}, Reference: []float64{0.9}, Current: []float64{0.8}, Other: &[2]float64{0.1, 0.2}}},
			{Column: "c", Error: "empty"},
		}}
	views := r.Views()
	require.Len(t, views, 2)
	c := views[0].(*Counters)
	assert.Equal(t, "detected", c.Items[0].Text)
	assert.Equal(t, StatusBad, c.Items[0].Status)
	tab := views[1].(*Table)
	require.Len(t, tab.Rows, 3)
	assert.Equal(t, "a", tab.Rows[0].Cells[0].Text)
	h := tab.Rows[0].Detail.(*HistogramView)
	assert.Equal(t, []float64{0, 1, 2}, h.Edges)
	b := tab.Rows[1].Detail.(*Bars)
	assert.Equal(t, []string{"x", "other"}, b.Categories)
	assert.Equal(t, []Float{0.9, 0.1}, b.Series[0].Values)
	assert.Equal(t, []float64{0.8, 0.2}, tab.Rows[1].Spark.Current)
	assert.Nil(t, tab.Rows[2].Detail)
	assert.Equal(t, StatusWarn, tab.Rows[2].Cells[5].Status)
	_, err := json.Marshal(views)
	require.NoError(t, err)
}

func TestModelViews(t *testing.T) {
	s := &ClassificationScores{Accuracy: 0.9,
		ConfusionMatrix: ConfusionMatrix{Labels: []string{"0", "1"}, Values: [][]int{{5, 1}, {2, 7}}},
		PerClass:        PerClass{Labels: []string{"0", "1"}, Precision: []float64{1, 0.5}, Recall: []float64{0.5, 1}, F1: []float64{0.6, 0.6}},
		RocCurve:        &ROCCurve{FPR: []float64{0, 0.5, 1}, TPR: []float64{0, 0.8, 1}},
	}
	views := (&ClassificationQualityResult{Labels: []string{"0", "1"}, Current: s}).Views()
	var kinds []string
	for _, v := range views {
		kinds = append(kinds, v.ViewKind())
	}
	assert.Equal(t, []string{KindCounters, KindTable, KindHeatmap, KindBars, KindLines}, kinds)
	h := views[2].(*Heatmap)
	assert.Equal(t, [][]Float{{5, 1}, {2, 7}}, h.Values)
	roc := views[4].(*Lines)
	assert.Equal(t, "current", roc.Series[0].Name)
	assert.True(t, roc.Series[1].Dashed)

	qq := (&RegressionErrorNormalityResult{Current: &QQPlot{Theoretical: []float64{-1, 0, 1}, Ordered: []float64{-2, 0, 2}, Slope: 2}}).Views()
	l := qq[0].(*Lines)
	assert.True(t, l.Series[0].Points)
	assert.Equal(t, []Float{-2, 2}, l.Series[1].Y)
}

type panicky struct{}

func (panicky) Views() []View { panic("x") }

func TestViewsOf(t *testing.T) {
	assert.Nil(t, ViewsOf(map[string]int{}))
	assert.Nil(t, ViewsOf(panicky{}))
	var nilDrift *DataDriftResult
	assert.Nil(t, ViewsOf(nilDrift))
}

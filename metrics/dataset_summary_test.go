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

// datasetFixture builds the frame of quality_refs.json's "dataset" case:
// float columns, and string columns for s and t.
func datasetFixture(t *testing.T) (*dataset.Frame, map[string]json.RawMessage) {
	var d map[string]json.RawMessage
	decode(t, qualityRefs(t)["dataset"], &d)
	var order []string
	var columns map[string][]any
	decode(t, d["order"], &order)
	decode(t, d["columns"], &columns)
	var cols []dataset.Column
	for _, name := range order {
		if name == "s" || name == "t" {
			cols = append(cols, fixtureStrings(name, dataset.Categorical, columns[name]))
		} else {
			cols = append(cols, dataset.NewNumericColumn(name, fixtureFloats(t, columns[name])))
		}
	}
	return frameOf(t, cols...), d
}

func TestDatasetSummaryAgreesWithPandas(t *testing.T) {
	f, d := datasetFixture(t)
	m := &metrics.DatasetSummary{AlmostDuplicatedThreshold: 0.7, AlmostConstantThreshold: 0.85}
	res, err := m.Compute(context.Background(), &metrics.Input{Current: f, Reference: f, Cache: &metrics.Cache{}})
	require.NoError(t, err)
	r := res.(*metrics.DatasetSummaryResult)
	require.NotNil(t, r.Reference)
	s := r.Current
	var want struct {
		Rows            int `json:"rows"`
		MissingCells    int `json:"missing_cells"`
		RowsWithMissing int `json:"rows_with_missing"`
		ColsWithMissing int `json:"columns_with_missing"`
		DuplicatedRows  int `json:"duplicated_rows"`
		EmptyRows       int `json:"empty_rows"`
	}
	raw, _ := json.Marshal(d)
	decode(t, raw, &want)
	var dupCols, almostDup [][2]string
	var constant, almostConst, empty []string
	decode(t, d["duplicated_columns"], &dupCols)
	decode(t, d["almost_duplicated_columns_0.7"], &almostDup)
	decode(t, d["constant_columns"], &constant)
	decode(t, d["almost_constant_columns_0.85"], &almostConst)
	decode(t, d["empty_columns"], &empty)

	assert.Equal(t, want.Rows, s.Rows)
	assert.Equal(t, 7, s.Columns)
	assert.Equal(t, map[string]int{"numerical": 5, "categorical": 2}, s.ColumnsByType)
	assert.Equal(t, want.MissingCells, s.MissingCells)
	rel(t, f64(float64(want.MissingCells)/float64(7*want.Rows)), s.MissingCellsShare, "missing_cells_share")
	assert.Equal(t, want.RowsWithMissing, s.RowsWithMissing)
	assert.Equal(t, want.ColsWithMissing, s.ColumnsWithMissing)
	assert.Equal(t, want.DuplicatedRows, s.DuplicatedRows)
	assert.Equal(t, want.EmptyRows, s.EmptyRows)
	assert.Equal(t, pairGroups(dupCols), s.Lists.DuplicatedColumns)
	assert.Equal(t, len(dupCols), s.DuplicatedColumns, "pairs, as Evidently counts")
	assert.Equal(t, almostDup, s.Lists.AlmostDuplicatedColumns)
	assert.ElementsMatch(t, constant, s.Lists.ConstantColumns)
	assert.Equal(t, len(constant), s.ConstantColumns)
	assert.ElementsMatch(t, almostConst, s.Lists.AlmostConstantColumns)
	assert.Equal(t, empty, s.Lists.EmptyColumns)
	assert.Equal(t, 1, s.EmptyColumns)
}

// pairGroups turns pandas' list of equal pairs (itertools.combinations
// order) into groups of equal columns, each in frame order, ordered by
// their first column.
func pairGroups(pairs [][2]string) [][]string {
	groups := [][]string{}
	at := map[string]int{}
	for _, p := range pairs {
		g, ok := at[p[0]]
		if !ok {
			g = len(groups)
			groups = append(groups, []string{p[0]})
			at[p[0]] = g
		}
		if _, ok := at[p[1]]; !ok {
			groups[g] = append(groups[g], p[1])
			at[p[1]] = g
		}
	}
	return groups
}

func TestDatasetSummaryDuplicatesAndEmptyRows(t *testing.T) {
	x := dataset.NewNumericColumn("x", []float64{1, 1, naN(), naN(), 2, 1})
	s := dataset.NewStringColumn("s", dataset.Categorical, []string{"a", "a", "", "", "a", "b"}, []bool{false, false, true, true, false, false})
	f := frameOf(t, x, s)
	res, err := (&metrics.DatasetSummary{}).Compute(context.Background(), &metrics.Input{Current: f})
	require.NoError(t, err)
	st := res.(*metrics.DatasetSummaryResult).Current
	assert.Equal(t, 2, st.DuplicatedRows, "row 1 repeats row 0, row 3 (all missing) repeats row 2")
	assert.Equal(t, 2, st.EmptyRows)
	assert.Equal(t, 2, st.RowsWithMissing)
	assert.Equal(t, 0, st.DuplicatedColumns, "different types are never duplicates")
}

func TestDatasetSummaryOptionsAndEmptyFrame(t *testing.T) {
	_, err := (&metrics.DatasetSummary{AlmostConstantThreshold: 0.2}).Compute(context.Background(),
		&metrics.Input{Current: frameOf(t, dataset.NewNumericColumn("x", nil))})
	require.ErrorIs(t, err, metrics.ErrOption)
	res, err := (&metrics.DatasetSummary{}).Compute(context.Background(),
		&metrics.Input{Current: frameOf(t, dataset.NewNumericColumn("x", nil))})
	require.NoError(t, err)
	b, err := json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"missing_cells_share":null`)
}

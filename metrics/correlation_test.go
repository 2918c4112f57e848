package metrics_test

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

func TestCorrelationsAgreeWithPandasAndSciPy(t *testing.T) {
	var c struct {
		Numeric     map[string][]any `json:"numeric"`
		Categorical map[string][]any `json:"categorical"`
		NumCols     []string         `json:"numeric_columns"`
		CatCols     []string         `json:"categorical_columns"`
		Pearson     [][]*float64     `json:"pearson"`
		Spearman    [][]*float64     `json:"spearman"`
		Kendall     [][]*float64     `json:"kendall"`
		CramerV     [][]*float64     `json:"cramer_v"`
	}
	decode(t, qualityRefs(t)["correlations"], &c)
	var cols []dataset.Column
	for _, n := range c.NumCols {
		cols = append(cols, dataset.NewNumericColumn(n, fixtureFloats(t, c.Numeric[n])))
	}
	for _, n := range c.CatCols {
		cols = append(cols, fixtureStrings(n, dataset.Categorical, c.Categorical[n]))
	}
	f := frameOf(t, cols...)
	res, err := (&metrics.Correlations{}).Compute(context.Background(), &metrics.Input{Current: f, Reference: f, Cache: &metrics.Cache{}})
	require.NoError(t, err)
	r := res.(*metrics.CorrelationsResult)
	for kind, want := range map[string][][]*float64{"pearson": c.Pearson, "spearman": c.Spearman, "kendall": c.Kendall, "cramer_v": c.CramerV} {
		m := r.Current.Matrix(kind)
		names := c.NumCols
		if kind == "cramer_v" {
			names = c.CatCols
		}
		require.Equal(t, names, m.Columns, "%s: the constant x4, the empty x5 and the constant c4 are kept", kind)
		for i := range want {
			for j := range want[i] {
				w := want[i][j]
				if kind == "kendall" && names[i] == "x4" && i == j {
					// pandas sets the Kendall diagonal to 1.0 before
					// looking at the data; the correlation of a constant
					// column is undefined, as pandas says for Pearson.
					require.Equal(t, 1.0, *w, "pandas' value")
					w = nil
				}
				rel(t, w, m.Values[i][j], kind+" "+names[i]+"/"+names[j])
			}
		}
		require.NotEmpty(t, m.Top)
		assert.Equal(t, math.Abs(float64(m.Top[0].Value)), maxOffDiagonal(m), kind)
		assert.Zero(t, r.Changes[kind].MaxAbs, "the same data has no change")
	}
	assert.Equal(t, []string{
		`column "x4" is constant in the current data: its correlations are undefined (null)`,
		`column "x5" has no values in the current data: its correlations are undefined (null)`,
		`column "c4" is constant in the current data: its correlations are undefined (null)`,
		`column "x4" is constant in the reference data: its correlations are undefined (null)`,
		`column "x5" has no values in the reference data: its correlations are undefined (null)`,
		`column "c4" is constant in the reference data: its correlations are undefined (null)`,
	}, r.Notes)
	notes, ok := r.Views()[0].(*metrics.Table)
	require.True(t, ok, "the notes come first in the report")
	assert.Len(t, notes.Rows, len(r.Notes))
	b, err := json.Marshal(r.Current.Pearson)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"columns":["x1","x2","x3","x4","x5"]`)
	assert.Contains(t, string(b), `[null,null,null,null,null]`, "undefined cells are null")
}

func maxOffDiagonal(m *metrics.CorrelationMatrix) float64 {
	best := 0.0
	for i := range m.Values {
		for j := range m.Values[i] {
			if i != j && !math.IsNaN(float64(m.Values[i][j])) {
				best = math.Max(best, math.Abs(float64(m.Values[i][j])))
			}
		}
	}
	return best
}

func TestCorrelationChanges(t *testing.T) {
	ref := frameOf(t, dataset.NewNumericColumn("a", []float64{1, 2, 3, 4, 5}), dataset.NewNumericColumn("b", []float64{2, 4, 6, 8, 10}))
	cur := frameOf(t, dataset.NewNumericColumn("a", []float64{1, 2, 3, 4, 5}), dataset.NewNumericColumn("b", []float64{10, 8, 6, 4, 2}))
	res, err := (&metrics.Correlations{}).Compute(context.Background(), &metrics.Input{Current: cur, Reference: ref})
	require.NoError(t, err)
	r := res.(*metrics.CorrelationsResult)
	assert.InDelta(t, 2, float64(r.Changes["pearson"].MaxAbs), 1e-12, "from +1 to -1")
	assert.InDelta(t, -2, float64(r.Changes["kendall"].Pairs[0].Value), 1e-12)
	assert.Empty(t, r.Changes["cramer_v"].Pairs)
}

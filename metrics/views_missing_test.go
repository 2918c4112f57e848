package metrics

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

func TestMissingValuesViews(t *testing.T) {
	cur, err := dataset.New("c", dataset.NewNumericColumn("x", []float64{1, math.NaN(), math.Inf(1)}),
		dataset.NewStringColumn("s", dataset.Categorical, []string{"a", "", "b"}, nil))
	require.NoError(t, err)
	ref, err := dataset.New("r", dataset.NewNumericColumn("x", []float64{1, 2, 3}))
	require.NoError(t, err)
	in := &Input{Current: cur, Reference: ref, Definition: &dataset.Definition{}}
	res, err := (&DatasetMissingValues{}).Compute(context.Background(), in)
	require.NoError(t, err)
	views := res.(*DatasetMissingValuesResult).Views()
	require.Len(t, views, 3)
	assert.Equal(t, Float(3), views[0].(*Counters).Items[0].Value, "null, inf and the empty string")
	tab := views[1].(*Table)
	require.Len(t, tab.Rows, 2)
	assert.Equal(t, "-", tab.Rows[1].Cells[4].Text, "s is not in the reference")
	assert.Equal(t, StatusWarn, tab.Rows[0].Cells[1].Status)
	bars := views[2].(*Bars)
	assert.Equal(t, []string{`""`, "inf", "-inf", "null"}, bars.Categories)
	assert.Equal(t, []Float{1, 1, 0, 1}, bars.Series[0].Values)
	require.Len(t, bars.Series, 2)

	one, err := (&ColumnMissingValues{Column: "x"}).Compute(context.Background(), in)
	require.NoError(t, err)
	cv := one.(*ColumnMissingValuesResult).Views()
	require.Len(t, cv, 2)
	assert.Equal(t, Float(2), cv[0].(*Counters).Items[0].Value)
	_, err = json.Marshal(append(views, cv...))
	require.NoError(t, err)
}

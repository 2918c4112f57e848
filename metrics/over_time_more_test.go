package metrics_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// overTimeMoreRefs are internal/testdata/gen/overtime_more_refs.py's
// cases: pandas' per-bucket count, mean and std of a regression's series,
// and pandas.crosstab's counts of the top categories per bucket.
type overTimeMoreRefs struct {
	Regression struct {
		Period             string
		Reference, Current struct {
			TS []string   `json:"ts"`
			Y  []*float64 `json:"y"`
			P  []*float64 `json:"p"`
		}
		WantReference regressionTimeWant `json:"want_reference"`
		WantCurrent   regressionTimeWant `json:"want_current"`
	}
	Categories struct {
		Period             string
		Reference, Current struct {
			TS []string  `json:"ts"`
			C  []*string `json:"c"`
		}
		WantReference metrics.OverTimeSide `json:"want_reference"`
		WantCurrent   metrics.OverTimeSide `json:"want_current"`
	}
}

type regressionTimeWant struct {
	Start                    []string
	Actual, Predicted, Error overTimeWant
	APE                      overTimeWant `json:"ape"`
}

func timesOf(t *testing.T, ts []string) []time.Time {
	t.Helper()
	out := make([]time.Time, len(ts))
	for i, s := range ts {
		tm, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		out[i] = tm
	}
	return out
}

func checkStats(t *testing.T, what string, got metrics.SeriesStats, want overTimeWant) {
	t.Helper()
	assert.Equal(t, want.Count, got.Count, what+" count")
	require.Len(t, got.Mean, len(want.Mean), what)
	for i := range want.Mean {
		rel(t, want.Mean[i], got.Mean[i], fmt.Sprintf("%s bucket %d mean", what, i))
		rel(t, want.Std[i], got.Std[i], fmt.Sprintf("%s bucket %d std", what, i))
	}
}

func TestRegressionOverTimeAgreesWithPandas(t *testing.T) {
	b, err := os.ReadFile("testdata/overtime_more_refs.json")
	require.NoError(t, err)
	var refs overTimeMoreRefs
	require.NoError(t, json.Unmarshal(b, &refs))
	r := refs.Regression
	frame := func(ts []string, y, p []*float64) *dataset.Frame {
		return frameOf(t, dataset.NewTimeColumn("ts", timesOf(t, ts), nil), dataset.NewNumericColumn("y", unptr(y)),
			dataset.NewNumericColumn("p", unptr(p)))
	}
	in := &metrics.Input{Reference: frame(r.Reference.TS, r.Reference.Y, r.Reference.P), Current: frame(r.Current.TS, r.Current.Y, r.Current.P),
		Definition: &dataset.Definition{Target: "y", Prediction: "p", Datetime: "ts"}}
	res, err := (&metrics.RegressionOverTime{}).Compute(context.Background(), in)
	require.NoError(t, err)
	got := res.(*metrics.RegressionOverTimeResult)
	assert.Equal(t, r.Period, got.Period)
	for _, side := range []struct {
		name string
		got  *metrics.RegressionTimeSide
		want regressionTimeWant
	}{{"reference", got.Reference, r.WantReference}, {"current", got.Current, r.WantCurrent}} {
		require.NotNil(t, side.got, side.name)
		assert.Equal(t, side.want.Start, side.got.Start, side.name)
		checkStats(t, side.name+" actual", side.got.Actual, side.want.Actual)
		checkStats(t, side.name+" predicted", side.got.Predicted, side.want.Predicted)
		checkStats(t, side.name+" error", side.got.Error, side.want.Error)
		checkStats(t, side.name+" abs percentage error", side.got.AbsPercentageError, side.want.APE)
	}
}

func TestColumnOverTimeCategoriesAgreeWithPandas(t *testing.T) {
	b, err := os.ReadFile("testdata/overtime_more_refs.json")
	require.NoError(t, err)
	var refs overTimeMoreRefs
	require.NoError(t, json.Unmarshal(b, &refs))
	c := refs.Categories
	frame := func(ts []string, cats []*string) *dataset.Frame {
		return frameOf(t, dataset.NewTimeColumn("ts", timesOf(t, ts), nil), nullableStrings("c", cats))
	}
	in := &metrics.Input{Reference: frame(c.Reference.TS, c.Reference.C), Current: frame(c.Current.TS, c.Current.C),
		Definition: &dataset.Definition{Datetime: "ts"}}
	res, err := (&metrics.ColumnOverTime{Column: "c"}).Compute(context.Background(), in)
	require.NoError(t, err)
	got := res.(*metrics.OverTimeResult)
	assert.Equal(t, c.Period, got.Period)
	assert.Equal(t, c.WantReference, *got.Reference)
	assert.Equal(t, c.WantCurrent, *got.Current)
}

package metrics_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// overTimeRefs are internal/testdata/gen/overtime_refs.py's cases: the
// period Evidently's choose_agg_period picks and pandas' per-period count,
// mean and std (groupby(to_period(freq)).agg).
type overTimeRefs struct {
	Cases []struct {
		Name, Period       string
		Reference, Current struct {
			TS     []string   `json:"ts"`
			Values []*float64 `json:"values"`
		}
		WantReference overTimeWant `json:"want_reference"`
		WantCurrent   overTimeWant `json:"want_current"`
	}
}

type overTimeWant struct {
	Start []string   `json:"start"`
	Count []int      `json:"count"`
	Mean  []*float64 `json:"mean"`
	Std   []*float64 `json:"std"`
}

func overTimeFrame(t *testing.T, name string, ts []string, vals []*float64) *dataset.Frame {
	t.Helper()
	f, err := dataset.New(name, dataset.NewTimeColumn("ts", timesOf(t, ts), nil), dataset.NewNumericColumn("x", unptr(vals)))
	require.NoError(t, err)
	return f
}

func checkSide(t *testing.T, what string, got *metrics.OverTimeSide, want overTimeWant) {
	t.Helper()
	require.NotNil(t, got, what)
	assert.Equal(t, want.Start, got.Start, what)
	require.NotNil(t, got.Values, what)
	assert.Equal(t, want.Count, got.Values.Count, what)
	for i := range want.Mean {
		for _, p := range []struct {
			name string
			want *float64
			got  metrics.Float
		}{{"mean", want.Mean[i], got.Values.Mean[i]}, {"std", want.Std[i], got.Values.Std[i]}} {
			if p.want == nil {
				assert.True(t, math.IsNaN(float64(p.got)), "%s bucket %d %s: got %v, want null", what, i, p.name, p.got)
				continue
			}
			assert.InDelta(t, *p.want, float64(p.got), 1e-9*math.Max(1, math.Abs(*p.want)), "%s bucket %d %s", what, i, p.name)
		}
	}
}

func TestColumnOverTimeAgreesWithPandas(t *testing.T) {
	b, err := os.ReadFile("testdata/overtime_refs.json")
	require.NoError(t, err)
	var refs overTimeRefs
	require.NoError(t, json.Unmarshal(b, &refs))
	require.Len(t, refs.Cases, 8)
	for _, c := range refs.Cases {
		t.Run(c.Name, func(t *testing.T) {
			in := &metrics.Input{
				Reference:  overTimeFrame(t, "ref", c.Reference.TS, c.Reference.Values),
				Current:    overTimeFrame(t, "cur", c.Current.TS, c.Current.Values),
				Definition: &dataset.Definition{Datetime: "ts"},
				Cache:      &metrics.Cache{},
			}
			res, err := (&metrics.ColumnOverTime{Column: "x"}).Compute(context.Background(), in)
			require.NoError(t, err)
			r := res.(*metrics.OverTimeResult)
			assert.Equal(t, c.Period, r.Period)
			checkSide(t, "reference", r.Reference, c.WantReference)
			checkSide(t, "current", r.Current, c.WantCurrent)
			// The summary of the column carries the same view.
			sres, err := (&metrics.ColumnSummary{Column: "x"}).Compute(context.Background(), in)
			require.NoError(t, err)
			a, _ := json.Marshal(r)
			b, _ := json.Marshal(sres.(*metrics.ColumnSummaryResult).OverTime)
			assert.JSONEq(t, string(a), string(b))
		})
	}
}

func TestRegressionOverTime(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	ts := []time.Time{day(0), day(0), day(1), day(3), day(3), day(3)}
	y := []float64{10, 20, 5, 0, 4, 8}
	p := []float64{12, 18, 5, 1, 5, math.NaN()}
	f, err := dataset.New("cur", dataset.NewTimeColumn("ts", ts, nil), dataset.NewNumericColumn("y", y), dataset.NewNumericColumn("p", p))
	require.NoError(t, err)
	res, err := (&metrics.RegressionOverTime{}).Compute(context.Background(), &metrics.Input{Current: f,
		Definition: &dataset.Definition{Target: "y", Prediction: "p", Datetime: "ts"}})
	require.NoError(t, err)
	r := res.(*metrics.RegressionOverTimeResult)
	assert.Equal(t, "hour", r.Period, "3 days: 72 hourly buckets are nearest 150")
	assert.Equal(t, []string{"2024-01-01T12:00:00Z", "2024-01-02T12:00:00Z", "2024-01-04T12:00:00Z"}, r.Current.Start)
	assert.Equal(t, []int{2, 1, 2}, r.Current.Error.Count, "the row without a prediction is dropped")
	assert.InDelta(t, 0.0, float64(r.Current.Error.Mean[0]), 1e-12) // (2 + -2)/2
	assert.InDelta(t, math.Sqrt(8), float64(r.Current.Error.Std[0]), 1e-12)
	assert.Equal(t, []int{2, 1, 1}, r.Current.AbsPercentageError.Count, "a zero target has no percentage error")
	assert.InDelta(t, 25.0, float64(r.Current.AbsPercentageError.Mean[2]), 1e-12) // 100·1/4
	assert.InDelta(t, 15.0, float64(r.Current.Actual.Mean[0]), 1e-12)
	assert.Len(t, r.Views(), 3)

	_, err = (&metrics.RegressionOverTime{}).Compute(context.Background(), &metrics.Input{Current: f,
		Definition: &dataset.Definition{Target: "y", Prediction: "p"}})
	assert.ErrorIs(t, err, metrics.ErrOption)
	assert.ErrorContains(t, err, "needs the mapping's datetime column")
}

func TestColumnOverTimeCategories(t *testing.T) {
	ts := make([]time.Time, 40)
	cats := make([]string, 40)
	for i := range ts {
		ts[i] = time.Date(2024, 1, 1+i/10, 0, 0, 0, 0, time.UTC)
		cats[i] = string(rune('a' + i%13)) // 13 categories: 10 and "other"
	}
	f, err := dataset.New("cur", dataset.NewTimeColumn("ts", ts, nil), dataset.NewStringColumn("c", dataset.Categorical, cats, nil))
	require.NoError(t, err)
	res, err := (&metrics.ColumnOverTime{Column: "c"}).Compute(context.Background(), &metrics.Input{Current: f, Definition: &dataset.Definition{Datetime: "ts"}})
	require.NoError(t, err)
	r := res.(*metrics.OverTimeResult)
	assert.Equal(t, "hour", r.Period)
	require.Len(t, r.Current.Categories, 11)
	assert.Equal(t, "other", r.Current.Categories[10].Category)
	total := 0
	for _, c := range r.Current.Categories {
		for _, k := range c.Count {
			total += k
		}
	}
	assert.Equal(t, 40, total)
}

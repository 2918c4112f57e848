package html_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

// evil is a column name and a category value that must show as text.
const evil = `</script><script>alert(1)</script>`

// frames returns a reference and a current frame with numCols numerical
// columns (the first named evil), a categorical column with an evil
// category, and a shifted current side.
func frames(t testing.TB, rows, numCols int) (ref, cur *dataset.Frame) {
	t.Helper()
	mk := func(source string, shift float64, seed uint64) *dataset.Frame {
		rng := rand.New(rand.NewPCG(seed, 7))
		var cols []dataset.Column
		for c := 0; c < numCols; c++ {
			name := fmt.Sprintf("x%03d", c)
			if c == 0 {
				name = evil
			}
			v := make([]float64, rows)
			for i := range v {
				v[i] = rng.NormFloat64()*float64(1+c%3) + shift*float64(c%2)
			}
			cols = append(cols, dataset.NewNumericColumn(name, v))
		}
		cats := []string{"a", "b", evil, `"quoted" & <b>bold</b>`}
		v := make([]string, rows)
		for i := range v {
			k := rng.IntN(len(cats))
			if shift > 0 && rng.Float64() < 0.3 {
				k = 2
			}
			v[i] = cats[k]
		}
		cols = append(cols, dataset.NewStringColumn("category", dataset.Categorical, v, nil))
		f, err := dataset.New(source, cols...)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	return mk(evil+".csv", 0, 1), mk("current.csv", 0.8, 2)
}

// allViews is a user's metric whose result draws every kind of view.
type allViews struct{}

func (allViews) Name() string { return "AllViews" }
func (allViews) Compute(context.Context, *metrics.Input) (metrics.Result, error) {
	return &allViewsResult{N: 3}, nil
}

type allViewsResult struct {
	N int `json:"n"`
}

func (r *allViewsResult) Views() []metrics.View {
	x := []metrics.Float{0, 0.1, 0.4, 1}
	y := []metrics.Float{0, 0.5, 0.8, 1}
	return []metrics.View{
		&metrics.Counters{Title: "counters", Items: []metrics.Counter{{Label: evil, Value: 1.5}, {Label: "nan", Value: metrics.Float(math.NaN())}}},
		&metrics.Lines{Title: "ROC " + evil, XLabel: "fpr", YLabel: "tpr", Series: []metrics.LineSeries{
			{Name: "ROC", X: x, Y: y}, {Name: "random", X: []metrics.Float{0, 1}, Y: []metrics.Float{0, 1}, Dashed: true},
			{Name: "points", X: x, Y: y, Points: true}}},
		&metrics.Heatmap{Title: "confusion", XLabels: []string{"a", evil}, YLabels: []string{"a", evil},
			Values: [][]metrics.Float{{5, 1}, {2, metrics.Float(math.NaN())}}},
		&metrics.Bars{Title: "bars", Categories: []string{evil, "b"}, Series: []metrics.Series{{Name: "reference", Values: []metrics.Float{1, 2}}}},
		&metrics.HistogramView{Title: "hist", Edges: []float64{0, 1, 2}, Current: []float64{3, 4}},
	}
}

// plain is a user's metric without views: a table of its JSON.
type plain struct{}

func (plain) Name() string { return "Plain" }
func (plain) Compute(context.Context, *metrics.Input) (metrics.Result, error) {
	return map[string]any{"column": evil, "values": []float64{1, 2, 3}, "nested": map[string]any{"ok": true}}, nil
}

// failing is a metric that errors, with an evil message.
type failing struct{}

func (failing) Name() string { return "Failing" }
func (failing) Compute(context.Context, *metrics.Input) (metrics.Result, error) {
	return nil, fmt.Errorf("broken %s", evil)
}

// evilSnapshot runs a report over the evil frames with drift, summary and
// correlation metrics, user metrics and tests of every status.
func evilSnapshot(t testing.TB, rows, numCols int) *report.Snapshot {
	t.Helper()
	ref, cur := frames(t, rows, numCols)
	share := 0.9
	r := &report.Report{
		Metrics: []metrics.Metric{
			&metrics.DataDrift{},
			&metrics.ColumnSummary{Column: evil},
			&metrics.ColumnSummary{Column: "category"},
			&metrics.Correlations{},
			allViews{}, plain{}, failing{},
		},
		Tests: []tests.Test{
			&tests.ShareOfDriftedColumns{},
			&tests.ShareOfDriftedColumns{DriftMetric: tests.DriftMetric{DriftShare: &share}},
			&tests.NumberOfDriftedColumns{Base: tests.Base{IsCritical: new(bool)}},
		},
	}
	return run(t, r, ref, cur)
}

// driftSnapshot is a DataDrift report alone.
func driftSnapshot(t testing.TB, rows, numCols int) *report.Snapshot {
	t.Helper()
	ref, cur := frames(t, rows, numCols)
	return run(t, &report.Report{Metrics: []metrics.Metric{&metrics.DataDrift{}}}, ref, cur)
}

func run(t testing.TB, r *report.Report, ref, cur *dataset.Frame) *report.Snapshot {
	t.Helper()
	s, err := r.Run(context.Background(), report.Data{Reference: ref, Current: cur}, &report.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

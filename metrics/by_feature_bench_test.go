package metrics_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// benchModelFrame is n rows of a regression or classification model's
// data: a numerical feature, a categorical feature of 50 categories, an
// hourly timestamp, the target and the prediction.
func benchModelFrame(b *testing.B, n int, class bool, seed uint64) *dataset.Frame {
	b.Helper()
	r := rand.New(rand.NewPCG(seed, 19))
	x, ts := make([]float64, n), make([]time.Time, n)
	cats, labs, preds := make([]string, n), make([]string, n), make([]string, n)
	y, p := make([]float64, n), make([]float64, n)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range x {
		x[i] = r.NormFloat64()*3 + 10
		cats[i] = fmt.Sprintf("c%02d", r.IntN(50))
		ts[i] = start.Add(time.Duration(i) * time.Hour / time.Duration(max(1, n/5000)))
		y[i] = 2*x[i] + r.NormFloat64()
		p[i] = y[i] + r.NormFloat64()
		labs[i], preds[i] = fmt.Sprint(r.IntN(3)), fmt.Sprint(r.IntN(3))
	}
	cols := []dataset.Column{dataset.NewNumericColumn("x", x), dataset.NewStringColumn("c", dataset.Categorical, cats, nil),
		dataset.NewTimeColumn("ts", ts, nil)}
	if class {
		cols = append(cols, dataset.NewStringColumn("y", dataset.Categorical, labs, nil), dataset.NewStringColumn("p", dataset.Categorical, preds, nil))
	} else {
		cols = append(cols, dataset.NewNumericColumn("y", y), dataset.NewNumericColumn("p", p))
	}
	f, err := dataset.New("bench", cols...)
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// BenchmarkByFeatureAndOverTime runs the by-feature tables and the
// over-time views on 2n rows (n per dataset) at two sizes and reports
// ns_per_row: about equal at both sizes when the work grows linearly
// with the rows. -short uses 10,000 and 50,000 rows per dataset,
// else 100,000 and 1,000,000.
func BenchmarkByFeatureAndOverTime(b *testing.B) {
	sizes := []int{100_000, 1_000_000}
	if testing.Short() {
		sizes = []int{10_000, 50_000}
	}
	def := &dataset.Definition{Target: "y", Prediction: "p", Datetime: "ts", Numerical: []string{"x"}, Categorical: []string{"c"}}
	for _, class := range []bool{true, false} {
		for _, n := range sizes {
			in := &metrics.Input{Reference: benchModelFrame(b, n, class, 1), Current: benchModelFrame(b, n, class, 2), Definition: def}
			ms := []metrics.Metric{&metrics.TargetByFeaturesTable{}, &metrics.ColumnOverTime{Column: "x"}, &metrics.ColumnOverTime{Column: "c"}}
			task := "regression"
			if class {
				task = "classification"
				ms = append(ms, &metrics.ClassificationQualityByFeatureTable{})
			} else {
				ms = append(ms, &metrics.RegressionOverTime{}, &metrics.RegressionPredictedVsActual{})
			}
			for _, m := range ms {
				name := m.Name()
				if c, ok := m.(*metrics.ColumnOverTime); ok {
					name += "(" + c.Column + ")"
				}
				b.Run(fmt.Sprintf("%s/%s/rows=%d", task, name, 2*n), func(b *testing.B) {
					for b.Loop() {
						in.Cache = &metrics.Cache{}
						if _, err := m.Compute(context.Background(), in); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(2*n), "ns_per_row")
				})
			}
		}
	}
}

// BenchmarkDriftImportance times DataDrift with and without
// feature_importance's tree on n rows per dataset (at most 50,000 of each
// reach the tree); -short uses 50,000 rows, else 1,000,000.
func BenchmarkDriftImportance(b *testing.B) {
	n := 1_000_000
	if testing.Short() {
		n = 50_000
	}
	in := &metrics.Input{Reference: benchModelFrame(b, n, false, 1), Current: benchModelFrame(b, n, false, 2),
		Definition: &dataset.Definition{Numerical: []string{"x", "y", "p"}, Categorical: []string{"c"}}}
	for _, fi := range []bool{false, true} {
		b.Run(fmt.Sprintf("feature_importance=%v/rows=%d", fi, 2*n), func(b *testing.B) {
			for b.Loop() {
				in.Cache = &metrics.Cache{}
				if _, err := (&metrics.DataDrift{Columns: []string{"x", "c", "y", "p"}, FeatureImportance: fi}).Compute(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

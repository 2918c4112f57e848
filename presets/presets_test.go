package presets

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

func TestLookup(t *testing.T) {
	_, k, err := Lookup("data-drift", MetricPreset)
	require.NoError(t, err)
	assert.Equal(t, MetricPreset, k)
	f, k, err := Lookup("data-drift", TestPreset)
	require.NoError(t, err)
	assert.Equal(t, TestPreset, k)
	assert.IsType(t, &DataDriftTests{}, f())
	f, k, err = Lookup("metrics:data-drift", TestPreset)
	require.NoError(t, err)
	assert.Equal(t, MetricPreset, k)
	assert.IsType(t, &DataDrift{}, f())
	f, _, err = Lookup("data-stability", MetricPreset) // only a test preset
	require.NoError(t, err)
	assert.Equal(t, "data-stability", f().Name())
	assert.Equal(t, "data-quality", Metrics()["data-quality"]().Name())
	_, _, err = Lookup("tests:classification", MetricPreset)
	assert.ErrorContains(t, err, `unknown preset "classification"`)
	_, _, err = Lookup("data-stabilty", TestPreset)
	assert.ErrorContains(t, err, `unknown preset "data-stabilty" (did you mean "data-stability"?)`)
	_, _, err = Lookup("other:data-drift", MetricPreset)
	assert.ErrorContains(t, err, `unknown kind "other"`)
	for _, names := range [][]string{Names(MetricPreset), Names(TestPreset)} {
		for _, n := range names {
			_, _, err := Lookup(n, "")
			assert.NoError(t, err, n)
		}
	}
	assert.Equal(t, []string{"classification", "data-drift", "data-quality", "data-summary", "regression", "target-drift", "text-evals"}, Names(MetricPreset))
	assert.Len(t, Names(TestPreset), 8)
}

func TestUnregisteredPartsAreNamed(t *testing.T) {
	p := newParts(context.Background(), &metrics.Input{})
	p.metric("NoSuchMetric")
	p.test("ShareOfDriftedColumns") // not reached: the first error stays
	_, err := p.done("x")
	assert.EqualError(t, err, "preset x: metric NoSuchMetric is not registered in this build")
	p = newParts(context.Background(), &metrics.Input{})
	p.test("NoSuchTest")
	_, err = p.done("x")
	assert.EqualError(t, err, "preset x: test NoSuchTest is not registered in this build")
	p = newParts(context.Background(), &metrics.Input{})
	p.generator("NoSuchGenerator")
	_, err = p.done("x")
	assert.EqualError(t, err, "preset x: test generator NoSuchGenerator is not registered in this build")
}

func TestOptionsPassThrough(t *testing.T) {
	share, thr := 0.4, 0.2
	p := &DataDriftTests{DriftOptions: DriftOptions{DriftShare: &share, DriftOptions: metrics.DriftOptions{StatTest: "psi", NumThreshold: &thr}}}
	cur, err := dataset.New("c", dataset.NewNumericColumn("x", []float64{1, 2, 3}), dataset.NewNumericColumn("y", []float64{1, 2, 3}))
	require.NoError(t, err)
	b, err := p.Build(context.Background(), &metrics.Input{Current: cur, Reference: cur, Definition: &dataset.Definition{Target: "y"}})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(b.Tests), 2)
	for _, tt := range b.Tests {
		m := tt.Metric()
		id, err := metrics.ID(m)
		require.NoError(t, err)
		assert.Contains(t, id, "stattest=psi", id)
		assert.Contains(t, id, "num_stattest_threshold=0.2", id)
	}
	dd, err := metrics.ID(b.Tests[0].Metric())
	require.NoError(t, err)
	assert.Contains(t, dd, "drift_share=0.4")

	_, err = (&NoTargetPerformanceTests{}).Build(context.Background(), &metrics.Input{Current: cur, Definition: &dataset.Definition{}})
	assert.ErrorContains(t, err, "no prediction")
	_, err = (&BinaryClassificationTopKTests{}).Build(context.Background(), &metrics.Input{Current: cur, Definition: &dataset.Definition{Target: "y", Prediction: "x"}})
	assert.ErrorContains(t, err, "needs the option k")
}

// flightsPath is the 3-million-row benchmark data set, beside the repo.
const flightsPath = "../../shared/data/flights-3m.parquet"

// TestEveryPresetOnFlights builds and runs every preset on
// flights-3m.parquet, one month against another, with a naive model:
// delay predicted as the origin's mean delay in the reference, "late"
// (delay > 15) predicted from the origin's share of late flights.
func TestEveryPresetOnFlights(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 3 million rows")
	}
	if _, err := os.Stat(flightsPath); err != nil {
		t.Skipf("flights-3m.parquet not found: %v", err)
	}
	ctx := context.Background()
	all, err := dataset.Read(ctx, flightsPath, nil)
	require.NoError(t, err)
	dc, _ := all.Column("date")
	dates := dc.(*dataset.TimeColumn)
	var refRows, curRows []int
	for i := 0; i < all.Len(); i++ {
		tm, ok := dates.Time(i)
		if !ok {
			continue
		}
		switch tm.UTC().Month() {
		case time.January:
			refRows = append(refRows, i)
		case time.February:
			curRows = append(curRows, i)
		}
	}
	require.NotEmpty(t, refRows)
	require.NotEmpty(t, curRows)
	ref, err := withModel(t, all, refRows, refRows)
	require.NoError(t, err)
	cur, err := withModel(t, all, curRows, refRows)
	require.NoError(t, err)
	reg := &dataset.Definition{Target: "delay", Prediction: "pred_delay", Datetime: "date"}
	cls := &dataset.Definition{Target: "late", Prediction: "pred_late", PredictionProbas: []dataset.ProbaColumn{{Label: "1", Column: "p_late"}}, Datetime: "date"}
	k := 1000
	for _, c := range []struct {
		p   Preset
		def *dataset.Definition
	}{
		{&DataDrift{}, reg}, {&DataSummary{}, reg}, {&Classification{}, cls}, {&Regression{}, reg}, {&TargetDrift{}, reg},
		{&DataStabilityTests{}, reg}, {&DataQualityTests{}, reg}, {&DataDriftTests{}, reg}, {&NoTargetPerformanceTests{}, reg},
		{&RegressionTests{}, reg}, {&BinaryClassificationTests{}, cls}, {&BinaryClassificationTopKTests{K: &k}, cls},
		{&MulticlassClassificationTests{}, cls},
	} {
		t.Run(c.p.Name(), func(t *testing.T) {
			in := &metrics.Input{Reference: ref, Current: cur, Definition: c.def, Cache: &metrics.Cache{}}
			b, err := c.p.Build(ctx, in)
			require.NoError(t, err)
			ms := append([]metrics.Metric(nil), b.Metrics...)
			for _, tt := range b.Tests {
				ms = append(ms, tt.Metric())
			}
			require.NotEmpty(t, ms)
			seen := map[string]bool{}
			for _, m := range ms {
				id, err := metrics.ID(m)
				require.NoError(t, err)
				if seen[id] {
					continue
				}
				seen[id] = true
				_, err = m.Compute(ctx, in)
				assert.NoError(t, err, id)
			}
		})
	}
}

// withModel returns the rows of f with the naive model's columns, fitted on
// the fit rows.
func withModel(t *testing.T, f *dataset.Frame, rows, fit []int) (*dataset.Frame, error) {
	t.Helper()
	dcol, _ := f.Column("delay")
	delay := dcol.(*dataset.NumericColumn).Values()
	ocol, _ := f.Column("origin")
	origin := ocol.(*dataset.StringColumn)
	sum, n, late := map[string]float64{}, map[string]float64{}, map[string]float64{}
	for _, i := range fit {
		o, _ := origin.Value(i)
		sum[o] += delay[i]
		n[o]++
		if delay[i] > 15 {
			late[o]++
		}
	}
	sub, err := f.Take(rows)
	if err != nil {
		return nil, err
	}
	pred, p, isLate, predLate := make([]float64, len(rows)), make([]float64, len(rows)), make([]string, len(rows)), make([]string, len(rows))
	for j, i := range rows {
		o, _ := origin.Value(i)
		if n[o] > 0 {
			pred[j], p[j] = sum[o]/n[o], late[o]/n[o]
		}
		isLate[j], predLate[j] = "0", "0"
		if delay[i] > 15 {
			isLate[j] = "1"
		}
		if p[j] >= 0.5 {
			predLate[j] = "1"
		}
	}
	cols := append(sub.Columns(), dataset.NewNumericColumn("pred_delay", pred), dataset.NewNumericColumn("p_late", p),
		dataset.NewStringColumn("late", dataset.Categorical, isLate, nil), dataset.NewStringColumn("pred_late", dataset.Categorical, predLate, nil))
	return dataset.New(strings.TrimSuffix(f.Source(), ".parquet")+"-part", cols...)
}

func TestDriftPresetsCheckEachEmbeddingsGroup(t *testing.T) {
	var cols []dataset.Column
	for _, n := range []string{"p", "x", "t0", "t1", "i0", "i1"} {
		cols = append(cols, dataset.NewNumericColumn(n, []float64{1, 2, 3}))
	}
	f, err := dataset.New("data.csv", cols...)
	require.NoError(t, err)
	in := &metrics.Input{Reference: f, Current: f, Definition: &dataset.Definition{Prediction: "p",
		Embeddings: map[string][]string{"text": {"t0", "t1"}, "image": {"i0", "i1"}}}}
	groups := func(b *Bundle) []string {
		var out []string
		for _, m := range b.Metrics {
			if e, ok := m.(*metrics.EmbeddingsDrift); ok {
				out = append(out, e.Embeddings)
			}
		}
		for _, x := range b.Tests {
			if e, ok := x.Metric().(*metrics.EmbeddingsDrift); ok {
				out = append(out, e.Embeddings)
			}
		}
		return out
	}
	for _, p := range []Preset{&DataDrift{}, &DataDriftTests{}, &NoTargetPerformanceTests{}} {
		b, err := p.Build(context.Background(), in)
		require.NoError(t, err, p.Name())
		assert.Equal(t, []string{"image", "text"}, groups(b), p.Name())
	}
	b, err := (&DataDrift{}).Build(context.Background(), &metrics.Input{Current: f, Definition: &dataset.Definition{}})
	require.NoError(t, err)
	assert.Empty(t, groups(b), "no embeddings, no EmbeddingsDrift")
}

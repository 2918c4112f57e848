package monitor_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/monitor"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

// gather returns every sample of reg as "name{label=value,...}" -> value,
// labels sorted by name, dataset left out.
func gather(t *testing.T, reg prometheus.Gatherer) map[string]float64 {
	t.Helper()
	fams, err := reg.Gather()
	require.NoError(t, err)
	out := map[string]float64{}
	for _, f := range fams {
		for _, m := range f.GetMetric() {
			var parts []string
			for _, l := range m.GetLabel() {
				if l.GetName() != "dataset" {
					parts = append(parts, l.GetName()+"="+l.GetValue())
				}
			}
			key := f.GetName()
			if len(parts) > 0 {
				key += "{" + strings.Join(parts, ",") + "}"
			}
			switch f.GetType() {
			case dto.MetricType_COUNTER:
				out[key] = m.GetCounter().GetValue()
			case dto.MetricType_GAUGE:
				out[key] = m.GetGauge().GetValue()
			case dto.MetricType_HISTOGRAM:
				out[key+"_count"] = float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return out
}

// driftRef returns a reference of 500 rows: x ~ N(0,1), y ~ N(5,2), a
// category of three levels, and a binary target and prediction.
func driftRows(n int, shift float64, seed uint64, header bool) string {
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	if header {
		b.WriteString("x,y,c,target,prediction\n")
	}
	for i := 0; i < n; i++ {
		x := r.NormFloat64() + shift
		y := 5 + 2*r.NormFloat64() + 2*shift
		c := []string{"a", "b", "c"}[r.IntN(3)]
		if shift > 0 && r.Float64() < 0.5 {
			c = "c"
		}
		target := r.IntN(2)
		pred := target
		if r.Float64() < 0.2 {
			pred = 1 - target
		}
		if i%50 == 7 {
			fmt.Fprintf(&b, "%.6f,,%s,%d,%d\n", x, c, target, pred)
			continue
		}
		fmt.Fprintf(&b, "%.6f,%.6f,%s,%d,%d\n", x, y, c, target, pred)
	}
	return b.String()
}

func TestRecomputeMatchesReportAndMetrics(t *testing.T) {
	ref := readRef(t, driftRows(500, 0, 1, true))
	def := &dataset.Definition{Target: "target", Prediction: "prediction"}
	rep := &report.Report{Presets: []presets.Preset{&presets.DataDrift{}, &presets.DataSummary{}, &presets.Classification{}},
		Tests: []tests.Test{&tests.ShareOfDriftedColumns{Base: tests.Base{Condition: tests.Condition{Lt: tests.Ptr(0.3)}}}}}
	m := newMonitor(t, monitor.Config{Reference: ref, Definition: def, Report: rep, Window: monitor.Window{Rows: 300}}, nil)
	reg := prometheus.NewPedanticRegistry()
	require.NoError(t, reg.Register(m))
	before := gather(t, reg)
	assert.Equal(t, 0.0, before["telltale_window_rows"])
	_, hasDrift := before["telltale_dataset_drift"]
	assert.False(t, hasDrift, "no drift gauge before the first recomputation")

	_, err := m.Ingest([]byte(driftRows(400, 1, 2, true)), monitor.FormatCSV)
	require.NoError(t, err)
	res, err := m.Recompute(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(1), res.Seq)
	assert.Same(t, res, m.Last())
	assert.Equal(t, 300, res.Current.Len())

	// The library's own report over the same window gives the same snapshot.
	cur := window(t, m)
	want, err := rep.Run(context.Background(), report.Data{Reference: ref, Current: cur, Definition: def},
		&report.Options{Clock: func() time.Time { return res.WindowAt }})
	require.NoError(t, err)
	assert.Equal(t, want.Summary, res.Snapshot.Summary)
	assert.Equal(t, len(want.Metrics), len(res.Snapshot.Metrics))

	got := gather(t, reg)
	var drift *metrics.DataDriftResult
	var class *metrics.ClassificationQualityResult
	for _, e := range want.Metrics {
		switch r := e.Result.(type) {
		case *metrics.DataDriftResult:
			drift = r
		case *metrics.ClassificationQualityResult:
			class = r
		}
	}
	require.NotNil(t, drift)
	require.NotNil(t, class)
	assert.True(t, drift.DatasetDrift, "x and c drift, y does not")
	assert.Equal(t, 1.0, got["telltale_dataset_drift"])
	assert.Equal(t, float64(drift.NumberOfDriftedColumns), got["telltale_drifted_columns"])
	assert.Equal(t, float64(drift.NumberOfColumns), got["telltale_drift_tested_columns"])
	assert.Equal(t, float64(drift.ShareOfDriftedColumns), got["telltale_drifted_columns_ratio"])
	for _, c := range drift.Columns {
		key := fmt.Sprintf("{column=%s,stattest=%s}", c.Column, c.StatTest)
		assert.Equal(t, float64(c.Score), got["telltale_column_drift_score"+key], c.Column)
		assert.Equal(t, float64(c.Threshold), got["telltale_column_drift_threshold"+key], c.Column)
		assert.Equal(t, map[bool]float64{true: 1, false: 0}[c.Drifted == metrics.Drift], got["telltale_column_drifted"+key], c.Column)
	}
	assert.Equal(t, float64(class.Current.Accuracy), got["telltale_classification_accuracy"])
	assert.Equal(t, float64(class.Current.F1), got["telltale_classification_f1"])
	_, hasAUC := got["telltale_classification_roc_auc"]
	assert.False(t, hasAUC, "no probabilities: ROC AUC is undefined and left out")
	yc, _ := cur.Column("y")
	assert.Equal(t, float64(yc.NullN())/300, got["telltale_column_missing_ratio{column=y}"])
	assert.Greater(t, got["telltale_column_missing_ratio{column=y}"], 0.0)
	assert.Equal(t, 1.0, got["telltale_tests{status=FAIL}"])
	assert.Equal(t, 1.0, got["telltale_test_status{status=FAIL,test=ShareOfDriftedColumns}"])
	assert.Equal(t, 0.0, got["telltale_test_status{status=SUCCESS,test=ShareOfDriftedColumns}"])
	assert.Equal(t, 300.0, got["telltale_window_rows"])
	assert.Equal(t, 400.0, got["telltale_rows_accepted_total"])
	assert.Equal(t, 100.0, got["telltale_rows_evicted_total"])
	assert.Equal(t, 300.0, got["telltale_snapshot_rows"])
	assert.Equal(t, 0.0, got["telltale_rows_since_recompute"])
	assert.Equal(t, 1.0, got["telltale_recomputations_total"])
	assert.Equal(t, 1.0, got["telltale_recompute_duration_seconds_count"])
	assert.Equal(t, 0.0, got["telltale_metric_errors"])

	// A rejected batch counts, by reason.
	_, err = m.Ingest([]byte("x,y\n1,2\n3,zz\n"), monitor.FormatCSV)
	require.Error(t, err)
	got = gather(t, reg)
	assert.Equal(t, 2.0, got["telltale_rows_rejected_total"])
	assert.Equal(t, 1.0, got["telltale_batches_rejected_total{reason=invalid_value}"])
	assert.Equal(t, 0.0, got["telltale_batches_rejected_total{reason=malformed}"])
}

func TestRecomputeRegressionMetrics(t *testing.T) {
	refData := "target,prediction\n1,1.5\n2,2.5\n3,2\n4,4.5\n5,5\n"
	def := &dataset.Definition{Target: "target", Prediction: "prediction"}
	ref, err := dataset.ReadCSV(context.Background(), strings.NewReader(refData), "ref.csv",
		&dataset.ReadOptions{Types: map[string]dataset.Type{"target": dataset.Numerical}})
	require.NoError(t, err)
	rep := &report.Report{Presets: []presets.Preset{&presets.Regression{}}}
	m := newMonitor(t, monitor.Config{Reference: ref, Definition: def, Report: rep}, nil)
	_, err = m.Ingest([]byte("target,prediction\n2,2.5\n4,3\n8,9\n10,10\n"), monitor.FormatCSV)
	require.NoError(t, err)
	res, err := m.Recompute(context.Background())
	require.NoError(t, err)
	var rq *metrics.RegressionQualityResult
	for _, e := range res.Snapshot.Metrics {
		if r, ok := e.Result.(*metrics.RegressionQualityResult); ok {
			rq = r
		}
		assert.Empty(t, e.Error, e.ID)
	}
	require.NotNil(t, rq)
	reg := prometheus.NewPedanticRegistry()
	require.NoError(t, reg.Register(m))
	got := gather(t, reg)
	// Hand-computed: errors 0.5, -1, 1, 0.
	assert.InDelta(t, 0.125, got["telltale_regression_mean_error"], 1e-12)
	assert.InDelta(t, 0.625, got["telltale_regression_mean_absolute_error"], 1e-12)
	assert.Equal(t, float64(rq.Current.RMSE), got["telltale_regression_root_mean_squared_error"])
	assert.Equal(t, float64(rq.Current.MAPE)/100, got["telltale_regression_mean_absolute_percentage_error_ratio"])
	assert.Equal(t, float64(rq.Current.R2), got["telltale_regression_r2"])
}

// panicky is a metric that panics.
type panicky struct{}

func (panicky) Name() string { return "Panicky" }
func (panicky) Compute(context.Context, *metrics.Input) (metrics.Result, error) {
	panic("boom")
}

// slow is a metric that says when it starts and waits until released.
type slow struct{ started, release chan struct{} }

func (s *slow) Name() string { return "Slow" }
func (s *slow) Compute(ctx context.Context, _ *metrics.Input) (metrics.Result, error) {
	close(s.started)
	select {
	case <-s.release:
	case <-ctx.Done():
	}
	return map[string]int{"ok": 1}, nil
}

func TestPanicsAreContained(t *testing.T) {
	rep := &report.Report{Metrics: []metrics.Metric{panicky{}}, Presets: []presets.Preset{&presets.DataDrift{}}}
	var hooked atomic.Int32
	m := newMonitor(t, monitor.Config{Report: rep}, &monitor.Options{OnRecompute: func(context.Context, *monitor.Result) {
		hooked.Add(1)
		panic("hook boom")
	}})
	_, err := m.Ingest(rowsJSON(1, 20, 3, time.Now()), monitor.FormatJSON)
	require.NoError(t, err)
	res, err := m.Recompute(context.Background())
	require.NoError(t, err, "a metric's panic is that metric's error")
	assert.Equal(t, int32(1), hooked.Load())
	var found bool
	for _, e := range res.Snapshot.Metrics {
		if e.Metric == "Panicky" {
			found = true
			assert.Contains(t, e.Error, "boom")
			assert.ErrorIs(t, e.Err(), report.ErrMetricPanic)
		}
	}
	assert.True(t, found)
	reg := prometheus.NewPedanticRegistry()
	require.NoError(t, reg.Register(m))
	assert.Equal(t, 1.0, gather(t, reg)["telltale_metric_errors"])

	// A panic outside the metrics (here in a preset) fails that
	// recomputation only.
	bad := newMonitor(t, monitor.Config{Report: &report.Report{Presets: []presets.Preset{panickyPreset{}}}}, nil)
	_, err = bad.Ingest(rowsJSON(1, 20, 3, time.Now()), monitor.FormatJSON)
	require.NoError(t, err)
	_, err = bad.Recompute(context.Background())
	assert.ErrorContains(t, err, "panicked")
	reg = prometheus.NewPedanticRegistry()
	require.NoError(t, reg.Register(bad))
	assert.Equal(t, 1.0, gather(t, reg)["telltale_recompute_errors_total"])
	assert.Nil(t, bad.Last())
}

type panickyPreset struct{}

func (panickyPreset) Name() string { return "panicky" }
func (panickyPreset) Build(context.Context, *metrics.Input) (*presets.Bundle, error) {
	panic("preset boom")
}

// TestIngestNeverWaitsForRecompute: while a recomputation is stuck, rows
// still enter the window, and the staleness shows.
func TestIngestNeverWaitsForRecompute(t *testing.T) {
	s := &slow{started: make(chan struct{}), release: make(chan struct{})}
	m := newMonitor(t, monitor.Config{Report: &report.Report{Metrics: []metrics.Metric{s}}}, nil)
	_, err := m.Ingest(rowsJSON(1, 10, 3, time.Now()), monitor.FormatJSON)
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() {
		_, err := m.Recompute(context.Background())
		done <- err
	}()
	<-s.started // the window is copied; the recomputation is stuck
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	for i := 0; i < 100; i++ {
		_, err := m.Ingest(rowsJSON(11+i*10, 10, 3, time.Now()), monitor.FormatJSON)
		require.NoError(t, err)
	}
	assert.Less(t, time.Since(start), 5*time.Second)
	select {
	case <-done:
		t.Fatal("the recomputation ended before its metric was released")
	default:
	}
	assert.Equal(t, 1010, m.Stats().WindowRows)
	close(s.release)
	require.NoError(t, <-done)
	reg := prometheus.NewPedanticRegistry()
	require.NoError(t, reg.Register(m))
	got := gather(t, reg)
	assert.Equal(t, 1000.0, got["telltale_rows_since_recompute"], "rows that arrived during the recomputation")
	assert.Equal(t, 10.0, got["telltale_snapshot_rows"])
	assert.GreaterOrEqual(t, got["telltale_snapshot_age_seconds"], 0.02)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestRunTriggers(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// every_rows: a recomputation after 100 new rows, none before.
	m := newMonitor(t, monitor.Config{Recompute: monitor.Recompute{EveryRows: 100}}, nil)
	runDone := make(chan error, 1)
	go func() { runDone <- m.Run(ctx) }()
	_, err := m.Ingest(rowsJSON(1, 60, 3, time.Now()), monitor.FormatJSON)
	require.NoError(t, err)
	time.Sleep(50 * time.Millisecond)
	assert.Nil(t, m.Last(), "60 rows are not 100")
	_, err = m.Ingest(rowsJSON(61, 60, 3, time.Now()), monitor.FormatJSON)
	require.NoError(t, err)
	waitFor(t, "the first recomputation", func() bool { return m.Last() != nil })
	assert.Equal(t, 120, m.Last().Current.Len())
	_, err = m.Ingest(rowsJSON(121, 99, 3, time.Now()), monitor.FormatJSON)
	require.NoError(t, err)
	time.Sleep(50 * time.Millisecond)
	assert.Equal(t, int64(1), m.Last().Seq, "99 rows since are not 100")
	_, err = m.Ingest(rowsJSON(220, 1, 3, time.Now()), monitor.FormatJSON)
	require.NoError(t, err)
	waitFor(t, "the second recomputation", func() bool { return m.Last().Seq == 2 })
	assert.Equal(t, 220, m.Last().Current.Len())
	cancel()
	assert.ErrorIs(t, <-runDone, context.Canceled)

	// every: recomputations on the clock, but not of an empty window.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	m2 := newMonitor(t, monitor.Config{Recompute: monitor.Recompute{Every: 20 * time.Millisecond}}, nil)
	go func() { _ = m2.Run(ctx2) }()
	time.Sleep(80 * time.Millisecond)
	assert.Nil(t, m2.Last())
	_, err = m2.Ingest(rowsJSON(1, 10, 3, time.Now()), monitor.FormatJSON)
	require.NoError(t, err)
	waitFor(t, "two timed recomputations", func() bool { r := m2.Last(); return r != nil && r.Seq >= 2 })
}

func TestNewChecksConfig(t *testing.T) {
	ref := readRef(t, refCSV)
	for _, c := range []struct {
		cfg  monitor.Config
		want string
	}{
		{monitor.Config{Name: "a b", Reference: ref}, "dataset name"},
		{monitor.Config{Name: "a"}, "no reference"},
		{monitor.Config{Name: "a", Reference: ref, Window: monitor.Window{Rows: -1}}, "window rows"},
		{monitor.Config{Name: "a", Reference: ref, Window: monitor.Window{Rows: monitor.MaxWindowRows + 1}}, "window rows"},
		{monitor.Config{Name: "a", Reference: ref, Definition: &dataset.Definition{Target: "nope"}}, "nope"},
		{monitor.Config{Name: "a", Reference: ref, Window: monitor.Window{ByDatetime: true}}, "needs a duration"},
	} {
		_, err := monitor.New(c.cfg, nil)
		assert.ErrorContains(t, err, c.want)
	}
	m, err := monitor.New(monitor.Config{Name: "a", Reference: ref}, nil)
	require.NoError(t, err)
	w, r := m.Settings()
	assert.Equal(t, monitor.DefaultWindowRows, w.Rows)
	assert.Equal(t, monitor.DefaultEvery, r.Every)
	_, err = m.Recompute(context.Background())
	assert.ErrorContains(t, err, "empty")
	assert.False(t, errors.Is(err, context.Canceled))
}

package monitor

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
)

// Config describes one monitored dataset.
type Config struct {
	// Name names the dataset in URLs, metric labels and logs: 1 to 100
	// letters, digits, '_', '-' or '.' (report.CheckDatasetName).
	Name string
	// Reference is the reference data; its columns and their types are
	// what incoming rows may hold. Required.
	Reference *dataset.Frame
	// Definition is the column mapping; nil means the zero Definition.
	// The reference must already have the types it lists
	// (Definition.Apply).
	Definition *dataset.Definition
	// Report is what each recomputation runs; nil means the data-drift and
	// data-summary presets.
	Report *report.Report
	// Window bounds the rows the report runs on.
	Window Window
	// Recompute says when the report runs again.
	Recompute Recompute
}

// Window bounds the live window. The zero value keeps the latest
// DefaultWindowRows rows.
type Window struct {
	// Rows keeps at most the latest Rows rows. Zero means DefaultWindowRows,
	// or MaxWindowRows when Duration is set.
	Rows int
	// Duration keeps the rows of the last Duration; zero means no time
	// limit.
	Duration time.Duration
	// ByDatetime measures Duration on the Definition's datetime column,
	// back from the newest datetime accepted, instead of on the time rows
	// arrive. Each row must then have a datetime.
	ByDatetime bool
}

// Recompute says when the report runs again: after EveryRows new rows or
// Every, whichever comes first. The zero value recomputes every
// DefaultEvery.
type Recompute struct {
	EveryRows int
	Every     time.Duration
}

// Defaults and limits of the window and the recomputation.
const (
	DefaultWindowRows = 10000
	MaxWindowRows     = 1_000_000
	DefaultEvery      = 30 * time.Second
)

// Options are the settings a program gives all its monitors. The zero
// value is ready.
type Options struct {
	// Clock returns the current time; nil means time.Now. Arrival times
	// and the age of snapshots are read from it.
	Clock func() time.Time
	// Logger receives a record of each recomputation (slog.LevelInfo) and
	// of each failure (slog.LevelError); nil discards them.
	Logger *slog.Logger
	// Version is the telltale version recorded in snapshots.
	Version string
	// Workers bounds the metrics a recomputation computes at once; zero
	// means GOMAXPROCS.
	Workers int
	// OnRecompute, when set, is called after each successful
	// recomputation with its result, on the goroutine that recomputed
	// (telltale serve logs runs from it). A panic in it is recovered and
	// logged.
	OnRecompute func(ctx context.Context, r *Result)
}

// Result is one recomputation: the report over the window as it was at
// WindowAt.
type Result struct {
	// Seq counts the recomputations of the monitor from 1.
	Seq int64
	// Snapshot is the report's snapshot; render it with the renderers of
	// package render.
	Snapshot *report.Snapshot
	// Reference is the reference frame; Current is the copy of the window
	// the report ran on.
	Reference, Current *dataset.Frame
	// WindowAt is when the window was copied; Duration is how long the
	// report took.
	WindowAt time.Time
	Duration time.Duration
	// Accepted is the number of rows the monitor had accepted when the
	// window was copied.
	Accepted int64
}

// Monitor watches one dataset: it keeps a live window of the rows fed to
// it, recomputes its report in the background (Run), and exposes the
// results as Prometheus metrics (it is a prometheus.Collector).
//
// A Monitor is safe for concurrent use: any number of goroutines may feed
// it rows, read its last result and collect its metrics while it
// recomputes. Feeding never waits for a recomputation.
type Monitor struct {
	name    string
	ref     *dataset.Frame
	def     *dataset.Definition
	rep     *report.Report
	sch     *schema
	cfg     Config
	opts    Options
	log     *slog.Logger
	miss    *missingMarkers
	batches sync.Pool // *batch
	bufs    sync.Pool // *bytes.Buffer, for bodies

	mu       sync.Mutex // guards the window and the counts below
	win      *window
	accepted int64
	ignored  map[string]bool // distinct ignored column names, bounded

	trigger   chan struct{}  // a recomputation is due (every_rows)
	computing sync.Mutex     // one recomputation at a time; guards cache
	cache     *metrics.Cache // the reference's sorted columns and statistics, kept between recomputations
	last      atomic.Pointer[published]
	seq       atomic.Int64

	m *collectorState
}

// New returns a monitor of the dataset cfg describes. It does not start
// the background recomputation: call Run.
func New(cfg Config, opts *Options) (*Monitor, error) {
	if err := report.CheckDatasetName(cfg.Name); err != nil {
		return nil, fmt.Errorf("monitor: %w", err)
	}
	if cfg.Reference == nil || cfg.Reference.NumColumns() == 0 {
		return nil, fmt.Errorf("monitor: %s: no reference data", cfg.Name)
	}
	if opts == nil {
		opts = &Options{}
	}
	m := &Monitor{name: cfg.Name, ref: cfg.Reference, def: cfg.Definition, rep: cfg.Report, cfg: cfg, opts: *opts,
		miss: newMissingMarkers(), trigger: make(chan struct{}, 1), ignored: map[string]bool{}, cache: &metrics.Cache{}}
	if m.def == nil {
		m.def = &dataset.Definition{}
	}
	if err := m.def.Validate(m.ref); err != nil {
		return nil, fmt.Errorf("monitor: %s: %w", cfg.Name, err)
	}
	if m.rep == nil {
		m.rep = &report.Report{Presets: []presets.Preset{&presets.DataDrift{}, &presets.DataSummary{}}}
	}
	if m.opts.Clock == nil {
		m.opts.Clock = time.Now
	}
	m.log = m.opts.Logger
	if m.log == nil {
		m.log = slog.New(slog.DiscardHandler)
	}
	m.log = m.log.With("dataset", cfg.Name)
	m.sch = newSchema(m.ref)

	w := cfg.Window
	switch {
	case w.Rows < 0 || w.Rows > MaxWindowRows:
		return nil, fmt.Errorf("monitor: %s: window rows %d: want 1 to %d", cfg.Name, w.Rows, MaxWindowRows)
	case w.Duration < 0:
		return nil, fmt.Errorf("monitor: %s: negative window duration %v", cfg.Name, w.Duration)
	case w.Rows == 0 && w.Duration > 0:
		w.Rows = MaxWindowRows
	case w.Rows == 0:
		w.Rows = DefaultWindowRows
	}
	timeCol := -1
	if w.ByDatetime {
		if w.Duration == 0 {
			return nil, fmt.Errorf("monitor: %s: a window by datetime needs a duration", cfg.Name)
		}
		if m.def.Datetime == "" {
			return nil, fmt.Errorf("monitor: %s: a window by datetime needs the mapping's datetime column", cfg.Name)
		}
		timeCol = m.sch.index[m.def.Datetime] // Validate checked it is a datetime column
	}
	m.cfg.Window = w
	r := cfg.Recompute
	if r.EveryRows < 0 || r.Every < 0 {
		return nil, fmt.Errorf("monitor: %s: negative recompute setting", cfg.Name)
	}
	if r.EveryRows == 0 && r.Every == 0 {
		r.Every = DefaultEvery
	}
	m.cfg.Recompute = r
	m.win = newWindow(m.sch, w.Rows, w.Duration, timeCol)
	m.batches.New = func() any { return newBatch(m.sch) }
	m.m = newCollectorState(m)
	return m, nil
}

// Name returns the dataset's name.
func (m *Monitor) Name() string { return m.name }

// Reference returns the reference frame.
func (m *Monitor) Reference() *dataset.Frame { return m.ref }

// Definition returns the column mapping.
func (m *Monitor) Definition() *dataset.Definition { return m.def }

// Settings returns the window and recompute settings with their defaults
// filled in.
func (m *Monitor) Settings() (Window, Recompute) { return m.cfg.Window, m.cfg.Recompute }

// Last returns the result of the last successful recomputation, nil
// before the first.
func (m *Monitor) Last() *Result {
	if p := m.last.Load(); p != nil {
		return p.result
	}
	return nil
}

// Window returns a copy of the rows now in the window, as a frame typed as
// the reference.
func (m *Monitor) Window() (*dataset.Frame, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.win.frame(m.source(), m.opts.Clock().UnixNano())
}

func (m *Monitor) source() string { return m.name + " (live window)" }

// Stats are a monitor's counts.
type Stats struct {
	WindowRows     int   `json:"window_rows"`
	Accepted       int64 `json:"rows_accepted"`
	Evicted        int64 `json:"rows_evicted"`
	Recomputations int64 `json:"recomputations"`
}

// Stats returns the monitor's counts now.
func (m *Monitor) Stats() Stats {
	m.mu.Lock()
	s := Stats{WindowRows: m.win.rows(m.opts.Clock().UnixNano()), Accepted: m.accepted, Evicted: m.win.evicted}
	m.mu.Unlock()
	s.Recomputations = m.seq.Load()
	return s
}

// Run recomputes the report in the background until ctx is done: every
// Recompute.Every, and after Recompute.EveryRows new rows, whichever comes
// first; an empty window is not recomputed. Failures are logged and
// counted (telltale_recompute_errors_total); Run goes on. It returns
// ctx.Err() once the recomputation in progress, if any, has stopped.
func (m *Monitor) Run(ctx context.Context) error {
	var tick <-chan time.Time
	if every := m.cfg.Recompute.Every; every > 0 {
		t := time.NewTicker(every)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick:
		case <-m.trigger:
		}
		if m.Stats().WindowRows == 0 {
			continue
		}
		if _, err := m.Recompute(ctx); err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// Recompute runs the report over the window now, publishes the result
// (Last, the metrics) and returns it. It waits for a recomputation in
// progress to end first. A panic anywhere in it (a metric, a preset, a
// test, the OnRecompute hook) is recovered: a metric's panic is that
// metric's error in the snapshot, any other an error of the
// recomputation.
func (m *Monitor) Recompute(ctx context.Context) (res *Result, err error) {
	m.computing.Lock()
	defer m.computing.Unlock()
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("monitor: %s: recomputation panicked: %v", m.name, r)
		}
		if err != nil {
			m.m.recomputeErrors.Inc()
			m.log.Error("recomputation failed", "error", err.Error())
		}
	}()
	m.mu.Lock()
	at := m.opts.Clock()
	cur, err := m.win.frame(m.source(), at.UnixNano())
	accepted := m.accepted
	m.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("monitor: %s: copying the window: %w", m.name, err)
	}
	if cur.Len() == 0 {
		return nil, fmt.Errorf("monitor: %s: the window is empty", m.name)
	}
	snap, err := m.rep.Run(ctx, report.Data{Reference: m.ref, Current: cur, Definition: m.def},
		&report.Options{Workers: m.opts.Workers, Version: m.opts.Version, Clock: func() time.Time { return at }, Cache: m.cache})
	m.cache.Keep(m.ref)
	if err != nil {
		return nil, fmt.Errorf("monitor: %s: %w", m.name, err)
	}
	res = &Result{Seq: m.seq.Load() + 1, Snapshot: snap, Reference: m.ref, Current: cur, WindowAt: at,
		Duration: time.Since(start), Accepted: accepted}
	p, err := publish(m, res)
	if err != nil {
		return nil, err
	}
	m.seq.Store(res.Seq)
	m.last.Store(p)
	m.m.recomputeDuration.Observe(res.Duration.Seconds())
	m.logResult(res, p)
	if m.opts.OnRecompute != nil {
		m.callHook(ctx, res)
	}
	return res, nil
}

func (m *Monitor) callHook(ctx context.Context, res *Result) {
	defer func() {
		if r := recover(); r != nil {
			m.log.Error("the OnRecompute hook panicked", "seq", res.Seq, "panic", fmt.Sprint(r))
		}
	}()
	m.opts.OnRecompute(ctx, res)
}

func (m *Monitor) logResult(res *Result, p *published) {
	s := res.Snapshot
	attrs := []any{"seq", res.Seq, "rows", res.Current.Len(), "duration_ms", float64(res.Duration.Microseconds()) / 1000,
		"metrics", len(s.Metrics), "metric_errors", p.metricErrors,
		"tests", s.Summary.Total, "tests_failed", s.Summary.Fail + s.Summary.Error}
	if p.drift != nil {
		attrs = append(attrs, "drifted_columns", p.drift.NumberOfDriftedColumns, "dataset_drift", p.drift.DatasetDrift)
	}
	m.log.Info("recomputed", attrs...)
}

// due signals the background loop when EveryRows rows arrived since the
// window the last recomputation read. Called with m.mu held.
func (m *Monitor) due() {
	every := int64(m.cfg.Recompute.EveryRows)
	if every <= 0 {
		return
	}
	var since int64
	if p := m.last.Load(); p != nil {
		since = m.accepted - p.result.Accepted
	} else {
		since = m.accepted
	}
	if since >= every {
		select {
		case m.trigger <- struct{}{}:
		default:
		}
	}
}

// Describe implements prometheus.Collector.
func (m *Monitor) Describe(ch chan<- *prometheus.Desc) { m.m.describe(ch) }

// Collect implements prometheus.Collector: it reads the last result's
// values and the live counts; it never recomputes.
func (m *Monitor) Collect(ch chan<- prometheus.Metric) { m.m.collect(ch) }

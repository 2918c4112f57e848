package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/parallel"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/metrics/descriptors"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/tests"
)

// Report is a list of metrics and tests to run together. A Report with
// tests is what Evidently calls a test suite.
type Report struct {
	Metrics []metrics.Metric
	Tests   []tests.Test
	// Generators expand into tests, one per column, when the report runs;
	// their tests follow Tests.
	Generators []tests.Generator
	// Presets expand, when the report runs, into their metrics and tests
	// for the data: each preset's metrics come before Metrics, its tests
	// before Tests, in the order of the presets.
	Presets []presets.Preset
	// Descriptors add their columns (text descriptors, such as "Text
	// Length for review") to the reference and current data before the
	// metrics run, with those the presets need; metrics and tests name
	// them like any column. They are listed in Definition.Descriptors, so
	// they are not features.
	Descriptors []descriptors.Descriptor
}

// Data is what a report runs on.
type Data struct {
	Reference  *dataset.Frame // nil when there is none
	Current    *dataset.Frame
	Definition *dataset.Definition // nil means the zero Definition
	// CurrentSummary and ReferenceSummary give the data as summaries (from
	// sketches, package sketch) instead of frames: when CurrentSummary is
	// set, Current and Reference must be nil. Metrics that need rows
	// then fail with metrics.ErrNeedsRows, each with its reason.
	CurrentSummary, ReferenceSummary *dataset.Summary
}

// Options configure Run. The zero value is ready.
type Options struct {
	// Workers bounds the metrics computed at once; zero means GOMAXPROCS.
	Workers int
	// Clock, when set, stamps the snapshot with Clock(); nil leaves the
	// timestamp out so that outputs are deterministic.
	Clock func() time.Time
	// Version is the telltale version recorded in the snapshot.
	Version string
	// Progress, when set, is called after each metric with the number done
	// and the total. It is called from several goroutines, one at a time.
	Progress func(done, total int)
	// Cache, when set, is the cache the metrics share (and fill), so that
	// runs against the same reference share its work (see
	// metrics.Cache.Keep); nil means a cache of this run only.
	Cache *metrics.Cache
}

// ErrMetricPanic marks a metric error that was a panic.
var ErrMetricPanic = errors.New("metric panicked")

// Run computes the report. It returns an error only when the report could
// not run at all (no current data, a cancelled context, a metric whose
// params do not encode); a failing metric is recorded in its entry.
func (r *Report) Run(ctx context.Context, data Data, opts *Options) (*Snapshot, error) {
	if opts == nil {
		opts = &Options{}
	}
	if data.Current == nil && data.CurrentSummary == nil {
		return nil, errors.New("report: no current data")
	}
	if data.CurrentSummary != nil && (data.Current != nil || data.Reference != nil) {
		return nil, errors.New("report: give the data either as frames or as summaries, not both")
	}
	if data.ReferenceSummary != nil && data.CurrentSummary == nil {
		return nil, errors.New("report: a reference summary needs a current summary (sketch the current data too)")
	}
	def := data.Definition
	if def == nil {
		def = &dataset.Definition{}
	}
	cache := opts.Cache
	if cache == nil {
		cache = &metrics.Cache{}
	}
	in := &metrics.Input{Reference: data.Reference, Current: data.Current, Definition: def, Cache: cache,
		CurrentSummary: data.CurrentSummary, ReferenceSummary: data.ReferenceSummary}
	var allMetrics []metrics.Metric
	var allTests []tests.Test
	var descs []descriptors.Descriptor
	for _, p := range r.Presets {
		b, err := p.Build(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		allMetrics = append(allMetrics, b.Metrics...)
		allTests = append(allTests, b.Tests...)
		descs = append(descs, b.Descriptors...)
	}
	if descs = append(descs, r.Descriptors...); len(descs) > 0 {
		var err error
		if data, err = withDescriptors(ctx, data, def, descs); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		def = data.Definition
		in = &metrics.Input{Reference: data.Reference, Current: data.Current, Definition: def, Cache: in.Cache}
	}
	allMetrics = append(allMetrics, r.Metrics...)
	allTests = append(allTests, r.Tests...)
	for _, g := range r.Generators {
		ts, err := g.Generate(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("report: generator %s: %w", g.Name(), err)
		}
		allTests = append(allTests, ts...)
	}
	allTests, testIDs, err := distinctTests(allTests)
	if err != nil {
		return nil, err
	}

	// Collect the distinct metrics: listed ones first, then those only
	// tests read, each once.
	var entries []MetricEntry
	var ms []metrics.Metric
	index := map[string]int{}
	add := func(m metrics.Metric) (string, error) {
		id, err := metrics.ID(m)
		if err != nil {
			return "", err
		}
		if _, ok := index[id]; !ok {
			params, _ := metrics.ParamsOf(m)
			index[id] = len(entries)
			entries = append(entries, MetricEntry{ID: id, Metric: m.Name(), Params: params})
			ms = append(ms, m)
		}
		return id, nil
	}
	for _, m := range allMetrics {
		if _, err := add(m); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	testMetric := make([]string, len(allTests))
	for i, t := range allTests {
		id, err := add(t.Metric())
		if err != nil {
			return nil, fmt.Errorf("report: test %s: %w", t.Name(), err)
		}
		testMetric[i] = id
	}

	// Describing the data reads the frames only (the range of a datetime
	// column is a pass over it): it runs beside the metrics. A panic there
	// is passed on to Run's caller, as when it ran on the caller's
	// goroutine, where it can be recovered.
	var datasets Datasets
	var notes []string
	var panicked *parallel.PanicError
	var described sync.WaitGroup
	described.Go(func() {
		defer func() { panicked = parallel.Recovered(recover(), -1) }()
		datasets, notes = describeData(data, def)
	})
	err = computeAll(ctx, in, ms, entries, opts)
	described.Wait()
	if panicked != nil {
		panic(panicked)
	}
	if err != nil {
		return nil, err
	}

	outcomes := make([]tests.Outcome, len(allTests))
	for i, t := range allTests {
		e := &entries[index[testMetric[i]]]
		o := tests.Run(ctx, t, e.ID, e.Result, e.err)
		o.ID = testIDs[i]
		outcomes[i] = o
	}

	s := &Snapshot{
		Schema:   SchemaV1,
		Version:  opts.Version,
		Metrics:  entries,
		Tests:    outcomes,
		Summary:  summarize(outcomes),
		Datasets: datasets,
		Notes:    append([]string{}, notes...),
	}
	if opts.Clock != nil {
		t := opts.Clock().UTC()
		s.Timestamp = &t
	}
	return s, nil
}

// describeData describes the reference (when given) and current data, and
// gathers their notes, reference first.
func describeData(data Data, def *dataset.Definition) (Datasets, []string) {
	var ds Datasets
	var notes []string
	if data.CurrentSummary != nil {
		ds.Current = describeSummary(data.CurrentSummary, def)
		if data.ReferenceSummary != nil {
			ref := describeSummary(data.ReferenceSummary, def)
			ds.Reference = &ref
			notes = append(notes, data.ReferenceSummary.Notes...)
		}
		return ds, append(notes, data.CurrentSummary.Notes...)
	}
	ds.Current = describe(data.Current, def)
	if data.Reference != nil {
		ref := describe(data.Reference, def)
		ds.Reference = &ref
		notes = append(notes, data.Reference.Notes()...)
	}
	return ds, append(notes, data.Current.Notes()...)
}

// withDescriptors returns data with the descriptors' columns added to both
// frames and listed in the definition's Descriptors.
func withDescriptors(ctx context.Context, data Data, def *dataset.Definition, ds []descriptors.Descriptor) (Data, error) {
	cur, names, err := descriptors.Apply(ctx, data.Current, ds)
	if err != nil {
		return data, err
	}
	out := data
	out.Current = cur
	if data.Reference != nil {
		if out.Reference, _, err = descriptors.Apply(ctx, data.Reference, ds); err != nil {
			return data, err
		}
	}
	d := *def
	d.Descriptors = append(append([]string(nil), def.Descriptors...), names...)
	out.Definition = &d
	return out, nil
}

// computeAll runs the metrics in parallel into their entries.
func computeAll(ctx context.Context, in *metrics.Input, ms []metrics.Metric, entries []MetricEntry, opts *Options) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for w := 0; w < min(workers, len(ms)); w++ {
		wg.Go(func() {
			for i := range next {
				res, err := safeCompute(ctx, ms[i], in)
				entries[i].Result, entries[i].err = res, err
				if err != nil {
					entries[i].Result = nil
					entries[i].Error = err.Error()
				} else if _, err := json.Marshal(res); err != nil {
					entries[i].Result = nil
					entries[i].err = fmt.Errorf("%s: result does not encode to JSON: %w", ms[i].Name(), err)
					entries[i].Error = entries[i].err.Error()
				}
				if opts.Progress != nil {
					mu.Lock()
					done++
					opts.Progress(done, len(ms))
					mu.Unlock()
				}
			}
		})
	}
	for i := range ms {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return ctx.Err()
}

// safeCompute calls m.Compute, turning a panic into an error that names the
// metric's type.
func safeCompute(ctx context.Context, m metrics.Metric, in *metrics.Input) (res metrics.Result, err error) {
	defer func() {
		if p := parallel.Recovered(recover(), -1); p != nil {
			res = nil
			err = fmt.Errorf("%w: %T: %w", ErrMetricPanic, m, p)
		}
	}()
	if err := metrics.CheckSummaries(m, in); err != nil {
		return nil, err
	}
	return m.Compute(ctx, in)
}

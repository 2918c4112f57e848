package report_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

// counts counts Compute calls per metric ID.
type counts struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counts) add(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[id]++
}

// colSum is a metric whose result is the sum of a numerical column. With
// Panic or Fail it panics or fails; with Block it waits for ctx.
type colSum struct {
	Column string `json:"column"`
	Panic  bool   `json:"panic,omitempty"`
	Fail   bool   `json:"fail,omitempty"`
	Block  bool   `json:"block,omitempty"`
	calls  *counts
	start  func()
}

type sumResult struct {
	Sum float64 `json:"sum"`
}

func (m *colSum) Name() string { return "ColSum" }
func (m *colSum) Params() any  { return m }
func (m *colSum) Compute(ctx context.Context, in *metrics.Input) (metrics.Result, error) {
	if m.calls != nil {
		m.calls.add(m.Column)
	}
	if m.start != nil {
		m.start()
	}
	switch {
	case m.Panic:
		panic("boom in " + m.Column)
	case m.Fail:
		return nil, &metrics.ColumnError{Metric: m.Name(), Column: m.Column, Err: metrics.ErrEmpty}
	case m.Block:
		<-ctx.Done()
		return nil, ctx.Err()
	}
	c, ok := in.Current.Column(m.Column)
	if !ok {
		return nil, &metrics.ColumnError{Metric: m.Name(), Column: m.Column, Err: metrics.ErrNoColumn}
	}
	s := 0.0
	for _, v := range c.(*dataset.NumericColumn).Values() {
		s += v
	}
	return &sumResult{Sum: s}, nil
}

// sumTest checks a column's sum.
type sumTest struct {
	tests.Base
	colSum
}

func (t *sumTest) Name() string { return "SumOf" }
func (t *sumTest) Metric() metrics.Metric {
	m := t.colSum
	return &m
}
func (t *sumTest) Check(_ context.Context, r metrics.Result) tests.Outcome {
	return t.Decide("Sum of "+t.Column, r.(*sumResult).Sum, nil)
}

func frame(t *testing.T, ncols, nrows int) *dataset.Frame {
	t.Helper()
	cols := make([]dataset.Column, ncols)
	for j := range cols {
		v := make([]float64, nrows)
		for i := range v {
			v[i] = float64(j)
		}
		cols[j] = dataset.NewNumericColumn(fmt.Sprintf("c%d", j), v)
	}
	f, err := dataset.New("cur.csv", cols...)
	require.NoError(t, err)
	return f
}

func TestSharedMetricsComputedOnce(t *testing.T) {
	// 100 tests over 30 columns: each column's metric is computed once.
	cur := frame(t, 30, 10)
	calls := &counts{}
	var ts []tests.Test
	for i := range 100 {
		ts = append(ts, &sumTest{
			Base:   tests.Base{Condition: tests.Condition{Lt: tests.Ptr(float64(i))}},
			colSum: colSum{Column: fmt.Sprintf("c%d", i%30), calls: calls},
		})
	}
	s, err := (&report.Report{Tests: ts}).Run(context.Background(), report.Data{Current: cur}, &report.Options{Workers: 8})
	require.NoError(t, err)
	require.Len(t, s.Tests, 100)
	assert.Len(t, s.Metrics, 30)
	assert.Len(t, calls.n, 30)
	for col, n := range calls.n {
		assert.Equal(t, 1, n, col)
	}
	// Test i reads c(i%30), whose sum is 10·(i%30), against < i.
	for i, o := range s.Tests {
		want := tests.Fail
		if 10*float64(i%30) < float64(i) {
			want = tests.Success
		}
		assert.Equal(t, want, o.Status, "%d: %s", i, o.Description)
		assert.Equal(t, fmt.Sprintf("ColSum(column=c%d)", i%30), o.MetricID)
	}
	assert.Equal(t, "SumOf(column=c0)", s.Tests[0].ID)
	assert.Equal(t, "SumOf(column=c0)#2", s.Tests[30].ID)
	assert.Equal(t, "Sum of c1 is 10; expected < 1", s.Tests[1].Description)
	assert.Equal(t, 100, s.Summary.Total)
	assert.Equal(t, s.Summary.Success+s.Summary.Fail, 100)
	assert.True(t, s.Summary.Failed)
}

func TestPanicAndErrorStayInTheirMetric(t *testing.T) {
	cur := frame(t, 3, 5)
	notCritical := false
	r := &report.Report{
		Metrics: []metrics.Metric{&colSum{Column: "c0", Panic: true}},
		Tests: []tests.Test{
			&sumTest{colSum: colSum{Column: "c0", Panic: true}, Base: tests.Base{Condition: tests.Condition{Gte: tests.Ptr(0)}}},
			&sumTest{colSum: colSum{Column: "c1", Fail: true}, Base: tests.Base{Condition: tests.Condition{Gte: tests.Ptr(0)}}},
			&sumTest{colSum: colSum{Column: "c2"}, Base: tests.Base{Condition: tests.Condition{Eq: tests.Ptr(10)}}},
			&sumTest{colSum: colSum{Column: "c2"}, Base: tests.Base{Condition: tests.Condition{Lt: tests.Ptr(10)}, IsCritical: &notCritical}},
			&sumTest{colSum: colSum{Column: "c2"}, Base: tests.Base{Condition: tests.Condition{Lt: tests.Ptr(10)}}},
		},
	}
	s, err := r.Run(context.Background(), report.Data{Current: cur}, nil)
	require.NoError(t, err)
	require.Len(t, s.Metrics, 3)
	assert.ErrorIs(t, s.Metrics[0].Err(), report.ErrMetricPanic)
	assert.Contains(t, s.Metrics[0].Error, "boom in c0")
	assert.Contains(t, s.Metrics[0].Error, "run_test.go", "the error has the stack of the panic")
	assert.Nil(t, s.Metrics[0].Result)
	assert.ErrorIs(t, s.Metrics[1].Err(), metrics.ErrEmpty)
	assert.NoError(t, s.Metrics[2].Err())
	got := []tests.Status{}
	for _, o := range s.Tests {
		got = append(got, o.Status)
	}
	assert.Equal(t, []tests.Status{tests.Error, tests.Error, tests.Success, tests.Warning, tests.Fail}, got)
	assert.Contains(t, s.Tests[0].Description, "panicked")
	assert.Equal(t, report.Summary{Total: 5, Success: 1, Fail: 1, Warning: 1, Error: 2, Failed: true}, s.Summary)
}

func TestIdenticalTestsRunOnce(t *testing.T) {
	cur := frame(t, 2, 5)
	mk := func(col string, lt float64) tests.Test {
		return &sumTest{colSum: colSum{Column: col}, Base: tests.Base{Condition: tests.Condition{Lt: tests.Ptr(lt)}}}
	}
	s, err := (&report.Report{Tests: []tests.Test{mk("c0", 1), mk("c1", 1), mk("c0", 1), mk("c0", 2)}}).
		Run(context.Background(), report.Data{Current: cur}, nil)
	require.NoError(t, err)
	require.Len(t, s.Tests, 3)
	assert.Equal(t, []string{"SumOf(column=c0)", "SumOf(column=c1)", "SumOf(column=c0)#2"},
		[]string{s.Tests[0].ID, s.Tests[1].ID, s.Tests[2].ID})
}

func TestMetricsRunInParallel(t *testing.T) {
	cur := frame(t, 4, 5)
	var started sync.WaitGroup
	started.Add(4)
	all := make(chan struct{})
	go func() { started.Wait(); close(all) }()
	var late atomic.Int32
	start := func() {
		started.Done()
		select {
		case <-all:
		case <-time.After(10 * time.Second):
			late.Add(1)
		}
	}
	var ms []metrics.Metric
	for j := range 4 {
		ms = append(ms, &colSum{Column: fmt.Sprintf("c%d", j), start: start})
	}
	_, err := (&report.Report{Metrics: ms}).Run(context.Background(), report.Data{Current: cur}, &report.Options{Workers: 4})
	require.NoError(t, err)
	assert.Zero(t, late.Load(), "the four metrics did not all run at once")
}

func TestCancellation(t *testing.T) {
	cur := frame(t, 3, 5)
	ctx, cancel := context.WithCancel(context.Background())
	var started sync.WaitGroup
	started.Add(1)
	var once sync.Once
	m := &colSum{Column: "c0", Block: true, start: func() { once.Do(started.Done) }}
	go func() { started.Wait(); cancel() }()
	done := make(chan error, 1)
	go func() {
		_, err := (&report.Report{Metrics: []metrics.Metric{m, &colSum{Column: "c1"}}}).Run(ctx, report.Data{Current: cur}, &report.Options{Workers: 1})
		done <- err
	}()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}

	// Already cancelled: no metric is computed.
	calls := &counts{}
	ctx2, cancel2 := context.WithCancel(context.Background())
	cancel2()
	_, err := (&report.Report{Metrics: []metrics.Metric{&colSum{Column: "c0", calls: calls}}}).Run(ctx2, report.Data{Current: cur}, nil)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, calls.n)
}

// twoSums is a preset of the sums of two columns and a test on the first.
type twoSums struct{ calls *counts }

func (p *twoSums) Name() string { return "two-sums" }
func (p *twoSums) Build(_ context.Context, in *metrics.Input) (*presets.Bundle, error) {
	if in.Current.NumColumns() < 2 {
		return nil, errors.New("needs two columns")
	}
	return &presets.Bundle{
		Metrics: []metrics.Metric{&colSum{Column: "c0", calls: p.calls}, &colSum{Column: "c1", calls: p.calls}},
		Tests:   []tests.Test{&sumTest{colSum: colSum{Column: "c1", calls: p.calls}, Base: tests.Base{Condition: tests.Condition{Eq: tests.Ptr(5)}}}},
	}, nil
}

func TestPresetsComposeWithMetricsAndTests(t *testing.T) {
	cur := frame(t, 3, 5)
	calls := &counts{}
	r := &report.Report{
		Presets: []presets.Preset{&twoSums{calls}},
		Metrics: []metrics.Metric{&colSum{Column: "c2", calls: calls}, &colSum{Column: "c0", calls: calls}},
		Tests:   []tests.Test{&sumTest{colSum: colSum{Column: "c0", calls: calls}, Base: tests.Base{Condition: tests.Condition{Eq: tests.Ptr(0)}}}},
	}
	s, err := r.Run(context.Background(), report.Data{Current: cur}, nil)
	require.NoError(t, err)
	var ids []string
	for _, m := range s.Metrics {
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []string{"ColSum(column=c0)", "ColSum(column=c1)", "ColSum(column=c2)"}, ids)
	assert.Equal(t, map[string]int{"c0": 1, "c1": 1, "c2": 1}, calls.n)
	require.Len(t, s.Tests, 2)
	assert.Equal(t, tests.Success, s.Tests[0].Status)
	assert.Equal(t, tests.Success, s.Tests[1].Status)

	_, err = r.Run(context.Background(), report.Data{Current: frame(t, 1, 5)}, nil)
	assert.ErrorContains(t, err, "needs two columns")
}

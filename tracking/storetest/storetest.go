// Package storetest is the conformance suite of tracking.Store, as
// testing/fstest is for fs.FS: every store (the file store, the SQL store
// on SQLite, PostgreSQL and MySQL, the client of a tracking server) runs
// the same tests and must give the same answers.
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) tracking.Store {
//			s, err := mystore.Open(t.TempDir())
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// open must return a new, empty store (holding only the Default
// experiment "0") each time it is called; the store is closed by open's
// own cleanup. The tests give explicit timestamps, so they do not depend
// on the store's clock.
package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// Open makes a new, empty store for one test.
type Open func(t *testing.T) tracking.Store

// Run runs the whole suite, each part as a subtest with its own store.
func Run(t *testing.T, open Open) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, Open)
	}{
		{"Experiments", testExperiments},
		{"ExperimentLifecycle", testExperimentLifecycle},
		{"SearchExperiments", testSearchExperiments},
		{"Runs", testRuns},
		{"RunLifecycle", testRunLifecycle},
		{"Params", testParams},
		{"Metrics", testMetrics},
		{"Tags", testTags},
		{"BatchLimits", testBatchLimits},
		{"Inputs", testInputs},
		{"SearchRuns", testSearchRuns},
		{"SearchRunsPages", testSearchRunsPages},
		{"SearchRunsHostile", testSearchHostile},
		{"SearchCases", testSearchCases},
		{"CountRuns", testCountRuns},
		{"Names", testNames},
		{"Artifacts", testArtifacts},
		{"Concurrent", testConcurrent},
		{"Import", testImport},
		{"Cancelled", testCancelled},
	} {
		t.Run(c.name, func(t *testing.T) { c.fn(t, open) })
	}
}

// Base times of the suite's runs and points (ms since the epoch, in
// 2025), so results never depend on the store's clock.
const (
	t0 = int64(1750000000000)
)

// mustRun creates a run named name in experiment exp, started at start.
func mustRun(t *testing.T, s tracking.Store, exp, name string, start int64, tags map[string]string) *tracking.Run {
	t.Helper()
	r, err := s.CreateRun(t.Context(), tracking.RunSpec{ExperimentID: exp, Name: name, UserID: "tester", StartTime: start, Tags: tags})
	require.NoError(t, err)
	return r
}

func mustBatch(t *testing.T, s tracking.Store, runID string, b tracking.Batch) {
	t.Helper()
	require.NoError(t, s.LogBatch(t.Context(), runID, b))
}

// isErr asserts that err wraps one of the targets.
func isErr(t *testing.T, err error, targets ...error) bool {
	t.Helper()
	for _, tg := range targets {
		if errors.Is(err, tg) {
			return true
		}
	}
	return assert.Fail(t, "unexpected error", "got %v, want one of %v", err, targets)
}

// allRuns reads every page of a run search.
func allRuns(t *testing.T, s tracking.Store, q tracking.RunQuery) []*tracking.Run {
	t.Helper()
	var out []*tracking.Run
	for i := 0; ; i++ {
		require.Less(t, i, 10000, "too many pages")
		page, next, err := s.SearchRuns(t.Context(), q)
		require.NoError(t, err)
		out = append(out, page...)
		if next == "" {
			return out
		}
		q.PageToken = next
	}
}

func runNames(runs []*tracking.Run) []string {
	out := []string{}
	for _, r := range runs {
		out = append(out, r.Info.RunName)
	}
	return out
}

func expNames(exps []*tracking.Experiment) []string {
	out := []string{}
	for _, e := range exps {
		out = append(out, e.Name)
	}
	return out
}

// background is a context for cleanups, which run after the test's
// context is done.
func background() context.Context { return context.Background() }

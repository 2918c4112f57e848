package tracking_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// TestCountRuns: the count of a query is the number of runs its search
// pages through, for filters on every kind of key and for each view.
func TestCountRuns(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a, err := s.CreateExperiment(ctx, "a", "", nil)
	require.NoError(t, err)
	b, err := s.CreateExperiment(ctx, "b", "", nil)
	require.NoError(t, err)
	for i := range 23 {
		exp := a
		if i%3 == 0 {
			exp = b
		}
		r, err := s.CreateRun(ctx, tracking.RunSpec{ExperimentID: exp, Name: fmt.Sprintf("run-%d", i)})
		require.NoError(t, err)
		require.NoError(t, s.LogBatch(ctx, r.Info.RunID, tracking.Batch{
			Metrics: []tracking.Metric{{Key: "acc", Value: float64(i) / 23, Timestamp: 1}},
			Params:  []tracking.Param{{Key: "model", Value: []string{"rf", "gbm"}[i%2]}},
			Tags:    []tracking.Tag{{Key: "stage", Value: "dev"}}}))
		if i%5 == 0 {
			require.NoError(t, s.DeleteRun(ctx, r.Info.RunID))
		}
	}
	count := func(q tracking.RunQuery) int {
		n := 0
		q.MaxResults, q.PageToken = 4, "" // a count ignores the page
		for {
			runs, next, err := s.SearchRuns(ctx, q)
			require.NoError(t, err)
			n += len(runs)
			if next == "" {
				return n
			}
			q.PageToken = next
		}
	}
	for _, q := range []tracking.RunQuery{
		{},
		{ExperimentIDs: []string{a}},
		{ExperimentIDs: []string{a, b}, Filter: "metrics.acc > 0.5"},
		{ExperimentIDs: []string{b}, Filter: "params.model = 'rf' AND tags.stage = 'dev'"},
		{ExperimentIDs: []string{a}, View: tracking.DeletedOnly},
		{ExperimentIDs: []string{a, b}, View: tracking.All, Filter: "attributes.run_name LIKE 'run-1%'"},
		{ExperimentIDs: []string{a}, Filter: "metrics.missing > 0"},
		{ExperimentIDs: []string{a}, OrderBy: []string{"metrics.acc DESC"}, MaxResults: 2, PageToken: "eyJvZmZzZXQiOiAyfQ=="},
	} {
		want := count(q)
		got, err := s.CountRuns(ctx, q)
		require.NoError(t, err, "%+v", q)
		assert.Equal(t, want, got, "%+v", q)
	}
	n, err := s.CountRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{a, b}, View: tracking.All})
	require.NoError(t, err)
	assert.Equal(t, 23, n)

	_, err = s.CountRuns(ctx, tracking.RunQuery{Filter: "metrics.acc >"})
	assert.ErrorIs(t, err, tracking.ErrInvalid)
	_, err = s.CountRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{"4242"}})
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = s.CountRuns(cancelled, tracking.RunQuery{})
	assert.ErrorIs(t, err, context.Canceled)
}

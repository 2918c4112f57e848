package storetest

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// testCountRuns: a store that counts (tracking.RunCounter) counts the
// runs a search pages through, for filters on every kind of key and for
// each view, ignoring the order and the page.
func testCountRuns(t *testing.T, open Open) {
	s := open(t)
	c, ok := s.(tracking.RunCounter)
	if !ok {
		t.Skip("this store does not count runs")
	}
	ctx := t.Context()
	a, err := s.CreateExperiment(ctx, "count-a", "", nil)
	require.NoError(t, err)
	b, err := s.CreateExperiment(ctx, "count-b", "", nil)
	require.NoError(t, err)
	for i := range 23 {
		exp := a
		if i%3 == 0 {
			exp = b
		}
		r := mustRun(t, s, exp, fmt.Sprintf("run-%d", i), t0+int64(i)*1000, nil)
		require.NoError(t, s.LogBatch(ctx, r.Info.RunID, tracking.Batch{
			Metrics: []tracking.Metric{{Key: "acc", Value: float64(i) / 23, Timestamp: t0}},
			Params:  []tracking.Param{{Key: "model", Value: []string{"rf", "gbm"}[i%2]}},
			Tags:    []tracking.Tag{{Key: "stage", Value: "dev"}}}))
		if i%5 == 0 {
			require.NoError(t, s.DeleteRun(ctx, r.Info.RunID))
		}
	}
	paged := func(q tracking.RunQuery) int {
		n := 0
		q.MaxResults, q.PageToken = 4, ""
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
		{ExperimentIDs: []string{a}, OrderBy: []string{"metrics.acc DESC"}, MaxResults: 2, PageToken: tracking.EncodePageToken(2)},
	} {
		n, err := c.CountRuns(ctx, q)
		require.NoError(t, err, "%+v", q)
		assert.Equal(t, paged(q), n, "%+v", q)
	}
	n, err := c.CountRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{a, b}, View: tracking.All})
	require.NoError(t, err)
	assert.Equal(t, 23, n)
	_, err = c.CountRuns(ctx, tracking.RunQuery{Filter: "metrics.acc >"})
	assert.ErrorIs(t, err, tracking.ErrInvalid)
}

package storetest

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// searchRuns makes runs a to f in a new experiment, a started first, and
// returns the experiment id and the run ids by name.
//
//	run  status    params             metrics (latest)        tags
//	a    FINISHED  model=rf alpha=0.5 acc=0.90 drift=0.40     drift detected=true, note=Nightly run
//	b    FAILED    model=gbm          acc=0.95 drift=0.10
//	c    FINISHED  model=rf           acc=0.80 drift=0.50     note=nightly RUN
//	d    RUNNING                                              (nothing)
//	e    KILLED    model=RF_2         acc=0.70 drift=0.30     note=50% off
//	f    FINISHED  model=rf           acc=0.85 drift=0.45     (deleted)
func searchRuns(t *testing.T, s tracking.Store) (string, map[string]string) {
	ctx := t.Context()
	exp, err := s.CreateExperiment(ctx, "search", "", nil)
	require.NoError(t, err)
	ids := map[string]string{}
	for i, c := range []struct {
		name    string
		status  tracking.RunStatus
		params  map[string]string
		acc     float64
		drift   float64
		tags    map[string]string
		deleted bool
	}{
		{"a", tracking.Finished, map[string]string{"model": "rf", "alpha": "0.5"}, 0.9, 0.4, map[string]string{"drift detected": "true", "note": "Nightly run"}, false},
		{"b", tracking.Failed, map[string]string{"model": "gbm"}, 0.95, 0.1, nil, false},
		{"c", tracking.Finished, map[string]string{"model": "rf"}, 0.8, 0.5, map[string]string{"note": "nightly RUN"}, false},
		{"d", 0, nil, math.NaN(), math.NaN(), nil, false},
		{"e", tracking.Killed, map[string]string{"model": "RF_2"}, 0.7, 0.3, map[string]string{"note": "50% off"}, false},
		{"f", tracking.Finished, map[string]string{"model": "rf"}, 0.85, 0.45, nil, true},
	} {
		start := t0 + int64(i)*1000
		r := mustRun(t, s, exp, c.name, start, c.tags)
		id := r.Info.RunID
		ids[c.name] = id
		var b tracking.Batch
		for k, v := range c.params {
			b.Params = append(b.Params, tracking.Param{Key: k, Value: v})
		}
		if !math.IsNaN(c.acc) {
			b.Metrics = []tracking.Metric{
				{Key: "acc", Value: c.acc - 0.5, Timestamp: start, Step: 0},
				{Key: "acc", Value: c.acc, Timestamp: start + 1, Step: 1},
				{Key: "drift", Value: c.drift, Timestamp: start + 1, Step: 1},
			}
		}
		mustBatch(t, s, id, b)
		if c.status != 0 {
			_, err := s.UpdateRun(ctx, id, tracking.RunUpdate{Status: c.status, EndTime: start + 500})
			require.NoError(t, err)
		}
		if c.deleted {
			require.NoError(t, s.DeleteRun(ctx, id))
		}
	}
	return exp, ids
}

func testSearchRuns(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	exp, ids := searchRuns(t, s)
	other := mustRun(t, s, "0", "in-default", t0+100000, nil)
	mustBatch(t, s, other.Info.RunID, tracking.Batch{Params: []tracking.Param{{Key: "model", Value: "rf"}}})

	find := func(filter string, order ...string) []string {
		t.Helper()
		return runNames(allRuns(t, s, tracking.RunQuery{ExperimentIDs: []string{exp}, Filter: filter, OrderBy: order}))
	}
	for _, c := range []struct {
		filter string
		want   []string // default order: start_time DESC, then run_id
	}{
		{"", []string{"e", "d", "c", "b", "a"}},
		{"metrics.acc > 0.85", []string{"b", "a"}},
		{"metrics.acc >= 0.9", []string{"b", "a"}},
		{"metrics.acc < 0.8", []string{"e"}},
		{"metrics.acc <= 0.8", []string{"e", "c"}},
		{"metrics.acc = 0.95", []string{"b"}},
		{"metrics.acc != 0.95", []string{"e", "c", "a"}}, // d has no acc: never matches
		{"metrics.acc > -1e3", []string{"e", "c", "b", "a"}},
		{"metrics.acc > 0.3e0 and metrics.drift < 0.45", []string{"e", "b", "a"}},
		{"params.model = 'rf'", []string{"c", "a"}},
		{"params.model != 'rf'", []string{"e", "b"}},
		{`params.model = "gbm"`, []string{"b"}},
		{"params.model LIKE 'r%'", []string{"c", "a"}},
		{"params.model LIKE 'RF\\_%'", nil}, // no escapes in MLflow's LIKE: \ is a character
		{"params.model LIKE 'RF_2'", []string{"e"}},
		{"params.model LIKE 'R_'", nil},
		{"params.model ILIKE 'r%'", []string{"e", "c", "a"}},
		{"params.model ILIKE 'RF'", []string{"c", "a"}},
		{"params.alpha = '0.5'", []string{"a"}},
		{"params.missing = 'x'", nil},
		{"tags.note LIKE '%night%'", []string{"c"}},
		{"tags.note ILIKE '%night%'", []string{"c", "a"}},
		{"tags.note LIKE '50\\% off'", nil},
		{"tags.note LIKE '50% off'", []string{"e"}},
		{"tags.note LIKE '%.%'", nil}, // "." is not a wildcard
		{"tags.`drift detected` = 'true'", []string{"a"}},
		{`tags."drift detected" = 'true'`, []string{"a"}},
		{"tags.mlflow.runName = 'c'", []string{"c"}},
		{"attributes.status = 'FINISHED'", []string{"c", "a"}},
		{"attributes.status != 'FINISHED'", []string{"e", "d", "b"}},
		{"attribute.status LIKE 'F%'", []string{"c", "b", "a"}},
		{"status ILIKE 'running'", []string{"d"}},
		{"attributes.run_name = 'b'", []string{"b"}},
		{"run_name LIKE '%'", []string{"e", "d", "c", "b", "a"}},
		{"attributes.user_id = 'tester'", []string{"e", "d", "c", "b", "a"}},
		{"attributes.run_id IN ('" + ids["a"] + "', '" + ids["c"] + "', '" + ids["f"] + "')", []string{"c", "a"}},
		{"attributes.run_id NOT IN ('" + ids["a"] + "', '" + ids["c"] + "')", []string{"e", "d", "b"}},
		{"attributes.run_id = '" + ids["b"] + "'", []string{"b"}},
		{"attributes.start_time >= " + itoa64(t0+2000), []string{"e", "d", "c"}},
		{"attributes.start_time < " + itoa64(t0+1000), []string{"a"}},
		{"attributes.end_time > 0", []string{"e", "c", "b", "a"}},
		{"attributes.end_time = " + itoa64(t0+2500), []string{"c"}},
		{"metrics.acc > 0.5 AND params.model = 'rf' AND tags.note ILIKE '%nightly%' AND attributes.status = 'FINISHED'", []string{"c", "a"}},
		{"params.model = 'rf' and ", []string{"c", "a"}}, // a trailing AND, as MLflow allows
	} {
		assert.Equal(t, append([]string{}, c.want...), find(c.filter), c.filter)
	}

	// Order by.
	assert.Equal(t, []string{"e", "c", "a", "b", "d"}, find("", "metrics.acc ASC"), "missing values last")
	assert.Equal(t, []string{"b", "a", "c", "e", "d"}, find("", "metrics.acc DESC"), "missing values last")
	assert.Equal(t, []string{"e", "b", "c", "a", "d"}, find("", "params.model"), "strings in byte order, ties by start time, missing last")
	assert.Equal(t, []string{"a", "c", "b", "e", "d"}, find("", "params.model DESC", "metrics.acc DESC"))
	assert.Equal(t, []string{"a", "b", "c", "d", "e"}, find("", "attributes.start_time"))
	assert.Equal(t, []string{"a", "b", "c", "d", "e"}, find("", "start_time ASC"))
	assert.Equal(t, []string{"e", "d", "c", "b", "a"}, find("", "attributes.run_name DESC"))
	assert.Equal(t, []string{"b", "c", "a", "e", "d"}, find("", "attributes.status", "metrics.drift DESC"))
	assert.Equal(t, []string{"c", "a", "e", "d", "b"}, find("", "tags.note DESC"))
	assert.Equal(t, []string{"c", "a"}, find("params.model = 'rf'", "metrics.drift DESC"))

	// Views and experiments.
	assert.Equal(t, []string{"f"}, runNames(allRuns(t, s, tracking.RunQuery{ExperimentIDs: []string{exp}, View: tracking.DeletedOnly})))
	assert.Equal(t, []string{"f", "e", "d", "c", "b", "a"}, runNames(allRuns(t, s, tracking.RunQuery{ExperimentIDs: []string{exp}, View: tracking.All})))
	assert.Equal(t, []string{"in-default", "c", "a"}, runNames(allRuns(t, s, tracking.RunQuery{ExperimentIDs: []string{exp, "0"}, Filter: "params.model = 'rf'"})))
	assert.Equal(t, []string{"in-default", "c", "a"}, runNames(allRuns(t, s, tracking.RunQuery{Filter: "params.model = 'rf'"})), "no ids: every active experiment")

	// Search results carry the whole run.
	runs, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp}, Filter: "attributes.run_name = 'a'"})
	require.NoError(t, err)
	require.Len(t, runs, 1)
	full, err := s.GetRun(ctx, ids["a"])
	require.NoError(t, err)
	assert.Equal(t, full, runs[0])

	// Bad filters and orders.
	for _, bad := range []string{
		"metrics.acc > 'x'", "params.model = 1", "params.model > 'a'", "tags.x IN ('a')", "metrics.acc LIKE 1",
		"attributes.user_id NOT IN ('x')", "lifecycle_stage = 'active'", "attributes.nope = 'x'", "metrics.my metric > 0",
		"a.b.c = 'x'", "params.model = 'rf' OR params.model = 'gbm'", "(params.model = 'rf')", "NOT params.model = 'rf'",
		"params.model = 'unterminated", "params.model", "params.model =", "metrics.acc > 1 and and",
		"attributes.run_id IN ()",
	} {
		_, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp}, Filter: bad})
		isErr(t, err, tracking.ErrInvalid)
	}
	for _, bad := range [][]string{{"metrics.acc UP"}, {"attributes.nope"}, {"metrics.acc ASC extra"}, {""}} {
		_, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp}, OrderBy: bad})
		isErr(t, err, tracking.ErrInvalid)
	}
}

func itoa64(v int64) string {
	if v < 0 {
		return "-" + itoa(int(-v))
	}
	return itoa(int(v))
}

func testSearchRunsPages(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	exp, _ := searchRuns(t, s)
	q := tracking.RunQuery{ExperimentIDs: []string{exp}, OrderBy: []string{"metrics.acc DESC"}, MaxResults: 2}
	var pages [][]string
	for i := 0; ; i++ {
		require.Less(t, i, 10)
		page, next, err := s.SearchRuns(ctx, q)
		require.NoError(t, err)
		pages = append(pages, runNames(page))
		if next == "" {
			break
		}
		q.PageToken = next
	}
	assert.Equal(t, [][]string{{"b", "a"}, {"c", "e"}, {"d"}}, pages)

	page, next, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp}, MaxResults: 5})
	require.NoError(t, err)
	assert.Len(t, page, 5)
	if next != "" { // a full page may carry a token, as MLflow's SQL store gives one
		page, next, err = s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp}, MaxResults: 5, PageToken: next})
		require.NoError(t, err)
		assert.Empty(t, page)
		assert.Empty(t, next)
	}
	for _, bad := range []tracking.RunQuery{{MaxResults: -1}, {MaxResults: 50001}, {PageToken: "not a token"}, {PageToken: "eyJvZmZzZXQiOiAtMX0="}} {
		bad.ExperimentIDs = []string{exp}
		_, _, err := s.SearchRuns(ctx, bad)
		isErr(t, err, tracking.ErrInvalid)
	}
}

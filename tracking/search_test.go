package tracking_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// searchStore makes runs a, b, c, d with a fixed clock (a starts first).
func searchStore(t *testing.T) (*tracking.FileStore, map[string]string) {
	ctx := t.Context()
	t.Helper()
	c := &clock{ms: 1700000000000}
	s, err := tracking.OpenWith(t.TempDir(), tracking.Options{Now: c.now, User: "ann"})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	ids := map[string]string{}
	type spec struct {
		name    string
		params  map[string]string
		metrics map[string]float64
		tags    map[string]string
		status  tracking.RunStatus
	}
	for _, sp := range []spec{
		{"a", map[string]string{"model": "rf", "alpha": "0.5"}, map[string]float64{"accuracy": 0.9, "drift": 0.4}, map[string]string{"drift detected": "true"}, tracking.Finished},
		{"b", map[string]string{"model": "gbm"}, map[string]float64{"accuracy": 0.95, "drift": 0.1}, nil, tracking.Failed},
		{"c", map[string]string{"model": "rf"}, map[string]float64{"accuracy": math.NaN(), "drift": 0.5}, map[string]string{"note": "Nightly run"}, tracking.Finished},
		{"d", nil, nil, nil, 0},
	} {
		r, err := tracking.StartRun(ctx, s, "0", "run-"+sp.name, sp.tags)
		require.NoError(t, err)
		require.NoError(t, r.LogParams(ctx, sp.params))
		require.NoError(t, r.LogMetrics(ctx, sp.metrics, 0))
		if sp.status != 0 {
			require.NoError(t, r.End(ctx, sp.status))
		}
		ids[sp.name] = r.ID()
	}
	return s, ids
}

func names(runs []*tracking.Run) []string {
	out := []string{}
	for _, r := range runs {
		out = append(out, r.Info.RunName[len("run-"):])
	}
	return out
}

func TestSearchRunsFilters(t *testing.T) {
	ctx := t.Context()
	s, ids := searchStore(t)
	cases := []struct {
		filter string
		want   []string // default order: start_time DESC
	}{
		{"", []string{"d", "c", "b", "a"}},
		{"metrics.accuracy > 0.9", []string{"b"}},
		{"metrics.accuracy >= 0.9", []string{"b", "a"}},
		{"metrics.accuracy != 0.9", []string{"c", "b"}}, // NaN != x; d has no accuracy
		{"metrics.drift > 0.3 and params.model = 'rf'", []string{"c", "a"}},
		{"metrics.drift > 0.3 AND params.model = 'rf' AND", []string{"c", "a"}},
		{"metric.drift <= 1e-1", []string{"b"}},
		{"metrics.drift > -1.5e2", []string{"c", "b", "a"}},
		{"params.alpha != '0.5'", []string{}},
		{"params.model != 'rf'", []string{"b"}},
		{`params.model = "gbm"`, []string{"b"}},
		{"params.model LIKE 'r%'", []string{"c", "a"}},
		{"params.model LIKE 'R%'", []string{}},
		{"params.model ILIKE 'R_'", []string{"c", "a"}},
		{"params.model LIKE 'r.'", []string{}}, // "." is literal, as in SQL
		{"tags.`drift detected` = 'true'", []string{"a"}},
		{`tags."drift detected" = 'true'`, []string{"a"}},
		{"tags.note ILIKE '%nightly%'", []string{"c"}},
		{"tags.mlflow.runName = 'run-b'", []string{"b"}},
		{"tags.`mlflow.runName` = 'run-b'", []string{"b"}},
		{"attributes.status = 'FINISHED'", []string{"c", "a"}},
		{"status != 'RUNNING'", []string{"c", "b", "a"}},
		{"run_name ILIKE '%-A'", []string{"a"}},
		{"`Run name` = 'run-c'", []string{"c"}},
		{"attributes.user_id = 'ann'", []string{"d", "c", "b", "a"}},
		{"attributes.run_id IN ('" + ids["a"] + "', '" + ids["c"] + "')", []string{"c", "a"}},
		{"attributes.run_id NOT IN ('" + ids["a"] + "')", []string{"d", "c", "b"}},
		{"attributes.run_id IN ('" + upper(ids["a"]) + "')", []string{}}, // MLflow drops upper-case ids
		{"attributes.end_time > 0", []string{"c", "b", "a"}},             // d has not ended
		{"created > 1700000000000", []string{"d", "c", "b", "a"}},
		{"metrics.missing > 0", []string{}},
		{"params.`../../meta.yaml` = 'x'", []string{}}, // not a valid key: never matches, never read
	}
	for _, c := range cases {
		runs, _, err := s.SearchRuns(ctx, tracking.RunQuery{Filter: c.filter})
		if assert.NoError(t, err, c.filter) {
			assert.Equal(t, c.want, names(runs), c.filter)
		}
	}
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

// The error cases listed in the reference (mlflow-filestore.md section 4).
func TestSearchRunsBadFilters(t *testing.T) {
	ctx := t.Context()
	s, _ := searchStore(t)
	for _, f := range []string{
		"metrics.acc > 0.9 OR metrics.acc < 0.1",
		"(metrics.acc > 0.9)",
		"metrics.acc > '0.9'",
		"params.alpha = 0.5",
		"tags.k IN ('a')",
		"attributes.user_id NOT IN ('x')",
		"lifecycle_stage = 'active'",
		"attributes.experiment_id = '0'",
		"metrics.my metric > 0",
		"metrics.acc > NaN",
		"metrics.acc LIKE '1'",
		"params.model > 'a'",
		"foo.bar = 'x'",
		"attributes.nope = 'x'",
		"start_time > 1.5",
		"dataset.schema = 'ref'",
		"params.model = 'unterminated",
		"NOT params.model = 'rf'",
		"params.model = 'rf' params.alpha = '1'",
	} {
		_, _, err := s.SearchRuns(ctx, tracking.RunQuery{Filter: f})
		assert.ErrorIs(t, err, tracking.ErrInvalid, f)
	}
	for _, o := range []string{"metrics.acc UP", "lifecycle_stage", "metrics.acc DESC extra"} {
		_, _, err := s.SearchRuns(ctx, tracking.RunQuery{OrderBy: []string{o}})
		assert.ErrorIs(t, err, tracking.ErrInvalid, o)
	}
	for _, n := range []int{-1, 50001} {
		_, _, err := s.SearchRuns(ctx, tracking.RunQuery{MaxResults: n})
		assert.ErrorIs(t, err, tracking.ErrInvalid)
	}
	_, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{"123"}})
	assert.ErrorIs(t, err, tracking.ErrNotFound)
}

func TestSearchRunsOrderAndPages(t *testing.T) {
	ctx := t.Context()
	s, _ := searchStore(t)
	order := func(o ...string) []string {
		runs, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{"0"}, OrderBy: o})
		require.NoError(t, err)
		return names(runs)
	}
	// NaN (c), then missing (d) values go last in both directions, as
	// in MLflow; ties keep the first order, start_time DESC.
	assert.Equal(t, []string{"b", "a", "c", "d"}, order("metrics.accuracy DESC"))
	assert.Equal(t, []string{"a", "b", "c", "d"}, order("metrics.accuracy"))
	assert.Equal(t, []string{"b", "c", "a", "d"}, order("params.model ASC"))
	assert.Equal(t, []string{"c", "a", "b", "d"}, order("params.model DESC", "metrics.drift DESC"))
	assert.Equal(t, []string{"a", "b", "c", "d"}, order("attributes.start_time"))
	assert.Equal(t, []string{"a", "b", "c", "d"}, order("run_name ASC"))

	var got []string
	tok := ""
	for i := 0; ; i++ {
		runs, next, err := s.SearchRuns(ctx, tracking.RunQuery{OrderBy: []string{"run_name"}, MaxResults: 3, PageToken: tok})
		require.NoError(t, err)
		got = append(got, names(runs)...)
		if next == "" {
			break
		}
		require.Less(t, i, 3)
		tok = next
	}
	assert.Equal(t, []string{"a", "b", "c", "d"}, got)

	keys, err := tracking.ReferencedKeys("metrics.drift > 0.3 and params.model = 'rf' and status = 'FINISHED'", []string{"metrics.accuracy DESC", "params.model"})
	require.NoError(t, err)
	assert.Equal(t, []string{"metrics.drift", "params.model", "metrics.accuracy"}, keys)
}

func TestSearchExperiments(t *testing.T) {
	ctx := t.Context()
	c := &clock{ms: 1000}
	s, err := tracking.OpenWith(t.TempDir(), tracking.Options{Now: c.now})
	require.NoError(t, err)
	defer s.Close()
	_, err = s.CreateExperiment(ctx, "churn-monitoring", "", map[string]string{"team": "ml"})
	require.NoError(t, err)
	_, err = s.CreateExperiment(ctx, "churn-training", "", nil)
	require.NoError(t, err)
	_, err = s.CreateExperiment(ctx, "fraud", "", map[string]string{"team": "risk"})
	require.NoError(t, err)
	find := func(filter string, order ...string) []string {
		exps, _, err := s.SearchExperiments(ctx, tracking.ExperimentQuery{Filter: filter, OrderBy: order})
		require.NoError(t, err, filter)
		out := []string{}
		for _, e := range exps {
			out = append(out, e.Name)
		}
		return out
	}
	assert.Equal(t, []string{"fraud", "churn-training", "churn-monitoring", "Default"}, find(""))
	assert.Equal(t, []string{"churn-monitoring", "churn-training"}, find("name LIKE 'churn%'", "name"))
	assert.Equal(t, []string{"fraud"}, find("tags.team = 'risk'"))
	assert.Equal(t, []string{"churn-monitoring"}, find("attribute.name ILIKE 'CHURN%' and tags.team != 'risk'"))
	assert.Equal(t, []string{"Default"}, find("creation_time < 1002"))
	assert.Equal(t, []string{"Default", "churn-monitoring", "churn-training", "fraud"}, find("", "creation_time ASC"))
	for _, bad := range []string{"metrics.x > 1", "params.p = 'x'", "run_name = 'x'", "name IN ('a')"} {
		_, _, err := s.SearchExperiments(ctx, tracking.ExperimentQuery{Filter: bad})
		assert.ErrorIs(t, err, tracking.ErrInvalid, bad)
	}
	_, _, err = s.SearchExperiments(ctx, tracking.ExperimentQuery{OrderBy: []string{"tags.team"}})
	assert.ErrorIs(t, err, tracking.ErrInvalid)
}

// A bare key that is not an attribute is most likely a metric (compared
// with a number) or a param or tag (with a string): the error says so.
func TestSearchSuggestsEntity(t *testing.T) {
	s, _ := searchStore(t)
	ctx := t.Context()
	for filter, hint := range map[string]string{
		"accuracy > 0.9":             "did you mean metrics.accuracy",
		"model = 'rf'":               "did you mean params.model or tags.model",
		"`drift share` <= 0.3":       "did you mean metrics.`drift share`",
		"accuracy > 0.9 and x = 'y'": "did you mean metrics.accuracy",
	} {
		_, _, err := s.SearchRuns(ctx, tracking.RunQuery{Filter: filter})
		assert.ErrorIs(t, err, tracking.ErrInvalid, filter)
		assert.ErrorContains(t, err, hint, filter)
	}
	_, _, err := s.SearchRuns(ctx, tracking.RunQuery{OrderBy: []string{"accuracy DESC"}})
	assert.ErrorContains(t, err, "did you mean metrics.accuracy, params.accuracy or tags.accuracy")
	_, _, err = s.SearchExperiments(ctx, tracking.ExperimentQuery{Filter: "team = 'ml'"})
	assert.ErrorContains(t, err, "did you mean tags.team")
}

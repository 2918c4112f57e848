package storetest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

func testExperiments(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)

	def, err := s.GetExperiment(ctx, tracking.DefaultExperimentID)
	require.NoError(t, err)
	assert.Equal(t, tracking.DefaultExperimentName, def.Name)
	assert.Equal(t, tracking.StageActive, def.LifecycleStage)
	assert.NotEmpty(t, def.ArtifactLocation)
	byName, err := s.GetExperimentByName(ctx, tracking.DefaultExperimentName)
	require.NoError(t, err)
	assert.Equal(t, tracking.DefaultExperimentID, byName.ID)

	id, err := s.CreateExperiment(ctx, "demo", "", map[string]string{"team": "ml", tracking.TagNote: "drift checks"})
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9]+$`, id)
	assert.NotEqual(t, tracking.DefaultExperimentID, id)
	e, err := s.GetExperiment(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "demo", e.Name)
	assert.Equal(t, tracking.StageActive, e.LifecycleStage)
	assert.Equal(t, map[string]string{"team": "ml", tracking.TagNote: "drift checks"}, e.Tags)
	assert.Contains(t, e.ArtifactLocation, id, "the default artifact location ends in the id")
	assert.NotZero(t, e.CreationTime)
	assert.Equal(t, e.CreationTime, e.LastUpdateTime)
	e2, err := s.GetExperimentByName(ctx, "demo")
	require.NoError(t, err)
	assert.Equal(t, e, e2)

	_, err = s.CreateExperiment(ctx, "demo", "", nil)
	isErr(t, err, tracking.ErrExists)
	for _, bad := range []string{"", "   ", strings.Repeat("n", 501), "bad\xffutf8"} {
		_, err = s.CreateExperiment(ctx, bad, "", nil)
		isErr(t, err, tracking.ErrInvalid)
	}
	_, err = s.CreateExperiment(ctx, strings.Repeat("n", 256), "", nil)
	require.NoError(t, err, "names of 256 characters fit every store")
	_, err = s.CreateExperiment(ctx, "badtag", "", map[string]string{"../x": "1"})
	isErr(t, err, tracking.ErrInvalid)
	_, err = s.CreateExperiment(ctx, "longtag", "", map[string]string{"k": strings.Repeat("v", 5001)})
	isErr(t, err, tracking.ErrInvalid)
	_, err = s.GetExperimentByName(ctx, "badtag")
	isErr(t, err, tracking.ErrNotFound)

	_, err = s.GetExperiment(ctx, "987654321")
	isErr(t, err, tracking.ErrNotFound)
	_, err = s.GetExperiment(ctx, "../etc")
	isErr(t, err, tracking.ErrNotFound, tracking.ErrInvalid)
	_, err = s.GetExperimentByName(ctx, "nope")
	isErr(t, err, tracking.ErrNotFound)

	// Tags: upsert, delete.
	require.NoError(t, s.SetExperimentTag(ctx, id, "team", "platform"))
	require.NoError(t, s.SetExperimentTag(ctx, id, "new", ""))
	isErr(t, s.SetExperimentTag(ctx, id, "k", strings.Repeat("v", 5001)), tracking.ErrInvalid)
	isErr(t, s.SetExperimentTag(ctx, id, "bad/../key", "v"), tracking.ErrInvalid)
	require.NoError(t, s.DeleteExperimentTag(ctx, id, tracking.TagNote))
	isErr(t, s.DeleteExperimentTag(ctx, id, tracking.TagNote), tracking.ErrNotFound)
	isErr(t, s.SetExperimentTag(ctx, "987654321", "k", "v"), tracking.ErrNotFound)
	e, err = s.GetExperiment(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"team": "platform", "new": ""}, e.Tags)

	// Rename.
	require.NoError(t, s.RenameExperiment(ctx, id, "demo-2"))
	e, err = s.GetExperiment(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "demo-2", e.Name)
	_, err = s.GetExperimentByName(ctx, "demo")
	isErr(t, err, tracking.ErrNotFound)
	isErr(t, s.RenameExperiment(ctx, id, tracking.DefaultExperimentName), tracking.ErrExists)
	isErr(t, s.RenameExperiment(ctx, id, ""), tracking.ErrInvalid)
	isErr(t, s.RenameExperiment(ctx, "987654321", "x"), tracking.ErrNotFound)

	// An artifact location given by the caller is kept.
	loc := t.TempDir()
	id3, err := s.CreateExperiment(ctx, "located", loc, nil)
	require.NoError(t, err)
	e, err = s.GetExperiment(ctx, id3)
	require.NoError(t, err)
	assert.Contains(t, e.ArtifactLocation, loc)
}

func testExperimentLifecycle(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	id, err := s.CreateExperiment(ctx, "doomed", "", nil)
	require.NoError(t, err)
	r1 := mustRun(t, s, id, "r1", t0, nil)
	r2 := mustRun(t, s, id, "r2", t0+1, nil)
	require.NoError(t, s.DeleteRun(ctx, r2.Info.RunID))

	require.NoError(t, s.DeleteExperiment(ctx, id))
	e, err := s.GetExperiment(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, tracking.StageDeleted, e.LifecycleStage)
	e, err = s.GetExperimentByName(ctx, "doomed")
	require.NoError(t, err, "a deleted experiment is found by name")
	assert.Equal(t, id, e.ID)
	for _, rid := range []string{r1.Info.RunID, r2.Info.RunID} {
		got, err := s.GetRun(ctx, rid)
		require.NoError(t, err, "runs of a deleted experiment can be read")
		assert.Equal(t, tracking.StageDeleted, got.Info.LifecycleStage)
		assert.NotZero(t, got.Info.DeletedTime)
	}
	_, err = s.CreateRun(ctx, tracking.RunSpec{ExperimentID: id, StartTime: t0})
	isErr(t, err, tracking.ErrDeleted)
	isErr(t, s.LogBatch(ctx, r1.Info.RunID, tracking.Batch{Params: []tracking.Param{{Key: "p", Value: "1"}}}), tracking.ErrDeleted)
	isErr(t, s.RenameExperiment(ctx, id, "other"), tracking.ErrDeleted)
	_, err = s.CreateExperiment(ctx, "doomed", "", nil)
	isErr(t, err, tracking.ErrExists)

	require.NoError(t, s.RestoreExperiment(ctx, id))
	e, err = s.GetExperiment(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, tracking.StageActive, e.LifecycleStage)
	for _, rid := range []string{r1.Info.RunID, r2.Info.RunID} {
		got, err := s.GetRun(ctx, rid)
		require.NoError(t, err)
		assert.Equal(t, tracking.StageActive, got.Info.LifecycleStage, "restoring an experiment restores all its runs")
		assert.Zero(t, got.Info.DeletedTime)
	}
	mustBatch(t, s, r1.Info.RunID, tracking.Batch{Params: []tracking.Param{{Key: "p", Value: "1"}}})
	isErr(t, s.DeleteExperiment(ctx, "987654321"), tracking.ErrNotFound)
}

func testSearchExperiments(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	for _, c := range []struct {
		name string
		tags map[string]string
	}{
		{"churn-daily", map[string]string{"team": "ml"}},
		{"churn-weekly", map[string]string{"team": "data"}},
		{"fraud", map[string]string{"team": "ml"}},
		{"Churn-upper", nil},
	} {
		_, err := s.CreateExperiment(ctx, c.name, "", c.tags)
		require.NoError(t, err)
	}
	fraud, err := s.GetExperimentByName(ctx, "fraud")
	require.NoError(t, err)
	require.NoError(t, s.DeleteExperiment(ctx, fraud.ID))

	search := func(q tracking.ExperimentQuery) []string {
		t.Helper()
		var out []string
		for i := 0; ; i++ {
			require.Less(t, i, 1000)
			page, next, err := s.SearchExperiments(ctx, q)
			require.NoError(t, err)
			out = append(out, expNames(page)...)
			if next == "" {
				return out
			}
			q.PageToken = next
		}
	}
	name := []string{"name ASC"}
	assert.Equal(t, []string{"Churn-upper", "Default", "churn-daily", "churn-weekly"}, search(tracking.ExperimentQuery{OrderBy: name}))
	assert.Equal(t, []string{"churn-daily", "churn-weekly"}, search(tracking.ExperimentQuery{Filter: "name LIKE 'churn%'", OrderBy: name}))
	assert.Equal(t, []string{"Churn-upper", "churn-daily", "churn-weekly"}, search(tracking.ExperimentQuery{Filter: "name ILIKE 'churn%'", OrderBy: name}))
	assert.Equal(t, []string{"churn-daily"}, search(tracking.ExperimentQuery{Filter: "tags.team = 'ml'", OrderBy: name}))
	assert.Equal(t, []string{"churn-daily", "fraud"}, search(tracking.ExperimentQuery{Filter: "tags.team = 'ml'", OrderBy: name, View: tracking.All}))
	assert.Equal(t, []string{"fraud"}, search(tracking.ExperimentQuery{View: tracking.DeletedOnly}))
	assert.Equal(t, []string{"churn-weekly", "churn-daily", "Default", "Churn-upper"}, search(tracking.ExperimentQuery{OrderBy: []string{"name DESC"}, MaxResults: 1}))
	assert.Empty(t, search(tracking.ExperimentQuery{Filter: "name = 'nope'"}))

	page, next, err := s.SearchExperiments(ctx, tracking.ExperimentQuery{OrderBy: name, MaxResults: 3})
	require.NoError(t, err)
	assert.Len(t, page, 3)
	assert.NotEmpty(t, next)
	page, next, err = s.SearchExperiments(ctx, tracking.ExperimentQuery{OrderBy: name, MaxResults: 3, PageToken: next})
	require.NoError(t, err)
	assert.Equal(t, []string{"churn-weekly"}, expNames(page))
	assert.Empty(t, next)

	for _, bad := range []string{"metrics.x > 1", "name = ", "name LIKE 3", "nope = 'x'", "name = 'a' OR name = 'b'"} {
		_, _, err := s.SearchExperiments(ctx, tracking.ExperimentQuery{Filter: bad})
		isErr(t, err, tracking.ErrInvalid)
	}
	for _, bad := range []tracking.ExperimentQuery{{MaxResults: -1}, {MaxResults: 50001}, {PageToken: "garbage"}, {OrderBy: []string{"tags.team"}}} {
		_, _, err := s.SearchExperiments(ctx, bad)
		isErr(t, err, tracking.ErrInvalid)
	}
}

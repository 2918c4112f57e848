package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

func testRuns(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	r, err := s.CreateRun(ctx, tracking.RunSpec{UserID: "ann", StartTime: t0, Tags: map[string]string{"stage": "nightly"}})
	require.NoError(t, err)
	i := r.Info
	assert.Regexp(t, `^[0-9a-f]{32}$`, i.RunID)
	assert.NotEmpty(t, i.RunName, "a random name")
	assert.Equal(t, tracking.DefaultExperimentID, i.ExperimentID)
	assert.Equal(t, "ann", i.UserID)
	assert.Equal(t, tracking.Running, i.Status)
	assert.Equal(t, t0, i.StartTime)
	assert.Zero(t, i.EndTime)
	assert.Equal(t, tracking.StageActive, i.LifecycleStage)
	assert.Contains(t, i.ArtifactURI, i.RunID)
	assert.Equal(t, map[string]string{"stage": "nightly", tracking.TagRunName: i.RunName}, r.Tags)

	got, err := s.GetRun(ctx, i.RunID)
	require.NoError(t, err)
	assert.Equal(t, r.Info, got.Info)
	assert.Equal(t, r.Tags, got.Tags)
	assert.Empty(t, got.Params)
	assert.Empty(t, got.Metrics)
	assert.Empty(t, got.Inputs)

	named := mustRun(t, s, "0", "", t0, map[string]string{tracking.TagRunName: "from-tag"})
	assert.Equal(t, "from-tag", named.Info.RunName)
	_, err = s.CreateRun(ctx, tracking.RunSpec{Name: "a", Tags: map[string]string{tracking.TagRunName: "b"}})
	isErr(t, err, tracking.ErrInvalid)
	_, err = s.CreateRun(ctx, tracking.RunSpec{ExperimentID: "987654321"})
	isErr(t, err, tracking.ErrNotFound)
	_, err = s.CreateRun(ctx, tracking.RunSpec{Tags: map[string]string{"../x": "1"}})
	isErr(t, err, tracking.ErrInvalid)
	_, err = s.GetRun(ctx, "0123456789abcdef0123456789abcdef")
	isErr(t, err, tracking.ErrNotFound)
	_, err = s.GetRun(ctx, "../../etc/passwd")
	isErr(t, err, tracking.ErrNotFound, tracking.ErrInvalid)

	// Update: only the fields given change.
	info, err := s.UpdateRun(ctx, i.RunID, tracking.RunUpdate{Status: tracking.Finished, EndTime: t0 + 500})
	require.NoError(t, err)
	assert.Equal(t, tracking.Finished, info.Status)
	assert.Equal(t, t0+500, info.EndTime)
	assert.Equal(t, i.RunName, info.RunName)
	info, err = s.UpdateRun(ctx, i.RunID, tracking.RunUpdate{Name: "renamed"})
	require.NoError(t, err)
	assert.Equal(t, "renamed", info.RunName)
	assert.Equal(t, tracking.Finished, info.Status)
	assert.Equal(t, t0+500, info.EndTime)
	got, err = s.GetRun(ctx, i.RunID)
	require.NoError(t, err)
	assert.Equal(t, *info, got.Info)
	assert.Equal(t, "renamed", got.Tags[tracking.TagRunName])
	_, err = s.UpdateRun(ctx, i.RunID, tracking.RunUpdate{Status: 42})
	isErr(t, err, tracking.ErrInvalid)
	_, err = s.UpdateRun(ctx, "0123456789abcdef0123456789abcdef", tracking.RunUpdate{Status: tracking.Failed})
	isErr(t, err, tracking.ErrNotFound)
	// Resuming keeps the end time, as MLflow 3 does.
	info, err = s.UpdateRun(ctx, i.RunID, tracking.RunUpdate{Status: tracking.Running})
	require.NoError(t, err)
	assert.Equal(t, tracking.Running, info.Status)
}

func testRunLifecycle(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	r := mustRun(t, s, "0", "r", t0, nil)
	id := r.Info.RunID
	mustBatch(t, s, id, tracking.Batch{Params: []tracking.Param{{Key: "p", Value: "1"}}})
	require.NoError(t, s.DeleteRun(ctx, id))
	got, err := s.GetRun(ctx, id)
	require.NoError(t, err, "a deleted run can be read")
	assert.Equal(t, tracking.StageDeleted, got.Info.LifecycleStage)
	assert.NotZero(t, got.Info.DeletedTime)
	assert.Equal(t, "1", got.Params["p"])
	require.NoError(t, s.DeleteRun(ctx, id), "deleting twice is fine")

	// Every write to a deleted run is refused.
	isErr(t, s.LogBatch(ctx, id, tracking.Batch{Metrics: []tracking.Metric{{Key: "m", Value: 1, Timestamp: t0}}}), tracking.ErrDeleted)
	isErr(t, s.LogBatch(ctx, id, tracking.Batch{Tags: []tracking.Tag{{Key: "t", Value: "1"}}}), tracking.ErrDeleted)
	_, err = s.UpdateRun(ctx, id, tracking.RunUpdate{Status: tracking.Finished, EndTime: t0 + 1})
	isErr(t, err, tracking.ErrDeleted)
	isErr(t, s.DeleteTag(ctx, id, tracking.TagRunName), tracking.ErrDeleted)
	isErr(t, s.LogInputs(ctx, id, []tracking.DatasetInput{{Dataset: tracking.Dataset{Name: "d", Digest: "1", SourceType: "code", Source: "{}"}}}), tracking.ErrDeleted)

	require.NoError(t, s.RestoreRun(ctx, id))
	got, err = s.GetRun(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, tracking.StageActive, got.Info.LifecycleStage)
	assert.Zero(t, got.Info.DeletedTime)
	mustBatch(t, s, id, tracking.Batch{Metrics: []tracking.Metric{{Key: "m", Value: 1, Timestamp: t0}}})

	isErr(t, s.DeleteRun(ctx, "0123456789abcdef0123456789abcdef"), tracking.ErrNotFound)
	isErr(t, s.RestoreRun(ctx, "0123456789abcdef0123456789abcdef"), tracking.ErrNotFound)
}

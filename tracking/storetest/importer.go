package storetest

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// testImport checks tracking.Importer, for stores that have it: ids,
// times, stages, params, tags, inputs and metric histories are kept.
func testImport(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	im, ok := s.(tracking.Importer)
	if !ok {
		t.Skip("the store does not implement tracking.Importer")
	}
	e := &tracking.Experiment{ID: "4242", Name: "imported", LifecycleStage: tracking.StageActive,
		CreationTime: t0, LastUpdateTime: t0 + 5, Tags: map[string]string{"team": "ml"}}
	id, err := im.ImportExperiment(ctx, e)
	require.NoError(t, err)
	assert.Equal(t, "4242", id, "a free id is kept")
	got, err := s.GetExperiment(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "imported", got.Name)
	assert.Equal(t, t0, got.CreationTime)
	assert.Equal(t, t0+5, got.LastUpdateTime)
	assert.Equal(t, map[string]string{"team": "ml"}, got.Tags)
	assert.Contains(t, got.ArtifactLocation, id)
	_, err = im.ImportExperiment(ctx, e)
	isErr(t, err, tracking.ErrExists)
	clash := &tracking.Experiment{ID: "4242", Name: "other", LifecycleStage: tracking.StageDeleted, CreationTime: t0}
	id2, err := im.ImportExperiment(ctx, clash)
	require.NoError(t, err)
	assert.NotEqual(t, "4242", id2, "a taken id gets a new one")
	got, err = s.GetExperiment(ctx, id2)
	require.NoError(t, err)
	assert.Equal(t, tracking.StageDeleted, got.LifecycleStage)

	run := &tracking.Run{
		Info: tracking.RunInfo{RunID: "00112233445566778899aabbccddeeff", RunName: "old run", UserID: "bob", Status: tracking.Failed,
			StartTime: t0 + 10, EndTime: t0 + 20, LifecycleStage: tracking.StageDeleted, DeletedTime: t0 + 30},
		Params: map[string]string{"alpha": "0.5"},
		Tags:   map[string]string{tracking.TagRunName: "old run", "k": "v"},
		Inputs: []tracking.DatasetInput{{Dataset: tracking.Dataset{Name: "d", Digest: "1", SourceType: "code", Source: "{}"},
			Tags: map[string]string{tracking.TagDatasetContext: "training"}}},
	}
	hist := map[string][]tracking.Metric{
		"loss": {{Key: "loss", Value: 1, Timestamp: t0, Step: 0}, {Key: "loss", Value: math.NaN(), Timestamp: t0 + 1, Step: 1}, {Key: "loss", Value: 0.5, Timestamp: t0 + 2, Step: 1}},
	}
	require.NoError(t, im.ImportRun(ctx, id, run, hist))
	r, err := s.GetRun(ctx, run.Info.RunID)
	require.NoError(t, err)
	want := run.Info
	want.ExperimentID = id
	want.ArtifactURI = r.Info.ArtifactURI
	assert.Equal(t, want, r.Info)
	assert.Contains(t, r.Info.ArtifactURI, run.Info.RunID)
	assert.Equal(t, run.Params, r.Params)
	assert.Equal(t, run.Tags, r.Tags)
	assert.Equal(t, run.Inputs, r.Inputs)
	assert.Equal(t, tracking.Metric{Key: "loss", Value: 0.5, Timestamp: t0 + 2, Step: 1}, r.Metrics["loss"], "latest by (step, timestamp, value)")
	h, err := s.GetMetricHistory(ctx, run.Info.RunID, "loss")
	require.NoError(t, err)
	require.Len(t, h, 3)
	assert.True(t, math.IsNaN(h[1].Value))
	err = im.ImportRun(ctx, id, run, hist)
	isErr(t, err, tracking.ErrExists)
	err = im.ImportRun(ctx, "987654321", &tracking.Run{Info: tracking.RunInfo{RunID: "ffeeddccbbaa99887766554433221100"}}, nil)
	isErr(t, err, tracking.ErrNotFound)
}

// testCancelled checks that a cancelled context stops every kind of call.
func testCancelled(t *testing.T, open Open) {
	s := open(t)
	r := mustRun(t, s, "0", "r", t0, nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for name, err := range map[string]error{
		"GetRun":   func() error { _, err := s.GetRun(ctx, r.Info.RunID); return err }(),
		"LogBatch": s.LogBatch(ctx, r.Info.RunID, tracking.Batch{Params: []tracking.Param{{Key: "p", Value: "1"}}}),
		"Search":   func() error { _, _, err := s.SearchRuns(ctx, tracking.RunQuery{}); return err }(),
		"Create":   func() error { _, err := s.CreateExperiment(ctx, "x", "", nil); return err }(),
	} {
		assert.True(t, errors.Is(err, context.Canceled), "%s: got %v", name, err)
	}
	got, err := s.GetRun(background(), r.Info.RunID)
	require.NoError(t, err)
	assert.Empty(t, got.Params, "a cancelled call writes nothing")
}

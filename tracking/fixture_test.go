package tracking_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/telltale-ml/telltale/tracking"
)

const (
	fxExp     = "616103777625558990"
	fxRun1    = "ef3cd203a56240b0ac27a6af405e6a96"
	fxRun2    = "0b1e6f3a9c2d4e5f8a7b6c5d4e3f2a1b"
	fxDeleted = "9f8e7d6c5b4a49382716a5b4c3d2e1f0"
	fxLegacy  = "5d41402abc4b4a76b9719d911017c592"
)

func openFixture(t *testing.T) *tracking.FileStore {
	t.Helper()
	s, err := tracking.OpenWith(copyFixture(t, "mlflow-store/mlruns"), tracking.Options{MustExist: true})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

func TestReadMLflowStoreExperiments(t *testing.T) {
	ctx := t.Context()
	s := openFixture(t)
	e, err := s.GetExperiment(ctx, fxExp)
	require.NoError(t, err)
	assert.Equal(t, &tracking.Experiment{
		ID: fxExp, Name: "demo", ArtifactLocation: "file:///home/user/mlruns/" + fxExp,
		LifecycleStage: "active", CreationTime: 1795634921929, LastUpdateTime: 1795634921929,
		Tags: map[string]string{"mlflow.note.content": "nightly drift checks"},
	}, e)

	legacy, err := s.GetExperimentByName(ctx, "legacy")
	require.NoError(t, err)
	assert.Equal(t, "1", legacy.ID)
	assert.Zero(t, legacy.CreationTime)
	assert.Equal(t, "/home/user/mlruns/1", legacy.ArtifactLocation)

	folded, err := s.GetExperiment(ctx, "2")
	require.NoError(t, err)
	assert.Equal(t, "monitoring of the weekly credit scoring model, with drift and data quality checks per segment", folded.Name)

	deleted, err := s.GetExperimentByName(ctx, "old experiment")
	require.NoError(t, err)
	assert.Equal(t, "deleted", deleted.LifecycleStage)

	exps, _, err := s.SearchExperiments(ctx, tracking.ExperimentQuery{})
	require.NoError(t, err)
	var names []string
	for _, e := range exps {
		names = append(names, e.Name)
	}
	// creation_time DESC; legacy (no creation time) last.
	assert.Equal(t, []string{"demo", "Default", folded.Name, "legacy"}, names)

	all, _, err := s.SearchExperiments(ctx, tracking.ExperimentQuery{View: tracking.All, OrderBy: []string{"name"}})
	require.NoError(t, err)
	assert.Len(t, all, 5)
}

func TestReadMLflowStoreRuns(t *testing.T) {
	ctx := t.Context()
	s := openFixture(t)
	r, err := s.GetRun(ctx, fxRun1)
	require.NoError(t, err)
	assert.Equal(t, tracking.RunInfo{
		RunID: fxRun1, RunName: "r1", ExperimentID: fxExp, UserID: "root", Status: tracking.Finished,
		StartTime: 1795634921933, EndTime: 1795634921948,
		ArtifactURI:    "file:///home/user/mlruns/" + fxExp + "/" + fxRun1 + "/artifacts",
		LifecycleStage: "active",
	}, r.Info)
	assert.Equal(t, map[string]string{"alpha": "0.5", "model": "rf"}, r.Params)
	// The latest is the greatest (step, timestamp): 0.93 at step 1.
	assert.Equal(t, tracking.Metric{Key: "accuracy", Value: 0.93, Timestamp: 1795634921942, Step: 1}, r.Metrics["accuracy"])
	assert.Equal(t, "LOCAL", r.Tags["mlflow.source.type"])

	r2, err := s.GetRun(ctx, fxRun2)
	require.NoError(t, err)
	assert.Equal(t, tracking.Running, r2.Info.Status)
	assert.Zero(t, r2.Info.EndTime)
	assert.Equal(t, "gbm", r2.Params["model/name"])
	assert.Equal(t, "line one\nline two", r2.Params["notes"])
	assert.Equal(t, "true", r2.Tags["drift detected"])
	assert.Equal(t, tracking.Metric{Key: "train/auc", Value: 0.25, Timestamp: 1795634921962, Step: 7}, r2.Metrics["train/auc"])
	assert.True(t, math.IsInf(r2.Metrics["loss"].Value, 1) == false && r2.Metrics["loss"].Value == 100)

	h, err := s.GetMetricHistory(ctx, fxRun2, "loss")
	require.NoError(t, err)
	require.Len(t, h, 5)
	assert.Equal(t, 1e-05, h[0].Value)
	assert.True(t, math.IsNaN(h[1].Value))
	assert.True(t, math.IsInf(h[2].Value, 1))
	assert.True(t, math.IsInf(h[3].Value, -1))
	assert.Equal(t, int64(3), h[3].Step)

	// Its dataset input, as mlflow.log_input writes it; the input whose
	// dataset is missing is skipped, as MLflow skips it.
	assert.Equal(t, []tracking.DatasetInput{{
		Dataset: tracking.Dataset{Name: "weather-2023", Digest: "4a3b2c1d", SourceType: "local",
			Source:  `{"uri": "/data/seattle-weather.csv"}`,
			Schema:  `{"mlflow_colspec": [{"type": "double", "name": "temp_max"}]}`,
			Profile: `{"num_rows": 365, "num_elements": 2190}`},
		Tags: map[string]string{"mlflow.data.context": "training"},
	}}, r2.Inputs)
	assert.Empty(t, r.Inputs)

	h, err = s.GetMetricHistory(ctx, fxRun2, "train/auc")
	require.NoError(t, err)
	assert.Equal(t, []tracking.Metric{
		{Key: "train/auc", Value: 0.5, Timestamp: 1795634921961, Step: 0},
		{Key: "train/auc", Value: 0.25, Timestamp: 1795634921962, Step: 7},
	}, h)

	legacy, err := s.GetRun(ctx, fxLegacy)
	require.NoError(t, err)
	assert.Equal(t, "old name", legacy.Info.RunName)
	assert.Equal(t, "1", legacy.Info.ExperimentID)

	del, err := s.GetRun(ctx, fxDeleted)
	require.NoError(t, err)
	assert.Equal(t, "deleted", del.Info.LifecycleStage)
	assert.Equal(t, int64(1795634922000), del.Info.DeletedTime)

	// The store was "moved": /home/user/mlruns does not exist, so the
	// artifacts are found inside the store.
	arts, err := s.ListArtifacts(ctx, fxRun1, "")
	require.NoError(t, err)
	assert.Equal(t, []tracking.ArtifactInfo{{Path: "drift.html", Size: 6}}, arts)
}

func TestSearchMLflowStore(t *testing.T) {
	ctx := t.Context()
	s := openFixture(t)
	runs, tok, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{fxExp}})
	require.NoError(t, err)
	assert.Empty(t, tok)
	// start_time DESC; the deleted run and the directory without
	// meta.yaml are left out.
	assert.Equal(t, []string{fxRun2, fxRun1}, runIDs(runs))

	runs, _, err = s.SearchRuns(ctx, tracking.RunQuery{Filter: "metrics.share_of_drifted_columns > 0.3 and params.model = 'rf'", OrderBy: []string{"metrics.accuracy DESC"}})
	require.NoError(t, err)
	assert.Equal(t, []string{fxRun1}, runIDs(runs))

	runs, _, err = s.SearchRuns(ctx, tracking.RunQuery{View: tracking.DeletedOnly})
	require.NoError(t, err)
	assert.Equal(t, []string{fxDeleted}, runIDs(runs))

	// Dataset inputs as MLflow writes them.
	runs, _, err = s.SearchRuns(ctx, tracking.RunQuery{Filter: "datasets.context = 'training' and datasets.name LIKE 'weather%' and datasets.digest = '4a3b2c1d'"})
	require.NoError(t, err)
	assert.Equal(t, []string{fxRun2}, runIDs(runs))
}

// TestWriteLikeMLflow checks that what telltale writes is what MLflow
// writes: params, tags and metric files byte for byte, meta.yaml the same
// keys and values (telltale double-quotes every string where PyYAML
// quotes only those that need it).
func TestWriteLikeMLflow(t *testing.T) {
	ctx := t.Context()
	fixture := filepath.Join("testdata", "mlflow-store", "mlruns", fxExp, fxRun2)
	c := &clock{}
	s, err := tracking.OpenWith(filepath.Join(t.TempDir(), "mlruns"), tracking.Options{Now: c.now, User: "root"})
	require.NoError(t, err)
	defer s.Close()
	c.ms = 1795634921960 - 1
	r, err := tracking.StartRun(ctx, s, "0", "r2 nightly", map[string]string{"drift detected": "true"})
	require.NoError(t, err)
	require.NoError(t, r.LogParam(ctx, "model/name", "gbm"))
	require.NoError(t, r.LogParam(ctx, "notes", "line one\nline two"))
	for i, v := range []float64{1e-05, math.NaN(), math.Inf(1), math.Inf(-1), 100} {
		c.ms = 1795634921960 + int64(i)
		require.NoError(t, r.LogMetric(ctx, "loss", v, int64(i)))
	}
	c.ms = 1795634921969
	require.NoError(t, r.LogMetric(ctx, "share_of_drifted_columns", 0.1, 0))

	dir := filepath.Join(s.Dir(), "0", r.ID())
	for _, f := range []string{"params/model/name", "params/notes", "metrics/loss", "metrics/share_of_drifted_columns", "tags/drift detected", "tags/mlflow.runName"} {
		want, err := os.ReadFile(filepath.Join(fixture, f))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), f)
	}

	want := readYAML(t, filepath.Join(fixture, "meta.yaml"))
	got := readYAML(t, filepath.Join(dir, "meta.yaml"))
	for _, k := range []string{"run_id", "experiment_id", "artifact_uri"} {
		assert.NotEmpty(t, got[k])
		delete(want, k)
		delete(got, k)
	}
	assert.Equal(t, want, got)
}

func readYAML(t *testing.T, p string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, yaml.Unmarshal(b, &m))
	return m
}

func runIDs(runs []*tracking.Run) []string {
	ids := []string{}
	for _, r := range runs {
		ids = append(ids, r.Info.RunID)
	}
	return ids
}

package tracking_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

func TestOpenCreatesDefaultExperiment(t *testing.T) {
	ctx := t.Context()
	dir := filepath.Join(t.TempDir(), "a", "mlruns")
	_, err := tracking.OpenWith(dir, tracking.Options{MustExist: true})
	assert.ErrorIs(t, err, tracking.ErrNotFound)

	s, err := tracking.Open("file://" + dir)
	require.NoError(t, err)
	defer s.Close()
	e, err := s.GetExperiment(ctx, "0")
	require.NoError(t, err)
	assert.Equal(t, "Default", e.Name)
	assert.Equal(t, s.URI()+"/0", e.ArtifactLocation)
	// Opening again changes nothing.
	s2, err := tracking.Open(dir)
	require.NoError(t, err)
	defer s2.Close()
	exps, _, err := s2.SearchExperiments(ctx, tracking.ExperimentQuery{})
	require.NoError(t, err)
	assert.Len(t, exps, 1)

	_, err = tracking.Open("sqlite:///mlflow.db")
	assert.ErrorIs(t, err, tracking.ErrInvalid)
}

func TestExperiments(t *testing.T) {
	ctx := t.Context()
	s := newStore(t)
	id, err := s.CreateExperiment(ctx, "demo", "", map[string]string{"team": "ml"})
	require.NoError(t, err)
	assert.Regexp(t, `^[1-9][0-9]{17}$`, id)
	_, err = s.CreateExperiment(ctx, "demo", "", nil)
	assert.ErrorIs(t, err, tracking.ErrExists)
	_, err = s.CreateExperiment(ctx, "", "", nil)
	assert.ErrorIs(t, err, tracking.ErrInvalid)
	_, err = s.CreateExperiment(ctx, "x", "", map[string]string{"../x": "1"})
	assert.ErrorIs(t, err, tracking.ErrInvalid)

	e, err := s.GetExperimentByName(ctx, "demo")
	require.NoError(t, err)
	assert.Equal(t, id, e.ID)
	assert.Equal(t, map[string]string{"team": "ml"}, e.Tags)
	require.NoError(t, s.SetExperimentTag(ctx, id, tracking.TagNote, "drift checks"))
	_, err = s.GetExperimentByName(ctx, "nope")
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	_, err = s.GetExperiment(ctx, "../etc")
	assert.ErrorIs(t, err, tracking.ErrInvalid)

	r, err := tracking.StartRun(ctx, s, id, "r", nil)
	require.NoError(t, err)
	require.NoError(t, s.DeleteExperiment(ctx, id))
	assert.DirExists(t, filepath.Join(s.Dir(), ".trash", id))
	assert.NoDirExists(t, filepath.Join(s.Dir(), id))
	got, err := s.GetRun(ctx, r.ID())
	require.NoError(t, err)
	assert.Equal(t, tracking.StageDeleted, got.Info.LifecycleStage)
	assert.ErrorIs(t, r.LogMetric(ctx, "m", 1, 0), tracking.ErrDeleted) // deleted with its experiment
	_, err = tracking.StartRun(ctx, s, id, "", nil)
	assert.ErrorIs(t, err, tracking.ErrDeleted)
	_, err = s.CreateExperiment(ctx, "demo", "", nil)
	assert.ErrorIs(t, err, tracking.ErrExists)
	assert.ErrorIs(t, s.DeleteExperiment(ctx, "0"), tracking.ErrInvalid)

	require.NoError(t, s.RestoreExperiment(ctx, id))
	got, err = s.GetRun(ctx, r.ID())
	require.NoError(t, err)
	assert.Equal(t, tracking.StageActive, got.Info.LifecycleStage)
	require.NoError(t, r.LogMetric(ctx, "m", 1, 0))
}

func TestCreateExperimentRace(t *testing.T) {
	ctx := t.Context()
	s := newStore(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, exists := 0, 0
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.CreateExperiment(ctx, "same", "", nil)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, tracking.ErrExists):
				exists++
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, ok)
	assert.Equal(t, 15, exists)
}

func TestRunLogging(t *testing.T) {
	ctx := t.Context()
	s := newStore(t)
	r, err := tracking.StartRun(ctx, s, "", "", map[string]string{"stage": "nightly"})
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9a-f]{32}$`, r.ID())
	assert.Regexp(t, `^[a-z]+-[a-z]+-\d{1,3}$`, r.Name())

	require.NoError(t, r.LogParam(ctx, "alpha", "0.5"))
	require.NoError(t, r.LogParam(ctx, "alpha", "0.5"))
	err = r.LogParam(ctx, "alpha", "0.6")
	assert.ErrorIs(t, err, tracking.ErrImmutable)
	assert.Contains(t, err.Error(), `key='alpha'`)
	assert.ErrorIs(t, r.LogParam(ctx, "p", strings.Repeat("x", 6001)), tracking.ErrInvalid)
	require.NoError(t, r.LogParam(ctx, "p", strings.Repeat("x", 6000)))
	assert.ErrorIs(t, r.SetTag(ctx, "t", strings.Repeat("x", 8001)), tracking.ErrInvalid)
	assert.ErrorIs(t, r.LogMetric(ctx, "../escape", 1, 0), tracking.ErrInvalid)
	assert.ErrorIs(t, r.LogParam(ctx, "/abs", "1"), tracking.ErrInvalid)

	for i := range 5 {
		require.NoError(t, r.LogMetric(ctx, "loss", 1/float64(i+1), int64(i)))
	}
	require.NoError(t, r.LogMetrics(ctx, map[string]float64{"a": 1, "b": 2}, 3))
	require.NoError(t, r.SetTags(ctx, map[string]string{"x": "1", "y": "2"}))
	require.NoError(t, r.SetTag(ctx, tracking.TagRunName, "renamed"))
	require.NoError(t, r.End(ctx, tracking.Finished))
	assert.ErrorIs(t, r.End(ctx, tracking.Running), tracking.ErrInvalid)

	got, err := s.GetRun(ctx, r.ID())
	require.NoError(t, err)
	assert.Equal(t, "renamed", got.Info.RunName)
	assert.Equal(t, tracking.Finished, got.Info.Status)
	assert.NotZero(t, got.Info.EndTime)
	assert.Equal(t, 0.2, got.Metrics["loss"].Value)
	assert.Equal(t, int64(3), got.Metrics["b"].Step)
	assert.Equal(t, "nightly", got.Tags["stage"])
	assert.Equal(t, "LOCAL", got.Tags[tracking.TagSourceType])
	assert.NotEmpty(t, got.Tags[tracking.TagUser])

	h, err := s.GetMetricHistory(ctx, r.ID(), "loss")
	require.NoError(t, err)
	require.Len(t, h, 5)
	assert.Equal(t, int64(4), h[4].Step)
	h, err = s.GetMetricHistory(ctx, r.ID(), "nope")
	require.NoError(t, err)
	assert.Empty(t, h)
	_, err = s.GetRun(ctx, "0123456789abcdef0123456789abcdef")
	assert.ErrorIs(t, err, tracking.ErrNotFound)

	// Delete and restore.
	require.NoError(t, s.DeleteRun(ctx, r.ID()))
	assert.ErrorIs(t, r.LogMetric(ctx, "loss", 1, 9), tracking.ErrDeleted)
	runs, _, err := s.SearchRuns(ctx, tracking.RunQuery{})
	require.NoError(t, err)
	assert.Empty(t, runs)
	require.NoError(t, s.RestoreRun(ctx, r.ID()))
	runs, _, err = s.SearchRuns(ctx, tracking.RunQuery{})
	require.NoError(t, err)
	assert.Len(t, runs, 1)
	meta, err := os.ReadFile(filepath.Join(s.Dir(), "0", r.ID(), "meta.yaml"))
	require.NoError(t, err)
	assert.NotContains(t, string(meta), "deleted_time")

	// Resume sets RUNNING again (the end time stays, as in MLflow 3).
	rr, err := tracking.ResumeRun(ctx, s, r.ID())
	require.NoError(t, err)
	require.NoError(t, rr.LogMetric(ctx, "loss", 0.1, 5))
	got, err = s.GetRun(ctx, r.ID())
	require.NoError(t, err)
	assert.Equal(t, tracking.Running, got.Info.Status)
}

func TestStartRunNameConflict(t *testing.T) {
	ctx := t.Context()
	s := newStore(t)
	_, err := tracking.StartRun(ctx, s, "0", "a", map[string]string{tracking.TagRunName: "b"})
	assert.ErrorIs(t, err, tracking.ErrInvalid)
	r, err := tracking.StartRun(ctx, s, "0", "", map[string]string{tracking.TagRunName: "b"})
	require.NoError(t, err)
	assert.Equal(t, "b", r.Name())
	_, err = tracking.StartRun(ctx, s, "123456789012345678", "", nil)
	assert.ErrorIs(t, err, tracking.ErrNotFound)
}

func TestWithRun(t *testing.T) {
	ctx := t.Context()
	s := newStore(t)
	var id1, id2, id3 string
	require.NoError(t, tracking.WithRun(ctx, s, "0", "ok", nil, func(r *tracking.ActiveRun) error {
		id1 = r.ID()
		return r.LogMetric(ctx, "m", 1, 0)
	}))
	boom := errors.New("boom")
	err := tracking.WithRun(ctx, s, "0", "fails", nil, func(r *tracking.ActiveRun) error {
		id2 = r.ID()
		return boom
	})
	assert.ErrorIs(t, err, boom)
	assert.PanicsWithValue(t, "crash", func() {
		_ = tracking.WithRun(ctx, s, "0", "panics", nil, func(r *tracking.ActiveRun) error {
			id3 = r.ID()
			require.NoError(t, r.LogParam(ctx, "p", "1"))
			panic("crash")
		})
	})
	for id, want := range map[string]tracking.RunStatus{id1: tracking.Finished, id2: tracking.Failed, id3: tracking.Failed} {
		r, err := s.GetRun(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, want, r.Info.Status, r.Info.RunName)
	}
	// The crashed run left a readable store.
	r, err := s.GetRun(ctx, id3)
	require.NoError(t, err)
	assert.Equal(t, "1", r.Params["p"])
}

func TestArtifacts(t *testing.T) {
	ctx := t.Context()
	s := newStore(t)
	r, err := tracking.StartRun(ctx, s, "0", "", nil)
	require.NoError(t, err)
	src := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(src, []byte("<html>"), 0o644))
	require.NoError(t, r.LogArtifact(ctx, src, ""))
	require.NoError(t, r.LogArtifact(ctx, src, "reports/daily"))
	require.NoError(t, r.LogArtifactBytes(ctx, "profile.json", []byte("{}")))
	srcDir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(srcDir, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(srcDir, "sub", "x.txt"), []byte("x"), 0o644))
	require.NoError(t, r.LogArtifacts(ctx, srcDir, "tree"))

	dir, err := s.ArtifactDir(r.ID())
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(s.Dir(), "0", r.ID(), "artifacts"), dir)
	b, err := os.ReadFile(filepath.Join(dir, "reports", "daily", "report.html"))
	require.NoError(t, err)
	assert.Equal(t, "<html>", string(b))
	assert.FileExists(t, filepath.Join(dir, "tree", "sub", "x.txt"))
	list, err := s.ListArtifacts(ctx, r.ID(), "")
	require.NoError(t, err)
	assert.Equal(t, []tracking.ArtifactInfo{
		{Path: "profile.json", Size: 2}, {Path: "report.html", Size: 6},
		{Path: "reports", IsDir: true}, {Path: "tree", IsDir: true},
	}, list)

	// Paths that would leave the store are refused.
	for _, bad := range []string{"../x", "/etc/x", "a/../../x", ""} {
		assert.ErrorIs(t, r.LogArtifactBytes(ctx, bad, nil), tracking.ErrInvalid, bad)
	}
	assert.ErrorIs(t, r.LogArtifact(ctx, src, "../up"), tracking.ErrInvalid)
	outside := t.TempDir()
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "link")))
	err = r.LogArtifactBytes(ctx, "link/evil.txt", []byte("x"))
	assert.ErrorIs(t, err, tracking.ErrInvalid)
	assert.Contains(t, err.Error(), "symbolic link")
	assert.NoFileExists(t, filepath.Join(outside, "evil.txt"))
	require.NoError(t, os.Symlink(outside, filepath.Join(srcDir, "link")))
	assert.ErrorIs(t, r.LogArtifacts(ctx, srcDir, ""), tracking.ErrInvalid)
	assert.ErrorIs(t, r.LogArtifact(ctx, srcDir, ""), tracking.ErrInvalid)
	// No temporary file is left behind.
	entries, err := os.ReadDir(filepath.Join(s.Dir(), "0", r.ID()))
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.HasPrefix(e.Name(), ".telltale-tmp"), e.Name())
	}
}

func TestCustomArtifactLocation(t *testing.T) {
	ctx := t.Context()
	s := newStore(t)
	loc := t.TempDir()
	id, err := s.CreateExperiment(ctx, "ext", "file://"+loc, nil)
	require.NoError(t, err)
	r, err := tracking.StartRun(ctx, s, id, "", nil)
	require.NoError(t, err)
	require.NoError(t, r.LogArtifactBytes(ctx, "a.txt", []byte("a")))
	assert.FileExists(t, filepath.Join(loc, r.ID(), "artifacts", "a.txt"))
}

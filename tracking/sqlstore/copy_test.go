package sqlstore_test

import (
	"context"
	"io"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// fillStore logs two experiments (one deleted), runs with params, metric
// histories (NaN and all), tags, inputs, artifacts, a deleted run.
func fillStore(t *testing.T, s tracking.Store) {
	ctx := t.Context()
	exp, err := s.CreateExperiment(ctx, "nightly", "", map[string]string{"team": "ml"})
	require.NoError(t, err)
	gone, err := s.CreateExperiment(ctx, "old", "", nil)
	require.NoError(t, err)
	for i, e := range []string{exp, exp, gone, "0"} {
		r, err := tracking.StartRun(ctx, s, e, "r"+string(rune('a'+i)), map[string]string{"i": string(rune('0' + i))})
		require.NoError(t, err)
		require.NoError(t, r.LogParams(ctx, map[string]string{"model": "rf", "n": "100"}))
		for step := range 5 {
			v := float64(step) / 4
			if step == 3 {
				v = math.NaN()
			}
			require.NoError(t, r.LogMetricAt(ctx, tracking.Metric{Key: "loss", Value: v, Step: int64(step), Timestamp: int64(1000 + step)}))
		}
		require.NoError(t, r.LogInput(ctx, tracking.Dataset{Name: "train", Digest: "abc", SourceType: "local", Source: "{}"}, "training"))
		require.NoError(t, r.LogArtifactBytes(ctx, "reports/drift.html", []byte("<html>"+r.ID())))
		require.NoError(t, r.LogArtifactBytes(ctx, "profile.json", []byte("{}")))
		require.NoError(t, r.End(ctx, tracking.Finished))
		if i == 1 {
			require.NoError(t, s.DeleteRun(ctx, r.ID()))
		}
	}
	require.NoError(t, s.DeleteExperiment(ctx, gone))
}

// snapshot reads a whole store: experiments by name, runs by id with
// their histories and artifacts.
func snapshot(t *testing.T, s tracking.Store) (map[string]*tracking.Experiment, map[string]*tracking.Run, map[string][]tracking.Metric, map[string]string) {
	ctx := t.Context()
	exps := map[string]*tracking.Experiment{}
	page, _, err := s.SearchExperiments(ctx, tracking.ExperimentQuery{View: tracking.All})
	require.NoError(t, err)
	runs := map[string]*tracking.Run{}
	hist := map[string][]tracking.Metric{}
	arts := map[string]string{}
	for _, e := range page {
		cp := *e
		cp.ID, cp.ArtifactLocation = "", ""
		if e.Name == tracking.DefaultExperimentName {
			cp.CreationTime, cp.LastUpdateTime = 0, 0 // each store makes its own
		}
		exps[e.Name] = &cp
		rs, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{e.ID}, View: tracking.All})
		require.NoError(t, err)
		for _, r := range rs {
			cp := *r
			cp.Info.ExperimentID, cp.Info.ArtifactURI = e.Name, ""
			runs[r.Info.RunID] = &cp
			h, err := s.GetMetricHistory(ctx, r.Info.RunID, "loss")
			require.NoError(t, err)
			hist[r.Info.RunID] = h
			for _, p := range []string{"reports/drift.html", "profile.json"} {
				f, err := s.OpenArtifact(ctx, r.Info.RunID, p)
				require.NoError(t, err)
				b, _ := io.ReadAll(f)
				f.Close()
				arts[r.Info.RunID+"/"+p] = string(b)
			}
		}
	}
	return exps, runs, hist, arts
}

func assertSameStore(t *testing.T, a, b tracking.Store) {
	t.Helper()
	ea, ra, ha, aa := snapshot(t, a)
	eb, rb, hb, ab := snapshot(t, b)
	assert.Equal(t, ea, eb)
	require.Len(t, rb, len(ra))
	for id, r := range ra {
		// NaN != NaN for assert.Equal: compare the latest NaN by its bits.
		for _, m := range []*tracking.Run{r, rb[id]} {
			if l, ok := m.Metrics["loss"]; ok && math.IsNaN(l.Value) {
				l.Value = -999
				m.Metrics["loss"] = l
			}
		}
		assert.Equal(t, r, rb[id], id)
	}
	require.Equal(t, len(ha), len(hb))
	for id, h := range ha {
		require.Len(t, hb[id], len(h))
		for i := range h {
			x, y := h[i], hb[id][i]
			assert.Equal(t, math.IsNaN(x.Value), math.IsNaN(y.Value))
			if !math.IsNaN(x.Value) {
				assert.Equal(t, x, y)
			}
		}
	}
	assert.Equal(t, aa, ab)
}

func TestCopyFileToSQLiteAndBack(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	src, err := tracking.Open(filepath.Join(dir, "mlruns"))
	require.NoError(t, err)
	defer src.Close()
	fillStore(t, src)

	db := openSQLite(t)
	st, err := tracking.Copy(ctx, src, db, tracking.CopyOptions{})
	require.NoError(t, err)
	assert.Equal(t, 2, st.Experiments)
	assert.Equal(t, 1, st.ExperimentsExisted, "Default")
	assert.Equal(t, 4, st.Runs)
	assert.Equal(t, 8, st.Artifacts)
	assertSameStore(t, src, db)
	for from, to := range st.IDs {
		assert.NotEqual(t, from, to)
	}

	// A second copy copies nothing.
	st, err = tracking.Copy(ctx, src, db, tracking.CopyOptions{})
	require.NoError(t, err)
	assert.Equal(t, tracking.CopyStats{ExperimentsExisted: 3, RunsExisted: 4, ArtifactsExisted: 8, IDs: st.IDs}, st)

	// And back into a new file store.
	back, err := tracking.Open(filepath.Join(dir, "back"))
	require.NoError(t, err)
	defer back.Close()
	st, err = tracking.Copy(ctx, db, back, tracking.CopyOptions{})
	require.NoError(t, err)
	assert.Equal(t, 4, st.Runs)
	assertSameStore(t, db, back)

	// A copy cut short (a run without its artifacts) is completed.
	third := openSQLite(t)
	_, err = tracking.Copy(ctx, src, third, tracking.CopyOptions{Experiments: []string{"nightly"}})
	require.NoError(t, err)
	_, err = tracking.Copy(context.Background(), src, third, tracking.CopyOptions{})
	require.NoError(t, err)
	assertSameStore(t, src, third)
}

package reportlog_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/reportlog"
	"github.com/telltale-ml/telltale/tests"
	"github.com/telltale-ml/telltale/tracking"
)

func snapshot(t *testing.T) *report.Snapshot {
	t.Helper()
	n := 50
	a, b, c := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range a {
		a[i] = float64(i)
		b[i] = float64(i) + 100
		c[i] = float64(i % 7)
	}
	ref, err := dataset.New("ref.csv", dataset.NewNumericColumn("x", a), dataset.NewNumericColumn("y", c))
	require.NoError(t, err)
	cur, err := dataset.New("cur.csv", dataset.NewNumericColumn("x", b), dataset.NewNumericColumn("y", c))
	require.NoError(t, err)
	r := &report.Report{
		Metrics: []metrics.Metric{&metrics.DataDrift{}, &metrics.DataDrift{Columns: []string{"y"}}},
		Tests:   []tests.Test{&tests.ShareOfDriftedColumns{}},
	}
	s, err := r.Run(context.Background(), report.Data{Reference: ref, Current: cur}, &report.Options{Version: "v1.2.3"})
	require.NoError(t, err)
	return s
}

func TestHeadline(t *testing.T) {
	h := reportlog.Headline(snapshot(t))
	assert.Equal(t, 0.5, h["share_of_drifted_columns"])
	assert.Equal(t, 1.0, h["number_of_drifted_columns"])
	assert.Equal(t, 2.0, h["number_of_columns"])
	assert.Equal(t, 1.0, h["dataset_drift"], "0.5 >= drift_share 0.5")
	assert.Equal(t, 1.0, h["tests_total"])
	assert.Equal(t, 1.0, h["tests_fail"])
	assert.Equal(t, 0.0, h["DataDrift(columns=_y_).share_of_drifted_columns"], "a second DataDrift is prefixed with its id")
}

func TestLog(t *testing.T) {
	ctx := t.Context()
	dir := filepath.Join(t.TempDir(), "mlruns")
	store, err := tracking.Open(dir)
	require.NoError(t, err)
	defer store.Close()
	s := snapshot(t)
	id, err := reportlog.Log(ctx, store, s, reportlog.Run{
		Experiment: "nightly",
		Name:       "2024-05-01",
		Params:     map[string]string{"presets": "data-drift", "model": "rf"},
		Artifacts:  map[string][]byte{"report.json": []byte(`{"schema":"telltale.profile/v1"}`), "report.html": []byte("<html></html>")},
	})
	require.NoError(t, err)

	run, err := store.GetRun(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, tracking.Finished, run.Info.Status)
	assert.Equal(t, "2024-05-01", run.Info.RunName)
	assert.Equal(t, "rf", run.Params["model"])
	assert.Equal(t, 0.5, run.Metrics["share_of_drifted_columns"].Value)
	assert.Equal(t, "v1.2.3", run.Tags[reportlog.TagVersion])
	assert.Equal(t, "ref.csv", run.Tags[reportlog.TagReference])
	assert.Equal(t, "cur.csv", run.Tags[reportlog.TagCurrent])
	assert.Equal(t, "true", run.Tags[reportlog.TagTestsFailed])
	artDir, err := store.ArtifactDir(id)
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(artDir, "report.html"))
	require.NoError(t, err)
	assert.Equal(t, "<html></html>", string(got))

	// A second run goes to the same experiment.
	id2, err := reportlog.Log(ctx, store, s, reportlog.Run{Experiment: "nightly"})
	require.NoError(t, err)
	run2, err := store.GetRun(ctx, id2)
	require.NoError(t, err)
	assert.Equal(t, run.Info.ExperimentID, run2.Info.ExperimentID)

	runs, _, err := store.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{run.Info.ExperimentID}, Filter: "metrics.share_of_drifted_columns > 0.3 and params.model = 'rf'", MaxResults: 100})
	require.NoError(t, err)
	require.Len(t, runs, 1)
	assert.Equal(t, id, runs[0].Info.RunID)
}

func TestLogRefusesEscapingArtifactPaths(t *testing.T) {
	ctx := t.Context()
	store, err := tracking.Open(filepath.Join(t.TempDir(), "mlruns"))
	require.NoError(t, err)
	defer store.Close()
	id, err := reportlog.Log(ctx, store, snapshot(t), reportlog.Run{Artifacts: map[string][]byte{"../../evil": []byte("x")}})
	require.Error(t, err)
	run, gerr := store.GetRun(ctx, id)
	require.NoError(t, gerr)
	assert.Equal(t, tracking.Failed, run.Info.Status)
}

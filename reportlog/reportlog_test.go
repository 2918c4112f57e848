package reportlog_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
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
	// A second DataDrift is prefixed with its id, DataDrift(columns=["y"]),
	// made a metric key.
	require.Contains(t, h, `DataDrift_columns___y___.share_of_drifted_columns`)
	assert.Equal(t, 0.0, h[`DataDrift_columns___y___.share_of_drifted_columns`])
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

// Per-column drift scores are logged as drift_score/<column>, as
// Evidently's MLflow recipe logs each column's drift_score
// (examples/integrations/mlflow_logging/mlflow_integration.ipynb); the
// values are the report's own.
func TestHeadlineDriftScores(t *testing.T) {
	s := snapshot(t)
	h := reportlog.Headline(s)
	res := s.Metrics[0].Result.(*metrics.DataDriftResult)
	require.Len(t, res.Columns, 2)
	for _, c := range res.Columns {
		assert.Equal(t, float64(c.Score), h["drift_score/"+c.Column], c.Column)
	}
	assert.Equal(t, 1.0, h["drift_score/y"], "identical columns: p-value 1")
	assert.Less(t, h["drift_score/x"], 1e-20, "disjoint columns")
	require.Contains(t, h, "DataDrift_columns___y___.drift_score/y")
	assert.Equal(t, 1.0, h["DataDrift_columns___y___.drift_score/y"])
}

// The reference's quality is logged beside the current's, and a report
// without tests logs no test counts.
func TestHeadlineReferenceAndNoTests(t *testing.T) {
	labels := func(v ...string) []string { return v }
	frame := func(src string, y, p []string) *dataset.Frame {
		f, err := dataset.New(src, dataset.NewStringColumn("y", dataset.Categorical, y, nil),
			dataset.NewStringColumn("p", dataset.Categorical, p, nil))
		require.NoError(t, err)
		return f
	}
	ref := frame("ref.csv", labels("a", "a", "b", "b"), labels("a", "a", "b", "b"))
	cur := frame("cur.csv", labels("a", "a", "b", "b"), labels("a", "b", "b", "b"))
	r := &report.Report{Metrics: []metrics.Metric{&metrics.ClassificationQuality{}}}
	s, err := r.Run(context.Background(), report.Data{Reference: ref, Current: cur,
		Definition: &dataset.Definition{Target: "y", Prediction: "p", PosLabel: "b"}}, nil)
	require.NoError(t, err)
	require.Empty(t, s.Metrics[0].Error)
	h := reportlog.Headline(s)
	assert.Equal(t, 0.75, h["accuracy"])
	assert.Equal(t, 1.0, h["reference.accuracy"])
	assert.Equal(t, 1.0, h["reference.f1"])
	for k := range h {
		assert.NotContains(t, k, "tests_", "no tests, no test counts")
	}

	ctx := t.Context()
	store, err := tracking.Open(filepath.Join(t.TempDir(), "mlruns"))
	require.NoError(t, err)
	defer store.Close()
	id, err := reportlog.Log(ctx, store, s, reportlog.Run{})
	require.NoError(t, err)
	run, err := store.GetRun(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, 1.0, run.Metrics["reference.accuracy"].Value)
	assert.NotContains(t, run.Tags, reportlog.TagTestsFailed, "no tests ran")
	assert.NotContains(t, run.Metrics, "tests_total")
}

// Column names that are no valid metric key part still log: "/" and
// other characters become "_", dots-only names cannot name a folder, and
// names that collide once cleaned get a number.
func TestHeadlineOddColumnNames(t *testing.T) {
	n := 30
	cols := func(shift float64) []dataset.Column {
		var out []dataset.Column
		for i, name := range []string{"..", "a/b", "a_b", "é\x1b[31m", strings.Repeat("w", 300)} {
			v := make([]float64, n)
			for j := range v {
				v[j] = float64(j*(i+1)) + shift
			}
			out = append(out, dataset.NewNumericColumn(name, v))
		}
		return out
	}
	ref, err := dataset.New("ref.csv", cols(0)...)
	require.NoError(t, err)
	cur, err := dataset.New("cur.csv", cols(5)...)
	require.NoError(t, err)
	r := &report.Report{Metrics: []metrics.Metric{&metrics.DataDrift{}}}
	s, err := r.Run(context.Background(), report.Data{Reference: ref, Current: cur}, nil)
	require.NoError(t, err)
	h := reportlog.Headline(s)
	for _, k := range []string{"drift_score/___", "drift_score/a_b", "drift_score/a_b_2", "drift_score/___31m", "drift_score/" + strings.Repeat("w", 200)} {
		assert.Contains(t, h, k)
	}
	store, err := tracking.Open(filepath.Join(t.TempDir(), "mlruns"))
	require.NoError(t, err)
	defer store.Close()
	id, err := reportlog.Log(t.Context(), store, s, reportlog.Run{})
	require.NoError(t, err)
	run, err := store.GetRun(t.Context(), id)
	require.NoError(t, err)
	assert.Len(t, run.Metrics, len(h))
}

package render_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/render"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/report"
)

func TestWriteFiles(t *testing.T) {
	f, err := dataset.New("data.csv", dataset.NewNumericColumn("x", []float64{1, 2, 3, 4}))
	require.NoError(t, err)
	s, err := (&report.Report{Metrics: []metrics.Metric{&metrics.DatasetSummary{}}}).Run(t.Context(), report.Data{Current: f}, nil)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "out")
	paths, err := render.WriteFiles(dir, "summary", s, &html.Options{Title: "Summary of x"})
	require.NoError(t, err)
	require.Equal(t, []string{filepath.Join(dir, "summary.json"), filepath.Join(dir, "summary.html")}, paths)
	b, err := os.ReadFile(paths[0])
	require.NoError(t, err)
	var profile map[string]any
	require.NoError(t, json.Unmarshal(b, &profile))
	assert.Equal(t, "telltale.profile/v1", profile["schema"])
	b, err = os.ReadFile(paths[1])
	require.NoError(t, err)
	assert.Contains(t, string(b), "<title>Summary of x</title>")

	// A page that cannot be drawn writes nothing, and keeps what was there.
	bad := &report.Snapshot{Schema: report.SchemaV1, Metrics: []report.MetricEntry{{ID: "Bad", Metric: "Bad", Result: badView{}}}}
	_, err = render.WriteFiles(dir, "summary", bad, nil)
	require.Error(t, err)
	after, err := os.ReadFile(paths[0])
	require.NoError(t, err)
	assert.Contains(t, string(after), `"DatasetSummary"`, "the earlier profile is untouched")
}

type badView struct{}

func (badView) Views() []metrics.View {
	return []metrics.View{&metrics.HistogramView{Edges: []float64{0, 1}, Current: []float64{1, 2, 3}}}
}

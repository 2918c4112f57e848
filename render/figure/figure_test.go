package figure_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/demodata"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/render/figure"
	"github.com/telltale-ml/telltale/report"
)

func demoSnapshot(t *testing.T) *report.Snapshot {
	t.Helper()
	ctx := context.Background()
	ref, err := dataset.ReadCSV(ctx, bytes.NewReader(demodata.Reference()), "ref.csv", nil)
	require.NoError(t, err)
	cur, err := dataset.ReadCSV(ctx, bytes.NewReader(demodata.Current()), "cur.csv", nil)
	require.NoError(t, err)
	r := &report.Report{Metrics: []metrics.Metric{&metrics.DataDrift{}, &metrics.Correlations{}}}
	s, err := r.Run(ctx, report.Data{Reference: ref, Current: cur, Definition: &dataset.Definition{Datetime: "date"}}, nil)
	require.NoError(t, err)
	return s
}

func TestWritePNGAndSVG(t *testing.T) {
	s := demoSnapshot(t)
	for _, format := range []string{"png", "svg"} {
		dir := filepath.Join(t.TempDir(), "pics")
		paths, err := figure.Write(dir, s, format)
		require.NoError(t, err)
		// One histogram or bar chart per drift column (5), and the
		// correlation heatmaps.
		require.GreaterOrEqual(t, len(paths), 6, format)
		drift := 0
		for _, p := range paths {
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			require.NotEmpty(t, data)
			if format == "png" {
				assert.True(t, bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")), p)
			} else {
				assert.Contains(t, string(data[:min(len(data), 400)]), "<svg", p)
			}
			if strings.HasPrefix(filepath.Base(p), "DataDrift-") {
				drift++
			}
		}
		assert.GreaterOrEqual(t, drift, 5, "a chart for each drift column")
		// Named after what they show: the drift chart of each column, the
		// matrices by their titles.
		for _, name := range []string{"DataDrift-temp_max", "DataDrift-weather", "DataDrift-precipitation",
			"Correlations-Pearson_correlation_current", "Correlations-Kendall_correlation_reference"} {
			assert.Contains(t, paths, filepath.Join(dir, name+"."+format))
		}
	}
	_, err := figure.Write(t.TempDir(), s, "gif")
	require.Error(t, err)
}

func TestBadViewIsAnError(t *testing.T) {
	s := &report.Snapshot{Metrics: []report.MetricEntry{{ID: "X", Metric: "X", Result: badViews{}}}}
	_, err := figure.Write(t.TempDir(), s, "png")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "edges")
}

type badViews struct{}

func (badViews) Views() []metrics.View {
	return []metrics.View{&metrics.HistogramView{Edges: []float64{0, 1}, Current: []float64{1, 2}}}
}

func TestUndefinedCellsAreWritten(t *testing.T) {
	f, err := dataset.New("data.csv", dataset.NewNumericColumn("x", []float64{1, 2, 3, 4}),
		dataset.NewNumericColumn("y", []float64{2, 1, 4, 3}), dataset.NewNumericColumn("k", []float64{5, 5, 5, 5}))
	require.NoError(t, err)
	s, err := (&report.Report{Metrics: []metrics.Metric{&metrics.Correlations{}}}).Run(context.Background(), report.Data{Current: f}, nil)
	require.NoError(t, err)
	paths, err := figure.Write(t.TempDir(), s, "svg")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	svg, err := os.ReadFile(paths[0])
	require.NoError(t, err)
	assert.Contains(t, string(svg), ">undefined<", "the cells of the constant k")
}

func TestFileNamesAreSafeAndUnique(t *testing.T) {
	s := &report.Snapshot{Metrics: []report.MetricEntry{{ID: "ColumnSummary(column=../../etc/passwd)", Metric: "ColumnSummary", Result: twoCharts{}}}}
	dir := t.TempDir()
	paths, err := figure.Write(dir, s, "svg")
	require.NoError(t, err)
	require.Len(t, paths, 2)
	for _, p := range paths {
		assert.Equal(t, dir, filepath.Dir(p), "inside the directory")
	}
	assert.Equal(t, "ColumnSummary_column_etc_passwd-x_y.svg", filepath.Base(paths[0]))
	assert.Equal(t, "ColumnSummary_column_etc_passwd-x_y-2.svg", filepath.Base(paths[1]), "the same title twice")
}

type twoCharts struct{}

func (twoCharts) Views() []metrics.View {
	h := &metrics.HistogramView{Title: "x / y", Edges: []float64{0, 1}, Current: []float64{1}}
	return []metrics.View{h, h}
}

package figure_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// A chart file that is a symbolic link (to a file elsewhere, or to
// /dev/null) is written through: the link stays a link.
func TestWriteThroughLinkedChartFile(t *testing.T) {
	s := demoSnapshot(t)
	dir := t.TempDir()
	paths, err := figure.Write(dir, s, "svg")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	target := filepath.Join(t.TempDir(), "elsewhere.svg")
	require.NoError(t, os.Remove(paths[0]))
	require.NoError(t, os.Symlink(target, paths[0]))

	_, err = figure.Write(dir, s, "svg")
	require.NoError(t, err)
	st, err := os.Lstat(paths[0])
	require.NoError(t, err)
	assert.Equal(t, os.ModeSymlink, st.Mode().Type())
	data, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Contains(t, string(data), "<svg")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.NotContains(t, e.Name(), ".tmp-")
	}
}

// Values that span more than the largest float (-1e308 to 1e308) are
// drawn, scaled, within a time limit: gonum/plot's tick search never ended
// on an infinite axis span (issue 17.2).
func TestWriteOverflowingRange(t *testing.T) {
	views := overflowViews{
		&metrics.HistogramView{Title: "x", XLabel: "x", Edges: []float64{-1e308, -5e307, 0, 5e307, 1e308}, Current: []float64{1, 0, 3, 0}, Reference: []float64{0, 0, 3, 1}},
		&metrics.Lines{Title: "qq", XLabel: "a", YLabel: "b", Series: []metrics.LineSeries{{Name: "s", X: []metrics.Float{-1e308, 1e308}, Y: []metrics.Float{-1.7e308, 1.7e308}}}},
		&metrics.Bars{Title: "b", YLabel: "v", Categories: []string{"p", "q"}, Series: []metrics.Series{{Name: "s", Values: []metrics.Float{-1e308, 1e308}}}},
		&metrics.Heatmap{Title: "h", XLabels: []string{"p", "q"}, YLabels: []string{"p"}, Values: [][]metrics.Float{{-1e308, 1e308}}},
	}
	s := &report.Snapshot{Metrics: []report.MetricEntry{{ID: "Big", Metric: "Big", Result: views}}}
	for _, format := range []string{"svg", "png"} {
		done := make(chan error, 1)
		var paths []string
		go func() {
			var err error
			paths, err = figure.Write(t.TempDir(), s, format)
			done <- err
		}()
		select {
		case err := <-done:
			require.NoError(t, err)
			assert.Len(t, paths, 4)
		case <-time.After(60 * time.Second):
			t.Fatalf("%s: drawing values that span more than the largest float did not end", format)
		}
	}
}

type overflowViews []metrics.View

func (v overflowViews) Views() []metrics.View { return v }

// Column names and categories with control characters (which XML 1.0
// forbids), markup and invalid UTF-8 still give well-formed SVG (issue
// 17.13): every file parses with encoding/xml.
func TestSVGOfHostileNamesIsXML(t *testing.T) {
	ctx := context.Background()
	names := []string{"a\x01b", "<x&y>\"'", "\x1b[31mred\x1b[0m", "tab\there\nnewline", "bad\xffutf", "del\x7f c1\u0085 nonchar\uffff"}
	var ref, cur []dataset.Column
	for i, n := range names {
		r, c := make([]float64, 60), make([]float64, 60)
		for k := range r {
			r[k], c[k] = float64((k*7+i)%13), float64((k*5+i)%17)+3
		}
		ref = append(ref, dataset.NewNumericColumn(n, r))
		cur = append(cur, dataset.NewNumericColumn(n, c))
	}
	cats := func(shift int) []string {
		out := make([]string, 60)
		for k := range out {
			out[k] = []string{"\x00zero", "<b>", "\x1b]0;title\x07", "ok"}[(k+shift)%4]
		}
		return out
	}
	ref = append(ref, dataset.NewStringColumn("cat\x02", dataset.Categorical, cats(0), nil))
	cur = append(cur, dataset.NewStringColumn("cat\x02", dataset.Categorical, cats(1), nil))
	rf, err := dataset.New("ref", ref...)
	require.NoError(t, err)
	cf, err := dataset.New("cur", cur...)
	require.NoError(t, err)
	r := &report.Report{Metrics: []metrics.Metric{&metrics.DataDrift{}, &metrics.Correlations{}}}
	s, err := r.Run(ctx, report.Data{Reference: rf, Current: cf}, nil)
	require.NoError(t, err)
	paths, err := figure.Write(t.TempDir(), s, "svg")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(paths), len(names)+1)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			require.NoError(t, err, "%s is not well-formed XML", p)
		}
	}
}

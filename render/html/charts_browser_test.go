package html_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/report"
)

// drawnText is a text the browser drew in a chart, with its box in page
// pixels.
type drawnText struct {
	Text       string  `json:"t"`
	X, Y, W, H float64 // left, top, width, height
}

// drawnChart is what the browser drew for one chart container.
type drawnChart struct {
	ID    string      `json:"id"`
	Texts []drawnText `json:"texts"`
}

// chartsScript opens every row, waits for the charts to draw, and returns
// the texts of each chart's SVG with their boxes.
const chartsScript = `(async () => {
  document.querySelectorAll("button.expand").forEach(b => b.click());
  await new Promise(r => setTimeout(r, 300));
  return Array.from(document.querySelectorAll("div.chart")).map(c => ({
    id: c.id,
    texts: Array.from(c.querySelectorAll("svg text")).filter(e => e.textContent.trim() !== "").map(e => {
      const r = e.getBoundingClientRect();
      return {t: e.textContent, X: r.left, Y: r.top, W: r.width, H: r.height};
    })
  }));
})()`

// drawCharts writes the snapshot's page and returns what the browser drew
// in each chart, in page order.
func drawCharts(t *testing.T, s *report.Snapshot, opts *html.Options) []drawnChart {
	t.Helper()
	file := filepath.Join(t.TempDir(), "page.html")
	var buf bytes.Buffer
	require.NoError(t, html.Write(&buf, s, opts))
	require.NoError(t, os.WriteFile(file, buf.Bytes(), 0o644))
	ctx, sess := loadPage(t, file)
	var out []drawnChart
	require.NoError(t, sess.Eval(ctx, chartsScript, &out))
	return out
}

// texts lists a chart's texts.
func (c drawnChart) texts() []string {
	var out []string
	for _, t := range c.Texts {
		out = append(out, t.Text)
	}
	return out
}

// overlaps returns the pairs of texts of c whose boxes intersect by more
// than a pixel each way.
func (c drawnChart) overlaps() []string {
	var out []string
	for i, a := range c.Texts {
		for _, b := range c.Texts[i+1:] {
			dx := min(a.X+a.W, b.X+b.W) - max(a.X, b.X)
			dy := min(a.Y+a.H, b.Y+b.H) - max(a.Y, b.Y)
			if dx > 1 && dy > 1 {
				out = append(out, fmt.Sprintf("%q over %q", a.Text, b.Text))
			}
		}
	}
	return out
}

func TestBrowserUndefinedCorrelationsAreDrawn(t *testing.T) {
	ref := frameOf(t, numCol("x", 1, 2, 3, 4), numCol("y", 2, 1, 4, 3), numCol("k", 5, 5, 5, 5))
	s := run(t, &report.Report{Metrics: []metrics.Metric{&metrics.Correlations{}}}, nil, ref)
	charts := drawCharts(t, s, nil)
	require.NotEmpty(t, charts)
	pearson := charts[0]
	assert.Contains(t, pearson.texts(), "undefined", "the cells of the constant k")
	assert.Contains(t, pearson.texts(), "0.6", "pandas: corr(x, y)")
}

func numCol(name string, v ...float64) dataset.Column { return dataset.NewNumericColumn(name, v) }

func frameOf(t testing.TB, cols ...dataset.Column) *dataset.Frame {
	t.Helper()
	f, err := dataset.New("data.csv", cols...)
	require.NoError(t, err)
	return f
}

package html_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/report"
)

// drawnText is a text the browser drew in a chart, with the corners of its
// box (rotated with the text) in page pixels.
type drawnText struct {
	Text    string        `json:"t"`
	Corners [4][2]float64 `json:"c"`
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
      const b = e.getBBox(), m = e.getScreenCTM();
      const c = [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
        .map(p => { const q = new DOMPoint(p[0], p[1]).matrixTransform(m); return [q.x, q.y]; });
      return {t: e.textContent, c};
    })
  }));
})()`

// drawCharts writes the snapshot's page and returns what the browser drew
// in each chart, in page order.
func drawCharts(t *testing.T, s *report.Snapshot, opts *html.Options) []drawnChart {
	t.Helper()
	file, _ := writePage(t, s, opts, "page.html")
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
// than a pixel, rotated boxes included (the separating axis test).
func (c drawnChart) overlaps() []string {
	var out []string
	for i, a := range c.Texts {
		for _, b := range c.Texts[i+1:] {
			if intersect(a.Corners, b.Corners) {
				out = append(out, fmt.Sprintf("%q over %q", a.Text, b.Text))
			}
		}
	}
	return out
}

// intersect reports whether two convex quadrilaterals overlap by more than
// a pixel along every axis of their edges.
func intersect(a, b [4][2]float64) bool {
	for _, q := range [][4][2]float64{a, b} {
		for i := range 4 {
			p, r := q[i], q[(i+1)%4]
			nx, ny := r[1]-p[1], p[0]-r[0] // the edge's normal
			l := math.Hypot(nx, ny)
			if l == 0 {
				continue
			}
			nx, ny = nx/l, ny/l
			minA, maxA := project(a, nx, ny)
			minB, maxB := project(b, nx, ny)
			if min(maxA, maxB)-max(minA, minB) <= 1 {
				return false
			}
		}
	}
	return true
}

func project(q [4][2]float64, nx, ny float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range q {
		d := p[0]*nx + p[1]*ny
		lo, hi = min(lo, d), max(hi, d)
	}
	return lo, hi
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

func TestBrowserChartTextsDoNotOverlap(t *testing.T) {
	s := evilSnapshot(t, 300, 4)
	for _, c := range drawCharts(t, s, nil) {
		assert.Empty(t, c.overlaps(), "chart %s: %v", c.ID, c.texts())
	}
}

// chartTitled returns the chart whose texts include title.
func chartTitled(t *testing.T, charts []drawnChart, title string) drawnChart {
	t.Helper()
	for _, c := range charts {
		if slices.Contains(c.texts(), title) {
			return c
		}
	}
	t.Fatalf("no chart titled %q", title)
	return drawnChart{}
}

func TestBrowserRichReportCharts(t *testing.T) {
	charts := drawCharts(t, richSnapshot(t), nil)
	for _, c := range charts {
		assert.Empty(t, c.overlaps(), "chart %s: texts overlap: %v", c.ID, c.texts())
	}
	// Heatmaps label both axes with the classes, not 0, 1, 2.
	cm := chartTitled(t, charts, "Confusion matrix, current")
	for _, class := range []string{"adelie", "chinstrap", "gentoo"} {
		n := 0
		for _, s := range cm.texts() {
			if s == class {
				n++
			}
		}
		assert.Equal(t, 2, n, "%s on the x and the y axis: %v", class, cm.texts())
	}
	// Scores: the value axis runs from 0 to 1.
	q := chartTitled(t, charts, "Quality by class, current")
	assert.Contains(t, q.texts(), "0")
	assert.Contains(t, q.texts(), "1")
	assert.NotContains(t, q.texts(), "1.2")
	// 186 categories: the top 20 and other.
	sp := chartTitled(t, charts, "species: categories")
	assert.Contains(t, sp.texts(), "other")
	assert.Contains(t, sp.texts(), "0", "bars start at zero")
}

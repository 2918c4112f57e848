package html_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/report"
)

func render(t testing.TB, s *report.Snapshot) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, html.Write(&buf, s, nil))
	return buf.String()
}

var (
	scriptOpen = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	dataBlock  = regexp.MustCompile(`<script type="application/json" data-chart="([^"]+)">([^<]*)</script>`)
	container  = regexp.MustCompile(`<div class="chart" id="([^"]+)"`)
)

func TestWriteEscapesDataStrings(t *testing.T) {
	out := render(t, evilSnapshot(t, 300, 4))
	assert.NotContains(t, strings.ToLower(out), "<script>alert(1)")
	assert.NotContains(t, out, "<b>bold</b>")
	// The name shows, escaped, as text.
	assert.Contains(t, out, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
	// Only our scripts: the library, the page script, and one data block
	// per chart.
	blocks := dataBlock.FindAllStringSubmatch(out, -1)
	assert.Len(t, scriptOpen.FindAllString(out, -1), len(blocks)+2)
	require.NotEmpty(t, blocks)
	for _, b := range blocks {
		var v map[string]any
		assert.NoError(t, json.Unmarshal([]byte(b[2]), &v), "chart %s", b[1])
		assert.Contains(t, v, "series")
	}
}

func TestWriteIsSelfContained(t *testing.T) {
	out := withoutLibrary(t, render(t, evilSnapshot(t, 200, 3)))
	for _, pat := range []string{`(?i)\ssrc\s*=`, `(?i)<link\b`, `(?i)<iframe\b`, `(?i)<img\b`, `(?i)url\(\s*['"]?https?:`, `(?i)@import`} {
		assert.NotRegexp(t, pat, out)
	}
	assert.Contains(t, out, "Apache ECharts "+html.EChartsVersion)
	assert.Contains(t, out, "The Apache Software Foundation") // the NOTICE
}

// withoutLibrary cuts the embedded ECharts library out of a page.
func withoutLibrary(t testing.TB, page string) string {
	t.Helper()
	i := strings.Index(page, "<script>\n/*")
	require.GreaterOrEqual(t, i, 0, "the library's script with its licence header")
	j := strings.Index(page[i:], "</script>")
	require.Greater(t, j, 0)
	return page[:i] + page[i+j:]
}

func TestWriteChartsHaveData(t *testing.T) {
	out := render(t, evilSnapshot(t, 200, 3))
	ids := map[string]bool{}
	for _, m := range container.FindAllStringSubmatch(out, -1) {
		assert.False(t, ids[m[1]], "duplicate id %s", m[1])
		ids[m[1]] = true
	}
	blocks := dataBlock.FindAllStringSubmatch(out, -1)
	assert.Len(t, blocks, len(ids))
	for _, b := range blocks {
		assert.True(t, ids[b[1]], "data for a missing container %s", b[1])
	}
	// Every expand button points at a chart.
	for _, m := range regexp.MustCompile(`data-target="([^"]+)"`).FindAllStringSubmatch(out, -1) {
		assert.True(t, ids[m[1]], m[1])
	}
	// 4 drift rows + category, each with a detail chart; the user's charts.
	assert.GreaterOrEqual(t, len(ids), 5+4)
}

func TestWriteIsDeterministic(t *testing.T) {
	a := render(t, evilSnapshot(t, 200, 3))
	b := render(t, evilSnapshot(t, 200, 3))
	assert.Equal(t, a, b)
}

func TestWriteSizeOf100ColumnDrift(t *testing.T) {
	if testing.Short() {
		t.Skip("100 columns")
	}
	out := render(t, driftSnapshot(t, 5000, 100))
	t.Logf("100-column report: %d bytes", len(out))
	assert.Less(t, len(out), 3<<20)
	// No raw rows: the page is the same size for ten times the rows, give
	// or take the bins.
	big := render(t, driftSnapshot(t, 50000, 100))
	assert.Less(t, len(big), 3<<20)
	assert.InDelta(t, len(out), len(big), float64(len(out))/5)
}

func TestWriteShowsErrorsAndSummary(t *testing.T) {
	s := evilSnapshot(t, 200, 3)
	out := render(t, s)
	assert.Contains(t, out, "This metric failed: broken &lt;/script&gt;")
	assert.Regexp(t, `class="counter status-(good|bad)"><span class="value">(not )?detected</span><span class="label">dataset drift`, out)
	for _, o := range s.Tests {
		assert.Contains(t, out, `data-status="`+string(o.Status)+`"`)
	}
	// The plain metric is a table of its JSON.
	assert.Contains(t, out, "nested.ok")
}

type badView struct{}

func (badView) Views() []metrics.View {
	return []metrics.View{&metrics.HistogramView{Edges: []float64{0, 1}, Current: []float64{1, 2, 3}}}
}

type panicView struct{}

func (panicView) Views() []metrics.View { panic("boom") }

func TestWriteBadViewIsAnError(t *testing.T) {
	s := &report.Snapshot{Schema: report.SchemaV1, Metrics: []report.MetricEntry{{ID: "Bad", Metric: "Bad", Result: badView{}}}}
	var buf bytes.Buffer
	err := html.Write(&buf, s, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "edges")
	assert.Zero(t, buf.Len(), "nothing written on error")

	s.Metrics[0].Result = panicView{}
	buf.Reset()
	require.NoError(t, html.Write(&buf, s, nil), "a panicking Views falls back to the JSON table")
	assert.Error(t, html.Write(&buf, nil, nil))
}

func TestWritePageWithoutTests(t *testing.T) {
	out := render(t, driftSnapshot(t, 200, 3))
	assert.NotContains(t, out, `<span class="label">tests</span>`, "no test counters without tests")
	assert.NotContains(t, out, `<span class="label">success</span>`)
	assert.NotContains(t, out, `<section class="tests"`)
	// The metric's name once: its id is the same.
	assert.Contains(t, out, "<h2>DataDrift</h2>")
	assert.NotContains(t, out, `<p class="metric-id"><code>DataDrift</code></p>`)
	// The sparklines have a key.
	assert.Contains(t, out, `<span class="key key-ref" title="reference: grey area"></span>reference`)
	assert.Contains(t, out, `<span class="key key-cur" title="current: blue line"></span>current`)

	out = render(t, evilSnapshot(t, 200, 3))
	assert.Contains(t, out, `<span class="label">tests</span>`)
	assert.Contains(t, out, `<p class="metric-id"><code>ColumnSummary(column=category)</code></p>`, "an id with params shows")
	assert.Regexp(t, `<div class="chart" id="chart-\d+" style="height:\d+px"`, out)
}

func TestWriteTitle(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, html.Write(&buf, driftSnapshot(t, 100, 2), &html.Options{Title: "Nightly <drift>"}))
	assert.Contains(t, buf.String(), "<title>Nightly &lt;drift&gt;</title>")
	assert.Contains(t, buf.String(), "<h1>Nightly &lt;drift&gt;</h1>")
}

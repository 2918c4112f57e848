package html_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/browsertest"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/report"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write docs/report-screenshot.png from the demo report")

// pageCheck is what the page reports about itself after every chart,
// including those inside collapsed rows, has been drawn.
type pageCheck struct {
	Charts      int      `json:"charts"`
	Empty       []string `json:"empty"`
	Alerted     bool     `json:"alerted"`
	EvilText    int      `json:"evilText"`
	Scripts     int      `json:"scripts"`
	DataBlocks  int      `json:"dataBlocks"`
	CardsShown  int      `json:"cardsShown"`
	CardsFailed int      `json:"cardsFiltered"`
}

const checkScript = `(async () => {
  document.querySelectorAll("button.expand").forEach(b => b.click());
  await new Promise(r => setTimeout(r, 300));
  const charts = Array.from(document.querySelectorAll("div.chart"));
  const empty = charts.filter(c => !c.querySelector("svg, canvas")).map(c => c.id);
  const evil = %q;
  const evilText = Array.from(document.querySelectorAll("td, span, li, h3, p, .label"))
    .filter(e => e.childElementCount === 0 && e.textContent.includes(evil)).length;
  const f = document.querySelector('.filters button[data-status="SUCCESS"]');
  let shown = document.querySelectorAll(".card:not([hidden])").length, filtered = -1;
  if (f) { f.click(); filtered = document.querySelectorAll(".card:not([hidden])").length; }
  return {charts: charts.length, empty, alerted: !!window.__alerted, evilText,
    scripts: document.scripts.length,
    dataBlocks: document.querySelectorAll('script[type="application/json"]').length,
    cardsShown: shown, cardsFiltered: filtered};
})()`

// openInBrowser loads file in headless Chromium with the network off and
// returns the page's self-check, the console errors, the requests that
// tried to leave the page, and a PNG screenshot.
func openInBrowser(t *testing.T, file string) (pageCheck, []string, []string, []byte) {
	t.Helper()
	ctx, s := loadPage(t, file)
	var shot struct {
		Data string `json:"data"`
	}
	require.NoError(t, s.Call(ctx, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot))
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	require.NoError(t, err)

	var check pageCheck
	require.NoError(t, s.Eval(ctx, strings.Replace(checkScript, "%q", jsString(evil), 1), &check))

	consoleErrors, requests := browsertest.Problems(s.Events(), func(u string) bool { return strings.HasPrefix(u, "file://") })
	return check, consoleErrors, requests, png
}

// loadPage opens file in headless Chromium (1280×1600, network off, alert
// recorded in window.__alerted) and waits for its load event. It skips the
// test without Chromium; the browser closes when the test ends.
func loadPage(t *testing.T, file string) (context.Context, *browsertest.Session) {
	t.Helper()
	ctx, s := browsertest.Open(t, 90*time.Second)
	require.NoError(t, s.Call(ctx, "Network.emulateNetworkConditions", map[string]any{
		"offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}, nil))
	require.NoError(t, s.Call(ctx, "Page.addScriptToEvaluateOnNewDocument", map[string]any{
		"source": "window.alert = () => { window.__alerted = true; };"}, nil))
	require.NoError(t, s.Call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": 1280, "height": 1600, "deviceScaleFactor": 1, "mobile": false}, nil))
	abs, err := filepath.Abs(file)
	require.NoError(t, err)
	require.NoError(t, s.Call(ctx, "Page.navigate", map[string]any{"url": "file://" + abs}, nil))
	require.NoError(t, s.WaitEvent(ctx, "Page.loadEventFired"))
	return ctx, s
}

// writePage writes the snapshot's page as name in a temporary directory
// and returns the file and the page.
func writePage(t *testing.T, s *report.Snapshot, opts *html.Options, name string) (string, []byte) {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	var buf bytes.Buffer
	require.NoError(t, html.Write(&buf, s, opts))
	require.NoError(t, os.WriteFile(file, buf.Bytes(), 0o644))
	return file, buf.Bytes()
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestBrowserEvilReport(t *testing.T) {
	file, _ := writePage(t, evilSnapshot(t, 400, 4), nil, "evil.html")

	check, consoleErrors, requests, _ := openInBrowser(t, file)
	assert.Empty(t, consoleErrors, "console errors")
	assert.Empty(t, requests, "network requests")
	assert.False(t, check.Alerted, "the evil column name ran as a script")
	assert.Greater(t, check.Charts, 8)
	assert.Empty(t, check.Empty, "chart containers without a rendered svg or canvas")
	assert.Equal(t, check.Scripts, check.DataBlocks+2, "only the library, the page script and data blocks")
	assert.Equal(t, check.Charts, check.DataBlocks)
	// The name shows as text: in the drift table, the summaries, the
	// datasets' column lists, the error message.
	assert.GreaterOrEqual(t, check.EvilText, 3)
	assert.Greater(t, check.CardsShown, 0)
	assert.GreaterOrEqual(t, check.CardsFailed, 0, "the status filter works")
	assert.Less(t, check.CardsFailed, check.CardsShown, "the status filter hides cards")
}

func TestBrowserDemoReport(t *testing.T) {
	browsertest.Need(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "telltale")
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	build := exec.Command(goTool, "build", "-o", bin, "github.com/telltale-ml/telltale/cmd/telltale")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	demo := exec.Command(bin, "demo", "--out", dir)
	out, err = demo.CombinedOutput()
	require.NoError(t, err, "%s", out)
	file := filepath.Join(dir, "telltale-demo.html")
	info, err := os.Stat(file)
	require.NoError(t, err)
	t.Logf("demo report: %d bytes", info.Size())

	check, consoleErrors, requests, png := openInBrowser(t, file)
	assert.Empty(t, consoleErrors, "console errors")
	assert.Empty(t, requests, "network requests")
	assert.Greater(t, check.Charts, 0)
	assert.Empty(t, check.Empty, "chart containers without a rendered svg or canvas")
	assert.False(t, check.Alerted)
	assert.Greater(t, len(png), 10000)
	if *updateScreenshot {
		require.NoError(t, os.WriteFile(filepath.Join("..", "..", "docs", "report-screenshot.png"), png, 0o644))
	}
}

// TestBrowserCheckerCatchesFaults proves the browser checks can fail: a
// page that errs, fetches, alerts and leaves a chart empty is caught.
func TestBrowserCheckerCatchesFaults(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bad.html")
	bad := `<!DOCTYPE html><html><body><div class="chart" id="chart-1"></div>
<img src="http://192.0.2.1/x.png"><script>console.error("boom"); alert(1); undefinedFunction();</script></body></html>`
	require.NoError(t, os.WriteFile(file, []byte(bad), 0o644))
	check, consoleErrors, requests, _ := openInBrowser(t, file)
	assert.True(t, check.Alerted)
	assert.Equal(t, []string{"chart-1"}, check.Empty)
	assert.Contains(t, requests, "http://192.0.2.1/x.png")
	joined := strings.Join(consoleErrors, "\n")
	assert.Contains(t, joined, "boom")
	assert.Contains(t, joined, "undefinedFunction")
}

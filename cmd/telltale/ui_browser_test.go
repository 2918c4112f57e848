package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/browsertest"
)

var updateScreenshots = flag.Bool("update-screenshots", false, "write docs/ui-*.png from TestUIBrowserOverServer (the built binary's pages)")

// uiPage is a headless Chromium page on the web UI of a running binary.
type uiPage struct {
	t    *testing.T
	ctx  context.Context
	s    *browsertest.Session
	base string // http://127.0.0.1:PORT
	mark int    // the first event of the current page
}

func startUIPage(t *testing.T, base string) *uiPage {
	t.Helper()
	ctx, s := browsertest.Open(t, 4*time.Minute)
	require.NoError(t, s.Call(ctx, "Page.addScriptToEvaluateOnNewDocument", map[string]any{
		"source": "window.alert = function () { window.top.__alerted = true; };"}, nil))
	require.NoError(t, s.Call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": false}, nil))
	// The report's sandboxed frame may run in a process of its own.
	require.NoError(t, s.Call(ctx, "Target.setAutoAttach", map[string]any{"autoAttach": true, "waitForDebuggerOnStart": false, "flatten": true}, nil))
	return &uiPage{t: t, ctx: ctx, s: s, base: base}
}

func (p *uiPage) waitFor(what string, fn func() bool) {
	p.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !fn() {
		if time.Now().After(deadline) {
			p.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *uiPage) eval(js string, out any) {
	p.t.Helper()
	require.NoError(p.t, p.s.Eval(p.ctx, js, out), js)
}

// open loads a path of the UI (or runs js that navigates, when path is
// "") and waits for the page's load and its charts.
func (p *uiPage) open(path, js string) {
	p.t.Helper()
	p.mark = len(p.s.Events())
	n := p.s.Count("Page.loadEventFired")
	if path != "" {
		require.NoError(p.t, p.s.Call(p.ctx, "Page.navigate", map[string]any{"url": p.base + path}, nil))
	} else {
		p.eval(js, nil)
	}
	p.waitFor("the page "+path+js, func() bool { return p.s.Count("Page.loadEventFired") > n })
	p.waitFor("the charts of "+path+js, func() bool {
		var ok bool
		err := p.s.Eval(p.ctx, `document.querySelectorAll("script[data-chart]").length === document.querySelectorAll(".chart[data-drawn] svg").length`, &ok)
		return err == nil && ok
	})
}

// clean checks that the current page logged no error, made no request
// beyond the UI and called no alert.
func (p *uiPage) clean(what string) {
	p.t.Helper()
	errs, ext := browsertest.Problems(p.s.Events()[p.mark:], func(u string) bool { return strings.HasPrefix(u, p.base+"/") })
	assert.Empty(p.t, errs, "console errors on %s", what)
	assert.Empty(p.t, ext, "requests leaving the UI from %s", what)
	var alerted bool
	p.eval(`!!window.__alerted`, &alerted)
	assert.False(p.t, alerted, "alert ran on %s", what)
}

// frameReady reports whether the page's out-of-process frame (the
// report) has drawn all its charts, after opening its drift rows.
func (p *uiPage) frameReady() (title string, ok bool) {
	for _, e := range p.s.Events()[p.mark:] {
		if e.Method != "Target.attachedToTarget" {
			continue
		}
		var a struct {
			SessionID  string                `json:"sessionId"`
			TargetInfo struct{ Type string } `json:"targetInfo"`
		}
		if json.Unmarshal(e.Params, &a) != nil || a.TargetInfo.Type != "iframe" {
			continue
		}
		var r struct {
			Result struct {
				Value struct {
					Title         string
					Charts, Drawn int
				} `json:"value"`
			} `json:"result"`
		}
		err := p.s.CallIn(p.ctx, a.SessionID, "Runtime.evaluate", map[string]any{"returnByValue": true, "expression": `(() => {
  document.querySelectorAll("button.expand[aria-expanded=false]").forEach(b => b.click());
  return {Title: document.title, Charts: document.querySelectorAll(".chart").length, Drawn: document.querySelectorAll(".chart svg").length}; })()`}, &r)
		v := r.Result.Value
		if err == nil && v.Charts > 0 && v.Drawn == v.Charts {
			return v.Title, true
		}
	}
	return "", false
}

// screenshot captures the page up to maxHeight CSS pixels; with
// -update-screenshots it writes docs/ui-NAME.png.
func (p *uiPage) screenshot(name string, maxHeight float64) {
	p.t.Helper()
	var m struct {
		Content struct{ Height float64 } `json:"cssContentSize"`
	}
	require.NoError(p.t, p.s.Call(p.ctx, "Page.getLayoutMetrics", nil, &m))
	var shot struct{ Data string }
	require.NoError(p.t, p.s.Call(p.ctx, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": 1400, "height": min(m.Content.Height, maxHeight), "scale": 1}}, &shot))
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	require.NoError(p.t, err)
	require.True(p.t, bytes.HasPrefix(png, []byte("\x89PNG")))
	if *updateScreenshots {
		require.NoError(p.t, os.WriteFile(filepath.Join("..", "..", "docs", "ui-"+name+".png"), png, 0o644))
	}
}

// mlflowAPI posts a request of MLflow's REST API to the server at base,
// as MLflow's clients do, and decodes the answer.
func mlflowAPI(t *testing.T, base, method, path string, body, out any) {
	t.Helper()
	var req *http.Request
	var err error
	if method == http.MethodGet {
		req, err = http.NewRequest(method, base+"/api/2.0/mlflow/"+path, nil)
	} else {
		b, _ := json.Marshal(body)
		req, err = http.NewRequest(method, base+"/api/2.0/mlflow/"+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
	}
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var raw json.RawMessage
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&raw))
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s %s: %s", method, path, raw)
	if out != nil {
		require.NoError(t, json.Unmarshal(raw, out))
	}
}

// TestUIBrowserOverServer opens the web UI of the built binary's "telltale
// server" (a SQLite store, the artifact proxy on) in headless Chromium,
// over runs logged by the binary's "telltale test --track" and by MLflow's
// REST API: every page loads with no console error and no request leaving
// the UI; the runs table sorts and filters; compare draws its charts; a
// report opens in its sandboxed frame; the dashboard draws its panels
// coloured by test outcome and saves a panel in the experiment's tag
// through the server; hostile strings stay text. With -update-screenshots
// it writes the README's pictures, docs/ui-*.png.
func TestUIBrowserOverServer(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test over the built binary takes half a minute; not with -short")
	}
	bin := telltaleBinary(t)
	dir := t.TempDir()
	// Relative paths in the server's folder: the pages show the store as
	// users name it.
	base, _ := startServerProcessIn(t, bin, dir, nil, "--backend-store-uri", "sqlite:///mlflow.db", "--artifacts-destination", "mlartifacts")
	st := fillUIStore(t, bin, base, dir)
	p := startUIPage(t, base)

	p.open("/", "")
	var names []string
	p.eval(`Array.from(document.querySelectorAll("table.experiments tbody td.name a")).map(a => a.textContent)`, &names)
	assert.ElementsMatch(t, []string{evilExpName, "churn-model", "weather-drift", "Default"}, names)
	p.clean("the experiments")
	p.screenshot("experiments", 420)
	p.open("/?q=drift", "")
	p.eval(`Array.from(document.querySelectorAll("table.experiments tbody td.name a")).map(a => a.textContent)`, &names)
	assert.Equal(t, []string{"weather-drift"}, names, "search by name")

	// The runs table: the logged runs, a sort by a metric, a filter.
	p.open("/experiments/"+st.churn, "")
	column := func(label string) []string {
		var out []string
		p.eval(fmt.Sprintf(`(() => {
  const ths = Array.from(document.querySelectorAll("#runs thead th"));
  const i = ths.findIndex(th => (th.querySelector("a.sort") || th).textContent.trim() === %q);
  return i < 0 ? [] : Array.from(document.querySelectorAll("#runs tbody tr")).map(tr => tr.cells[i].textContent.trim());
})()`, label), &out)
		return out
	}
	assert.Len(t, column("Name"), 12)
	assert.Contains(t, column("Status"), "RUNNING")
	assert.Contains(t, column("Status"), "FAILED")
	p.clean("the runs table")
	p.screenshot("runs", 900)
	p.open("", `document.querySelector('#runs thead th[title="metrics.accuracy"] a.sort').click()`)
	var acc []float64
	for _, v := range column("accuracy") {
		f, err := strconv.ParseFloat(v, 64)
		require.NoError(t, err, v)
		acc = append(acc, f)
	}
	require.Len(t, acc, 12)
	assert.IsNonIncreasing(t, acc, "sorted by accuracy, highest first")
	p.open("", `(() => { const i = document.querySelector("#filter"); i.value = "params.model = 'gbm' AND metrics.accuracy > 0.8"; i.form.requestSubmit(); })()`)
	assert.Equal(t, []string{"gbm", "gbm", "gbm", "gbm"}, column("model"))
	p.clean("the sorted, filtered table")
	p.open("", `(() => { const i = document.querySelector("#filter"); i.value = "metrics.accuracy >"; i.form.requestSubmit(); })()`)
	var bad string
	p.eval(`document.querySelector("#filter-error").textContent`, &bad)
	assert.Contains(t, bad, `search filter "metrics.accuracy >"`, "the parse error beside the box")

	// Compare three runs chosen in the table.
	p.open("/experiments/"+st.churn, "")
	p.eval(`(() => { const boxes = document.querySelectorAll("input[name=run]"); [1, 3, 8].forEach(i => boxes[i].click()); return true; })()`, nil)
	p.open("", `document.querySelector("#compare-button").click()`)
	var c struct{ Drawn, Differs, Columns int }
	p.eval(`({Drawn: document.querySelectorAll(".chart[data-drawn] svg").length, Differs: document.querySelectorAll("tr.differs").length,
		Columns: document.querySelectorAll("table.compare thead th").length})`, &c)
	assert.Equal(t, 3, c.Drawn, "the parallel coordinates and the loss and val_accuracy histories")
	assert.Positive(t, c.Differs)
	p.clean("the compare page")
	p.screenshot("compare", 2400)

	// A monthly check: its report in the sandboxed frame, drawn.
	p.open("/runs/"+st.runs["weather 2014-07"], "")
	var sandbox string
	p.eval(`document.querySelector("iframe.report").getAttribute("sandbox")`, &sandbox)
	assert.Equal(t, "allow-scripts", sandbox)
	var title string
	p.waitFor("the report drawn in its frame", func() bool {
		var ok bool
		title, ok = p.frameReady()
		return ok
	})
	assert.Equal(t, "Weather drift 2014-07", title)
	p.clean("a run with its report")
	// The report's frame paints in its own process: make the window as
	// tall as the picture, so that the frame is painted in it.
	require.NoError(t, p.s.Call(p.ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": 1400, "height": 1600, "deviceScaleFactor": 1, "mobile": false}, nil))
	time.Sleep(time.Second)
	p.screenshot("run", 1600)
	require.NoError(t, p.s.Call(p.ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": false}, nil))

	// The dashboard: four default panels, a point a month coloured by its
	// tests; a panel saved through the server.
	p.open("/experiments/"+st.weather+"/dashboard", "")
	var d struct {
		Panels, Drawn, Points int
		Colors                []string
	}
	p.eval(`(() => { const o = echarts.getInstanceByDom(document.getElementById("panel-0")).getOption();
  return {Panels: document.querySelectorAll(".panel").length, Drawn: document.querySelectorAll(".panel .chart[data-drawn] svg").length,
    Points: o.series[0].data.length, Colors: Array.from(new Set(o.series[0].data.map(p => p.itemStyle.color))).sort()}; })()`, &d)
	assert.Equal(t, 4, d.Panels)
	assert.Equal(t, 4, d.Drawn)
	assert.Equal(t, 12, d.Points)
	assert.Equal(t, []string{"#1e9e4a", "#d6362b", "#d89b00"}, d.Colors, "months whose tests passed, warned and failed")
	p.clean("the dashboard")
	p.screenshot("dashboard", 1400)
	require.NoError(t, p.s.Call(p.ctx, "Emulation.setEmulatedMedia", map[string]any{"features": []map[string]string{{"name": "prefers-color-scheme", "value": "dark"}}}, nil))
	p.open("/experiments/"+st.weather+"/dashboard", "")
	p.clean("the dashboard in dark mode")
	p.screenshot("dashboard-dark", 1400)
	require.NoError(t, p.s.Call(p.ctx, "Emulation.setEmulatedMedia", map[string]any{"features": []map[string]string{{"name": "prefers-color-scheme", "value": "light"}}}, nil))

	p.eval(`(() => { document.querySelector("#edit").open = true; const fs = document.querySelectorAll("#edit fieldset"); const f = fs[fs.length - 1];
  f.querySelector("input[type=text]").value = "Wind and temperature drift";
  f.querySelector('input[value="drift_score/wind"]').click(); f.querySelector('input[value="drift_score/temp_max"]').click(); return true; })()`, nil)
	p.open("", `document.querySelector("#edit button.primary").click()`)
	p.eval(`document.querySelectorAll(".panel").length`, &d.Panels)
	assert.Equal(t, 5, d.Panels, "the saved panel")
	p.clean("the saved dashboard")
	var exp struct {
		Experiment struct {
			Tags []struct{ Key, Value string } `json:"tags"`
		} `json:"experiment"`
	}
	mlflowAPI(t, base, http.MethodGet, "experiments/get?experiment_id="+st.weather, nil, &exp)
	saved := ""
	for _, tag := range exp.Experiment.Tags {
		if tag.Key == "telltale.dashboard" {
			saved = tag.Value
		}
	}
	assert.Contains(t, saved, `"Wind and temperature drift"`, "the panels, in the experiment's tag for the team")

	// Hostile strings show as text on every page.
	for _, path := range []string{"/", "/experiments/" + st.hostile + "?col=params.query&col=params.quote&col=tags.note",
		"/runs/" + st.runs[evilRunName], "/compare?run=" + st.runs[evilRunName] + "&run=" + st.runs["plain"],
		"/experiments/" + st.hostile + "/dashboard"} {
		p.open(path, "")
		var h struct {
			Injected int
			Texts    []string
		}
		p.eval(fmt.Sprintf(`(() => {
  const texts = [%q, %q, %q, %q];
  const leaves = Array.from(document.querySelectorAll("body *")).filter(e => e.childElementCount === 0 && !["SCRIPT", "STYLE"].includes(e.tagName));
  return {Injected: document.querySelectorAll('img[src="x"], svg[onload], marquee').length,
    Texts: texts.filter(s => leaves.some(e => e.textContent.includes(s)))};
})()`, evilRunName, evilParam, evilTag, evilExpName), &h)
		assert.Zero(t, h.Injected, "markup from the store on %s", path)
		assert.NotEmpty(t, h.Texts, "the hostile strings as text on %s", path)
		p.clean(path)
	}
}

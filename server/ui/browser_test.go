package ui_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/browsertest"
	"github.com/telltale-ml/telltale/server/ui"
	"github.com/telltale-ml/telltale/tracking"
)

// browser is one headless Chromium with one page, shared by the steps of
// TestBrowser, and the UI server it browses.
type browser struct {
	t      *testing.T
	ctx    context.Context
	s      *browsertest.Session
	server string // http://127.0.0.1:PORT
	mark   int    // index of the first event of the current page
	// attached are the sessions of out-of-process frames whose Runtime and
	// Log are on.
	attached map[string]bool
}

// frames returns the sessions of the out-of-process frames attached since
// the current page opened, newest last, turning their Runtime and Log on
// (Log.enable also sends the entries logged before).
func (b *browser) frames() []string {
	var out []string
	for _, e := range b.s.Events()[b.mark:] {
		if e.Method != "Target.attachedToTarget" {
			continue
		}
		var p struct {
			SessionID  string `json:"sessionId"`
			TargetInfo struct {
				Type string `json:"type"`
			} `json:"targetInfo"`
		}
		if json.Unmarshal(e.Params, &p) != nil || p.TargetInfo.Type != "iframe" {
			continue
		}
		if !b.attached[p.SessionID] {
			b.attached[p.SessionID] = true
			for _, m := range []string{"Runtime.enable", "Log.enable"} {
				_ = b.s.CallIn(b.ctx, p.SessionID, m, nil, nil)
			}
		}
		out = append(out, p.SessionID)
	}
	return out
}

func startBrowser(t *testing.T, h *ui.Handler) *browser {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ctx, s := browsertest.Open(t, 4*time.Minute)
	require.NoError(t, s.Call(ctx, "Page.addScriptToEvaluateOnNewDocument", map[string]any{
		"source": "window.alert = function () { window.top.__alerted = true; };"}, nil))
	require.NoError(t, s.Call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": false}, nil))
	// Sandboxed frames may run in a process of their own (Chromium's
	// IsolateSandboxedIframes): attach to them too, to read them and hear
	// their errors.
	require.NoError(t, s.Call(ctx, "Target.setAutoAttach", map[string]any{"autoAttach": true, "waitForDebuggerOnStart": false, "flatten": true}, nil))
	return &browser{t: t, ctx: ctx, s: s, server: srv.URL, attached: map[string]bool{}}
}

// waitFor waits until fn is true, polling.
func (b *browser) waitFor(what string, fn func() bool) {
	b.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !fn() {
		if time.Now().After(deadline) {
			b.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// navigate runs act, which leaves the current page, and waits for the
// next page's load event; that page's events start at b.mark.
func (b *browser) navigate(what string, act func()) {
	b.t.Helper()
	b.mark = len(b.s.Events())
	n := b.s.Count("Page.loadEventFired")
	act()
	b.waitFor(what, func() bool { return b.s.Count("Page.loadEventFired") > n })
}

// open navigates to a path of the UI and waits for the page's load and
// its charts.
func (b *browser) open(path string) {
	b.t.Helper()
	b.navigate("the load of "+path, func() {
		require.NoError(b.t, b.s.Call(b.ctx, "Page.navigate", map[string]any{"url": b.server + path}, nil))
	})
	b.waitCharts()
}

// follow runs JavaScript that navigates (a click on a link, a form
// submit) and waits for the next page.
func (b *browser) follow(js string) {
	b.t.Helper()
	b.navigate("the page after "+js, func() { b.eval(js, nil) })
	b.waitCharts()
}

// waitCharts waits until every chart block of the page has been drawn
// (with JavaScript on).
func (b *browser) waitCharts() {
	b.t.Helper()
	b.waitFor("the charts", func() bool {
		var ok bool
		err := b.s.Eval(b.ctx, `document.querySelectorAll("script[data-chart]").length === document.querySelectorAll(".chart[data-drawn] svg").length || !window.echarts && document.querySelectorAll("script[data-chart]").length === 0 || !document.documentElement.classList.contains("js")`, &ok)
		return err == nil && ok
	})
}

func (b *browser) eval(js string, out any) {
	b.t.Helper()
	require.NoError(b.t, b.s.Eval(b.ctx, js, out), js)
}

// clean checks that the page logged no error and made no request beyond
// the UI, and that nothing called alert.
func (b *browser) clean(what string) {
	b.t.Helper()
	errs, ext := browsertest.Problems(b.s.Events()[b.mark:], func(u string) bool { return strings.HasPrefix(u, b.server+"/") })
	assert.Empty(b.t, errs, "console errors on %s", what)
	assert.Empty(b.t, ext, "requests leaving the UI from %s", what)
	var alerted bool
	b.eval(`!!window.__alerted`, &alerted)
	assert.False(b.t, alerted, "alert ran on %s", what)
}

// screenshot captures the page, whole or up to maxHeight CSS pixels, and
// checks that it is a picture. The README's pictures come from the built
// binary instead: go test ./cmd/telltale -run UIBrowser -update-screenshots.
func (b *browser) screenshot(name string, maxHeight float64) {
	b.t.Helper()
	var m struct {
		Content struct {
			Height float64 `json:"height"`
		} `json:"cssContentSize"`
	}
	require.NoError(b.t, b.s.Call(b.ctx, "Page.getLayoutMetrics", nil, &m))
	var shot struct {
		Data string `json:"data"`
	}
	require.NoError(b.t, b.s.Call(b.ctx, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": 1400, "height": min(m.Content.Height, maxHeight), "scale": 1}}, &shot))
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	require.NoError(b.t, err)
	require.True(b.t, bytes.HasPrefix(png, []byte("\x89PNG")), name)
}

// inFrame evaluates js in the page's frame: in its own process when it
// has one, else in an isolated world of the page's first child frame
// (the frame's DOM, not its scripts' variables).
func (b *browser) inFrame(js string, out any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	if sessions := b.frames(); len(sessions) > 0 {
		if err := b.s.CallIn(b.ctx, sessions[len(sessions)-1], "Runtime.evaluate", map[string]any{"expression": js, "returnByValue": true}, &r); err != nil {
			return err
		}
		if r.Exception != nil {
			return fmt.Errorf("in frame: %s", r.Exception.Text)
		}
		return json.Unmarshal(r.Result.Value, out)
	}
	var tree struct {
		FrameTree struct {
			ChildFrames []struct {
				Frame struct {
					ID  string `json:"id"`
					URL string `json:"url"`
				} `json:"frame"`
			} `json:"childFrames"`
		} `json:"frameTree"`
	}
	if err := b.s.Call(b.ctx, "Page.getFrameTree", nil, &tree); err != nil {
		return err
	}
	if len(tree.FrameTree.ChildFrames) == 0 {
		return fmt.Errorf("no frame")
	}
	var world struct {
		ID int `json:"executionContextId"`
	}
	if err := b.s.Call(b.ctx, "Page.createIsolatedWorld", map[string]any{"frameId": tree.FrameTree.ChildFrames[0].Frame.ID, "worldName": "test"}, &world); err != nil {
		return err
	}
	if err := b.s.Call(b.ctx, "Runtime.evaluate", map[string]any{"expression": js, "contextId": world.ID, "returnByValue": true}, &r); err != nil {
		return err
	}
	if r.Exception != nil {
		return fmt.Errorf("in frame: %s", r.Exception.Text)
	}
	return json.Unmarshal(r.Result.Value, out)
}

// column returns the texts of a column of the runs table, by header text.
func (b *browser) column(label string) []string {
	b.t.Helper()
	var out []string
	b.eval(fmt.Sprintf(`(() => {
  const ths = Array.from(document.querySelectorAll("#runs thead th"));
  const i = ths.findIndex(th => (th.querySelector("a.sort") || th).textContent.trim() === %q);
  if (i < 0) return [];
  return Array.from(document.querySelectorAll("#runs tbody tr")).map(tr => tr.cells[i].textContent.trim());
})()`, label), &out)
	return out
}

func floats(t *testing.T, s []string) []float64 {
	t.Helper()
	out := make([]float64, len(s))
	for i, v := range s {
		f, err := strconv.ParseFloat(v, 64)
		require.NoError(t, err, v)
		out[i] = f
	}
	return out
}

// TestBrowser opens every page of the UI in headless Chromium over a
// realistic store: each loads with no console error and no request
// leaving the UI; the runs table, its filter and its sort; compare's
// charts; a report in its sandboxed frame, and an artifact that tries to
// reach the UI and cannot; hostile strings shown as text; dashboards that
// open runs and refresh live; dark mode; reading without JavaScript;
// the keyboard.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test takes a minute; not with -short")
	}
	browsertest.Need(t)
	f := newFixture(t)
	h := newUI(t, f.store, ui.Options{Refresh: time.Second, Location: time.UTC})
	b := startBrowser(t, h)

	t.Run("experiments", func(t *testing.T) {
		b.t = t
		b.open("/")
		var names []string
		b.eval(`Array.from(document.querySelectorAll("table.experiments tbody td.name a")).map(a => a.textContent)`, &names)
		assert.Equal(t, []string{"churn-model", "weather-drift", "Default"}, names, "newest first")
		b.clean("the experiments")
		b.screenshot("experiments", 420)
	})
	hostileExp, evilRun, plainRun := f.addHostile(t)

	t.Run("runs", func(t *testing.T) {
		b.t = t
		b.open("/experiments/" + f.churn)
		var rows int
		b.eval(`document.querySelectorAll("#runs tbody tr").length`, &rows)
		assert.Equal(t, 12, rows, "the logged runs")
		b.clean("the runs table")
		b.screenshot("runs", 900)

		// Sorting by a metric orders the table; a second click reverses.
		b.follow(`document.querySelector('#runs thead th[title="metrics.accuracy"] a.sort').click()`)
		acc := floats(t, b.column("accuracy"))
		require.Len(t, acc, 12)
		assert.True(t, sort.IsSorted(sort.Reverse(sort.Float64Slice(acc))), "descending: %v", acc)
		b.follow(`document.querySelector('#runs thead th[title="metrics.accuracy"] a.sort').click()`)
		acc = floats(t, b.column("accuracy"))
		assert.True(t, sort.Float64sAreSorted(acc), "ascending: %v", acc)
		b.clean("the sorted table")

		// A filter narrows it, the order kept.
		b.follow(`(() => { const i = document.querySelector("#filter"); i.value = "params.model = 'gbm'"; i.form.requestSubmit(); })()`)
		models := b.column("model")
		assert.Equal(t, []string{"gbm", "gbm", "gbm", "gbm"}, models)
		acc = floats(t, b.column("accuracy"))
		assert.True(t, sort.Float64sAreSorted(acc), "still ascending: %v", acc)
		b.clean("the filtered table")

		// A filter that does not parse says why, beside the box.
		b.follow(`(() => { const i = document.querySelector("#filter"); i.value = "metrics.accuracy >"; i.form.requestSubmit(); })()`)
		var bad struct {
			Invalid string `json:"invalid"`
			Message string `json:"message"`
			Shown   bool   `json:"shown"`
		}
		b.eval(`({invalid: document.querySelector("#filter").getAttribute("aria-invalid"),
			message: document.querySelector("#filter-error").textContent,
			shown: document.querySelector("#filter-error").getBoundingClientRect().height > 0})`, &bad)
		assert.Equal(t, "true", bad.Invalid)
		assert.Contains(t, bad.Message, `search filter "metrics.accuracy >"`)
		assert.True(t, bad.Shown)

		// Pages of 5: the total arrives after the page.
		b.open("/experiments/" + f.churn + "?per=5")
		b.waitFor("the total", func() bool {
			var total string
			b.eval(`document.querySelector(".pager .total").textContent`, &total)
			return total == " of 12"
		})
		b.clean("the runs table's pager")

		// Choose two runs and compare them.
		b.open("/experiments/" + f.churn)
		var state []any
		b.eval(`(() => { const d0 = document.querySelector("#compare-button").disabled;
			const boxes = document.querySelectorAll('input[name=run]'); boxes[0].click(); boxes[1].click();
			return [d0, document.querySelector("#compare-button").disabled, document.querySelector("#compare-count").textContent]; })()`, &state)
		assert.Equal(t, []any{true, false, "2 chosen"}, state)
		b.follow(`document.querySelector("#compare-button").click()`)
		var path string
		b.eval(`location.pathname + location.search`, &path)
		assert.True(t, strings.HasPrefix(path, "/compare?run="), path)
	})

	t.Run("keyboard", func(t *testing.T) {
		b.t = t
		b.open("/experiments/" + f.churn)
		var seen []string
		for range 40 {
			for _, typ := range []string{"keyDown", "keyUp"} {
				require.NoError(t, b.s.Call(b.ctx, "Input.dispatchKeyEvent", map[string]any{"type": typ, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9}, nil))
			}
			var el string
			b.eval(`(() => { const e = document.activeElement; return e.tagName + "#" + (e.id || e.className || e.getAttribute("name") || e.textContent.trim().slice(0, 20)); })()`, &el)
			seen = append(seen, el)
		}
		joined := strings.Join(seen, " ")
		for _, want := range []string{"A#skip", "INPUT#filter", "SUMMARY#button", "SELECT#per", "A#sort", "INPUT#run"} {
			assert.Contains(t, joined, want, "Tab reaches %s: %v", want, seen)
		}
	})

	t.Run("compare", func(t *testing.T) {
		b.t = t
		b.open("/compare?" + q("run", f.runs["rf-d4-lr0.05"], "run", f.runs["gbm-d8-lr0.2"], "run", f.runs["lr-d4-lr0.2"]))
		var c struct {
			Charts   int   `json:"charts"`
			Series   []int `json:"series"`
			Parallel int   `json:"parallel"`
			Differs  int   `json:"differs"`
		}
		b.eval(`({charts: document.querySelectorAll(".chart[data-drawn] svg").length,
			series: Array.from(document.querySelectorAll(".chart[id^=overlay]")).map(el => echarts.getInstanceByDom(el).getOption().series.length),
			parallel: echarts.getInstanceByDom(document.getElementById("parallel")).getOption().series[0].data.length,
			differs: document.querySelectorAll("tr.differs").length})`, &c)
		assert.Equal(t, 3, c.Charts, "the parallel coordinates and the two histories")
		assert.Equal(t, []int{3, 3}, c.Series, "each history chart overlays the runs")
		assert.Equal(t, 3, c.Parallel)
		assert.GreaterOrEqual(t, c.Differs, 5)
		b.clean("the compare page")
		b.screenshot("compare", 2400)
	})

	t.Run("run with a report", func(t *testing.T) {
		b.t = t
		b.open("/runs/" + f.runs["gbm-d8-lr0.2"])
		var drawn int
		b.eval(`document.querySelectorAll(".chart[data-drawn] svg").length`, &drawn)
		assert.Equal(t, 2, drawn, "the loss and val_accuracy histories")
		b.clean("a training run")

		b.open("/runs/" + f.runs["weather 2014-07"])
		var frame struct {
			Sandbox string `json:"sandbox"`
			Src     string `json:"src"`
		}
		b.eval(`({sandbox: document.querySelector("iframe.report").getAttribute("sandbox"), src: document.querySelector("iframe.report").getAttribute("src")})`, &frame)
		assert.Equal(t, "allow-scripts", frame.Sandbox)
		var inside struct {
			Title  string `json:"title"`
			Charts int    `json:"charts"`
			Drawn  int    `json:"drawn"`
		}
		// The report's charts are drawn by its own script when a row of its
		// drift table opens: open them all, inside the frame.
		b.waitFor("the report's charts in its frame", func() bool {
			return b.inFrame(`(() => { document.querySelectorAll("button.expand[aria-expanded=false]").forEach(b => b.click());
				return {title: document.title, charts: document.querySelectorAll(".chart").length, drawn: document.querySelectorAll(".chart svg").length}; })()`, &inside) == nil &&
				inside.Charts > 0 && inside.Drawn == inside.Charts
		})
		assert.Equal(t, "Weather drift July 2014", inside.Title)
		assert.Positive(t, inside.Charts)
		b.clean("a run with its report in a frame")
		b.eval(`document.getElementById("artifacts").scrollIntoView(); true`, nil)
		b.screenshot("run", 1600)
	})

	t.Run("sandbox", func(t *testing.T) {
		b.t = t
		// The UI's origin has a cookie and storage that the artifact must
		// not read.
		b.open("/runs/" + plainRun)
		b.eval(`document.cookie = "ui_session=secret; path=/"; localStorage.setItem("ui", "secret"); true`, nil)
		b.open("/runs/" + evilRun + "?artifact=evil.html")
		var r struct {
			Ran         bool   `json:"ran"`
			ParentDOM   string `json:"parentDOM"`
			ParentWrite string `json:"parentWrite"`
			Cookie      string `json:"cookie"`
			Storage     string `json:"storage"`
			Origin      string `json:"origin"`
			Fetch       string `json:"fetch"`
		}
		b.waitFor("the evil artifact's results", func() bool {
			var raw string
			if b.inFrame(`document.body.getAttribute("data-results") || ""`, &raw) != nil || !strings.Contains(raw, "fetch") {
				return false
			}
			return json.Unmarshal([]byte(raw), &r) == nil
		})
		assert.True(t, r.Ran, "the artifact's script runs")
		assert.Equal(t, "blocked", r.ParentDOM)
		assert.Equal(t, "blocked", r.ParentWrite)
		assert.NotContains(t, r.Cookie, "secret")
		assert.Equal(t, "blocked", r.Storage)
		assert.Equal(t, "null", r.Origin, "an opaque origin")
		assert.Equal(t, "blocked", r.Fetch)
		var parent struct {
			Pwned  bool   `json:"pwned"`
			Path   string `json:"path"`
			Cookie string `json:"cookie"`
		}
		time.Sleep(300 * time.Millisecond) // let a navigation of the top, if any, start
		b.eval(`({pwned: "__pwned" in window, path: location.pathname, cookie: document.cookie})`, &parent)
		assert.False(t, parent.Pwned)
		assert.Equal(t, "/runs/"+evilRun, parent.Path, "the frame could not navigate the UI")
		assert.Contains(t, parent.Cookie, "ui_session=secret")

		// Opened alone, the file is sandboxed by its Content-Security-Policy.
		b.open("/files/" + evilRun + "/evil.html")
		var alone struct {
			Origin  string `json:"origin"`
			Storage string `json:"storage"`
			Cookie  string `json:"cookie"`
		}
		b.waitFor("the results of the artifact alone", func() bool {
			var raw string
			b.eval(`document.body.getAttribute("data-results") || ""`, &raw)
			return strings.Contains(raw, "fetch") && json.Unmarshal([]byte(raw), &alone) == nil
		})
		assert.Equal(t, "null", alone.Origin)
		assert.Equal(t, "blocked", alone.Storage)
		assert.NotContains(t, alone.Cookie, "secret")
	})

	t.Run("hostile strings", func(t *testing.T) {
		b.t = t
		for _, path := range []string{
			"/", "/experiments/" + hostileExp + "?" + q("col", "params.query", "col", "params.link", "col", "params.model", "col", "tags.note"),
			"/runs/" + evilRun, "/runs/" + evilRun + "?artifact=notes.txt", "/runs/" + evilRun + "?artifact=profile/a.json",
			"/compare?" + q("run", evilRun, "run", plainRun), "/experiments/" + hostileExp + "/dashboard",
		} {
			b.open(path)
			var c struct {
				Img, Svg, Scripts int
				Texts             []string
			}
			b.eval(fmt.Sprintf(`(() => {
  const texts = [%q, %q, %q, %q, %q];
  const all = Array.from(document.querySelectorAll("body *")).filter(e => e.childElementCount === 0 && !["SCRIPT","STYLE"].includes(e.tagName));
  return {Img: document.querySelectorAll('img[src="x"]').length, Svg: document.querySelectorAll("svg[onload]").length,
    Scripts: Array.from(document.scripts).filter(s => !s.src && s.type !== "application/json").length,
    Texts: texts.filter(s => all.some(e => e.textContent.includes(s)))};
})()`, evilName, evilParam, evilURL, evilTag, evilExp), &c)
			assert.Zero(t, c.Img, path)
			assert.Zero(t, c.Svg, path)
			assert.Zero(t, c.Scripts, "no inline script on %s", path)
			assert.NotEmpty(t, c.Texts, "the hostile strings show as text on %s", path)
			b.clean(path)
		}
		// Tooltips put names into HTML: they stay text there too.
		b.open("/compare?" + q("run", evilRun, "run", plainRun))
		var tip struct {
			Text string `json:"text"`
			Img  int    `json:"img"`
		}
		var pt struct{ X, Y float64 }
		b.eval(`(() => { const el = document.getElementById("overlay-0"); el.scrollIntoView(); const c = echarts.getInstanceByDom(el);
  const p = c.convertToPixel({seriesIndex: 0}, c.getOption().series[0].data[1]); const r = el.getBoundingClientRect();
  return {X: r.left + p[0], Y: r.top + p[1]}; })()`, &pt)
		require.NoError(t, b.s.Call(b.ctx, "Input.dispatchMouseEvent", map[string]any{"type": "mouseMoved", "x": pt.X, "y": pt.Y}, nil))
		b.eval(`(async () => {
  await new Promise(r => setTimeout(r, 300));
  const tips = Array.from(document.querySelectorAll("div")).filter(d => d.style.position === "absolute" && d.textContent.includes("onerror"));
  return {text: tips.map(d => d.textContent).join(" | "), img: document.querySelectorAll('img[src="x"]').length};
})()`, &tip)
		assert.Contains(t, tip.Text, evilName)
		assert.Zero(t, tip.Img)
		b.clean("the tooltips")
	})

	t.Run("dashboard", func(t *testing.T) {
		b.t = t
		b.open("/experiments/" + f.weather + "/dashboard")
		var d struct {
			Panels int      `json:"panels"`
			Drawn  int      `json:"drawn"`
			Colors []string `json:"colors"`
			Points int      `json:"points"`
		}
		b.eval(`(() => { const o = echarts.getInstanceByDom(document.getElementById("panel-0")).getOption();
  return {panels: document.querySelectorAll(".panel").length, drawn: document.querySelectorAll(".panel .chart[data-drawn] svg").length,
    colors: Array.from(new Set(o.series[0].data.map(p => p.itemStyle.color))).sort(), points: o.series[0].data.length}; })()`, &d)
		assert.Equal(t, 4, d.Panels)
		assert.Equal(t, 4, d.Drawn)
		assert.Equal(t, 24, d.Points)
		assert.Contains(t, d.Colors, "#d6362b", "failed months in red")
		assert.GreaterOrEqual(t, len(d.Colors), 2)
		b.clean("the dashboard")
		b.screenshot("dashboard", 1400)

		// Live: a run logged now appears without reloading the page.
		run, err := f.store.CreateRun(b.ctx, tracking.RunSpec{ExperimentID: f.weather, Name: "weather live", StartTime: time.Date(2016, 2, 2, 6, 0, 0, 0, time.UTC).UnixMilli()})
		require.NoError(t, err)
		require.NoError(t, f.store.LogBatch(b.ctx, run.Info.RunID, tracking.Batch{Metrics: []tracking.Metric{
			{Key: "share_of_drifted_columns", Value: 0.8, Timestamp: 1454392800000}, {Key: "tests_total", Value: 2, Timestamp: 1454392800000},
			{Key: "tests_fail", Value: 1, Timestamp: 1454392800000}}}))
		b.waitFor("the live refresh", func() bool {
			var n int
			b.eval(`echarts.getInstanceByDom(document.getElementById("panel-0")).getOption().series[0].data.length`, &n)
			return n == 25
		})
		var updated string
		b.eval(`document.querySelector("#live .updated").textContent`, &updated)
		assert.Equal(t, "2016-02-02 06:00:00", updated)

		// A click on a point opens that run's report.
		var pt struct{ X, Y float64 }
		b.eval(`(() => { const el = document.getElementById("panel-0"); const c = echarts.getInstanceByDom(el);
  const d = c.getOption().series[0].data; const p = c.convertToPixel({seriesIndex: 0}, d[d.length - 2].value);
  el.scrollIntoView(); const r = el.getBoundingClientRect(); return {X: r.left + p[0], Y: r.top + p[1]}; })()`, &pt)
		b.navigate("the run opened by the click", func() {
			for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
				require.NoError(t, b.s.Call(b.ctx, "Input.dispatchMouseEvent", map[string]any{"type": typ, "x": pt.X, "y": pt.Y, "button": "left", "clickCount": 1}, nil))
			}
		})
		var loc struct {
			Path  string `json:"path"`
			Frame string `json:"frame"`
		}
		b.eval(`({path: location.pathname, frame: (document.querySelector("iframe.report") || {}).getAttribute ? document.querySelector("iframe.report").getAttribute("src") : ""})`, &loc)
		assert.Equal(t, "/runs/"+f.runs["weather 2015-12"], loc.Path, "the newest month before the live run")
		assert.Equal(t, "/files/"+f.runs["weather 2015-12"]+"/telltale.html", loc.Frame)
	})

	t.Run("dark mode", func(t *testing.T) {
		b.t = t
		require.NoError(t, b.s.Call(b.ctx, "Emulation.setEmulatedMedia", map[string]any{"features": []map[string]string{{"name": "prefers-color-scheme", "value": "dark"}}}, nil))
		defer b.s.Call(b.ctx, "Emulation.setEmulatedMedia", map[string]any{"features": []map[string]string{{"name": "prefers-color-scheme", "value": "light"}}}, nil)
		b.open("/experiments/" + f.weather + "/dashboard")
		var bg string
		b.eval(`getComputedStyle(document.body).backgroundColor`, &bg)
		assert.Equal(t, "rgb(21, 24, 30)", bg)
		b.clean("the dashboard in dark mode")
		b.screenshot("dashboard-dark", 1400)
	})

	t.Run("without JavaScript", func(t *testing.T) {
		b.t = t
		require.NoError(t, b.s.Call(b.ctx, "Emulation.setScriptExecutionDisabled", map[string]any{"value": true}, nil))
		defer b.s.Call(b.ctx, "Emulation.setScriptExecutionDisabled", map[string]any{"value": false}, nil)
		b.open("/experiments/" + f.churn + "?" + q("sort", "metrics.accuracy", "dir", "desc"))
		var rows int
		b.eval(`document.querySelectorAll("#runs tbody tr").length`, &rows)
		assert.Equal(t, 12, rows)
		b.open("/runs/" + f.runs["gbm-d8-lr0.2"])
		var r struct {
			Note   bool `json:"note"`
			Chart  bool `json:"chart"`
			Points int  `json:"points"`
		}
		b.eval(`({note: getComputedStyle(document.querySelector(".nojs-note")).display !== "none",
			chart: getComputedStyle(document.querySelector(".chart")).display !== "none",
			points: document.querySelectorAll("details.data tbody tr").length})`, &r)
		assert.True(t, r.Note, "the page says the charts need JavaScript")
		assert.False(t, r.Chart, "no empty chart boxes")
		assert.Equal(t, 50, r.Points, "the two histories' points, as tables")
		b.open("/experiments/" + f.weather + "/dashboard")
		var panelRows int
		b.eval(`document.querySelectorAll(".panel details.data tbody tr").length`, &panelRows)
		assert.Equal(t, 4*25, panelRows)
	})
}

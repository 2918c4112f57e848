package ui_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/server/ui"
	"github.com/telltale-ml/telltale/tracking"
)

// chartSpec is the JSON of a chart block, as assets/ui.js reads it.
type chartSpec struct {
	Option struct {
		Series []struct {
			Name string `json:"name"`
			Data []struct {
				Name      string    `json:"name"`
				Value     []float64 `json:"value"`
				Outcome   string    `json:"outcome"`
				ItemStyle struct {
					Color string `json:"color"`
				} `json:"itemStyle"`
			} `json:"data"`
		} `json:"series"`
	} `json:"option"`
	Tooltip string     `json:"tooltip"`
	Links   [][]string `json:"links"`
}

func TestDashboardDefaultPanels(t *testing.T) {
	f := sharedFixture(t)
	h := newUI(t, f.store, ui.Options{})
	p := get(t, h, "/experiments/"+f.weather+"/dashboard")
	require.Equal(t, http.StatusOK, p.code)
	has(t, p.body, "<h2>Share of drifted columns</h2>", "<h2>Dataset drift</h2>", "<h2>Failed tests</h2>",
		"default panels (none saved yet)", `<span class="runs-count">24 runs</span>, the newest at <span class="updated">2016-01-02 06:00:`)
	hasNot(t, p.body, "<h2>Accuracy</h2>")

	// The same charts as JSON, for the live refresh.
	d := get(t, h, "/experiments/"+f.weather+"/dashboard.json")
	require.Equal(t, http.StatusOK, d.code)
	var data struct {
		Charts map[string]chartSpec `json:"charts"`
		Runs   int                  `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(d.body), &data))
	assert.Equal(t, 24, data.Runs)
	share := data.Charts["panel-0"]
	require.Len(t, share.Option.Series, 1)
	pts := share.Option.Series[0].Data
	require.Len(t, pts, 24)
	assert.Equal(t, "weather 2014-01", pts[0].Name, "oldest first")
	outcomes := map[string]int{}
	for i, pt := range pts {
		outcomes[pt.Outcome]++
		assert.Equal(t, map[string]string{"pass": "#1e9e4a", "fail": "#d6362b", "warn": "#d89b00"}[pt.Outcome], pt.ItemStyle.Color)
		if i > 0 {
			assert.Greater(t, pt.Value[0], pts[i-1].Value[0], "along run start time")
		}
		run, err := f.store.GetRun(context.Background(), strings.TrimSuffix(strings.TrimPrefix(share.Links[0][i], "/runs/"), "#artifacts"))
		require.NoError(t, err)
		assert.Equal(t, pt.Name, run.Info.RunName, "each point opens its run")
		assert.InDelta(t, run.Metrics["share_of_drifted_columns"].Value, pt.Value[1], 1e-12)
	}
	assert.Equal(t, 24, outcomes["pass"]+outcomes["fail"]+outcomes["warn"])
	assert.Positive(t, outcomes["fail"], "some months drifted: %v", outcomes)
	assert.Positive(t, outcomes["warn"], "some warned: %v", outcomes)
	assert.Positive(t, outcomes["pass"], "some passed: %v", outcomes)
	assert.Equal(t, "run", share.Tooltip)

	// The filter narrows the runs; a bad one says why.
	p = get(t, h, "/experiments/"+f.weather+"/dashboard?"+q("filter", "params.window LIKE '2015-%'", "last", "100"))
	has(t, p.body, "12 runs")
	p = get(t, h, "/experiments/"+f.weather+"/dashboard?"+q("filter", "params.window LIKE"))
	assert.Equal(t, http.StatusBadRequest, p.code)
	has(t, p.body, `id="filter-error" role="alert">search filter`)
	d = get(t, h, "/experiments/"+f.weather+"/dashboard.json?"+q("filter", "params.window LIKE"))
	assert.Equal(t, http.StatusBadRequest, d.code)
	has(t, d.body, `"error":`)
}

// monitoringStore is a store with runs as telltale serve --track logs
// them: test counts, drift share, one run an hour.
func monitoringStore(t testing.TB, n int) (*fixture, string) {
	t.Helper()
	f := newFixtureSmall(t)
	ctx := context.Background()
	exp, err := f.store.CreateExperiment(ctx, "live", "", nil)
	require.NoError(t, err)
	for i := range n {
		addMonitoringRun(t, f, exp, i)
	}
	return f, exp
}

func addMonitoringRun(t testing.TB, f *fixture, exp string, i int) string {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2016, 2, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
	run, err := f.store.CreateRun(ctx, tracking.RunSpec{ExperimentID: exp, Name: "weather #" + itoa(i+1), StartTime: at.UnixMilli()})
	require.NoError(t, err)
	fail := float64(i % 3 / 2) // every third run fails a test
	ms := []tracking.Metric{{Key: "tests_total", Value: 4}, {Key: "tests_fail", Value: fail}, {Key: "tests_success", Value: 4 - fail},
		{Key: "tests_warning", Value: 0}, {Key: "tests_error", Value: 0},
		{Key: "share_of_drifted_columns", Value: 0.1 * float64(i%5)}, {Key: "rows", Value: 1000 + float64(i)}}
	for j := range ms {
		ms[j].Timestamp = at.UnixMilli()
	}
	require.NoError(t, f.store.LogBatch(ctx, run.Info.RunID, tracking.Batch{Metrics: ms}))
	return run.Info.RunID
}

func itoa(i int) string { return strconv.Itoa(i) }

func post(t *testing.T, h http.Handler, target string, form url.Values, hdr map[string]string) page {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return do(t, h, req)
}

func TestDashboardSave(t *testing.T) {
	f, exp := monitoringStore(t, 6)
	h := newUI(t, f.store, ui.Options{})
	target := "/experiments/" + exp + "/dashboard"
	p := get(t, h, target)
	has(t, p.body, "<h2>Share of drifted columns</h2>", "<h2>Failed tests</h2>", "<h2>Rows</h2>",
		`<input type="hidden" name="panels" value="4">`, // three panels and an empty one
		`<span><span class="dot o-fail"></span>a test failed (2)</span>`,
		`<span><span class="dot o-pass"></span>tests passed (4)</span>`)

	// Save two panels: the new one with two metrics, the first kept, the
	// others removed.
	form := url.Values{"panels": {"4"},
		"p0.title": {"Drift"}, "p0.metric": {"share_of_drifted_columns"},
		"p1.title": {"Failed tests"}, "p1.metric": {"tests_fail"}, "p1.remove": {"1"},
		"p2.title": {"Rows"}, "p2.metric": {"rows"}, "p2.remove": {"1"},
		"p3.title": {"Tests"}, "p3.metric": {"tests_fail", "tests_success"},
	}
	p = post(t, h, target, form, map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://example.com"})
	require.Equal(t, http.StatusSeeOther, p.code, p.body)
	assert.Equal(t, target, p.hdr.Get("Location"))
	e, err := f.store.GetExperiment(context.Background(), exp)
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":1,"panels":[{"title":"Drift","metrics":["share_of_drifted_columns"]},{"title":"Tests","metrics":["tests_fail","tests_success"]}]}`,
		e.Tags["telltale.dashboard"])
	p = get(t, h, target)
	has(t, p.body, "<h2>Drift</h2>", "<h2>Tests</h2>", "panels saved in the experiment's tag")
	hasNot(t, p.body, "<h2>Rows</h2>")
	// A panel without a title is named by its metrics.
	p = post(t, h, target, url.Values{"panels": {"1"}, "p0.metric": {"rows", "tests_fail"}}, nil)
	require.Equal(t, http.StatusSeeOther, p.code)
	has(t, get(t, h, target).body, "<h2>rows, tests_fail</h2>")

	// Too many metrics in a panel: nothing saved, the reason shown.
	p = post(t, h, target, url.Values{"panels": {"1"}, "p0.title": {"x"},
		"p0.metric": {"a", "b", "c", "d", "e", "f", "g"}}, nil)
	assert.Equal(t, http.StatusBadRequest, p.code)
	has(t, p.body, "The panels were not saved: panel 1 (&#34;x&#34;): 7 metrics, at most 6")
	has(t, get(t, h, target).body, "<h2>rows, tests_fail</h2>")
	// Too long for an experiment tag.
	long := url.Values{"panels": {"20"}}
	for i := range 20 {
		long.Set("p"+itoa(i)+".title", strings.Repeat("t", 120))
		for j := range 6 {
			long.Add("p"+itoa(i)+".metric", "drift_score/temperature_maximum_of_the_day_"+itoa(j))
		}
	}
	p = post(t, h, target, long, nil)
	assert.Equal(t, http.StatusBadRequest, p.code)
	has(t, p.body, "an experiment tag holds 5,000")

	// A form from another site is refused.
	p = post(t, h, target, form, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
	assert.Equal(t, http.StatusForbidden, p.code)
	has(t, p.body, "sent from another site")
	has(t, get(t, h, target).body, "<h2>rows, tests_fail</h2>")

	// Reset: the tag goes, the defaults come back.
	p = post(t, h, target, url.Values{"action": {"reset"}}, nil)
	require.Equal(t, http.StatusSeeOther, p.code)
	e, err = f.store.GetExperiment(context.Background(), exp)
	require.NoError(t, err)
	assert.NotContains(t, e.Tags, "telltale.dashboard")
	has(t, get(t, h, target).body, "<h2>Share of drifted columns</h2>")
	p = post(t, h, "/experiments/4242/dashboard", form, nil)
	assert.Equal(t, http.StatusNotFound, p.code)

	// Read-only: no editor, no saving.
	ro := newUI(t, f.store, ui.Options{ReadOnly: true})
	hasNot(t, get(t, ro, target).body, "Edit panels")
	assert.Equal(t, http.StatusForbidden, post(t, ro, target, form, nil).code)
}

func TestDashboardTagErrors(t *testing.T) {
	f, exp := monitoringStore(t, 2)
	h := newUI(t, f.store, ui.Options{})
	ctx := context.Background()
	for value, want := range map[string]string{
		`not json`:                  "is not a dashboard",
		`{"version":2,"panels":[]}`: "version 2 is not 1",
		`{"version":1,"panels":[{"title":"x","metrics":[]}]}`: "choose at least one metric",
		`{"version":1,"panels":[],"extra":1}`:                 "unknown field",
		`{"version":1,"panels":[]} {}`:                        "text after the JSON object",
	} {
		require.NoError(t, f.store.SetExperimentTag(ctx, exp, "telltale.dashboard", value))
		p := get(t, h, "/experiments/"+exp+"/dashboard")
		assert.Equal(t, http.StatusOK, p.code, value)
		has(t, p.body, "The saved dashboard could not be read", want, "<h2>Share of drifted columns</h2>")
	}
	require.NoError(t, f.store.SetExperimentTag(ctx, exp, "telltale.dashboard", `{"version":1,"panels":[{"title":"<script>alert(1)</script>","metrics":["rows"]}]}`))
	p := get(t, h, "/experiments/"+exp+"/dashboard")
	has(t, p.body, "<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>")
}

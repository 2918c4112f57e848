package ui

import (
	"math"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

func TestFormats(t *testing.T) {
	for _, c := range []struct {
		start, end int64
		want       string
	}{
		{1000, 1420, "0.42s"}, {1000, 13500, "12.5s"}, {0, 83000, ""}, {1, 83001, "1m 23s"},
		{1, 1 + 7500000, "2h 05m"}, {1, 1 + 3*86400000 + 7200000, "3d 02h"}, {5, 0, ""}, {10, 5, ""},
	} {
		assert.Equal(t, c.want, durationText(c.start, c.end), "%d-%d", c.start, c.end)
	}
	for v, want := range map[float64]string{0.123456789: "0.123457", 42: "42", -3: "-3", 1e20: "1e+20",
		math.NaN(): "NaN", math.Inf(1): "Infinity", math.Inf(-1): "-Infinity", 1234567.891: "1.23457e+06"} {
		assert.Equal(t, want, numText(v), "%v", v)
	}
	assert.Equal(t, "0.1", fullNum(0.1))
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 50000: "50,000", 1234567: "1,234,567", -12345: "-12,345"} {
		assert.Equal(t, want, countText(n))
	}
	for n, want := range map[int64]string{12: "12 B", 2048: "2 KB", 1536: "1.5 KB", 5 << 20: "5 MB", 3 << 30: "3 GB"} {
		assert.Equal(t, want, sizeText(n))
	}
	assert.Equal(t, "/files/abc/a%20b/c%23d.html", fileURL("abc", "a b/c#d.html"))
}

func TestColumns(t *testing.T) {
	for in, want := range map[string]column{"params.model": {"params", "model"}, "metrics.drift_score/a b": {"metrics", "drift_score/a b"},
		"tags.x.y": {"tags", "x.y"}} {
		c, ok := parseColumn(in)
		require.True(t, ok, in)
		assert.Equal(t, want, c)
		assert.Equal(t, in, c.ID())
	}
	for _, bad := range []string{"", "model", "params.", "attributes.run_id", "metric.x"} {
		_, ok := parseColumn(bad)
		assert.False(t, ok, bad)
	}
	assert.Equal(t, "metrics.accuracy", orderKey("metrics", "accuracy"))
	assert.Equal(t, "params.a.b", orderKey("params", "a.b"))
	assert.Equal(t, "metrics.`drift_score/age`", orderKey("metrics", "drift_score/age"))
	assert.Equal(t, "params.`.x`", orderKey("params", ".x"))
	assert.Equal(t, `params."a`+"`"+`b"`, orderKey("params", "a`b"))
	assert.Equal(t, "", orderKey("params", "a`b\"c"))
	assert.Equal(t, "metrics.`my key` DESC", orderBy("metrics.my key", "desc"))
	assert.Equal(t, "attributes.start_time ASC", orderBy("start", "asc"))
	assert.Equal(t, "", orderBy("", "asc"))
	assert.Equal(t, "bogus", orderBy("bogus", "desc"), "the store names what is wrong")

	cols := chooseColumns(nil, []string{"a", "b"}, []string{"m", "drift_score/x"})
	assert.Equal(t, []column{{"params", "a"}, {"params", "b"}, {"metrics", "m"}, {"metrics", "drift_score/x"}}, cols)
	cols = chooseColumns([]string{"metrics.m", "bogus", "metrics.m", "tags.t"}, nil, nil)
	assert.Equal(t, []column{{"metrics", "m"}, {"tags", "t"}}, cols)
	assert.Equal(t, []string{"b", "z", "a/x"}, sortedMetricKeys(map[string]bool{"a/x": true, "z": true, "b": true}))
}

func TestPaging(t *testing.T) {
	q := url.Values{"filter": {"x"}, "offset": {"200"}}
	p := newPager("runs", 200, 100, 100, true, "", func(o int) string { return offsetLink("/e", q, o) })
	assert.Equal(t, "/e?filter=x&offset=100", p.Prev)
	assert.Equal(t, "/e?filter=x&offset=300", p.Next)
	assert.Equal(t, "/e?filter=x", p.First)
	assert.Equal(t, 201, p.From)
	assert.Equal(t, 300, p.To)
	assert.Equal(t, "eyJvZmZzZXQiOiAyNX0=", pageToken(25), `base64 of {"offset": 25}`)
	assert.Equal(t, "", pageToken(0))
	assert.Equal(t, 7, intParam(url.Values{"n": {"7"}}, "n", 1, 10))
	assert.Equal(t, 10, intParam(url.Values{"n": {"70"}}, "n", 1, 10))
	assert.Equal(t, 1, intParam(url.Values{"n": {"-7"}}, "n", 1, 10))
	assert.Equal(t, 1, intParam(url.Values{"n": {"x"}}, "n", 1, 10))
	assert.Equal(t, "1 run", pager{Total: "1", Noun: "runs"}.Summary())
	assert.Equal(t, "12 runs", pager{Total: "12", Noun: "runs"}.Summary())
}

func TestShowAs(t *testing.T) {
	for name, want := range map[string]string{"telltale.html": showFrame, "a/B.HTM": showFrame, "p.json": showJSON,
		"x.PNG": showImage, "x.svg": showImage, "notes.txt": showText, "model/MLmodel": showText, "m.pkl": showDownload, "noext": showDownload} {
		assert.Equal(t, want, showAs(name), name)
	}
}

func TestPanels(t *testing.T) {
	ps, err := parseDashboard(`{"version":1,"panels":[{"title":"Drift","metrics":["share_of_drifted_columns"]}]}`)
	require.NoError(t, err)
	assert.Equal(t, []panelSpec{{"Drift", []string{"share_of_drifted_columns"}}}, ps)
	s, err := encodeDashboard(ps)
	require.NoError(t, err)
	assert.Equal(t, `{"version":1,"panels":[{"title":"Drift","metrics":["share_of_drifted_columns"]}]}`, s)
	s, err = encodeDashboard([]panelSpec{{"<a & b>", []string{"x"}}})
	require.NoError(t, err)
	assert.Contains(t, s, `"<a & b>"`, "kept as typed; pages escape it")

	assert.Equal(t, []panelSpec{{"Share of drifted columns", []string{"share_of_drifted_columns"}}, {"Failed tests", []string{"tests_fail"}}},
		defaultPanels([]string{"tests_fail", "share_of_drifted_columns", "other"}))
	assert.Equal(t, []panelSpec{{"a", []string{"a"}}, {"b", []string{"b"}}}, defaultPanels([]string{"a", "b"}))
	assert.Empty(t, defaultPanels(nil))

	form := url.Values{"panels": {"3"}, "p0.metric": {"a", "a", "b"}, "p1.title": {"gone"}, "p1.metric": {"c"}, "p1.remove": {"1"},
		"p2.title": {"  "}, "p5.metric": {"ignored: beyond panels"}}
	assert.Equal(t, []panelSpec{{"a, b", []string{"a", "b"}}}, panelsFromForm(form))
	assert.Empty(t, panelsFromForm(url.Values{"panels": {"-4"}}))
	assert.Empty(t, panelsFromForm(url.Values{"panels": {"1000000000"}}), "bounded")
}

func TestHostAllowed(t *testing.T) {
	allowed := []string{"localhost", "127.0.0.1", "::1", "*.example.com"}
	for host, want := range map[string]bool{"localhost": true, "LOCALHOST:5000": true, "127.0.0.1:80": true, "[::1]:5000": true,
		"a.example.com": true, "a.b.example.com.": true, "example.com": false, "evilexample.com": false, "127.0.0.2": false, "": false} {
		assert.Equal(t, want, hostAllowed(allowed, host), host)
	}
	assert.True(t, hostAllowed(nil, "anything"))
	assert.True(t, hostAllowed([]string{"*"}, "anything"))
}

// FuzzDashboardTag: whatever an experiment tag holds, reading it gives
// panels or an error, never a panic, and panels read back are those
// written.
func FuzzDashboardTag(f *testing.F) {
	f.Add(`{"version":1,"panels":[{"title":"Drift","metrics":["share_of_drifted_columns","tests_fail"]}]}`)
	f.Add(`{"version":1,"panels":[]}`)
	f.Add(`{"version":1,"panels":[{"title":"","metrics":[""]}]}`)
	f.Add(`{"version":1,"panels":null}`)
	f.Add(`[1,2]`)
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := parseDashboard(s)
		if err != nil {
			return
		}
		enc, err := encodeDashboard(ps)
		if err != nil {
			return // longer than a tag holds once re-encoded
		}
		again, err := parseDashboard(enc)
		require.NoError(t, err)
		assert.Equal(t, len(ps), len(again))
		for i := range ps {
			assert.Equal(t, ps[i].Title, again[i].Title)
			assert.Equal(t, ps[i].Metrics, again[i].Metrics)
		}
	})
}

func TestOutcomeOf(t *testing.T) {
	m := func(kv ...float64) map[string]tracking.Metric {
		keys := []string{"tests_total", "tests_fail", "tests_error", "tests_warning"}
		out := map[string]tracking.Metric{}
		for i, v := range kv {
			out[keys[i]] = tracking.Metric{Key: keys[i], Value: v}
		}
		return out
	}
	for _, c := range []struct {
		run  tracking.Run
		want string
	}{
		{tracking.Run{Metrics: m(3, 0, 0, 0)}, outcomePass},
		{tracking.Run{Metrics: m(3, 1, 0, 0)}, outcomeFail},
		{tracking.Run{Metrics: m(3, 0, 1, 0)}, outcomeFail},
		{tracking.Run{Metrics: m(3, 0, 0, 2)}, outcomeWarn},
		{tracking.Run{Metrics: m(0, 0, 0, 0)}, outcomeNone},
		{tracking.Run{Metrics: m(0, 0, 0, 0), Tags: map[string]string{"telltale.tests_failed": "false"}}, outcomeNone},
		{tracking.Run{Tags: map[string]string{"telltale.tests_failed": "true"}}, outcomeFail},
		{tracking.Run{Tags: map[string]string{"telltale.tests_failed": "false"}}, outcomePass},
		{tracking.Run{Tags: map[string]string{"telltale.tests_failed": "2"}}, outcomeFail},
		{tracking.Run{Tags: map[string]string{"telltale.tests_failed": "junk"}}, outcomeNone},
		{tracking.Run{}, outcomeNone},
	} {
		assert.Equal(t, c.want, outcomeOf(&c.run), "%+v", c.run)
	}
}

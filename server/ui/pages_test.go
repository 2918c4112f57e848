package ui_test

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/server/ui"
	"github.com/telltale-ml/telltale/tracking"
)

func TestExperimentsPage(t *testing.T) {
	f := sharedFixture(t)
	h := newUI(t, f.store, ui.Options{})
	p := get(t, h, "/")
	require.Equal(t, http.StatusOK, p.code)
	assert.Contains(t, p.hdr.Get("Content-Security-Policy"), "script-src 'self'")
	assert.Equal(t, "SAMEORIGIN", p.hdr.Get("X-Frame-Options"))
	for _, want := range []string{
		`<a href="/experiments/` + f.weather + `">weather-drift</a>`,
		`<a href="/experiments/` + f.churn + `">churn-model</a>`,
		`Monthly drift of the Seattle weather feed against 2012-2013.`, // the description
		`<span class="tag"><b>team</b>=forecasting</span>`,
		`<td class="num">24</td>`, `<td class="num">12</td>`, // run counts
		`<time datetime="2016-01-02T06:00:`, // the last weather run started on 2016-01-02 06:00
		`<a href="/experiments/` + f.weather + `/dashboard">dashboard</a>`,
	} {
		has(t, p.body, want)
	}
	hasNot(t, p.body, "telltale.dashboard")

	p = get(t, h, "/?q=CHURN")
	has(t, p.body, "churn-model")
	hasNot(t, p.body, "weather-drift")
	p = get(t, h, "/?q=nothing+like+it")
	has(t, p.body, "No experiment's name contains “nothing like it”.")
}

func TestRunsPage(t *testing.T) {
	f := sharedFixture(t)
	h := newUI(t, f.store, ui.Options{})
	base := "/experiments/" + f.churn
	p := get(t, h, base)
	require.Equal(t, http.StatusOK, p.code)
	ids := runsOf(p.body)
	require.Len(t, ids, 12)
	// The store's order: newest first.
	assert.Equal(t, f.runs["lr-d8-lr0.2"], ids[0])
	assert.Equal(t, f.runs["rf-d4-lr0.05"], ids[11])
	for _, col := range []string{"params.model", "params.learning_rate", "metrics.accuracy", "metrics.loss"} {
		has(t, p.body, `title="`+col+`"`) // the default columns
	}
	has(t, p.body, `<span class="badge st-bad">FAILED</span>`)
	has(t, p.body, `<span class="badge st-run">RUNNING</span>`)
	has(t, p.body, `<th scope="col" aria-sort="descending"><a class="sort"`) // start time is the order
	has(t, p.body, `<td class="num">9m 00s</td>`)                            // the duration

	// A filter narrows it.
	p = get(t, h, base+"?"+q("filter", "params.model = 'rf' AND metrics.accuracy > 0.5"))
	require.Equal(t, http.StatusOK, p.code)
	assert.Len(t, runsOf(p.body), 4)
	for _, id := range runsOf(p.body) {
		assert.Contains(t, []string{f.runs["rf-d4-lr0.05"], f.runs["rf-d4-lr0.2"], f.runs["rf-d8-lr0.05"], f.runs["rf-d8-lr0.2"]}, id)
	}
	has(t, p.body, `value="params.model = &#39;rf&#39; AND metrics.accuracy &gt; 0.5"`) // the box keeps the filter

	// A filter that does not parse: 400, the reason beside the box.
	p = get(t, h, base+"?"+q("filter", "metrics.accuracy >> 1"))
	assert.Equal(t, http.StatusBadRequest, p.code)
	has(t, p.body, `aria-invalid="true" aria-describedby="filter-error"`)
	assert.Regexp(t, `<p class="field-error" id="filter-error" role="alert">search filter &#34;metrics.accuracy &gt;&gt; 1&#34; at position \d+: [^<]+</p>`, p.body)
	assert.Empty(t, runsOf(p.body))

	// Sorting by a metric orders the runs as the store does.
	p = get(t, h, base+"?"+q("sort", "metrics.accuracy", "dir", "desc"))
	ids = runsOf(p.body)
	acc := accuracies(t, f, ids)
	assert.True(t, sort.IsSorted(sort.Reverse(sort.Float64Slice(acc))), "descending: %v", acc)
	has(t, p.body, `aria-sort="descending" title="metrics.accuracy"`)
	up := sortLink(t, p.body, "accuracy")
	assert.Contains(t, up, "dir=asc", "a second click reverses")
	p = get(t, h, up)
	acc = accuracies(t, f, runsOf(p.body))
	assert.True(t, sort.Float64sAreSorted(acc), "ascending: %v", acc)

	// Chosen columns are in the URL and every link keeps them.
	p = get(t, h, base+"?"+q("col", "metrics.f1", "col", "params.model", "per", "5"))
	has(t, p.body, `title="metrics.f1"`)
	has(t, p.body, `title="params.model"`)
	hasNot(t, p.body, `title="metrics.loss"`)
	has(t, p.body, `<input type="checkbox" name="col" value="metrics.f1" checked>`)
	has(t, p.body, `<input type="checkbox" name="col" value="metrics.loss">`)
	assert.Len(t, runsOf(p.body), 5)
	next := relLink(p.body, "next")
	require.NotEmpty(t, next)
	assert.Contains(t, next, "col=metrics.f1")
	for _, s := range hrefs(p.body, "sort") {
		assert.Contains(t, s, "col=params.model")
	}

	// Paging through: 5, 5, 2, and back.
	var all []string
	all = append(all, runsOf(p.body)...)
	p = get(t, h, next)
	all = append(all, runsOf(p.body)...)
	p = get(t, h, relLink(p.body, "next"))
	all = append(all, runsOf(p.body)...)
	assert.Len(t, runsOf(p.body), 2)
	assert.Empty(t, relLink(p.body, "next"), "the last page")
	has(t, p.body, "11–12")
	slices.Sort(all)
	assert.Len(t, slices.Compact(all), 12, "every run once")
	prev := relLink(p.body, "prev")
	assert.Contains(t, prev, "offset=5")

	// Deleted runs on demand.
	require.NoError(t, f.store.DeleteRun(context.Background(), f.runs["lr-d4-lr0.05"]))
	defer func() { require.NoError(t, f.store.RestoreRun(context.Background(), f.runs["lr-d4-lr0.05"])) }()
	assert.Len(t, runsOf(get(t, h, base).body), 11)
	p = get(t, h, base+"?view=deleted")
	assert.Equal(t, []string{f.runs["lr-d4-lr0.05"]}, runsOf(p.body))
	has(t, p.body, `<span class="badge st-bad">deleted</span>`)
}

// sortLink is the sort link of the column labelled label.
func sortLink(t *testing.T, body, label string) string {
	t.Helper()
	m := regexp.MustCompile(`<a class="sort" href="([^"]*)">` + regexp.QuoteMeta(label) + `</a>`).FindStringSubmatch(body)
	require.NotNil(t, m, "no sort link for %s", label)
	return unescape(m[1])
}

func accuracies(t *testing.T, f *fixture, ids []string) []float64 {
	t.Helper()
	var out []float64
	for _, id := range ids {
		r, err := f.store.GetRun(context.Background(), id)
		require.NoError(t, err)
		out = append(out, r.Metrics["accuracy"].Value)
	}
	return out
}

// counting is a store that counts runs, as the SQL store can.
type counting struct {
	tracking.Store
	calls int
}

func (c *counting) CountRuns(ctx context.Context, q tracking.RunQuery) (int, error) {
	c.calls++
	n := 0
	q.MaxResults, q.PageToken = 1000, ""
	for {
		runs, next, err := c.Store.SearchRuns(ctx, q)
		if err != nil {
			return 0, err
		}
		n += len(runs)
		if next == "" {
			return n, nil
		}
		q.PageToken = next
	}
}

func TestRunsTotalWithACounter(t *testing.T) {
	f := sharedFixture(t)
	c := &counting{Store: f.store}
	h := newUI(t, c, ui.Options{PageSize: 5})
	p := get(t, h, "/experiments/"+f.churn+"?"+q("filter", "params.model != 'lr'", "sort", "metrics.f1"))
	// The page does not wait for the count: the browser asks for it.
	has(t, p.body, `runs 1–5<span class="total" data-count="/experiments/`+f.churn+`/count?filter=params.model&#43;%21%3D&#43;%27lr%27"></span>`)
	assert.Zero(t, c.calls)
	d := get(t, h, "/experiments/"+f.churn+"/count?"+q("filter", "params.model != 'lr'"))
	assert.Equal(t, http.StatusOK, d.code)
	assert.JSONEq(t, `{"count": 8, "text": "8"}`, d.body)
	assert.Equal(t, 1, c.calls)
	// The last page knows its total.
	p = get(t, h, "/experiments/"+f.churn+"?"+q("filter", "params.model != 'lr'", "offset", "5"))
	has(t, p.body, "runs 6–8 of 8")
	hasNot(t, p.body, `data-count=`)
	d = get(t, h, "/experiments/"+f.churn+"/count?"+q("filter", "params.model !="))
	assert.Equal(t, http.StatusBadRequest, d.code)
	has(t, d.body, `"error":"invalid argument: search filter`)
	assert.Equal(t, http.StatusNotFound, get(t, h, "/experiments/4242/count").code)
	p = get(t, h, "/")
	has(t, p.body, `<td class="num">24</td>`)

	// A store that cannot count: up to 1,000 runs are read.
	d = get(t, newUI(t, noCount{f.store}, ui.Options{}), "/experiments/"+f.churn+"/count")
	assert.JSONEq(t, `{"count": 12, "text": "12"}`, d.body)
}

// noCount hides a store's CountRuns, as a tracking server's client has
// none.
type noCount struct{ tracking.Store }

func TestRunPage(t *testing.T) {
	f := sharedFixture(t)
	h := newUI(t, f.store, ui.Options{})
	id := f.runs["gbm-d8-lr0.2"]
	p := get(t, h, "/runs/"+id)
	require.Equal(t, http.StatusOK, p.code)
	for _, want := range []string{
		"<h1>gbm-d8-lr0.2</h1>",
		`<a href="/experiments/` + f.churn + `">churn-model</a>`,
		`<tr><th scope="row">learning_rate</th><td>0.2</td></tr>`,
		`<tr><th scope="row">stage</th><td>dev</td></tr>`,
		`aria-label="history of loss"`, `aria-label="history of val_accuracy"`,
		`<th scope="row">accuracy</th>`,
		"one point", // accuracy has a single point: no chart
		`<summary class="muted">MLflow's tags`,
		"No artifacts.",
	} {
		has(t, p.body, want)
	}
	assert.Equal(t, 2, strings.Count(p.body, `<script type="application/json" data-chart=`))
	has(t, p.body, `<script src="/static/echarts.min.js?v=`)

	// A weather run opens its report, sandboxed.
	w := f.runs["weather 2014-07"]
	p = get(t, h, "/runs/"+w)
	has(t, p.body, `<iframe class="report" src="/files/`+w+`/telltale.html" sandbox="allow-scripts"`)
	has(t, p.body, `<a href="/runs/`+w+`?artifact=telltale.json#artifacts">telltale.json</a>`)
	has(t, p.body, `<th scope="row">share_of_drifted_columns</th>`)
	// Its JSON profile, pretty.
	p = get(t, h, "/runs/"+w+"?artifact=telltale.json")
	has(t, p.body, `<pre class="file" tabindex="0">{`+"\n"+`  &#34;schema&#34;: &#34;telltale.profile/v1&#34;,`)
	hasNot(t, p.body, "<iframe")

	p = get(t, h, "/runs/"+strings.Repeat("0", 32))
	assert.Equal(t, http.StatusNotFound, p.code)
	p = get(t, h, "/runs/not-a-run")
	assert.Contains(t, []int{http.StatusBadRequest, http.StatusNotFound}, p.code)
}

func TestArtifactsOfEveryKind(t *testing.T) {
	f := newFixtureSmall(t)
	_, evil, _ := f.addHostile(t)
	h := newUI(t, f.store, ui.Options{})
	run := "/runs/" + evil
	p := get(t, h, run)
	has(t, p.body, `📁 <a href="/runs/`+evil+`?path=plots#artifacts">plots/</a>`)
	hasNot(t, p.body, "<iframe", "evil.html is not the report: nothing opens by itself")

	p = get(t, h, run+"?artifact=evil.html")
	has(t, p.body, `<iframe class="report" src="/files/`+evil+`/evil.html" sandbox="allow-scripts"`)
	p = get(t, h, run+"?path=plots")
	has(t, p.body, `<a href="/runs/`+evil+`?artifact=plots%2Fdot.png#artifacts">dot.png</a>`)
	has(t, p.body, `↑ ..`)
	p = get(t, h, run+"?artifact=plots/dot.png")
	has(t, p.body, `<img class="artifact" src="/files/`+evil+`/plots/dot.png" alt="plots/dot.png">`)
	p = get(t, h, run+"?artifact=profile/a.json")
	has(t, p.body, "&#34;name&#34;: &#34;\\&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;&#34;,\n  &#34;values&#34;: [\n    1,")
	p = get(t, h, run+"?artifact=notes.txt")
	has(t, p.body, "<pre class=\"file\" tabindex=\"0\">&lt;/script&gt;&lt;svg onload=alert(4)&gt;\nsecond line\n</pre>")
	p = get(t, h, run+"?artifact=model.bin")
	has(t, p.body, `<a class="button" href="/files/`+evil+`/model.bin?download=1" download>Download model.bin</a>`)
	p = get(t, h, run+"?"+q("artifact", "../../../etc/passwd"))
	assert.Equal(t, http.StatusOK, p.code, "a bad path is said in the artifact browser")
	has(t, p.body, `<p class="field-error" role="alert">`)
	hasNot(t, p.body, "root:")

	// The files themselves.
	p = get(t, h, "/files/"+evil+"/evil.html")
	assert.Equal(t, http.StatusOK, p.code)
	assert.Equal(t, "text/html; charset=utf-8", p.hdr.Get("Content-Type"))
	csp := p.hdr.Get("Content-Security-Policy")
	assert.True(t, strings.HasPrefix(csp, "sandbox allow-scripts;"), csp)
	assert.Contains(t, csp, "default-src 'none'")
	assert.NotContains(t, csp, "allow-same-origin")
	assert.Empty(t, p.hdr.Get("Content-Disposition"))
	p = get(t, h, "/files/"+evil+"/evil.html?download=1")
	assert.Equal(t, `attachment; filename=evil.html`, p.hdr.Get("Content-Disposition"))
	p = get(t, h, "/files/"+evil+"/model.bin")
	assert.Equal(t, "application/octet-stream", p.hdr.Get("Content-Type"))
	assert.Equal(t, `attachment; filename=model.bin`, p.hdr.Get("Content-Disposition"))
	assert.Equal(t, "\x00\x01\x02\x03\xff", p.body)
	p = get(t, h, "/files/"+evil+"/plots/dot.png")
	assert.Equal(t, "image/png", p.hdr.Get("Content-Type"))
	for _, bad := range []string{"/files/" + evil + "/nope.txt", "/files/" + evil + "/%2e%2e/%2e%2e/meta.yaml", "/files/" + evil + "/..%2f..%2fmeta.yaml"} {
		p = get(t, h, bad)
		assert.Contains(t, []int{http.StatusBadRequest, http.StatusNotFound}, p.code, bad)
		hasNot(t, p.body, "run_id", bad)
	}
}

func TestComparePage(t *testing.T) {
	f := sharedFixture(t)
	h := newUI(t, f.store, ui.Options{})
	a, b := f.runs["rf-d4-lr0.05"], f.runs["gbm-d4-lr0.05"]
	p := get(t, h, "/compare?"+q("run", a, "run", b))
	require.Equal(t, http.StatusOK, p.code)
	has(t, p.body, "<h1>Compare 2 runs</h1>")
	has(t, p.body, `<tr class="differs"><th scope="row" class="key">model</th><td title="rf">rf</td><td title="gbm">gbm</td></tr>`)
	has(t, p.body, `<tr><th scope="row" class="key">max_depth</th><td title="4">4</td><td title="4">4</td></tr>`)
	has(t, p.body, `<a href="/experiments/`+f.churn+`">churn-model</a>`) // one experiment: in the crumbs
	has(t, p.body, `aria-label="loss over the runs"`)
	has(t, p.body, `aria-label="val_accuracy over the runs"`)
	has(t, p.body, `aria-label="parallel coordinates of the runs&#39; params and accuracy"`)
	has(t, p.body, `<option value="roc_auc">roc_auc</option>`)

	p = get(t, h, "/compare?"+q("run", a, "run", b, "diff", "1", "metric", "f1"))
	hasNot(t, p.body, `class="key">max_depth</th>`)
	has(t, p.body, `class="key">model</th>`)
	has(t, p.body, "params and f1")

	for _, bad := range []string{"/compare?" + q("run", a), "/compare", "/compare?" + q("run", a, "run", a)} {
		p = get(t, h, bad)
		assert.Equal(t, http.StatusBadRequest, p.code, bad)
		has(t, p.body, "Compare takes 2 to 10 runs")
	}
	has(t, get(t, h, "/compare?"+q("run", a)).body, "; 1 was chosen.")
	var many []string
	for _, id := range f.runs {
		many = append(many, "run", id)
	}
	p = get(t, h, "/compare?"+q(many...))
	assert.Equal(t, http.StatusBadRequest, p.code)
	has(t, p.body, "; "+strconv.Itoa(len(f.runs))+" were chosen.")
	p = get(t, h, "/compare?"+q("run", a, "run", strings.Repeat("a", 32)))
	assert.Equal(t, http.StatusNotFound, p.code)
}

func TestNotFoundAndStatic(t *testing.T) {
	f := sharedFixture(t)
	h := newUI(t, f.store, ui.Options{})
	p := get(t, h, "/no/such/page")
	assert.Equal(t, http.StatusNotFound, p.code)
	has(t, p.body, "There is no page at /no/such/page.")
	p = get(t, h, "/experiments/4242")
	assert.Equal(t, http.StatusNotFound, p.code)
	p = get(t, h, "/experiments/4242/dashboard")
	assert.Equal(t, http.StatusNotFound, p.code)

	home := get(t, h, "/")
	m := regexp.MustCompile(`<link rel="stylesheet" href="(/static/ui.css\?v=[0-9a-f]+)">`).FindStringSubmatch(home.body)
	require.NotNil(t, m)
	p = get(t, h, m[1])
	assert.Equal(t, "public, max-age=31536000, immutable", p.hdr.Get("Cache-Control"))
	assert.Equal(t, "text/css; charset=utf-8", p.hdr.Get("Content-Type"))
	req, _ := http.NewRequest(http.MethodGet, m[1], nil)
	req.Header.Set("If-None-Match", p.hdr.Get("ETag"))
	assert.Equal(t, http.StatusNotModified, do(t, h, req).code)
	p = get(t, h, "/static/ui.css")
	assert.Equal(t, "no-cache", p.hdr.Get("Cache-Control"))
	p = get(t, h, "/static/echarts.min.js")
	assert.Greater(t, len(p.body), 1000000)
	assert.Contains(t, get(t, h, "/static/echarts-LICENSE.txt").body, "Apache License")
	assert.Equal(t, http.StatusNotFound, get(t, h, "/static/nope.js").code)
}

func TestAllowedHosts(t *testing.T) {
	f := sharedFixture(t)
	h := newUI(t, f.store, ui.Options{AllowedHosts: []string{"localhost", "127.0.0.1", "::1", "*.example.com"}})
	for host, code := range map[string]int{
		"localhost:5000": 200, "127.0.0.1:5000": 200, "[::1]:5000": 200, "ui.example.com": 200,
		"evil.com": 403, "example.com.evil.com": 403, "attacker.localhost.evil": 403,
	} {
		req, _ := http.NewRequest(http.MethodGet, "/", nil)
		req.Host = host
		assert.Equal(t, code, do(t, h, req).code, host)
	}
}

// TestHostileStringsStayText: names, params, tags and experiment names
// that are HTML never reach a page as markup.
func TestHostileStringsStayText(t *testing.T) {
	f := newFixtureSmall(t)
	exp, evil, plain := f.addHostile(t)
	h := newUI(t, f.store, ui.Options{})
	for _, target := range []string{
		"/", "/experiments/" + exp, "/experiments/" + exp + "?" + q("col", "params.query", "col", "params.link", "col", "tags.note"),
		"/experiments/" + exp + "/dashboard", "/experiments/" + exp + "/dashboard.json", "/runs/" + evil,
		"/runs/" + evil + "?artifact=notes.txt", "/compare?" + q("run", evil, "run", plain),
		"/experiments/" + exp + "?" + q("filter", evilParam),
	} {
		p := get(t, h, target)
		assert.Less(t, p.code, 500, target)
		for _, bad := range []string{"<img src=x", "<script>alert", "<svg onload", "<b>bold</b>", `href="javascript:`} {
			if strings.Contains(p.body, bad) {
				t.Errorf("%s shows %q as markup", target, bad)
			}
		}
	}
	p := get(t, h, "/runs/"+evil)
	has(t, p.body, "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>")
	has(t, p.body, "<td>&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;</td>")
	has(t, p.body, "<td>javascript:alert(3)</td>")
	p = get(t, h, "/compare?"+q("run", evil, "run", plain))
	// In chart data, the name is JSON with < escaped.
	has(t, p.body, `\u003cimg src=x onerror=alert(1)\u003e`)
}

// newFixtureSmall is a store with nothing but the Default experiment,
// for tests that write.
func newFixtureSmall(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{dir: t.TempDir() + "/mlruns", clock: &clock{}, runs: map[string]string{}}
	f.clock.set(timeOf(2016, 1, 1))
	s, err := tracking.OpenWith(f.dir, tracking.Options{Now: f.clock.now, User: "ana"})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	f.store = s
	return f
}

// elsewhere keeps a run's artifacts away from the store, as the tracking
// server's proxy does.
type elsewhere struct {
	dir tracking.ArtifactFolder
}

func (e elsewhere) ListArtifacts(_ context.Context, _, dir string) ([]tracking.ArtifactInfo, error) {
	return e.dir.List(dir)
}

func (e elsewhere) OpenArtifact(_ context.Context, _, p string) (io.ReadCloser, error) {
	return e.dir.Open(p)
}

func TestArtifactsFromElsewhere(t *testing.T) {
	f := newFixtureSmall(t)
	run, err := f.store.CreateRun(context.Background(), tracking.RunSpec{Name: "proxied"})
	require.NoError(t, err)
	dir := tracking.ArtifactFolder{Dir: t.TempDir()}
	require.NoError(t, dir.Write("telltale.html", strings.NewReader("<p>the proxied report</p>")))
	h := newUI(t, f.store, ui.Options{Artifacts: elsewhere{dir}})
	p := get(t, h, "/runs/"+run.Info.RunID)
	has(t, p.body, `<iframe class="report" src="/files/`+run.Info.RunID+`/telltale.html"`)
	p = get(t, h, "/files/"+run.Info.RunID+"/telltale.html")
	assert.Equal(t, "<p>the proxied report</p>", p.body)
	p = get(t, newUI(t, f.store, ui.Options{}), "/runs/"+run.Info.RunID)
	has(t, p.body, "No artifacts.")
}

// The file store counts runs.
var _ tracking.RunCounter = (*tracking.FileStore)(nil)

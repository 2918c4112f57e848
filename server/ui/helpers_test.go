package ui_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/server/ui"
	"github.com/telltale-ml/telltale/tracking"
)

// shared is the fixture the handler tests read (they do not write it):
// built once, by the first test that asks.
var shared struct {
	once sync.Once
	f    *fixture
	err  string
}

// TestMain removes the shared fixture's folder at the end.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "telltale-ui-")
	if err != nil {
		panic(err)
	}
	shared.err = dir // the folder, until the fixture is built
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// sharedFixture returns the read-only fixture.
func sharedFixture(t *testing.T) *fixture {
	t.Helper()
	shared.once.Do(func() {
		shared.f = newFixture(&onceTB{T: t, dir: shared.err})
	})
	if shared.f == nil {
		t.Fatal("the shared fixture could not be built (see the first test's log)")
	}
	return shared.f
}

// onceTB is the testing.TB of the shared fixture: its temporary folders
// outlive the test that builds it.
type onceTB struct {
	*testing.T
	dir string
}

func (o *onceTB) TempDir() string {
	d, err := os.MkdirTemp(o.dir, "f")
	if err != nil {
		o.T.Fatal(err)
	}
	return d
}

func (o *onceTB) Cleanup(func()) {} // the store stays open until the process ends

// page is an answer of the UI.
type page struct {
	code int
	body string
	hdr  http.Header
}

func get(t *testing.T, h http.Handler, target string) page {
	t.Helper()
	return do(t, h, httptest.NewRequest(http.MethodGet, target, nil))
}

func do(t *testing.T, h http.Handler, req *http.Request) page {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	b, err := io.ReadAll(rec.Result().Body)
	require.NoError(t, err)
	return page{code: rec.Code, body: string(b), hdr: rec.Result().Header}
}

func newUI(t *testing.T, s tracking.Store, opts ui.Options) *ui.Handler {
	t.Helper()
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	h, err := ui.New(s, opts)
	require.NoError(t, err)
	return h
}

// runsOf returns the run ids of the runs table's rows, in order.
func runsOf(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<tr data-run="([0-9a-f]+)">`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// hrefs returns the links of elements whose class is class.
func hrefs(body, class string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<a class="`+regexp.QuoteMeta(class)+`" href="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		out = append(out, unescape(m[1]))
	}
	return out
}

// relLink finds the href of the link with rel.
func relLink(body, rel string) string {
	m := regexp.MustCompile(`<a href="([^"]*)" rel="` + rel + `"`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return unescape(m[1])
}

func unescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'").Replace(s)
}

func q(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v.Encode()
}

func timeOf(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// has checks that body contains each of wants, naming the missing ones
// without printing the whole page.
func has(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("the page does not contain %q", w)
		}
	}
}

// hasNot checks that body contains none of bads.
func hasNot(t *testing.T, body string, bads ...string) {
	t.Helper()
	for _, b := range bads {
		if i := strings.Index(body, b); i >= 0 {
			t.Errorf("the page contains %q: …%s…", b, body[max(0, i-80):min(len(body), i+len(b)+80)])
		}
	}
}

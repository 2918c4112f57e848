package ui_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/telltale-ml/telltale/server/ui"
)

// FuzzPages sends arbitrary paths and queries to every page of the UI
// over a small store: never a panic, never a 5xx, and what the request
// carried never comes back as markup.
func FuzzPages(f *testing.F) {
	fx, exp := monitoringStore(f, 4)
	_, evil, plain := fx.addHostile(f)
	h, err := ui.New(fx.store, ui.Options{Location: time.UTC})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"/experiments/" + exp + "?filter=metrics.rows+%3E+1000&sort=metrics.rows&dir=asc&col=params.x&per=2&offset=1",
		"/experiments/" + exp + "?filter=params.%60a%60+LIKE+%27%25%3Cscript%3E%27&sort=params.%60a%60",
		"/experiments/" + exp + "?sort=attributes.bogus&view=all&per=-1&offset=99999999999999999999",
		"/experiments/" + exp + "/dashboard?filter=tags.x+%3D+%27%3Cb%3E%27&last=5000",
		"/experiments/" + exp + "/dashboard.json?filter=metrics.x+%3E",
		"/experiments/" + exp + "/count?filter=metrics.rows+%3E+1000&view=all",
		"/runs/" + evil + "?artifact=..%2F..%2Fmeta.yaml&path=%2Fetc",
		"/runs/" + evil + "?path=plots&artifact=evil.html",
		"/compare?run=" + evil + "&run=" + plain + "&metric=%3Cimg%3E&diff=1",
		"/files/" + evil + "/profile/a.json?download=%3Cx%3E",
		"/?q=%3Csvg+onload%3Dalert(1)%3E&offset=7",
		"/static/ui.js?v=%22%3E",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		u, err := url.Parse(target)
		// A request line's target starts with "/" as sent ("%2F" decodes
		// to "/" but net/http refuses it before any handler).
		if err != nil || !strings.HasPrefix(u.EscapedPath(), "/") || u.Host != "" || u.Scheme != "" {
			return
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL = u
		req.RequestURI = u.RequestURI()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s: %d\n%s", target, rec.Code, rec.Body.String())
		}
		if strings.HasPrefix(u.Path, "/files/") || strings.HasPrefix(u.Path, "/static/") {
			return // files and assets are served as they are, sandboxed
		}
		body := rec.Body.String()
		// The same page without the query: markup of the page's own is not
		// an echo of the request.
		bare := httptest.NewRecorder()
		h.ServeHTTP(bare, httptest.NewRequest(http.MethodGet, u.EscapedPath(), nil))
		for _, v := range u.Query() {
			for _, s := range v {
				if strings.Contains(s, "<") && len(s) >= 4 && strings.Contains(body, s) && !strings.Contains(bare.Body.String(), s) {
					t.Fatalf("%s: the page holds %q unescaped", target, s)
				}
			}
		}
	})
}

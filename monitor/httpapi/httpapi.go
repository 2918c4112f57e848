// Package httpapi serves monitors over HTTP: the ingest endpoint, the last
// report as HTML and as the JSON profile, health and readiness, and the
// Prometheus metrics. "telltale serve" is this API on a listener; a Go
// service can mount it on its own mux.
//
//	POST /v1/datasets/{name}/rows       rows: JSON lines, a JSON array or CSV (by Content-Type), gzip or not
//	POST /v1/datasets/{name}/recompute  recompute now; answers the run's summary
//	GET  /v1/datasets                   the datasets and their counts
//	GET  /v1/datasets/{name}/snapshot   the last report's JSON profile
//	GET  /datasets/{name}/report        the last report as the HTML page of "telltale report"
//	GET  /healthz, /readyz              alive; references loaded
//	GET  /metrics                       Prometheus metrics
//	GET  /                              a page linking the datasets' reports
//
// Errors are JSON: {"error": message, "kind", "row", "line", "column"}
// (the last three when the error is about a place in the body). With a
// token, the POST endpoints need "Authorization: Bearer TOKEN".
package httpapi

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/telltale-ml/telltale/monitor"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/render/jsonprofile"
)

// DefaultMaxBody is the default limit of a body of rows, after
// decompression: 32 MiB.
const DefaultMaxBody = 32 << 20

// Options configure the API. The zero value serves without a token, with
// DefaultMaxBody, and without /metrics.
type Options struct {
	// Token, when set, is required as a bearer token by the POST
	// endpoints (ingest and recompute).
	Token string
	// MaxBody limits a body of rows in bytes, after decompression; zero
	// means DefaultMaxBody.
	MaxBody int64
	// Gatherer, when set, is served at /metrics.
	Gatherer prometheus.Gatherer
	// Logger receives a record of each rejected batch and each failed
	// request; nil discards them.
	Logger *slog.Logger
}

// API is the HTTP API over a set of monitors. It is safe for concurrent
// use.
type API struct {
	opts     Options
	log      *slog.Logger
	mux      *http.ServeMux
	ready    atomic.Bool
	mu       sync.RWMutex
	monitors map[string]*monitor.Monitor

	pages     sync.Map // dataset name -> *page: the last HTML report, rendered once
	indexTmpl *template.Template
}

// page is a rendered HTML report of one result.
type page struct {
	result *monitor.Result
	body   []byte
}

// New returns an API serving no dataset yet: /readyz answers 503 until
// SetMonitors.
func New(opts Options) *API {
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	a := &API{opts: opts, log: opts.Logger, mux: http.NewServeMux(), monitors: map[string]*monitor.Monitor{}, indexTmpl: parseIndex()}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	a.mux.HandleFunc("POST /v1/datasets/{name}/rows", a.authed(a.ingest))
	a.mux.HandleFunc("POST /v1/datasets/{name}/recompute", a.authed(a.recompute))
	a.mux.HandleFunc("GET /v1/datasets", a.list)
	a.mux.HandleFunc("GET /v1/datasets/{name}/snapshot", a.snapshot)
	a.mux.HandleFunc("GET /datasets/{name}/report", a.report)
	a.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	a.mux.HandleFunc("GET /readyz", a.readyz)
	if opts.Gatherer != nil {
		a.mux.Handle("GET /metrics", promhttp.HandlerFor(opts.Gatherer, promhttp.HandlerOpts{ErrorLog: slogPrinter{a.log}}))
	}
	a.mux.HandleFunc("GET /{$}", a.index)
	a.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("no such endpoint: %s %s", r.Method, r.URL.Path))
	})
	return a
}

// SetMonitors sets the monitors to serve, by name, and makes the API
// ready.
func (a *API) SetMonitors(ms ...*monitor.Monitor) {
	a.mu.Lock()
	a.monitors = map[string]*monitor.Monitor{}
	for _, m := range ms {
		a.monitors[m.Name()] = m
	}
	a.mu.Unlock()
	a.ready.Store(true)
}

// ServeHTTP implements http.Handler.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

func (a *API) monitor(w http.ResponseWriter, r *http.Request) (*monitor.Monitor, bool) {
	name := r.PathValue("name")
	if !a.ready.Load() {
		writeError(w, http.StatusServiceUnavailable, "not_ready", "the references are still loading")
		return nil, false
	}
	a.mu.RLock()
	m, ok := a.monitors[name]
	a.mu.RUnlock()
	if !ok {
		writeError(w, http.StatusNotFound, "unknown_dataset", fmt.Sprintf("no dataset %q (datasets: %s)", name, strings.Join(a.names(), ", ")))
		return nil, false
	}
	return m, true
}

func (a *API) names() []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	names := make([]string, 0, len(a.monitors))
	for n := range a.monitors {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// authed requires the bearer token, when there is one.
func (a *API) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if a.opts.Token != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(a.opts.Token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="telltale"`)
				msg := "this endpoint needs the header Authorization: Bearer TOKEN"
				if ok {
					msg = "the bearer token is not the server's"
				}
				writeError(w, http.StatusUnauthorized, "unauthorized", msg)
				return
			}
		}
		h(w, r)
	}
}

func (a *API) ingest(w http.ResponseWriter, r *http.Request) {
	m, ok := a.monitor(w, r)
	if !ok {
		return
	}
	format, err := monitor.FormatOf(r.Header.Get("Content-Type"))
	if err == nil {
		body := http.MaxBytesReader(w, r.Body, a.opts.MaxBody)
		var res monitor.Ingested
		if res, err = m.IngestReader(body, format, a.opts.MaxBody); err == nil {
			writeJSON(w, http.StatusOK, res)
			return
		}
	}
	status := http.StatusBadRequest
	switch {
	case errors.Is(err, monitor.ErrTooLarge):
		status = http.StatusRequestEntityTooLarge
	case errors.Is(err, monitor.ErrFormat):
		status = http.StatusUnsupportedMediaType
	}
	a.log.Warn("rejected a batch", "dataset", m.Name(), "status", status, "error", err.Error())
	writeIngestError(w, status, err)
}

func (a *API) recompute(w http.ResponseWriter, r *http.Request) {
	m, ok := a.monitor(w, r)
	if !ok {
		return
	}
	if m.Stats().WindowRows == 0 {
		writeError(w, http.StatusConflict, "empty_window", "the window is empty: post rows first")
		return
	}
	res, err := m.Recompute(r.Context())
	if err != nil {
		writeError(w, http.StatusInternalServerError, "recompute_failed", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, summarize(res))
}

// resultSummary is what the API says of a result.
type resultSummary struct {
	Seq             int64   `json:"seq"`
	Rows            int     `json:"rows"`
	WindowAt        string  `json:"window_at"`
	DurationSeconds float64 `json:"duration_seconds"`
	Tests           any     `json:"tests"`
	MetricErrors    int     `json:"metric_errors"`
}

func summarize(res *monitor.Result) resultSummary {
	errs := 0
	for _, e := range res.Snapshot.Metrics {
		if e.Error != "" {
			errs++
		}
	}
	return resultSummary{Seq: res.Seq, Rows: res.Current.Len(), WindowAt: res.WindowAt.UTC().Format(time.RFC3339Nano),
		DurationSeconds: res.Duration.Seconds(), Tests: res.Snapshot.Summary, MetricErrors: errs}
}

// datasetInfo is one dataset in GET /v1/datasets.
type datasetInfo struct {
	Name string `json:"name"`
	monitor.Stats
	Last *resultSummary `json:"last_recomputation"`
}

func (a *API) list(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"datasets": a.datasets(), "ready": a.ready.Load()})
}

// datasets describes each dataset, by name.
func (a *API) datasets() []datasetInfo {
	out := []datasetInfo{}
	a.mu.RLock()
	defer a.mu.RUnlock()
	for _, n := range a.namesLocked() {
		m := a.monitors[n]
		info := datasetInfo{Name: n, Stats: m.Stats()}
		if res := m.Last(); res != nil {
			s := summarize(res)
			info.Last = &s
		}
		out = append(out, info)
	}
	return out
}

func (a *API) namesLocked() []string {
	names := make([]string, 0, len(a.monitors))
	for n := range a.monitors {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// last returns the monitor's last result, or answers 503 when there is
// none yet.
func (a *API) last(w http.ResponseWriter, r *http.Request) (*monitor.Monitor, *monitor.Result, bool) {
	m, ok := a.monitor(w, r)
	if !ok {
		return nil, nil, false
	}
	res := m.Last()
	if res == nil {
		w.Header().Set("Retry-After", "10")
		writeError(w, http.StatusServiceUnavailable, "no_snapshot", fmt.Sprintf("dataset %q has no report yet: it is computed once rows arrive (or POST /v1/datasets/%s/recompute)", m.Name(), m.Name()))
		return nil, nil, false
	}
	return m, res, true
}

func (a *API) snapshot(w http.ResponseWriter, r *http.Request) {
	_, res, ok := a.last(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := jsonprofile.Write(&buf, res.Snapshot); err != nil {
		writeError(w, http.StatusInternalServerError, "render_failed", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Telltale-Seq", fmt.Sprint(res.Seq))
	_, _ = w.Write(buf.Bytes())
}

func (a *API) report(w http.ResponseWriter, r *http.Request) {
	m, res, ok := a.last(w, r)
	if !ok {
		return
	}
	var body []byte
	if p, ok := a.pages.Load(m.Name()); ok && p.(*page).result == res {
		body = p.(*page).body
	} else {
		var buf bytes.Buffer
		title := fmt.Sprintf("telltale: %s, window of %d rows at %s", m.Name(), res.Current.Len(), res.WindowAt.UTC().Format(time.RFC3339))
		if err := html.Write(&buf, res.Snapshot, &html.Options{Title: title}); err != nil {
			writeError(w, http.StatusInternalServerError, "render_failed", err.Error())
			return
		}
		body = buf.Bytes()
		a.pages.Store(m.Name(), &page{result: res, body: body})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Telltale-Seq", fmt.Sprint(res.Seq))
	_, _ = w.Write(body)
}

func (a *API) readyz(w http.ResponseWriter, r *http.Request) {
	if !a.ready.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "loading"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "datasets": a.names()})
}

// writeJSON writes v as the JSON body of a response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":"encoding the response failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// apiError is the one shape of error responses.
type apiError struct {
	Error  string `json:"error"`
	Kind   string `json:"kind"`
	Row    int    `json:"row,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column string `json:"column,omitempty"`
}

func writeError(w http.ResponseWriter, status int, kind, msg string) {
	writeJSON(w, status, apiError{Error: msg, Kind: kind})
}

// writeIngestError writes a rejected batch's error with its place.
func writeIngestError(w http.ResponseWriter, status int, err error) {
	e := apiError{Error: err.Error(), Kind: "malformed"}
	var ie *monitor.IngestError
	if errors.As(err, &ie) {
		e.Row, e.Line, e.Column = ie.Row, ie.Line, ie.Column
		switch {
		case errors.Is(err, monitor.ErrValue):
			e.Kind = "invalid_value"
		case errors.Is(err, monitor.ErrTooLarge):
			e.Kind = "too_large"
		case errors.Is(err, monitor.ErrFormat):
			e.Kind = "unsupported_format"
		case errors.Is(err, monitor.ErrNoRows):
			e.Kind = "no_rows"
		}
	}
	writeJSON(w, status, e)
}

// slogPrinter adapts a slog.Logger to promhttp's error log.
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Println(v ...any) { p.log.Error("serving /metrics", "error", fmt.Sprint(v...)) }

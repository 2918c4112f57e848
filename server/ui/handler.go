package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/telltale-ml/telltale/tracking"
)

// Options configures New. The zero value is valid.
type Options struct {
	// Location is the time zone of the times the pages show; nil means
	// time.Local.
	Location *time.Location
	// ReadOnly hides the dashboard editor and refuses its POST (403).
	ReadOnly bool
	// Logger receives the errors of the store that pages could not show
	// in full (the page says "the store failed" and the request's path);
	// nil logs nothing.
	Logger *slog.Logger
	// PageSize is the runs table's default number of rows; 0 means 100.
	PageSize int
	// Refresh is how often an open dashboard asks for new runs; 0 means
	// 30 seconds, a negative value never.
	Refresh time.Duration
	// AllowedHosts, when not empty, are the host names (the Host header
	// without its port) the UI answers; "*.example.com" allows the
	// subdomains of example.com. Others get 403, which stops DNS
	// rebinding: a page of another site whose name points at 127.0.0.1
	// cannot read a UI listening there. Empty allows any host (the
	// tracking server checks hosts itself when it mounts the UI).
	AllowedHosts []string
	// Artifacts, when not nil, lists and opens the runs' artifact files
	// instead of the store: "telltale server" passes its artifact proxy,
	// which holds the files of mlflow-artifacts: locations that the store
	// cannot read itself.
	Artifacts Artifacts
}

// Artifacts lists and opens the artifact files of runs, as
// tracking.Store does (which implements it).
type Artifacts interface {
	// ListArtifacts lists the files and folders directly under dir ("" for
	// the top) among a run's artifacts.
	ListArtifacts(ctx context.Context, runID, dir string) ([]tracking.ArtifactInfo, error)
	// OpenArtifact opens an artifact file of a run.
	OpenArtifact(ctx context.Context, runID, path string) (io.ReadCloser, error)
}

// Handler is the web UI over one tracking store. It is an http.Handler,
// safe for concurrent use; mount it at "/".
type Handler struct {
	store  tracking.Store
	files  Artifacts
	opts   Options
	pages  map[string]*template.Template
	static map[string]staticFile
	mux    *http.ServeMux
	csrf   *http.CrossOriginProtection
}

// New returns the UI over store. It parses its templates and loads its
// assets once, here.
func New(store tracking.Store, opts Options) (*Handler, error) {
	if store == nil {
		return nil, errors.New("ui: no store")
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 100
	}
	if opts.Refresh == 0 {
		opts.Refresh = 30 * time.Second
	}
	h := &Handler{store: store, files: opts.Artifacts, opts: opts, csrf: http.NewCrossOriginProtection()}
	if h.files == nil {
		h.files = store
	}
	var err error
	if h.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if h.pages, err = parsePages(h.funcs()); err != nil {
		return nil, err
	}
	h.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, r, http.StatusForbidden, "This form was sent from another site; open the page here and send it again.")
	}))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", h.experimentsPage)
	mux.HandleFunc("GET /experiments/{id}", h.runsPage)
	mux.HandleFunc("GET /experiments/{id}/count", h.countPage)
	mux.HandleFunc("GET /experiments/{id}/dashboard", h.dashboardPage)
	mux.HandleFunc("POST /experiments/{id}/dashboard", h.saveDashboard)
	mux.HandleFunc("GET /experiments/{id}/dashboard.json", h.dashboardData)
	mux.HandleFunc("GET /runs/{id}", h.runPage)
	mux.HandleFunc("GET /compare", h.comparePage)
	mux.HandleFunc("GET /files/{run}/{path...}", h.serveArtifact)
	mux.HandleFunc("GET /static/{name}", h.serveStatic)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, r, http.StatusNotFound, fmt.Sprintf("There is no page at %s.", r.URL.Path))
	})
	h.mux = mux
	return h, nil
}

// pageCSP is the Content-Security-Policy of the UI's pages: scripts and
// styles from the UI only (style attributes, which ECharts sets, aside),
// images from the UI and data: URLs, frames from the UI (the sandboxed
// artifact files), no plugin, no other connection.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"frame-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"

// ServeHTTP serves the UI's pages, artifact files and assets.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	if !hostAllowed(h.opts.AllowedHosts, r.Host) {
		http.Error(w, "ui: this host name is not allowed (--allowed-hosts)", http.StatusForbidden)
		return
	}
	h.csrf.Handler(h.mux).ServeHTTP(w, r)
}

// hostAllowed reports whether the Host header hostport names one of the
// allowed hosts.
func hostAllowed(allowed []string, hostport string) bool {
	if len(allowed) == 0 {
		return true
	}
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	for _, a := range allowed {
		a = strings.ToLower(a)
		if a == "*" || a == host {
			return true
		}
		if suffix, ok := strings.CutPrefix(a, "*."); ok && strings.HasSuffix(host, "."+suffix) {
			return true
		}
	}
	return false
}

// render executes the page template name with data into memory and
// writes it with status code, so a template error never leaves half a
// page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, code int, name string, data any) {
	var buf bytes.Buffer
	if err := h.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		h.logError(r, err)
		http.Error(w, "ui: the page could not be drawn", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Content-Security-Policy", pageCSP)
	hd.Set("X-Frame-Options", "SAMEORIGIN")
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// errorPage is the data of the error template.
type errorPage struct {
	page
	Code    int
	Message string
}

// fail answers with an error page.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, code int, msg string) {
	h.render(w, r, code, "error", &errorPage{page: h.newPage(http.StatusText(code)), Code: code, Message: msg})
}

// storeError answers a store error: 404 for what is not there, 400 for a
// bad argument (with the store's message, which names what is wrong),
// 503 when the store is unreachable, else 500 with the detail logged.
func (h *Handler) storeError(w http.ResponseWriter, r *http.Request, what string, err error) {
	switch {
	case errors.Is(err, tracking.ErrNotFound):
		h.fail(w, r, http.StatusNotFound, "Not found: "+strings.TrimPrefix(err.Error(), tracking.ErrNotFound.Error()+": "))
	case errors.Is(err, tracking.ErrInvalid):
		h.fail(w, r, http.StatusBadRequest, err.Error())
	case errors.Is(err, tracking.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		h.fail(w, r, http.StatusServiceUnavailable, fmt.Sprintf("The tracking store did not answer: %v", err))
	case errors.Is(err, context.Canceled):
		// The browser went away; nobody reads an answer.
	default:
		h.logError(r, err)
		h.fail(w, r, http.StatusInternalServerError, fmt.Sprintf("The tracking store failed while reading the %s; the server's log has the detail.", what))
	}
}

func (h *Handler) logError(r *http.Request, err error) {
	if h.opts.Logger != nil {
		h.opts.Logger.Error("ui", "path", r.URL.Path, "err", err)
	}
}

package server

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// endpoint is a route of MLflow's tracking API.
type endpoint struct {
	methods string     // accepted methods, space-separated
	perm    Permission // what the user needs under --auth-file
	fn      func(s *Server, ctx context.Context, f *fields) (any, error)
}

// apiEndpoints are the tracking API's routes, by path after
// /api/2.0/mlflow/ (mlflow/protos/service.proto). The paths are also the
// endpoint label of the server's Prometheus metrics.
func apiEndpoints() map[string]endpoint {
	return map[string]endpoint{
		"experiments/create":                {"POST", Edit, (*Server).createExperiment},
		"experiments/get":                   {"GET", Read, (*Server).getExperiment},
		"experiments/get-by-name":           {"GET", Read, (*Server).getExperimentByName},
		"experiments/search":                {"GET POST", Read, (*Server).searchExperiments},
		"experiments/update":                {"POST", Edit, (*Server).updateExperiment},
		"experiments/delete":                {"POST", Manage, (*Server).deleteExperiment},
		"experiments/restore":               {"POST", Manage, (*Server).restoreExperiment},
		"experiments/set-experiment-tag":    {"POST", Edit, (*Server).setExperimentTag},
		"experiments/delete-experiment-tag": {"POST", Edit, (*Server).deleteExperimentTag},
		"runs/create":                       {"POST", Edit, (*Server).createRun},
		"runs/update":                       {"POST", Edit, (*Server).updateRun},
		"runs/get":                          {"GET", Read, (*Server).getRun},
		"runs/search":                       {"POST", Read, (*Server).searchRuns},
		"runs/delete":                       {"POST", Manage, (*Server).deleteRun},
		"runs/restore":                      {"POST", Manage, (*Server).restoreRun},
		"runs/log-metric":                   {"POST", Edit, (*Server).logMetric},
		"runs/log-parameter":                {"POST", Edit, (*Server).logParam},
		"runs/set-tag":                      {"POST", Edit, (*Server).setTag},
		"runs/delete-tag":                   {"POST", Edit, (*Server).deleteTag},
		"runs/log-batch":                    {"POST", Edit, (*Server).logBatch},
		"runs/log-inputs":                   {"POST", Edit, (*Server).logInputs},
		"metrics/get-history":               {"GET", Read, (*Server).getMetricHistory},
		"artifacts/list":                    {"GET", Read, (*Server).listRunArtifacts},
		"logged-models/search":              {"POST", Read, (*Server).searchLoggedModels},
	}
}

// POST logged-models/search -> {}. telltale keeps no logged models (MLflow
// 3's models), so a search finds none. MLflow 3's client calls it when it
// lists or downloads a run's artifacts, and fails if it is missing.
func (s *Server) searchLoggedModels(ctx context.Context, f *fields) (any, error) {
	if _, err := f.strs("experiment_ids", true); err != nil {
		return nil, err
	}
	return struct{}{}, nil
}

// route is what a request is for: a label for metrics and logs, the
// permission it needs (0: none), the timeout of its body and work (0:
// none), and what answers it.
type route struct {
	name    string
	perm    Permission
	timeout time.Duration
	serve   http.HandlerFunc
}

func (s *Server) route(r *http.Request) route {
	p := r.URL.Path
	switch p {
	case "/health":
		return route{name: "health", serve: func(w http.ResponseWriter, r *http.Request) { plain(w, http.StatusOK, "OK") }}
	case "/version":
		return route{name: "version", perm: Read, serve: func(w http.ResponseWriter, r *http.Request) { plain(w, http.StatusOK, s.opts.Version) }}
	case "/metrics":
		return route{name: "metrics", perm: Read, serve: s.obs.handler.ServeHTTP}
	case "/get-artifact":
		return route{name: "get-artifact", perm: Read, timeout: s.opts.ArtifactTimeout, serve: s.getArtifact}
	}
	// MLflow's server answers its API under two prefixes: the REST API, and
	// the same handlers for its web UI.
	for _, pre := range [...]string{"/api/2.0", "/ajax-api/2.0"} {
		rest, ok := strings.CutPrefix(p, pre)
		if !ok {
			continue
		}
		if name, ok := strings.CutPrefix(rest, "/mlflow/"); ok {
			return s.apiRoute(r, name)
		}
		if art, ok := strings.CutPrefix(rest, proxyPrefix); ok && (art == "" || art[0] == '/') {
			perm := Read
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				perm = Edit
			}
			return route{name: "mlflow-artifacts/artifacts", perm: perm, timeout: s.opts.ArtifactTimeout,
				serve: func(w http.ResponseWriter, r *http.Request) { s.serveProxy(w, r, art) }}
		}
	}
	if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/ajax-api/") {
		return route{name: "not_implemented", perm: Read, serve: notImplemented}
	}
	if s.opts.UI != nil {
		perm := Read
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			perm = Edit
		}
		return route{name: "ui", perm: perm, serve: s.opts.UI.ServeHTTP}
	}
	return route{name: "not_found", serve: func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &apiError{status: http.StatusNotFound, code: codeEndpointNotFound, msg: fmt.Sprintf("No page at %s.", r.URL.Path)})
	}}
}

// apiRoute is the route of a tracking API path.
func (s *Server) apiRoute(r *http.Request, name string) route {
	ep, ok := s.api[name]
	if !ok {
		return route{name: "not_implemented", perm: Read, serve: notImplemented}
	}
	if !hasWord(ep.methods, r.Method) && !(r.Method == http.MethodHead && hasWord(ep.methods, http.MethodGet)) {
		return route{name: name, perm: Read, serve: func(w http.ResponseWriter, r *http.Request) {
			writeError(w, methodNotAllowed(r, strings.ReplaceAll(ep.methods, " ", ", ")))
		}}
	}
	limit := min(s.opts.MaxBodyBytes, smallBodyBytes)
	if name == "runs/log-inputs" { // a dataset's schema and profile may be megabytes
		limit = s.opts.MaxBodyBytes
	}
	return route{name: name, perm: ep.perm, timeout: s.opts.RequestTimeout, serve: func(w http.ResponseWriter, r *http.Request) {
		buf, _ := s.bufs.Get().(*reqBuffers)
		if buf == nil {
			buf = new(reqBuffers)
		}
		f, err := readFields(w, r, limit, buf)
		var v any
		if err == nil {
			v, err = ep.fn(s, r.Context(), f)
		}
		if err != nil {
			writeError(w, err)
		} else {
			writeJSON(w, v)
		}
		if buf.reset() {
			s.bufs.Put(buf)
		}
	}}
}

// smallBodyBytes bounds the body of every API request but log-inputs:
// the largest legitimate one is a log-batch, which MLflow holds to 1 MB.
const smallBodyBytes = 2 << 20

func hasWord(list, w string) bool {
	for _, x := range strings.Fields(list) {
		if x == w {
			return true
		}
	}
	return false
}

// notImplemented answers the MLflow routes telltale does not serve (the
// model registry, traces, logged models, prompts, gateway, ...) with
// MLflow's error shape and NOT_IMPLEMENTED (501), which MLflow's client
// reports and does not retry.
func notImplemented(w http.ResponseWriter, r *http.Request) {
	writeError(w, &apiError{status: http.StatusNotImplemented, code: codeNotImplemented, msg: fmt.Sprintf(
		"telltale's server does not implement %s %s: it serves MLflow's tracking API (experiments, runs, metrics, params, tags, "+
			"dataset inputs, artifacts), not the model registry, traces, logged models or MLflow's other services.", r.Method, r.URL.Path)})
}

// ServeHTTP answers one request: it finds the route, checks the user
// when the server has users, runs the route with its deadline, and
// records the request in the metrics and the access log.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rt := s.route(r)
	sw := &statusWriter{ResponseWriter: w}
	user := ""
	s.obs.inFlight.Inc()
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic in handler", "endpoint", rt.name, "path", r.URL.Path, "panic", fmt.Sprint(v))
			if !sw.wrote {
				writeError(sw, &apiError{status: http.StatusInternalServerError, code: codeInternalError, msg: "internal error"})
			}
		}
		s.obs.inFlight.Dec()
		s.observe(r, rt.name, user, sw, time.Since(start))
	}()
	if !s.hostAllowed(r.Host) {
		plain(sw, http.StatusForbidden, "Invalid Host header: "+r.Host+" is not one of the server's allowed hosts (telltale server --allowed-hosts)")
		return
	}
	if s.cors(sw, r) {
		return
	}
	if rt.perm != 0 && s.users != nil {
		var ok bool
		if user, ok = s.authorize(sw, r, rt.perm); !ok {
			return
		}
	}
	if rt.timeout > 0 {
		rc := http.NewResponseController(sw)
		rc.SetReadDeadline(start.Add(rt.timeout))
		rc.SetWriteDeadline(start.Add(rt.timeout))
		ctx, cancel := context.WithTimeout(r.Context(), rt.timeout)
		defer cancel()
		r = r.WithContext(ctx)
	}
	rt.serve(sw, r)
}

// hostAllowed checks the Host header against Options.AllowedHosts.
func (s *Server) hostAllowed(host string) bool {
	if len(s.opts.AllowedHosts) == 0 {
		return true
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	for _, a := range s.opts.AllowedHosts {
		a = strings.ToLower(strings.Trim(a, "[]"))
		if a == host || a == "*" || strings.HasPrefix(a, "*.") && strings.HasSuffix(host, a[1:]) {
			return true
		}
	}
	return false
}

// cors adds the CORS headers for an allowed origin and answers a
// preflight request; it returns true when it answered.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" || len(s.opts.CORSAllowedOrigins) == 0 {
		return false
	}
	allowed := false
	for _, o := range s.opts.CORSAllowedOrigins {
		if o == "*" || o == origin {
			allowed = true
			break
		}
	}
	if !allowed {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Allow-Credentials", "true")
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	return false
}

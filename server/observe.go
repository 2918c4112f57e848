package server

import (
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// observer holds the server's Prometheus metrics. Their names and labels
// are an interface users alert on (README, "Server metrics"):
//
//	telltale_server_requests_total{endpoint, method, code}       counter
//	telltale_server_request_duration_seconds{endpoint, method}   histogram
//	telltale_server_requests_in_flight                           gauge
//
// endpoint is the route (an MLflow API path such as "runs/log-batch",
// "mlflow-artifacts/artifacts", "health", "ui", "not_implemented", ...),
// never a raw URL, so its values are bounded.
type observer struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
	handler  http.Handler
}

func newObserver(reg *prometheus.Registry) (*observer, error) {
	if reg == nil {
		reg = prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	o := &observer{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "telltale_server_requests_total",
			Help: "HTTP requests answered by the tracking server, by endpoint, method and status code.",
		}, []string{"endpoint", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "telltale_server_request_duration_seconds",
			Help:    "Time from the start of a request to the end of its answer, by endpoint and method.",
			Buckets: []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30},
		}, []string{"endpoint", "method"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "telltale_server_requests_in_flight",
			Help: "Requests the tracking server is answering now.",
		}),
	}
	for _, c := range []prometheus.Collector{o.requests, o.duration, o.inFlight} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	o.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	return o, nil
}

// methodLabel bounds the method label to the methods HTTP names.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions:
		return m
	}
	return "other"
}

// codeLabel is the code label of a status: the common ones without
// formatting a number.
func codeLabel(status int) string {
	switch status {
	case http.StatusOK:
		return "200"
	case http.StatusBadRequest:
		return "400"
	case http.StatusNotFound:
		return "404"
	}
	return strconv.Itoa(status)
}

// observe records a finished request in the metrics and the access log.
// The log has no query string, header or body: no secret reaches it.
func (s *Server) observe(r *http.Request, endpoint, user string, sw *statusWriter, d time.Duration) {
	status := sw.status
	if status == 0 {
		status = http.StatusOK
	}
	m := methodLabel(r.Method)
	s.obs.requests.WithLabelValues(endpoint, m, codeLabel(status)).Inc()
	s.obs.duration.WithLabelValues(endpoint, m).Observe(d.Seconds())
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	s.log.LogAttrs(r.Context(), level, "request",
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("endpoint", endpoint),
		slog.Int("status", status),
		slog.Int64("bytes", sw.bytes),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		slog.String("user", user),
		slog.String("remote", r.RemoteAddr),
	)
}

// statusWriter records the status and size of an answer.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// WriteString writes s as Write does, without copying it to a []byte.
func (w *statusWriter) WriteString(s string) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	n, err := io.WriteString(w.ResponseWriter, s)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

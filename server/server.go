package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/telltale-ml/telltale/tracking"
)

// Defaults of Options.
const (
	DefaultMaxBodyBytes     = 16 << 20 // a log-inputs request (others: 2 MiB; log-batch MLflow's 1 MB)
	DefaultMaxArtifactBytes = 5 << 30  // one artifact upload
	DefaultRequestTimeout   = time.Minute
	DefaultArtifactTimeout  = time.Hour
	DefaultShutdownTimeout  = 15 * time.Second
)

// Options configures a Server. The zero value serves no artifacts, asks
// no password, allows no cross-origin request and logs nothing.
type Options struct {
	// ServeArtifacts turns on the artifact proxy (MLflow's
	// --serve-artifacts): the mlflow-artifacts routes, backed by
	// ArtifactsDestination.
	ServeArtifacts bool
	// ArtifactsDestination is the local folder behind the proxy (MLflow's
	// --artifacts-destination): the artifact URI mlflow-artifacts:/<p> is
	// the file <ArtifactsDestination>/<p>. "" means ./mlartifacts.
	ArtifactsDestination string
	// Users, when not nil, turns on HTTP basic authentication: every
	// route but /health needs a user of the file, with the permission the
	// route needs (Read, Edit, Manage).
	Users *Users
	// UI is mounted at "/": every request that is not for the REST API,
	// the artifact proxy, /health, /version or /metrics goes to it, after
	// authentication (GET and HEAD need Read, other methods Edit). nil
	// answers 404.
	UI http.Handler
	// CORSAllowedOrigins lists the origins (such as
	// "https://notebooks.example.com") whose browser pages may call the
	// API; "*" allows any. Empty (the default) allows none: no CORS
	// header is sent.
	CORSAllowedOrigins []string
	// AllowedHosts, when not empty, lists the host names (the Host header
	// without its port) the server answers; other requests get 403. A
	// server on loopback should allow only its loopback names: a web page
	// that rebinds its own DNS name to 127.0.0.1 could otherwise call the
	// API from the user's browser (DNS rebinding). "*.example.com" allows
	// the subdomains. Empty allows any host.
	AllowedHosts []string
	// Logger receives one structured access-log record per request
	// (method, path, endpoint, status, bytes, duration, user; never the
	// query, a header or a body) and the server's errors. nil logs
	// nothing.
	Logger *slog.Logger
	// Registry is where the server's Prometheus metrics are registered and
	// what /metrics exposes; nil means a new registry with the Go and
	// process collectors.
	Registry *prometheus.Registry
	// Limits; 0 means the Default... constant.
	MaxBodyBytes     int64         // a JSON request body (log-inputs; others at most 2 MiB)
	MaxArtifactBytes int64         // an artifact upload
	RequestTimeout   time.Duration // reading a REST request and running it
	ArtifactTimeout  time.Duration // an artifact upload or download
	ShutdownTimeout  time.Duration // draining requests at shutdown (Serve)
	// Version is what /version answers ("" means "telltale").
	Version string
}

// Server is MLflow's tracking server over a tracking.Store: the REST API
// (/api/2.0/mlflow/... and /ajax-api/2.0/mlflow/...), the artifact proxy
// (/api/2.0/mlflow-artifacts/...), /health, /version, /metrics, and a web
// UI at "/" when one is given. It is an http.Handler, safe for concurrent
// use.
type Server struct {
	store          tracking.Store
	opts           Options
	serveArtifacts bool
	dest           tracking.ArtifactFolder
	users          *Users
	api            map[string]endpoint
	obs            *observer
	log            *slog.Logger
	bufs           sync.Pool // *reqBuffers of API requests
}

// New returns a server over store. The store stays the caller's to close.
func New(store tracking.Store, opts Options) (*Server, error) {
	if store == nil {
		return nil, errors.New("server: no store")
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxArtifactBytes <= 0 {
		opts.MaxArtifactBytes = DefaultMaxArtifactBytes
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultRequestTimeout
	}
	if opts.ArtifactTimeout <= 0 {
		opts.ArtifactTimeout = DefaultArtifactTimeout
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = DefaultShutdownTimeout
	}
	if opts.Version == "" {
		opts.Version = "telltale"
	}
	s := &Server{store: store, opts: opts, serveArtifacts: opts.ServeArtifacts, users: opts.Users, log: opts.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if opts.ServeArtifacts {
		dir := opts.ArtifactsDestination
		if dir == "" {
			dir = "mlartifacts"
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, fmt.Errorf("server: artifacts destination %s: %w", dir, err)
		}
		s.dest = tracking.ArtifactFolder{Dir: abs}
	}
	s.api = apiEndpoints()
	var err error
	if s.obs, err = newObserver(opts.Registry); err != nil {
		return nil, err
	}
	return s, nil
}

// ArtifactsDestination returns the absolute folder behind the artifact
// proxy, "" when the server serves no artifacts.
func (s *Server) ArtifactsDestination() string { return s.dest.Dir }

// Serve answers requests on ln until ctx is done, then stops accepting,
// lets the requests under way finish (up to Options.ShutdownTimeout) and
// returns nil; or returns the error that stopped it.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		hs.Close()
		err = fmt.Errorf("server: requests still running after %v were cut off", s.opts.ShutdownTimeout)
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

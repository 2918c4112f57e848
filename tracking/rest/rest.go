// Package rest is a tracking.Store over MLflow's REST API: a client of a
// tracking server, telltale's ("telltale server") or MLflow's ("mlflow
// server"). tracking/backend opens it for http:// and https:// tracking
// URIs, so every telltale command works against a server as against a
// folder or a database.
//
// It makes the calls MLflow's Python client makes (experiments, runs,
// log-batch, log-inputs, metric history; mlflow/store/tracking/
// rest_store.py) and moves artifacts as that client does: through the
// server's artifact proxy for mlflow-artifacts: locations, directly for
// local ones (a folder the client shares with the server).
//
// # Credentials
//
// Options.Username and Password (HTTP basic auth) or Token (a bearer
// token), which OptionsFromEnv reads from MLFLOW_TRACKING_USERNAME,
// MLFLOW_TRACKING_PASSWORD and MLFLOW_TRACKING_TOKEN as MLflow's client
// does. They go in the Authorization header only: never in an error, a
// log or URI().
//
// # Retries
//
// A request that fails to connect or gets 408, 429, 502, 503 or 504 is
// tried again, Options.MaxRetries times, waiting BackoffFactor × 2^(n-1)
// (with jitter) in between; then the call fails with
// tracking.ErrUnavailable. Unlike MLflow's client, a 500 is not retried:
// it is an error of the server, not a passing state, and retrying it
// only delays the message for minutes.
package rest

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/telltale-ml/telltale/tracking"
)

// Defaults of Options.
const (
	DefaultMaxRetries    = 5
	DefaultBackoffFactor = 500 * time.Millisecond
	DefaultTimeout       = 120 * time.Second
)

// Options configures Open. The zero value is valid: no credentials,
// the default retries and timeout.
type Options struct {
	// Username and Password are sent with HTTP basic authentication when
	// Username is set; Token as "Authorization: Bearer" otherwise.
	Username, Password string
	Token              string
	// MaxRetries is how many times a request is tried again; 0 means
	// DefaultMaxRetries, a negative value none.
	MaxRetries int
	// BackoffFactor is the first wait between tries, doubled at each
	// retry; 0 means DefaultBackoffFactor.
	BackoffFactor time.Duration
	// Timeout bounds each request, its body included; 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// HTTPClient sends the requests; nil means a client of the package's
	// own (kept-alive connections, TLS from InsecureTLS and CACertFile).
	HTTPClient *http.Client
	// InsecureTLS skips the verification of the server's certificate
	// (MLFLOW_TRACKING_INSECURE_TLS); CACertFile is a PEM bundle of the
	// authorities to trust instead of the system's
	// (MLFLOW_TRACKING_SERVER_CERT_PATH).
	InsecureTLS bool
	CACertFile  string
	// UserAgent is sent with every request; "" means "telltale".
	UserAgent string
}

// OptionsFromEnv reads the variables MLflow's client reads (getenv is
// os.Getenv, or a map's lookup in tests): MLFLOW_TRACKING_USERNAME,
// MLFLOW_TRACKING_PASSWORD, MLFLOW_TRACKING_TOKEN,
// MLFLOW_TRACKING_INSECURE_TLS, MLFLOW_TRACKING_SERVER_CERT_PATH,
// MLFLOW_HTTP_REQUEST_MAX_RETRIES, MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR
// (seconds) and MLFLOW_HTTP_REQUEST_TIMEOUT (seconds).
func OptionsFromEnv(getenv func(string) string) (Options, error) {
	o := Options{
		Username:   getenv("MLFLOW_TRACKING_USERNAME"),
		Password:   getenv("MLFLOW_TRACKING_PASSWORD"),
		Token:      getenv("MLFLOW_TRACKING_TOKEN"),
		CACertFile: getenv("MLFLOW_TRACKING_SERVER_CERT_PATH"),
	}
	if v := getenv("MLFLOW_TRACKING_INSECURE_TLS"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return o, fmt.Errorf("%w: MLFLOW_TRACKING_INSECURE_TLS=%q: want true or false", tracking.ErrInvalid, v)
		}
		o.InsecureTLS = b
	}
	if v := getenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return o, fmt.Errorf("%w: MLFLOW_HTTP_REQUEST_MAX_RETRIES=%q: want a whole number", tracking.ErrInvalid, v)
		}
		o.MaxRetries = n
		if n == 0 {
			o.MaxRetries = -1
		}
	}
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{{"MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", &o.BackoffFactor}, {"MLFLOW_HTTP_REQUEST_TIMEOUT", &o.Timeout}} {
		if v := getenv(d.name); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 {
				return o, fmt.Errorf("%w: %s=%q: want a number of seconds", tracking.ErrInvalid, d.name, v)
			}
			*d.dst = time.Duration(f * float64(time.Second))
		}
	}
	return o, nil
}

// Store is a tracking.Store on a tracking server. It is safe for
// concurrent use.
type Store struct {
	base     *url.URL // scheme, host and path prefix, without user info
	redacted string
	opts     Options
	client   *http.Client
	own      bool // client is ours to close
}

var _ tracking.Store = (*Store)(nil)

// Open returns the store of the server at uri (http://host:port[/prefix]
// or https://...). It does not contact the server: the first call does.
// User info in the URI (http://user:password@host) is used for basic
// authentication when opts has no credentials.
func Open(uri string, opts Options) (*Store, error) {
	u, err := url.Parse(uri)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%w: tracking server URI %s: want http://host:port or https://host[/prefix]", tracking.ErrInvalid, tracking.RedactURI(uri))
	}
	if u.User != nil {
		if opts.Username == "" && opts.Token == "" {
			opts.Username = u.User.Username()
			opts.Password, _ = u.User.Password()
		}
		u.User = nil
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	if opts.MaxRetries == 0 {
		opts.MaxRetries = DefaultMaxRetries
	}
	if opts.BackoffFactor == 0 {
		opts.BackoffFactor = DefaultBackoffFactor
	}
	if opts.Timeout == 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "telltale"
	}
	s := &Store{base: u, redacted: u.String(), opts: opts, client: opts.HTTPClient}
	if s.client == nil {
		tr, err := transport(opts)
		if err != nil {
			return nil, err
		}
		s.client, s.own = &http.Client{Transport: tr}, true
	}
	return s, nil
}

// transport is the package's HTTP transport: keep-alive connections,
// enough of them for concurrent loggers, TLS as the options say.
func transport(opts Options) (*http.Transport, error) {
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	if opts.InsecureTLS || opts.CACertFile != "" {
		cfg := &tls.Config{InsecureSkipVerify: opts.InsecureTLS}
		if opts.CACertFile != "" {
			pem, err := os.ReadFile(opts.CACertFile)
			if err != nil {
				return nil, fmt.Errorf("%w: tracking server certificate authorities: %v", tracking.ErrInvalid, err)
			}
			cfg.RootCAs = x509.NewCertPool()
			if !cfg.RootCAs.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("%w: %s holds no PEM certificate", tracking.ErrInvalid, opts.CACertFile)
			}
		}
		tr.TLSClientConfig = cfg
	}
	return tr, nil
}

// URI returns the server's URI, without credentials.
func (s *Store) URI() string { return s.redacted }

// Close releases the store's idle connections.
func (s *Store) Close() error {
	if s.own {
		s.client.CloseIdleConnections()
	}
	return nil
}

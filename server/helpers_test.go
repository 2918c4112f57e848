package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/server"
	"github.com/telltale-ml/telltale/tracking"
)

// tickingClock returns a clock that starts at base and moves 1 ms at
// every reading, so that creation times differ and orders are
// deterministic.
func tickingClock(base time.Time) func() time.Time {
	var n atomic.Int64
	return func() time.Time { return base.Add(time.Duration(n.Add(1)) * time.Millisecond) }
}

// testServer is a server over a new file store whose experiments keep
// their artifacts behind the proxy (mlflow-artifacts:/), as "telltale
// server" runs by default.
type testServer struct {
	*httptest.Server
	store tracking.Store
	srv   *server.Server
	dest  string
}

func newFileStore(t testing.TB) tracking.Store {
	t.Helper()
	s, err := tracking.OpenWith(filepath.Join(t.TempDir(), "mlruns"), tracking.Options{
		ArtifactRoot: "mlflow-artifacts:/", Now: tickingClock(time.UnixMilli(1795933240000)), User: "server",
	})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

func startServer(t testing.TB, store tracking.Store, opts server.Options) *testServer {
	t.Helper()
	if opts.ArtifactsDestination == "" {
		opts.ArtifactsDestination = filepath.Join(t.TempDir(), "mlartifacts")
	}
	srv, err := server.New(store, opts)
	require.NoError(t, err)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &testServer{Server: hs, store: store, srv: srv, dest: srv.ArtifactsDestination()}
}

// do sends a request and returns the status and body.
func (ts *testServer) do(t testing.TB, method, path, contentType, body string, hdr ...string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := ts.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b), resp.Header
}

// post sends a JSON body.
func (ts *testServer) post(t testing.TB, path, body string, hdr ...string) (int, string) {
	t.Helper()
	code, b, _ := ts.do(t, http.MethodPost, "/api/2.0/mlflow/"+path, "application/json", body, hdr...)
	return code, b
}

func (ts *testServer) get(t testing.TB, path string, hdr ...string) (int, string) {
	t.Helper()
	code, b, _ := ts.do(t, http.MethodGet, "/api/2.0/mlflow/"+path, "", "", hdr...)
	return code, b
}

package rest_test

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/server"
	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/rest"
)

// flaky puts a real server behind a front that answers the first n
// requests with status, as a restarting server or a proxy would.
func flaky(t *testing.T, n int32, status int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	srv, err := server.New(fileStore(t), server.Options{})
	require.NoError(t, err)
	var seen atomic.Int32
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) <= n {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			w.Write([]byte(`{"error_code":"TEMPORARILY_UNAVAILABLE","message":"busy"}`))
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	return hs, &seen
}

func TestRetries(t *testing.T) {
	ctx := t.Context()
	fast := rest.Options{BackoffFactor: time.Millisecond}
	for _, st := range []int{429, 502, 503, 504} {
		hs, seen := flaky(t, 2, st)
		s, err := rest.Open(hs.URL, fast)
		require.NoError(t, err)
		e, err := s.GetExperiment(ctx, "0")
		require.NoError(t, err, "status %d is retried", st)
		assert.Equal(t, "Default", e.Name)
		assert.Equal(t, int32(3), seen.Load())
	}
	// A 500 is not retried.
	hs, seen := flaky(t, 1, 500)
	s, err := rest.Open(hs.URL, fast)
	require.NoError(t, err)
	_, err = s.GetExperiment(ctx, "0")
	require.Error(t, err)
	assert.Equal(t, int32(1), seen.Load())
	// Out of retries: ErrUnavailable, saying how many tries.
	hs, seen = flaky(t, 100, 503)
	s, err = rest.Open(hs.URL, rest.Options{BackoffFactor: time.Millisecond, MaxRetries: 2})
	require.NoError(t, err)
	_, err = s.GetExperiment(ctx, "0")
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.Contains(t, err.Error(), "after 3 tries")
	assert.Equal(t, int32(3), seen.Load())
	// A server that is not there.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	s, err = rest.Open("http://"+addr, rest.Options{BackoffFactor: time.Millisecond, MaxRetries: 1})
	require.NoError(t, err)
	_, err = s.GetRun(ctx, "0123456789abcdef0123456789abcdef")
	assert.ErrorIs(t, err, tracking.ErrUnavailable)
	assert.Contains(t, err.Error(), addr)
}

func TestCredentials(t *testing.T) {
	ctx := t.Context()
	// The line "htpasswd -nbB ann 'pa:ss w0rd'" printed (Debian's apache2-utils).
	users, err := server.ReadUsers(strings.NewReader("ann:$2y$05$eDG2kzfTwUxY4haNM6et1uPLHHMZrKEwZPLH3nE6LCoGbqMY13pZi:EDIT\n"))
	require.NoError(t, err)
	srv, err := server.New(fileStore(t), server.Options{Users: users})
	require.NoError(t, err)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)

	ok, err := rest.Open(hs.URL, rest.Options{Username: "ann", Password: "pa:ss w0rd"})
	require.NoError(t, err)
	_, err = ok.CreateExperiment(ctx, "e", "", nil)
	require.NoError(t, err)

	for _, o := range []rest.Options{{}, {Username: "ann", Password: "wrong-secret"}, {Token: "tok-secret"}} {
		s, err := rest.Open(hs.URL, o)
		require.NoError(t, err)
		_, err = s.GetExperiment(ctx, "0")
		require.Error(t, err)
		var re *rest.Error
		require.ErrorAs(t, err, &re)
		assert.Equal(t, http.StatusUnauthorized, re.Status)
		assert.Contains(t, err.Error(), "MLFLOW_TRACKING_")
		assert.NotContains(t, err.Error(), "secret")
	}
	// User info in the URI: used, and never shown.
	u := strings.Replace(hs.URL, "http://", "http://ann:pa%3Ass%20w0rd@", 1)
	s, err := rest.Open(u, rest.Options{})
	require.NoError(t, err)
	_, err = s.GetExperiment(ctx, "0")
	require.NoError(t, err)
	assert.NotContains(t, s.URI(), "w0rd")
	assert.NotContains(t, s.URI(), "ann")
}

func TestOptionsFromEnv(t *testing.T) {
	env := map[string]string{
		"MLFLOW_TRACKING_USERNAME": "u", "MLFLOW_TRACKING_PASSWORD": "p", "MLFLOW_TRACKING_TOKEN": "t",
		"MLFLOW_TRACKING_INSECURE_TLS": "true", "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0",
		"MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "0.25", "MLFLOW_HTTP_REQUEST_TIMEOUT": "30",
	}
	o, err := rest.OptionsFromEnv(func(k string) string { return env[k] })
	require.NoError(t, err)
	assert.Equal(t, rest.Options{Username: "u", Password: "p", Token: "t", InsecureTLS: true, MaxRetries: -1,
		BackoffFactor: 250 * time.Millisecond, Timeout: 30 * time.Second}, o)
	for k, v := range map[string]string{"MLFLOW_TRACKING_INSECURE_TLS": "maybe", "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "-2", "MLFLOW_HTTP_REQUEST_TIMEOUT": "soon"} {
		_, err := rest.OptionsFromEnv(func(key string) string {
			if key == k {
				return v
			}
			return ""
		})
		assert.ErrorIs(t, err, tracking.ErrInvalid, k)
	}
	for _, bad := range []string{"ftp://x", "http://", "http://h/x?q=1", "not a url"} {
		_, err := rest.Open(bad, rest.Options{})
		assert.ErrorIs(t, err, tracking.ErrInvalid, bad)
	}
	_, err = rest.Open("https://h", rest.Options{CACertFile: filepath.Join(t.TempDir(), "none.pem")})
	assert.ErrorIs(t, err, tracking.ErrInvalid)
}

// TestPathPrefix: a tracking URI with a path (a server behind a reverse
// proxy at /mlflow) prefixes every call, artifacts included.
func TestPathPrefix(t *testing.T) {
	ctx := t.Context()
	srv, err := server.New(fileStore(t), server.Options{ServeArtifacts: true, ArtifactsDestination: t.TempDir()})
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle("/mlflow/", http.StripPrefix("/mlflow", srv))
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	s, err := rest.Open(hs.URL+"/mlflow/", rest.Options{})
	require.NoError(t, err)
	ar, err := tracking.StartRun(ctx, s, "0", "prefixed", nil)
	require.NoError(t, err)
	require.NoError(t, ar.LogArtifactBytes(ctx, "dir/a b.txt", []byte("x")))
	list, err := s.ListArtifacts(ctx, ar.ID(), "dir")
	require.NoError(t, err)
	assert.Equal(t, []tracking.ArtifactInfo{{Path: "dir/a b.txt", Size: 1}}, list)
	_, err = rest.Open(hs.URL, rest.Options{})
	require.NoError(t, err)
	plain, _ := rest.Open(hs.URL, rest.Options{MaxRetries: -1})
	_, err = plain.GetExperiment(ctx, "0")
	var re *rest.Error
	require.True(t, errors.As(err, &re))
	assert.Contains(t, err.Error(), "path prefix")
}

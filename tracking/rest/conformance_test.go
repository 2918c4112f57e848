package rest_test

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/server"
	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/backend"
	"github.com/telltale-ml/telltale/tracking/rest"
	"github.com/telltale-ml/telltale/tracking/storetest"
)

// serve starts telltale's server over store, proxying artifacts to a
// temporary folder, and returns the HTTP store that talks to it.
func serve(t testing.TB, store tracking.Store, opts server.Options, ropts rest.Options) *rest.Store {
	t.Helper()
	opts.ServeArtifacts = true
	if opts.ArtifactsDestination == "" {
		opts.ArtifactsDestination = filepath.Join(t.TempDir(), "mlartifacts")
	}
	srv, err := server.New(store, opts)
	require.NoError(t, err)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	rs, err := rest.Open(hs.URL, ropts)
	require.NoError(t, err)
	t.Cleanup(func() { rs.Close() })
	return rs
}

// fileStore is a new file store that keeps its artifacts behind the
// server's proxy, as "telltale server" makes it.
func fileStore(t testing.TB) tracking.Store {
	t.Helper()
	s, err := tracking.OpenWith(filepath.Join(t.TempDir(), "mlruns"), tracking.Options{ArtifactRoot: "mlflow-artifacts:/"})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// TestConformanceFileStore runs the store conformance suite through the
// HTTP store, against telltale's server over a file store.
func TestConformanceFileStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) tracking.Store {
		return serve(t, fileStore(t), server.Options{}, rest.Options{})
	})
}

// TestConformanceLocalArtifacts runs the suite with the server's store
// keeping artifacts in its own folder (no proxy): the client writes them
// there directly, as MLflow's client does with a shared file system.
func TestConformanceLocalArtifacts(t *testing.T) {
	storetest.Run(t, func(t *testing.T) tracking.Store {
		s, err := tracking.Open(filepath.Join(t.TempDir(), "mlruns"))
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return serve(t, s, server.Options{}, rest.Options{})
	})
}

// TestConformanceSQLite runs the suite through the HTTP store against the
// server over SQLite, when the build has the SQL store.
func TestConformanceSQLite(t *testing.T) {
	probe, err := backend.Open(t.Context(), "sqlite:///"+filepath.Join(t.TempDir(), "probe.db"), backend.Options{})
	if err != nil {
		if strings.Contains(err.Error(), "not supported by this build") {
			t.Skip("this build has no SQLite store")
		}
		require.NoError(t, err)
	}
	probe.Close()
	storetest.Run(t, func(t *testing.T) tracking.Store {
		s, err := backend.Open(t.Context(), "sqlite:///"+filepath.Join(t.TempDir(), "mlflow.db"), backend.Options{ArtifactRoot: "mlflow-artifacts:/"})
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return serve(t, s, server.Options{}, rest.Options{})
	})
}

package server_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/server"
)

// BenchmarkMiddleware measures what the server adds around a request
// whose own work is nothing (GET /version), called in process without
// the network: routing and the metrics alone ("bare"), with the access
// log as telltale server writes it (a text or JSON line per request to a
// file, as stderr is one), and with basic authentication (a known user,
// whose password check is cached after the first bcrypt).
func BenchmarkMiddleware(b *testing.B) {
	logTo := func(b *testing.B, json bool) *slog.Logger {
		f, err := os.Create(filepath.Join(b.TempDir(), "access.log"))
		require.NoError(b, err)
		b.Cleanup(func() { f.Close() })
		if json {
			return slog.New(slog.NewJSONHandler(f, nil))
		}
		return slog.New(slog.NewTextHandler(f, nil))
	}
	for _, c := range []struct {
		name string
		opts func(b *testing.B) server.Options
	}{
		{"bare", func(b *testing.B) server.Options { return server.Options{} }},
		{"log-text", func(b *testing.B) server.Options { return server.Options{Logger: logTo(b, false)} }},
		{"log-json", func(b *testing.B) server.Options { return server.Options{Logger: logTo(b, true)} }},
		{"auth", func(b *testing.B) server.Options { return server.Options{Users: usersFile(b)} }},
	} {
		b.Run(c.name, func(b *testing.B) {
			srv, err := server.New(newFileStore(b), c.opts(b))
			require.NoError(b, err)
			req := httptest.NewRequest(http.MethodGet, "/version", nil)
			req.SetBasicAuth("reader", "reader-pw")
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

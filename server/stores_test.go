package server_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/backend"
)

// storeKind opens a new, empty store of one kind whose experiments keep
// their artifacts behind the server's proxy, as "telltale server" opens
// its store.
type storeKind struct {
	name string
	open func(t testing.TB) tracking.Store
}

// storeKinds are the stores this build has: the file store, and SQLite
// when the build has the SQL store. The server runs over each alike.
func storeKinds(t testing.TB) []storeKind {
	kinds := []storeKind{{"file", newFileStore}}
	probe := filepath.Join(t.TempDir(), "probe.db")
	s, err := backend.Open(t.Context(), "sqlite:///"+probe, backend.Options{ArtifactRoot: "mlflow-artifacts:/"})
	if err == nil {
		s.Close()
		kinds = append(kinds, storeKind{"sqlite", func(t testing.TB) tracking.Store {
			t.Helper()
			s, err := backend.Open(t.Context(), "sqlite:///"+filepath.Join(t.TempDir(), "mlflow.db"), backend.Options{
				ArtifactRoot: "mlflow-artifacts:/", Now: tickingClock(time.UnixMilli(1795933240000)), User: "server",
			})
			require.NoError(t, err)
			t.Cleanup(func() { s.Close() })
			return s
		}})
	} else if errors.Is(err, tracking.ErrInvalid) && strings.Contains(err.Error(), "not supported by this build") {
		if os.Getenv("CI") == "true" {
			t.Logf("this build has no SQLite store: the server's tests run over the file store only")
		}
	} else {
		require.NoError(t, err, "opening a SQLite store")
	}
	return kinds
}

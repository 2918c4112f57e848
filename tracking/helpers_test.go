package tracking_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// copyFixture copies testdata/<name> into a temporary directory and
// returns the copy's path, so tests may change it.
func copyFixture(t testing.TB, name string) string {
	t.Helper()
	src := filepath.Join("testdata", name)
	dst := filepath.Join(t.TempDir(), filepath.Base(name))
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		if d.Name() == ".gitkeep" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
	require.NoError(t, err)
	return dst
}

// clock is a fake clock that moves on by one millisecond at each reading.
type clock struct{ ms int64 }

func (c *clock) now() time.Time { c.ms++; return time.UnixMilli(c.ms) }

// zeroRand is a source of random bytes that gives a fixed sequence.
type countingRand struct{ n byte }

func (r *countingRand) Read(p []byte) (int, error) {
	for i := range p {
		r.n++
		p[i] = r.n
	}
	return len(p), nil
}

// newStore opens a new store in a temporary directory.
func newStore(t testing.TB) *tracking.FileStore {
	t.Helper()
	s, err := tracking.Open(filepath.Join(t.TempDir(), "mlruns"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

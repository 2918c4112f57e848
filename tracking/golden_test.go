package tracking_test

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

var update = flag.Bool("update", false, "update golden files")

// TestGoldenStore pins what telltale writes, byte for byte, with a fixed
// clock and fixed random bytes.
func TestGoldenStore(t *testing.T) {
	ctx := t.Context()
	dir := filepath.Join(t.TempDir(), "mlruns")
	c := &clock{ms: 1795634921900}
	s, err := tracking.OpenWith(dir, tracking.Options{Now: c.now, User: "root", Rand: &countingRand{}})
	require.NoError(t, err)
	defer s.Close()
	id, err := s.CreateExperiment(ctx, "demo: on", "", map[string]string{"team": "ml \"platform\""})
	require.NoError(t, err)
	err = tracking.WithRun(ctx, s, id, "", map[string]string{"stage": "nightly"}, func(r *tracking.ActiveRun) error {
		if err := r.LogParams(ctx, map[string]string{"alpha": "0.5", "model": "rf"}); err != nil {
			return err
		}
		if err := r.LogMetric(ctx, "accuracy", 0.95, 0); err != nil {
			return err
		}
		if err := r.LogMetric(ctx, "accuracy", 1, 1); err != nil {
			return err
		}
		return r.LogArtifactBytes(ctx, "reports/drift.json", []byte(`{"drift": true}`))
	})
	require.NoError(t, err)

	var b strings.Builder
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		content := string(data)
		if filepath.Base(p) == "mlflow.source.name" {
			content = "<the test binary>"
		}
		b.WriteString("== " + filepath.ToSlash(rel) + "\n" + strings.ReplaceAll(content, tracking.FileURIForTest(dir), "file:///STORE") + "\n")
		return nil
	})
	require.NoError(t, err)
	golden := filepath.Join("testdata", "golden", "store.txt")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
		require.NoError(t, os.WriteFile(golden, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), b.String())
}

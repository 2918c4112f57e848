package tracking_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// warnings collects what a store reports through Options.Warn.
type warnings struct {
	mu   sync.Mutex
	msgs []string
}

func (w *warnings) warn(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.msgs = append(w.msgs, err.Error())
}

func (w *warnings) all() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.msgs, "\n")
}

// hostileStore makes a store with one good run, and returns it, the run's
// id and its directory.
func hostileStore(t *testing.T) (*tracking.FileStore, *warnings, string, string) {
	t.Helper()
	w := &warnings{}
	dir := t.TempDir()
	s, err := tracking.OpenWith(dir, tracking.Options{Warn: w.warn})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	if strings.HasSuffix(t.Name(), "/os.Root") {
		tracking.WithoutOpenat2(s)
	}
	ctx := t.Context()
	r, err := tracking.StartRun(ctx, s, "0", "good", nil)
	require.NoError(t, err)
	require.NoError(t, r.LogParam(ctx, "model", "rf"))
	require.NoError(t, r.LogMetric(ctx, "acc", 0.9, 0))
	return s, w, r.ID(), filepath.Join(dir, "0", r.ID())
}

// A symbolic link in params/, tags/ or metrics/ is followed only inside
// the store (os.Root's rule): never to a file outside it (whose content
// would show as a value), nor to /dev/zero (which would never end).
func TestStoreReadsSkipLinks(t *testing.T) { bothReadPaths(t, testStoreReadsSkipLinks) }

func testStoreReadsSkipLinks(t *testing.T) {
	s, w, id, dir := hostileStore(t)
	secret := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(secret, []byte("s3cr3t"), 0o600))
	require.NoError(t, os.Symlink(secret, filepath.Join(dir, "params", "leak")))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "tags", "zero")))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "metrics", "zero")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "params"), filepath.Join(dir, "params", "loop")))
	require.NoError(t, os.Symlink("model", filepath.Join(dir, "params", "alias")))

	done := make(chan struct{})
	var r *tracking.Run
	var err error
	go func() {
		defer close(done)
		r, err = s.GetRun(context.Background(), id)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("GetRun did not return: it followed a link to /dev/zero")
	}
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"model": "rf", "alias": "rf"}, r.Params, "a link inside the store reads as its file")
	assert.NotContains(t, r.Tags, "zero")
	assert.Equal(t, []string{"acc"}, keysOf(r.Metrics))
	assert.Contains(t, w.all(), "leak")

	runs, _, err := s.SearchRuns(context.Background(), tracking.RunQuery{Filter: "params.alias = 'rf'"})
	require.NoError(t, err)
	assert.Equal(t, []string{id}, runIDs(runs))
	for _, f := range []string{"params.leak = 's3cr3t'", "tags.zero = ''", "metrics.zero > 0"} {
		runs, _, err := s.SearchRuns(t.Context(), tracking.RunQuery{Filter: f})
		require.NoError(t, err, f)
		assert.Empty(t, runs, f)
	}
}

// Values larger than MLflow's limits allow are refused, not read whole; a
// listing skips that run with a warning, and GetRun names the file.
func TestStoreReadsBounded(t *testing.T) { bothReadPaths(t, testStoreReadsBounded) }

func testStoreReadsBounded(t *testing.T) {
	s, w, id, dir := hostileStore(t)
	ctx := t.Context()
	other, err := tracking.StartRun(ctx, s, "0", "other", nil)
	require.NoError(t, err)
	big := filepath.Join(dir, "params", "big")
	require.NoError(t, os.WriteFile(big, []byte(strings.Repeat("x", 4*6000+1)), 0o644))

	_, err = s.GetRun(ctx, id)
	assert.ErrorIs(t, err, tracking.ErrCorrupt)
	assert.ErrorContains(t, err, big)

	runs, _, err := s.SearchRuns(ctx, tracking.RunQuery{})
	require.NoError(t, err)
	assert.Equal(t, []string{other.ID()}, runIDs(runs))
	assert.Contains(t, w.all(), big)

	// A metric file with an endless line: an error, not the whole file in
	// memory.
	require.NoError(t, os.Remove(big))
	line := filepath.Join(dir, "metrics", "line")
	require.NoError(t, os.WriteFile(line, []byte(strings.Repeat("1", 1<<20)), 0o644))
	_, err = s.GetRun(ctx, id)
	assert.ErrorIs(t, err, tracking.ErrCorrupt)
	_, err = s.GetMetricHistory(ctx, id, "line")
	assert.ErrorIs(t, err, tracking.ErrCorrupt)
}

// One malformed meta.yaml does not break listings: MLflow warns and skips
// the entry, and so does telltale; reading that run or experiment fails
// with ErrCorrupt naming the file.
func TestMalformedMetaSkipped(t *testing.T) { bothReadPaths(t, testMalformedMetaSkipped) }

func testMalformedMetaSkipped(t *testing.T) {
	s, w, id, dir := hostileStore(t)
	ctx := t.Context()
	other, err := tracking.StartRun(ctx, s, "0", "other", nil)
	require.NoError(t, err)
	meta := filepath.Join(dir, "meta.yaml")
	require.NoError(t, os.WriteFile(meta, []byte("status: FINISHED\n"), 0o644))

	runs, _, err := s.SearchRuns(ctx, tracking.RunQuery{})
	require.NoError(t, err)
	assert.Equal(t, []string{other.ID()}, runIDs(runs))
	assert.Contains(t, w.all(), meta)
	runs, _, err = s.SearchRuns(ctx, tracking.RunQuery{Filter: "params.model = 'rf'", OrderBy: []string{"metrics.acc"}})
	require.NoError(t, err)
	assert.Empty(t, runs)
	_, err = s.GetRun(ctx, id)
	assert.ErrorIs(t, err, tracking.ErrCorrupt)

	expID, err := s.CreateExperiment(ctx, "broken", "", nil)
	require.NoError(t, err)
	_, err = s.CreateExperiment(ctx, "fine", "", nil)
	require.NoError(t, err)
	expMeta := filepath.Join(s.Dir(), expID, "meta.yaml")
	require.NoError(t, os.WriteFile(expMeta, []byte("name: [unclosed\n"), 0o644))
	exps, _, err := s.SearchExperiments(ctx, tracking.ExperimentQuery{OrderBy: []string{"name"}})
	require.NoError(t, err)
	var names []string
	for _, e := range exps {
		names = append(names, e.Name)
	}
	assert.Equal(t, []string{"Default", "fine"}, names)
	assert.Contains(t, w.all(), expMeta)
	_, err = s.GetExperiment(ctx, expID)
	assert.ErrorIs(t, err, tracking.ErrCorrupt)
	// Searching every experiment skips the broken one too.
	_, _, err = s.SearchRuns(ctx, tracking.RunQuery{})
	require.NoError(t, err)

	// A meta.yaml that is an absolute link is not followed (os.Root
	// refuses it): the run is malformed.
	require.NoError(t, os.Remove(meta))
	require.NoError(t, os.Symlink(filepath.Join(s.Dir(), "0", other.ID(), "meta.yaml"), meta))
	_, err = s.GetRun(ctx, id)
	assert.True(t, errors.Is(err, tracking.ErrCorrupt), "%v", err)
}

func keysOf[V any](m map[string]V) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	return out
}

// bothReadPaths runs a test on the store's reads with openat2 (where the
// kernel has it) and through os.Root, the path of other systems.
func bothReadPaths(t *testing.T, fn func(*testing.T)) {
	t.Run("default", fn)
	t.Run("os.Root", fn)
}

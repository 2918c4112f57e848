package atomicfile_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/atomicfile"
)

// A prepared file is invisible at its path until Commit; Abort leaves the
// path as it was and no temporary file behind.
func TestPrepareCommitAbort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.html")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o600))

	p, err := atomicfile.Prepare(path, []byte("new"), 0o644)
	require.NoError(t, err)
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "old", string(got), "not in place before Commit")
	require.NoError(t, p.Commit())
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got))
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())
	assertNoTemp(t, dir)

	p, err = atomicfile.Prepare(path, []byte("newer"), 0o644)
	require.NoError(t, err)
	p.Abort()
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got), "Abort leaves the file")
	assertNoTemp(t, dir)

	fresh := filepath.Join(dir, "fresh.json")
	p, err = atomicfile.Prepare(fresh, []byte("{}"), 0o644)
	require.NoError(t, err)
	p.Abort()
	_, err = os.Stat(fresh)
	assert.ErrorIs(t, err, os.ErrNotExist, "an aborted new file is not created")
	assertNoTemp(t, dir)
}

// Errors of Prepare name the path, and a directory is refused.
func TestPrepareErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := atomicfile.Prepare(dir, []byte("x"), 0o644)
	require.Error(t, err)
	assert.Contains(t, err.Error(), dir)
	missing := filepath.Join(dir, "no", "such", "out.json")
	_, err = atomicfile.Prepare(missing, []byte("x"), 0o644)
	require.Error(t, err)
	assert.Contains(t, err.Error(), missing)
	assert.NotContains(t, err.Error(), ".tmp-")
}

// A device is written at Commit, not at Prepare, and stays a device:
// /dev/full's ENOSPC comes from Commit, naming the path.
func TestPrepareWritesDevicesAtCommit(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	write := func(path string) {
		p, err := atomicfile.Prepare(path, []byte("x"), 0o644)
		require.NoError(t, err, "nothing is written before Commit")
		err = p.Commit()
		require.Error(t, err)
		assert.ErrorIs(t, err, syscall.ENOSPC)
		assert.Contains(t, err.Error(), path)
	}
	if !safeToWrite(t, "/dev/full", 1, 7, write) {
		return
	}
	write("/dev/full")
	requireCharDevice(t, "/dev/full")
}

package atomicfile_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/atomicfile"
)

func TestWriteReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.json")
	require.NoError(t, atomicfile.WriteBytes(path, []byte("old"), 0o644))
	require.NoError(t, atomicfile.WriteBytes(path, []byte("new"), 0o644))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got))
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())
}

func TestWriteFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	require.NoError(t, atomicfile.WriteBytes(path, []byte("old"), 0o644))
	boom := errors.New("boom")
	err := atomicfile.Write(path, 0o644, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	require.ErrorIs(t, err, boom)
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "old", string(got))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "the temporary file is removed")
}

func TestWriteMissingDir(t *testing.T) {
	err := atomicfile.WriteBytes(filepath.Join(t.TempDir(), "no", "such", "out"), nil, 0o644)
	require.Error(t, err)
}

func TestWriteThroughSymlinkKeepsLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.json")
	require.NoError(t, os.WriteFile(target, []byte("old content, longer"), 0o600))
	link := filepath.Join(dir, "link.json")
	require.NoError(t, os.Symlink("target.json", link))

	require.NoError(t, atomicfile.WriteBytes(link, []byte("new"), 0o644))
	st, err := os.Lstat(link)
	require.NoError(t, err)
	assert.Equal(t, os.ModeSymlink, st.Mode().Type(), "the link stays a link")
	got, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got), "the target is written and truncated")

	// A dangling link: the write creates its target.
	dangling := filepath.Join(dir, "dangling.json")
	require.NoError(t, os.Symlink("made.json", dangling))
	require.NoError(t, atomicfile.WriteBytes(dangling, []byte("made"), 0o644))
	got, err = os.ReadFile(filepath.Join(dir, "made.json"))
	require.NoError(t, err)
	assert.Equal(t, "made", string(got))
	assertNoTemp(t, dir)
}

// assertNoTemp checks that no temporary file was left in dir.
func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.NotContains(t, e.Name(), ".tmp-")
	}
}

// requireCharDevice checks that path is still a character device.
func requireCharDevice(t *testing.T, path string) {
	t.Helper()
	st, err := os.Lstat(path)
	require.NoError(t, err)
	require.Equal(t, os.ModeDevice|os.ModeCharDevice, st.Mode().Type(), "%s is no longer a character device", path)
}

// privateDevice makes a character device node (major, minor) in a
// temporary directory, the same device as /dev/null (1, 3) or /dev/full
// (1, 7), so that a regression that replaces its output replaces this node,
// not the machine's device. ok is false when the node cannot be made (not
// root, or a file system mounted nodev).
func privateDevice(t *testing.T, major, minor uint32) (string, bool) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "dev")
	if err := syscall.Mknod(path, syscall.S_IFCHR|0o666, int(major<<8|minor)); err != nil {
		return "", false
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return "", false
	}
	f.Close()
	return path, true
}

// safeToWrite writes through a private copy of the device (major, minor)
// first, and reports whether the real device at dev may be written by the
// test: yes when the private copy survived, or when the process could not
// replace dev anyway (not root).
func safeToWrite(t *testing.T, dev string, major, minor uint32, write func(path string)) bool {
	t.Helper()
	priv, ok := privateDevice(t, major, minor)
	if !ok {
		if os.Geteuid() == 0 {
			t.Logf("cannot make a private device node; %s is left alone", dev)
			return false
		}
		return true
	}
	write(priv)
	requireCharDevice(t, priv)
	return true
}

func TestWriteDevNullStaysADevice(t *testing.T) {
	requireCharDevice(t, os.DevNull)
	write := func(path string) {
		require.NoError(t, atomicfile.WriteBytes(path, []byte("discarded"), 0o644))
		// Through a symbolic link in a temporary directory.
		dir := t.TempDir()
		link := filepath.Join(dir, "out.html")
		require.NoError(t, os.Symlink(path, link))
		require.NoError(t, atomicfile.WriteBytes(link, []byte("<html>"), 0o644))
		st, err := os.Lstat(link)
		require.NoError(t, err)
		assert.Equal(t, os.ModeSymlink, st.Mode().Type())
		assertNoTemp(t, dir)
	}
	if !safeToWrite(t, os.DevNull, 1, 3, write) {
		return
	}
	write(os.DevNull)
	requireCharDevice(t, os.DevNull)
}

func TestWriteDevFullReportsENOSPC(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	write := func(path string) {
		err := atomicfile.WriteBytes(path, []byte("x"), 0o644)
		require.Error(t, err)
		assert.ErrorIs(t, err, syscall.ENOSPC)
		assert.Contains(t, err.Error(), path)
		assert.NotContains(t, err.Error(), ".tmp-")
		// A big write through a function, buffered: still reported.
		err = atomicfile.Write(path, 0o644, func(w io.Writer) error {
			for range 1000 {
				if _, err := io.WriteString(w, strings.Repeat("y", 1000)); err != nil {
					return err
				}
			}
			return nil
		})
		assert.ErrorIs(t, err, syscall.ENOSPC)
	}
	if !safeToWrite(t, "/dev/full", 1, 7, write) {
		return
	}
	write("/dev/full")
	requireCharDevice(t, "/dev/full")
}

func TestWriteFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "out.fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	got := make(chan string, 1)
	go func() {
		data, _ := os.ReadFile(fifo)
		got <- string(data)
	}()
	require.NoError(t, atomicfile.WriteBytes(fifo, []byte("through the pipe"), 0o644))
	select {
	case s := <-got:
		assert.Equal(t, "through the pipe", s)
	case <-time.After(10 * time.Second):
		// Release the reader, blocked on a FIFO no one wrote.
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
		t.Fatal("nothing was written through the FIFO")
	}
	st, err := os.Lstat(fifo)
	require.NoError(t, err)
	assert.Equal(t, os.ModeNamedPipe, st.Mode().Type(), "the FIFO stays a FIFO")
}

func TestWriteErrorsNameThePath(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no", "such", "out.json")
	err := atomicfile.WriteBytes(missing, nil, 0o644)
	require.Error(t, err)
	assert.Contains(t, err.Error(), missing)
	assert.NotContains(t, err.Error(), ".tmp-")

	err = atomicfile.WriteBytes(dir, []byte("x"), 0o644)
	require.Error(t, err)
	assert.Contains(t, err.Error(), dir)
	assert.Contains(t, err.Error(), "is a directory")
}

package atomicfile_test

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDevicesAsNonRoot runs the device tests again as the unprivileged
// user nobody (65534), as a user's shell runs telltale outside a
// container: it cannot create files in /dev, so a write to /dev/null
// must go through the device rather than through a temporary file beside
// it. It runs only as root (which can switch users); a non-root run of
// the package covers it directly.
func TestDevicesAsNonRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: the other tests already run as non-root")
	}
	exe, err := os.Executable()
	require.NoError(t, err)
	// A copy of the test binary that nobody can run: the build
	// directory is private to root.
	dir, err := os.MkdirTemp("", "atomicfile-nonroot-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.Chmod(dir, 0o755))
	bin := filepath.Join(dir, "atomicfile.test")
	copyFile(t, exe, bin)

	cmd := exec.Command(bin, "-test.run", "^(TestWriteDevNullStaysADevice|TestWriteDevFullReportsENOSPC|TestWriteFIFO|TestWriteThroughSymlinkKeepsLink)$", "-test.v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TMPDIR="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	require.NoError(t, os.Chmod(dir, 0o777))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "as nobody:\n%s", out)
	for _, name := range []string{"TestWriteDevNullStaysADevice", "TestWriteDevFullReportsENOSPC", "TestWriteFIFO"} {
		require.Contains(t, string(out), "--- PASS: "+name, "as nobody:\n%s", out)
	}
	require.False(t, strings.Contains(string(out), "--- SKIP"), "as nobody:\n%s", out)
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}

package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smallPair writes a small reference and current CSV into dir.
func smallPair(t *testing.T, dir string) (ref, cur string) {
	t.Helper()
	ref, cur = filepath.Join(dir, "ref.csv"), filepath.Join(dir, "cur.csv")
	var r, c strings.Builder
	r.WriteString("x,k\n")
	c.WriteString("x,k\n")
	for i := range 60 {
		r.WriteString(strings.Repeat("1", 1+i%3) + ",a\n")
		c.WriteString(strings.Repeat("2", 1+i%3) + ",b\n")
	}
	require.NoError(t, os.WriteFile(ref, []byte(r.String()), 0o644))
	require.NoError(t, os.WriteFile(cur, []byte(c.String()), 0o644))
	return ref, cur
}

// runBinary runs the built telltale and returns stdout, stderr and the
// exit code.
func runBinary(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	c := exec.Command(telltaleBinary(t), args...)
	var stdout, stderr strings.Builder
	c.Stdout, c.Stderr = &stdout, &stderr
	err := c.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return stdout.String(), stderr.String(), ee.ExitCode()
	}
	require.NoError(t, err)
	return stdout.String(), stderr.String(), 0
}

func requireCharDevice(t *testing.T, path string) {
	t.Helper()
	st, err := os.Lstat(path)
	require.NoError(t, err)
	require.Equal(t, os.ModeDevice|os.ModeCharDevice, st.Mode().Type(), "%s is no longer a character device", path)
}

// privateNull makes a device node like /dev/null in a temporary
// directory, so that a regression replaces it rather than the machine's
// /dev/null; "" when it cannot be made (not root, nodev).
func privateNull(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		return ""
	}
	if f, err := os.OpenFile(p, os.O_WRONLY, 0); err != nil {
		return ""
	} else {
		f.Close()
	}
	return p
}

// safeNull is a null device a test may write: a private node as root
// (where a regression could replace the machine's /dev/null), /dev/null
// otherwise; "" when neither is safe.
func safeNull(t *testing.T) string {
	if os.Geteuid() != 0 {
		return os.DevNull
	}
	return privateNull(t)
}

// Outputs write through devices and symbolic links and never replace them
// (issue 17.1): --html to /dev/null, to a link to /dev/null, --json to
// /dev/full (ENOSPC, exit 2), to /dev/stdout and to "-".
func TestOutputsWriteThroughDevices(t *testing.T) {
	dir := t.TempDir()
	ref, cur := smallPair(t, dir)
	data := []string{"report", "--reference", ref, "--current", cur, "--preset", "data-drift"}

	// First on a private copy of /dev/null: if outputs replaced devices,
	// this node would be the one replaced, and the test stops before the
	// machine's /dev/null is touched.
	if os.Geteuid() == 0 {
		priv := privateNull(t)
		if priv == "" {
			t.Skip("as root, and no private device node can be made: the machine's /dev/null is left alone")
		}
		_, stderr, code := runBinary(t, append(data, "--html", priv)...)
		require.Equal(t, 0, code, stderr)
		requireCharDevice(t, priv)
	}

	link := filepath.Join(dir, "report.html")
	require.NoError(t, os.Symlink(os.DevNull, link))
	for _, out := range []string{link, os.DevNull} {
		_, stderr, code := runBinary(t, append(data, "--html", out, "--json", os.DevNull)...)
		require.Equal(t, 0, code, stderr)
		requireCharDevice(t, os.DevNull)
	}
	st, err := os.Lstat(link)
	require.NoError(t, err)
	assert.Equal(t, os.ModeSymlink, st.Mode().Type(), "a linked output stays a link")

	if _, err := os.Stat("/dev/full"); err == nil {
		_, stderr, code := runBinary(t, append(data, "--json", "/dev/full")...)
		assert.Equal(t, 2, code)
		assert.Contains(t, stderr, "/dev/full")
		assert.Contains(t, stderr, "no space left on device")
		assert.NotContains(t, stderr, ".tmp-")
		requireCharDevice(t, "/dev/full")
	}

	for _, out := range []string{"-", "/dev/stdout"} {
		stdout, stderr, code := runBinary(t, append(data, "--json", out)...)
		require.Equal(t, 0, code, stderr)
		var prof map[string]any
		require.NoError(t, json.Unmarshal([]byte(stdout), &prof), "stdout is the profile alone:\n%s", stdout)
		assert.Equal(t, "telltale.profile/v1", prof["schema"])
		assert.Contains(t, stderr, "DataDrift", "the messages go to stderr")
	}
}

// A symbolic link to a regular file stays a link; its target is written.
func TestOutputThroughLinkToFile(t *testing.T) {
	dir := t.TempDir()
	ref, cur := smallPair(t, dir)
	target := filepath.Join(dir, "real.json")
	require.NoError(t, os.WriteFile(target, []byte("old"), 0o644))
	link := filepath.Join(dir, "link.json")
	require.NoError(t, os.Symlink(target, link))
	_, stderr, code := runCLI(t, "report", "--reference", ref, "--current", cur, "--preset", "data-drift", "--json", link)
	require.Equal(t, 0, code, stderr)
	st, err := os.Lstat(link)
	require.NoError(t, err)
	assert.Equal(t, os.ModeSymlink, st.Mode().Type())
	b, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Contains(t, string(b), "telltale.profile/v1")
}

// "-" writes to stdout, alone: the messages go to stderr (issue 18.11).
func TestOutputDashIsStdout(t *testing.T) {
	dir := t.TempDir()
	ref, cur := smallPair(t, dir)
	stdout, stderr, code := runCLI(t, "test", "--reference", ref, "--current", cur, "--preset", "data-drift", "--markdown", "-")
	require.Equal(t, 1, code, stderr)
	assert.True(t, strings.HasPrefix(stdout, "## "), stdout)
	assert.NotContains(t, stdout, "STATUS")
	assert.Contains(t, stderr, "STATUS")
	_, err := os.Stat("-")
	assert.True(t, errors.Is(err, os.ErrNotExist), "no file named -")
}

// Outputs are checked before any data is read (issues 17.11, 18.11): the
// current data here cannot be read, and each error is the output's.
func TestOutputsCheckedBeforeWork(t *testing.T) {
	dir := t.TempDir()
	ref, cur := smallPair(t, dir)
	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte("a,b\n1\n"), 0o644))
	config := filepath.Join(dir, "c.yaml")
	require.NoError(t, os.WriteFile(config, []byte("presets: [data-drift]\n"), 0o644))
	link := filepath.Join(dir, "link.csv")
	require.NoError(t, os.Symlink(cur, link))
	hard := filepath.Join(dir, "hard.csv")
	require.NoError(t, os.Link(ref, hard))
	aFile := filepath.Join(dir, "file.txt")
	require.NoError(t, os.WriteFile(aFile, nil, 0o644))
	missing := filepath.Join(dir, "no-such-dir")

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--current", bad, "--json", filepath.Join(missing, "p.json")}, "the directory " + missing + " does not exist"},
		{[]string{"--current", bad, "--html", filepath.Join(aFile, "r.html")}, aFile + " is not a directory"},
		{[]string{"--current", bad, "--html", dir}, "is a directory"},
		{[]string{"--current", cur, "--reference", ref, "--json", cur}, "--json " + cur + " is the same file as the current data"},
		{[]string{"--current", bad, "--config", config, "--html", config}, "is the same file as the config file"},
		{[]string{"--current", bad, "--html", filepath.Join(dir, "x"), "--json", filepath.Join(dir, "x")}, "--html " + filepath.Join(dir, "x") + " is the same file as --json"},
		{[]string{"--current", cur, "--reference", ref, "--markdown", link}, "is the same file as the current data"},
		{[]string{"--current", cur, "--reference", ref, "--junit", hard}, "is the same file as the reference"},
		{[]string{"--current", bad, "--json", "-", "--markdown", "-"}, "both write to stdout"},
		{[]string{"--current", bad, "--png", "-"}, "not to stdout"},
		{[]string{"--current", bad, "--svg", aFile}, "not a directory"},
		{[]string{"--current", bad, "--svg", filepath.Join(aFile, "pics")}, aFile + " is not a directory"},
	} {
		args := append([]string{"report", "--preset", "data-drift"}, c.args...)
		_, stderr, code := runCLI(t, args...)
		assert.Equal(t, 2, code, "%v: %s", c.args, stderr)
		assert.Contains(t, stderr, c.want, c.args)
		assert.NotContains(t, stderr, "bad.csv", "the data was not read")
	}
	b, err := os.ReadFile(cur)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "x,k\n"), "the input is intact")

	// Two outputs to a null device are fine: a device loses nothing.
	if null := safeNull(t); null != "" {
		_, stderr, code := runCLI(t, "report", "--preset", "data-drift", "--reference", ref, "--current", cur, "--json", null, "--html", null)
		assert.Equal(t, 0, code, stderr)
		requireCharDevice(t, null)
	}

	// --png DIR is created, with its parents.
	pics := filepath.Join(dir, "new", "pics")
	_, stderr, code := runCLI(t, "report", "--preset", "data-drift", "--reference", ref, "--current", cur, "--png", pics)
	assert.Equal(t, 0, code, stderr)
	_, err = os.Stat(pics)
	assert.NoError(t, err)

	// demo --out must be a directory.
	_, stderr, code = runCLI(t, "demo", "--out", aFile)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--out "+aFile+": not a directory")
}

// The outputs are prepared side by side but put in place in order (JSON,
// HTML, JUnit, Markdown): when one fails, those before it are written and
// those after it are left as they were, with no temporary file behind.
func TestFailedOutputLeavesTheLaterOnes(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	dir := t.TempDir()
	ref, cur := smallPair(t, dir)
	data := []string{"report", "--reference", ref, "--current", cur, "--preset", "data-drift"}
	out := filepath.Join(dir, "out")
	require.NoError(t, os.Mkdir(out, 0o755))
	html := filepath.Join(out, "report.html")
	require.NoError(t, os.WriteFile(html, []byte("the old page"), 0o644))
	junit := filepath.Join(out, "junit.xml")

	_, stderr, code := runBinary(t, append(data, "--json", "/dev/full", "--html", html, "--junit", junit)...)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "/dev/full")
	got, err := os.ReadFile(html)
	require.NoError(t, err)
	assert.Equal(t, "the old page", string(got), "an output after the failed one is left as it was")
	_, err = os.Stat(junit)
	assert.ErrorIs(t, err, os.ErrNotExist, "an output after the failed one is not created")
	requireCharDevice(t, "/dev/full")

	js := filepath.Join(out, "report.json")
	_, _, code = runBinary(t, append(data, "--json", js, "--html", "/dev/full", "--junit", junit)...)
	assert.Equal(t, 2, code)
	_, err = os.Stat(js)
	assert.NoError(t, err, "an output before the failed one is written")
	_, err = os.Stat(junit)
	assert.ErrorIs(t, err, os.ErrNotExist)
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	for _, e := range entries {
		assert.NotContains(t, e.Name(), ".tmp-", "no temporary file is left")
	}
}

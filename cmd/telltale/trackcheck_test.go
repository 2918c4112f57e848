package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Invalid --param keys and values, experiment and run names are refused
// before the data is read (issue 17.12): the current data here cannot be
// read, each error is the flag's, and no run (FAILED or not) is left in
// the store.
func TestTrackingFlagsCheckedBeforeWork(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte("a,b\n1\n"), 0o644))
	store := filepath.Join(dir, "mlruns")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--param", "bad key!=1"}, `--param: tracking: invalid argument: invalid param key "bad key!"`},
		{[]string{"--param", "../escape=1"}, `invalid param key "../escape"`},
		{[]string{"--param", "k=" + strings.Repeat("v", 6001)}, "exceeded length limit of 6000"},
		{[]string{"--param", "k=\xff"}, "not valid UTF-8"},
		{[]string{"--experiment", strings.Repeat("e", 501)}, "--experiment: tracking: invalid argument: experiment name"},
		{[]string{"--experiment", "   "}, "experiment name must not be empty"},
		{[]string{"--run-name", "r\xff"}, "--run-name: tracking: invalid argument"},
		{[]string{"--run-name", strings.Repeat("r", 8001)}, "exceeded length limit of 8000"},
	} {
		args := append([]string{"report", "--preset", "data-drift", "--current", bad, "--track", store}, c.args...)
		_, stderr, code := runCLI(t, args...)
		assert.Equal(t, 2, code, "%v: %s", c.args, stderr)
		assert.Contains(t, stderr, c.want, c.args)
		assert.NotContains(t, stderr, "bad.csv", "the data was not read")
	}
	_, err := os.Stat(store)
	assert.True(t, os.IsNotExist(err), "no store, and so no run, was made")

	// A valid set still logs.
	ref, cur := smallPair(t, dir)
	out, stderr, code := runCLI(t, "report", "--preset", "data-drift", "--reference", ref, "--current", cur, "--track", store,
		"--param", "model=rf", "--experiment", "ok", "--run-name", "nightly")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "logged run")
}

// The help says that a config file is trusted input (issue 17.16).
func TestHelpSaysConfigIsTrusted(t *testing.T) {
	out, _, code := runCLI(t, "test", "--help")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "A config file is trusted input")
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	assert.Contains(t, string(readme), "A config file is trusted input")
}

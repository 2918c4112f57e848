package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// Names, params and tags go to the terminal with their control characters
// escaped: an escape sequence in a run name cannot recolour the terminal,
// move the cursor or hide the rows after it.
func TestTrackingTablesEscapeControls(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mlruns")
	ctx := t.Context()
	s, err := tracking.Open(dir)
	require.NoError(t, err)
	evil := "x\x1b[2J\x1b]0;pwned\x07\r\u009b31m\u0085y\tz\nw\x7f"
	exp, err := s.CreateExperiment(ctx, "exp "+evil, "", nil)
	require.NoError(t, err)
	r, err := tracking.StartRun(ctx, s, exp, "run "+evil, map[string]string{"note": evil})
	require.NoError(t, err)
	require.NoError(t, r.LogParam(ctx, "p", evil))
	require.NoError(t, s.Close())

	want := `x\x1b[2J\x1b]0;pwned\x07\r\u009b31m\u0085y\tz\nw\x7f`
	for _, args := range [][]string{
		{"runs", "list", "--columns", "params.p,tags.note"},
		{"runs", "show", r.ID()},
		{"experiments", "list"},
	} {
		out, errOut, code := runCLI(t, append(args, "--track", dir)...)
		require.Equal(t, 0, code, errOut)
		for _, c := range out {
			if c < 0x20 && c != '\n' || c == 0x7f || c >= 0x80 && c < 0xa0 {
				t.Errorf("%v: control character %U in the output:\n%q", args, c, out)
				break
			}
		}
		assert.Contains(t, out, want, args)
	}
}

// A malformed meta.yaml skips that run or experiment with a warning; the
// listing goes on (exit 0).
func TestTrackingListingsSkipMalformed(t *testing.T) {
	store, ids := trackStore(t)
	ctx := t.Context()
	s, err := tracking.OpenWith(store, tracking.Options{MustExist: true})
	require.NoError(t, err)
	run, err := s.GetRun(ctx, ids["a"])
	require.NoError(t, err)
	expID := run.Info.ExperimentID
	broken, err := s.CreateExperiment(ctx, "broken", "", nil)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	runMeta := filepath.Join(store, expID, ids["a"], "meta.yaml")
	require.NoError(t, os.WriteFile(runMeta, []byte("status: 9\n"), 0o644))
	expMeta := filepath.Join(store, broken, "meta.yaml")
	require.NoError(t, os.WriteFile(expMeta, []byte("{{{\n"), 0o644))

	for _, args := range [][]string{{"runs", "list"}, {"runs", "search", "params.model = 'rf'"}} {
		out, errOut, code := runCLI(t, append(args, "--track", store)...)
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, errOut, "warning: skipped run "+ids["a"], args)
		assert.Contains(t, errOut, runMeta, args)
		assert.NotContains(t, out, ids["a"], args)
		assert.Contains(t, out, ids["b"], args)
	}
	out, errOut, code := runCLI(t, "experiments", "list", "--track", store)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "warning: skipped experiment "+broken)
	assert.Contains(t, out, "monitoring")
	assert.False(t, strings.Contains(out, broken))

	_, errOut, code = runCLI(t, "runs", "show", ids["a"], "--track", store)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, runMeta)
}

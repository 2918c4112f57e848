package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSkipMismatchedColumns(t *testing.T) {
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.csv")
	cur := filepath.Join(dir, "cur.csv")
	require.NoError(t, os.WriteFile(ref, []byte("a,b,only_ref\n1,x,5\n2,y,6\n3,x,7\n4,y,8\n"), 0o644))
	require.NoError(t, os.WriteFile(cur, []byte("a,b\n1,x\n2,x\n3,y\n5,y\n"), 0o644))
	args := []string{"report", "--preset", "data-drift", "--reference", ref, "--current", cur}

	_, stderr, code := runCLI(t, args...)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `column "only_ref"`)
	assert.Contains(t, stderr, "--skip-mismatched", "the error says how to go on")

	out := filepath.Join(dir, "out.json")
	stdout, stderr, code := runCLI(t, append(args, "--skip-mismatched", "--json", out)...)
	require.Equal(t, 0, code, "%s\n%s", stdout, stderr)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(b), `skipped column \"only_ref\"`, "the profile's notes say what was left out")

	// A type for a column neither file has: skipping would not help.
	_, stderr, code = runCLI(t, append(args, "--type", "nope=numerical")...)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `"nope"`)
	assert.NotContains(t, stderr, "--skip-mismatched")

	stdout, _, _ = runCLI(t, "report", "--help")
	assert.Contains(t, stdout, "--skip-mismatched")
}

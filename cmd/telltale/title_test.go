package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHTMLTitleFlag(t *testing.T) {
	dir := t.TempDir()
	ref, cur := weatherFiles(t, dir)
	page := filepath.Join(dir, "drift.html")
	stdout, stderr, code := runCLI(t, "report", "--reference", ref, "--current", cur, "--preset", "data-drift",
		"--html", page, "--title", "Nightly drift: Seattle")
	require.Equal(t, 0, code, "%s\n%s", stdout, stderr)
	b, err := os.ReadFile(page)
	require.NoError(t, err)
	assert.Contains(t, string(b), "<title>Nightly drift: Seattle</title>")
	assert.Contains(t, string(b), "(date)</td>", "the inferred datetime column gives the time range")
}

package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/demodata"
)

func TestReportWritesPictures(t *testing.T) {
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.csv")
	cur := filepath.Join(dir, "cur.csv")
	require.NoError(t, os.WriteFile(ref, demodata.Reference(), 0o644))
	require.NoError(t, os.WriteFile(cur, demodata.Current(), 0o644))
	pics := filepath.Join(dir, "pics")
	out, errOut, code := runCLI(t, "report", "--reference", ref, "--current", cur, "--preset", "data-drift",
		"--datetime", "date", "--svg", pics)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "svg images in "+pics)
	entries, err := os.ReadDir(pics)
	require.NoError(t, err)
	assert.Len(t, entries, 5, "one drift chart per tested column")
}

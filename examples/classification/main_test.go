package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunWritesTheProfileAndThePage(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, run(context.Background(), dir))
	for _, ext := range []string{".json", ".html"} {
		b, err := os.ReadFile(filepath.Join(dir, "classification-report"+ext))
		require.NoError(t, err, ext)
		assert.NotEmpty(t, b, ext)
	}
}

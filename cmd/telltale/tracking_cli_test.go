package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A filter on a bare key suggests the prefix it most likely lacks.
func TestRunsSearchSuggestsPrefix(t *testing.T) {
	store, _ := trackStore(t)
	_, errOut, code := runCLI(t, "runs", "search", "accuracy > 0.9", "--track", store)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `invalid attribute "accuracy"`)
	assert.Contains(t, errOut, "did you mean metrics.accuracy?")
	_, errOut, code = runCLI(t, "runs", "search", "model = 'rf'", "--track", store)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "did you mean params.model or tags.model?")
}

package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

func TestExperimentsDeleteRestoreRename(t *testing.T) {
	store, ids := trackStore(t)
	out, errOut, code := runCLI(t, "experiments", "rename", "monitoring", "nightly", "--track", store)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `^renamed experiment "monitoring" \(id \d+\) to "nightly"\n$`, out)

	out, errOut, code = runCLI(t, "experiments", "delete", "nightly", "--track", store)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `^deleted experiment "nightly" \(id \d+\)\n$`, out)
	out, _, _ = runCLI(t, "experiments", "list", "--track", store)
	assert.NotContains(t, out, "nightly")
	out, _, _ = runCLI(t, "runs", "list", "--track", store)
	assert.NotContains(t, out, ids["a"], "its runs are deleted too")
	out, _, _ = runCLI(t, "experiments", "list", "--all", "--track", store)
	assert.Regexp(t, `nightly\s+deleted`, out)

	_, errOut, code = runCLI(t, "experiments", "rename", "nightly", "x", "--track", store)
	assert.Equal(t, 2, code, "a deleted experiment cannot be renamed")
	assert.Contains(t, errOut, "deleted")

	out, errOut, code = runCLI(t, "experiments", "restore", "nightly", "--json", "--track", store)
	require.Equal(t, 0, code, errOut)
	var got struct {
		Restored []struct {
			ID   string `json:"experiment_id"`
			Name string `json:"name"`
		} `json:"restored"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got.Restored, 1)
	assert.Equal(t, "nightly", got.Restored[0].Name)
	out, _, _ = runCLI(t, "runs", "list", "--track", store)
	assert.Contains(t, out, ids["a"])

	for _, args := range [][]string{
		{"experiments", "delete", "Default"},
		{"experiments", "delete", "no-such"},
		{"experiments", "rename", "nightly", "Default"},
		{"experiments", "rename", "nightly"},
		{"experiments", "delete"},
	} {
		_, _, code := runCLI(t, append(args, "--track", store)...)
		assert.Equal(t, 2, code, args)
	}
}

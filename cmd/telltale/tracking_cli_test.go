package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
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

// runs show and runs history take any unique prefix of a run id.
func TestRunsShowIDPrefix(t *testing.T) {
	store, ids := trackStore(t)
	id := ids["b"]
	// The shortest prefix that no other run shares.
	n := 1
	for ; n < len(id); n++ {
		unique := true
		for name, other := range ids {
			if name != "b" && other[:n] == id[:n] {
				unique = false
			}
		}
		if unique {
			break
		}
	}
	out, errOut, code := runCLI(t, "runs", "show", id[:n], "--track", store)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, id)
	out, errOut, code = runCLI(t, "runs", "history", id[:max(n, 4)], "accuracy", "--track", store)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "0.95")

	// A deleted run is found too.
	_, errOut, code = runCLI(t, "runs", "delete", id, "--track", store)
	require.Equal(t, 0, code, errOut)
	out, errOut, code = runCLI(t, "runs", "show", id[:n], "--track", store)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `stage\s+deleted`, out)

	// The empty prefix matches every run: ambiguous, and the message
	// lists them.
	_, errOut, code = runCLI(t, "runs", "show", "", "--track", store)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "ambiguous")
	for _, x := range ids {
		assert.Contains(t, errOut, x)
	}
	_, errOut, code = runCLI(t, "runs", "show", "zzzz", "--track", store)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `no run id starts with "zzzz"`)
	_, errOut, code = runCLI(t, "runs", "show", "%", "--track", store)
	assert.Equal(t, 2, code, "LIKE wildcards are not prefixes")
	assert.NotContains(t, errOut, "ambiguous")
}

func TestRunsShowInputs(t *testing.T) {
	store, ids := trackStore(t)
	s, err := tracking.OpenWith(store, tracking.Options{MustExist: true})
	require.NoError(t, err)
	require.NoError(t, s.LogInputs(t.Context(), ids["a"], []tracking.DatasetInput{{
		Dataset: tracking.Dataset{Name: "weather", Digest: "0a1b", SourceType: "local", Source: `{"uri": "w.csv"}`},
		Tags:    map[string]string{tracking.TagDatasetContext: "reference"}}}))
	require.NoError(t, s.Close())
	out, errOut, code := runCLI(t, "runs", "show", ids["a"], "--track", store)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `input\s+weather, digest 0a1b \(reference\)\n`, out)
	assert.Equal(t, 1, strings.Count(out, "weather"))
	out, errOut, code = runCLI(t, "runs", "search", "datasets.context = 'reference'", "--track", store)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, ids["a"])
	assert.NotContains(t, out, ids["b"])
}

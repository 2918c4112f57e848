package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

func TestExperimentsCommands(t *testing.T) {
	store := filepath.Join(t.TempDir(), "mlruns")

	// Reading a store that does not exist is an error, not a new store.
	_, errOut, code := runCLI(t, "experiments", "list", "--track", store)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "no tracking store")

	out, _, code := runCLI(t, "experiments", "create", "churn", "--track", store, "--tag", "team=ml")
	require.Equal(t, 0, code)
	assert.Contains(t, out, `created experiment "churn" with id`)
	out, _, code = runCLI(t, "experiments", "create", "--json", "--track", "file://"+store, "fraud")
	require.Equal(t, 0, code)
	var created map[string]string
	require.NoError(t, json.Unmarshal([]byte(out), &created))
	assert.Equal(t, "fraud", created["name"])
	assert.Len(t, created["experiment_id"], 18)

	_, errOut, code = runCLI(t, "experiments", "create", "churn", "--track", store)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "already exists")

	out, _, code = runCLI(t, "experiments", "list", "--track", store)
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 4)
	assert.Regexp(t, `^ID\s+NAME\s+STAGE\s+CREATED \(UTC\)\s+ARTIFACT LOCATION$`, lines[0])
	// Aligned: every row has NAME at the same column.
	col := strings.Index(lines[0], "NAME")
	for _, l := range lines[1:] {
		assert.NotEqual(t, byte(' '), l[col], l)
		assert.Equal(t, byte(' '), l[col-1], l)
	}

	out, _, code = runCLI(t, "experiments", "list", "--track", store, "--filter", "name LIKE 'ch%'", "--json")
	require.Equal(t, 0, code)
	var listed struct{ Experiments []tracking.Experiment }
	require.NoError(t, json.Unmarshal([]byte(out), &listed))
	require.Len(t, listed.Experiments, 1)
	assert.Equal(t, "churn", listed.Experiments[0].Name)
	assert.Equal(t, "ml", listed.Experiments[0].Tags["team"])

	out, _, code = runCLI(t, "experiments", "show", "churn", "--track", store)
	require.Equal(t, 0, code)
	assert.Regexp(t, `(?m)^tags\.team\s+ml$`, out)
	out, _, code = runCLI(t, "experiments", "show", "0", "--track", store, "--json")
	require.Equal(t, 0, code)
	assert.Contains(t, out, `"name": "Default"`)

	_, errOut, code = runCLI(t, "experiments", "list", "--track", store, "--filter", "metrics.x > 1")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "invalid argument")
	_, _, code = runCLI(t, "experiments", "show", "nope", "--track", store)
	assert.Equal(t, 2, code)
	_, errOut, code = runCLI(t, "experiments", "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "unknown subcommand")
	_, _, code = runCLI(t, "experiments", "create", "x", "--tag", "novalue", "--track", store)
	assert.Equal(t, 2, code)

	out, _, code = runCLI(t, "experiments", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Examples:")
	out, _, code = runCLI(t, "experiments", "create", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "--artifact-location")
}

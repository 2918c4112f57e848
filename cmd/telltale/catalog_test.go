package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListOneName(t *testing.T) {
	out, stderr, code := runCLI(t, "test", "--list", "ColumnShareOfMissingValues")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "ColumnShareOfMissingValues (test)\n  Column share of missing values. MissingValuesTest is")
	assert.Contains(t, out, "  Metric: DatasetMissingValues\n")
	assert.Regexp(t, `(?m)^    column +string$`, out)
	assert.Regexp(t, `(?m)^    missing_values +list of any$`, out)
	assert.Contains(t, out, "  Conditions: gt, gte, lt, lte, eq, not_eq, in, not_in, between, relative, absolute, critical\n")

	// Evidently's class name works too; a name both kinds have shows both.
	out, _, code = runCLI(t, "test", "--list", "TestColumnDrift")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "ColumnDrift (test)")
	out, _, code = runCLI(t, "test", "--list", "ColumnDriftMetric")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "ColumnDrift (metric)")
	assert.NotContains(t, out, "(test)")
	out, _, code = runCLI(t, "test", "--list", "DataDriftTestPreset")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "data-drift (test preset)")
	assert.NotContains(t, out, "(metric preset)")
	out, _, _ = runCLI(t, "report", "--list", "data-drift")
	assert.Contains(t, out, "data-drift (metric preset)\n  DataDrift is the data-drift metric preset")
	assert.Contains(t, out, "data-drift (test preset)")
	assert.Regexp(t, `(?m)^    drift_share +number$`, out)

	out, _, _ = runCLI(t, "test", "--list", "ks")
	assert.Equal(t, "ks (stat test)\n  K-S p_value, for numerical columns: drift when the p-value is <= the threshold (default 0.05). A drift test: name it in the stattest options or --stattest.\n", out)

	_, stderr, code = runCLI(t, "test", "--list", "ColumnDirft")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `"ColumnDirft" is not a preset, test, metric, descriptor or stat test (did you mean "ColumnDrift"?)`)
}

func TestListJSON(t *testing.T) {
	for _, args := range [][]string{{"test", "--list", "--json"}, {"test", "--json", "--list"}, {"report", "--list", "--json=-"}} {
		out, stderr, code := runCLI(t, args...)
		require.Equal(t, 0, code, "%v: %s", args, stderr)
		var entries []catalogEntry
		require.NoError(t, json.Unmarshal([]byte(out), &entries), args)
		kinds := map[string]int{}
		for _, e := range entries {
			kinds[e.Kind]++
			assert.NotEmpty(t, e.Description, "%s %s has a description", e.Kind, e.Name)
		}
		assert.Equal(t, 7, kinds["metric preset"])
		assert.Equal(t, 18, kinds["descriptor"])
		assert.Equal(t, 8, kinds["test preset"])
		assert.Greater(t, kinds["test"], 50)
		assert.Greater(t, kinds["metric"], 15)
	}
	out, _, code := runCLI(t, "test", "--list", "--json", "MeanInNSigmas")
	require.Equal(t, 0, code)
	var entries []catalogEntry
	require.NoError(t, json.Unmarshal([]byte(out), &entries))
	require.Len(t, entries, 1)
	assert.Equal(t, "ColumnSummary", entries[0].Metric)
	assert.Contains(t, entries[0].Options, catalogOption{Name: "n_sigmas", Type: "number"})
}

func TestUnknownPresetSuggests(t *testing.T) {
	_, stderr, code := runCLI(t, "test", "--preset", "data-stabilty", "--current", "x.csv")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `unknown preset "data-stabilty" (did you mean "data-stability"?)`)
}

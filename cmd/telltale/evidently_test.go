package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// "telltale test --list --evidently" prints Evidently's class names with
// telltale's; a config written with Evidently's names runs, and telltale
// says once what it read.
func TestEvidentlyNames(t *testing.T) {
	stdout, stderr, code := runCLI(t, "test", "--list", "--evidently")
	require.Equal(t, 0, code, stderr)
	for _, want := range []string{"DataDriftPreset", "metrics:data-drift", "ColumnDriftMetric", "TestShareOfDriftedColumns",
		"DataStabilityTestPreset", "tests:data-stability"} {
		assert.Contains(t, stdout, want)
	}
	_, stderr, code = runCLI(t, "test", "--evidently")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--evidently goes with --list")

	dir := t.TempDir()
	weatherFiles(t, dir) // ref.csv and cur.csv, which the config names
	cfg := filepath.Join(dir, "evidently.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte(`
reference: ref.csv
current: cur.csv
mapping: {id: date}
presets: [DataDriftPreset]
metrics:
  - metric: ColumnDriftMetric
    column_name: temp_max
tests:
  - test: TestShareOfDriftedColumns
    lt: 0.9
  - test: TestColumnValueMin
    column_name: temp_max
    gte: -100
`), 0o644))
	out := filepath.Join(dir, "p.json")
	stdout, stderr, code = runCLI(t, "report", "--config", cfg, "--json", out)
	require.Contains(t, []int{0, 1}, code, "%s\n%s", stdout, stderr)
	assert.Equal(t, 1, strings.Count(stderr, "ColumnDriftMetric is Evidently's name for ColumnDrift"), stderr)
	assert.Contains(t, stderr, "note: "+cfg+": DataDriftPreset is Evidently's name for metrics:data-drift")
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"id": "ColumnDrift(column=temp_max)"`)
	assert.Contains(t, string(b), `"name": "ColumnValueMin"`)

	_, stderr, code = runCLI(t, "test", "--config", cfg, "--preset", "DataStabilityTestPreset")
	assert.Contains(t, []int{0, 1}, code, stderr)
	assert.Contains(t, stderr, "note: --preset: DataStabilityTestPreset is Evidently's name for tests:data-stability")
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDriftFlags(t *testing.T) {
	dir := t.TempDir()
	ref, cur := weatherFiles(t, dir)
	profile := func(args ...string) (params map[string]any, tests []string) {
		t.Helper()
		out := filepath.Join(dir, "p.json")
		stdout, stderr, code := runCLI(t, append([]string{"report", "--json", out}, args...)...)
		require.Equal(t, 0, code, "%s\n%s", stdout, stderr)
		var p struct {
			Metrics []struct {
				Metric string         `json:"metric"`
				Params map[string]any `json:"params"`
				Result struct {
					Columns []struct {
						StatTest string `json:"stattest"`
					} `json:"columns"`
				} `json:"result"`
			} `json:"metrics"`
		}
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &p))
		for _, m := range p.Metrics {
			if m.Metric == "DataDrift" {
				for _, c := range m.Result.Columns {
					tests = append(tests, c.StatTest)
				}
				return m.Params, tests
			}
		}
		t.Fatal("no DataDrift in the profile")
		return nil, nil
	}
	params, cols := profile("--reference", ref, "--current", cur, "--preset", "data-drift",
		"--stattest", "psi", "--stattest-threshold", "0.2", "--drift-share", "0.3", "--columns", "temp_max,wind", "--columns", "weather")
	assert.Equal(t, map[string]any{"stattest": "psi", "stattest_threshold": 0.2, "drift_share": 0.3,
		"columns": []any{"temp_max", "wind", "weather"}}, params)
	assert.Equal(t, []string{"psi", "psi", "psi"}, cols, "three columns, each tested with psi")

	// A flag overrides the config file's option; the others stay.
	cfg := filepath.Join(dir, "drift.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("reference: ref.csv\ncurrent: cur.csv\npresets:\n  - {preset: data-drift, stattest: ks, drift_share: 0.9}\n"), 0o644))
	params, _ = profile("--config", cfg, "--stattest", "wasserstein")
	assert.Equal(t, "wasserstein", params["stattest"])
	assert.Equal(t, 0.9, params["drift_share"])
}

func TestDriftFlagErrors(t *testing.T) {
	dir := t.TempDir()
	ref, cur := weatherFiles(t, dir)
	data := []string{"--reference", ref, "--current", cur}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--preset", "data-summary", "--stattest", "psi"}, "--stattest: none of the presets given has the stattest option; these do: metrics:data-drift"},
		{[]string{"--preset", "data-drift", "--stattest", "pis"}, `unknown stat test "pis" (did you mean "psi"?)`},
		{[]string{"--preset", "data-drift", "--drift-share", "1.5"}, `invalid value "1.5" for flag --drift-share: want a share in (0, 1]`},
		{[]string{"--preset", "data-drift", "--stattest-threshold=-1"}, `for flag --stattest-threshold: want a positive number`},
		// Unknown flags as typed, with the closest known one.
		{[]string{"--x"}, "unknown flag --x"},
		{[]string{"-x=3"}, "unknown flag -x"},
		{[]string{"--stattes", "psi"}, "unknown flag --stattes (did you mean --stattest?)"},
		{[]string{"--json"}, "flag needs an argument: --json"},
	} {
		_, stderr, code := runCLI(t, append(append([]string{"report"}, data...), c.args...)...)
		assert.Equal(t, 2, code, c.args)
		assert.Contains(t, stderr, c.want, c.args)
	}
}

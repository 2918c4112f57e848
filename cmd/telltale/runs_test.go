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

// trackStore makes a store with three finished runs in experiment
// "monitoring" and returns its path and the runs' ids by name.
func trackStore(t *testing.T) (string, map[string]string) {
	ctx := t.Context()
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mlruns")
	s, err := tracking.Open(dir)
	require.NoError(t, err)
	defer s.Close()
	exp, err := s.CreateExperiment(ctx, "monitoring", "", nil)
	require.NoError(t, err)
	ids := map[string]string{}
	for _, r := range []struct {
		name, model string
		drift, acc  float64
	}{{"a", "rf", 0.4, 0.91}, {"b", "rf", 0.1, 0.95}, {"c", "gbm", 0.5, 0.88}, {"d", "rf", 0.35, 0.93}} {
		err := tracking.WithRun(ctx, s, exp, r.name, nil, func(run *tracking.ActiveRun) error {
			ids[r.name] = run.ID()
			if err := run.LogParam(ctx, "model", r.model); err != nil {
				return err
			}
			if err := run.LogMetric(ctx, "accuracy", r.acc-0.1, 0); err != nil {
				return err
			}
			if err := run.LogArtifactBytes(ctx, "reports/drift.html", []byte("<html>")); err != nil {
				return err
			}
			return run.LogMetrics(ctx, map[string]float64{"share_of_drifted_columns": r.drift, "accuracy": r.acc}, 1)
		})
		require.NoError(t, err)
	}
	return dir, ids
}

func TestRunsSearch(t *testing.T) {
	store, ids := trackStore(t)
	out, errOut, code := runCLI(t, "runs", "search", "metrics.share_of_drifted_columns > 0.3 and params.model = 'rf'",
		"--order-by", "metrics.accuracy DESC", "--track", store)
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	assert.Regexp(t, `^RUN ID\s+EXPERIMENT\s+NAME\s+STATUS\s+START \(UTC\)\s+DURATION\s+metrics.share_of_drifted_columns\s+params.model\s+metrics.accuracy$`, lines[0])
	assert.Regexp(t, `^`+ids["d"]+`\s+monitoring\s+d\s+FINISHED\s.*\s0\.35\s+rf\s+0\.93$`, lines[1])
	assert.Regexp(t, `^`+ids["a"]+`\s+monitoring\s+a\s+FINISHED\s.*\s0\.4\s+rf\s+0\.91$`, lines[2])

	out, _, code = runCLI(t, "runs", "search", "--json", "params.model = 'gbm'", "--track", store, "--experiment", "monitoring")
	require.Equal(t, 0, code)
	var res struct {
		Runs          []tracking.Run `json:"runs"`
		NextPageToken string         `json:"next_page_token"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Runs, 1)
	assert.Equal(t, ids["c"], res.Runs[0].Info.RunID)
	assert.Equal(t, 0.88, res.Runs[0].Metrics["accuracy"].Value)
	assert.Equal(t, tracking.Finished, res.Runs[0].Info.Status)

	// Paging.
	out, errOut, code = runCLI(t, "runs", "list", "--max", "3", "--track", store)
	require.Equal(t, 0, code)
	assert.Len(t, strings.Split(strings.TrimSpace(out), "\n"), 4)
	assert.Contains(t, errOut, "--page-token")
	tok := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(errOut), "more runs: add --page-token"))
	out, _, code = runCLI(t, "runs", "list", "--max", "3", "--page-token", tok, "--track", store, "--columns", "params.model")
	require.Equal(t, 0, code)
	assert.Len(t, strings.Split(strings.TrimSpace(out), "\n"), 2)
	assert.Contains(t, out, "params.model")

	for _, bad := range [][]string{
		{"runs", "search", "metrics.acc > '1'"},
		{"runs", "search", "a = 'x' OR b = 'y'"},
		{"runs", "search"},
		{"runs", "search", "params.model = 'rf'", "--experiment", "nope"},
		{"runs", "list", "--max", "0"},
		{"runs", "list", "--columns", "model"},
	} {
		_, errOut, code := runCLI(t, append(bad, "--track", store)...)
		assert.Equal(t, 2, code, "%v", bad)
		assert.NotEmpty(t, errOut, "%v", bad)
	}
}

func TestRunsShowHistoryDeleteRestore(t *testing.T) {
	store, ids := trackStore(t)
	id := ids["a"]
	out, errOut, code := runCLI(t, "runs", "show", id, "--track", store)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `(?m)^params\.model\s+rf$`, out)
	assert.Regexp(t, `(?m)^metrics\.accuracy\s+0\.91 \(step 1\)$`, out)
	assert.Regexp(t, `(?m)^artifact\s+reports/drift\.html \(6 bytes\)$`, out)
	assert.Regexp(t, `(?m)^status\s+FINISHED$`, out)

	out, _, code = runCLI(t, "runs", "show", id, "--track", store, "--json")
	require.Equal(t, 0, code)
	var shown struct {
		Info      tracking.RunInfo        `json:"info"`
		Params    map[string]string       `json:"params"`
		Artifacts []tracking.ArtifactInfo `json:"artifacts"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &shown))
	assert.Equal(t, id, shown.Info.RunID)
	assert.Equal(t, "rf", shown.Params["model"])
	assert.Equal(t, "reports/drift.html", shown.Artifacts[0].Path)

	out, _, code = runCLI(t, "runs", "history", id, "accuracy", "--track", store)
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	assert.Regexp(t, `^STEP\s+VALUE\s+TIME \(UTC\)$`, lines[0])
	assert.Regexp(t, `^0\s+0\.81\s`, lines[1])
	assert.Regexp(t, `^1\s+0\.91\s`, lines[2])
	out, _, code = runCLI(t, "runs", "history", id, "accuracy", "--track", store, "--json")
	require.Equal(t, 0, code)
	assert.Contains(t, out, `"metrics"`)
	_, errOut, code = runCLI(t, "runs", "history", id, "nope", "--track", store)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `no metric "nope"`)

	out, _, code = runCLI(t, "runs", "delete", id, "--track", store)
	require.Equal(t, 0, code)
	assert.Equal(t, "deleted run "+id+"\n", out)
	out, _, _ = runCLI(t, "runs", "list", "--track", store)
	assert.NotContains(t, out, id)
	out, _, _ = runCLI(t, "runs", "list", "--deleted", "--track", store)
	assert.Contains(t, out, id)
	assert.Contains(t, out, "FINISHED (deleted)")
	out, _, code = runCLI(t, "runs", "restore", id, "--track", store, "--json")
	require.Equal(t, 0, code)
	assert.Contains(t, out, `"restored"`)
	out, _, _ = runCLI(t, "runs", "list", "--track", store)
	assert.Contains(t, out, id)

	_, errOut, code = runCLI(t, "runs", "show", "0123456789abcdef0123456789abcdef", "--track", store)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "not found")
	_, _, code = runCLI(t, "runs", "delete", "../x", "--track", store)
	assert.Equal(t, 2, code)
	out, _, code = runCLI(t, "runs", "search", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Filter grammar")
	_, _, code = runCLI(t, "runs")
	assert.Equal(t, 2, code)
}

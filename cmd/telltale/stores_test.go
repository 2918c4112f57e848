package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/dbtest"
	"github.com/telltale-ml/telltale/internal/demodata"
	"github.com/telltale-ml/telltale/tracking"
)

// TestTrackingCommandsOnEveryStore runs every tracking command against a
// file store, a SQLite file, PostgreSQL and MariaDB, and copies between
// them: each command works the same on each store.
func TestTrackingCommandsOnEveryStore(t *testing.T) {
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.csv")
	cur := filepath.Join(dir, "cur.csv")
	require.NoError(t, os.WriteFile(ref, demodata.Reference(), 0o644))
	require.NoError(t, os.WriteFile(cur, demodata.Current(), 0o644))

	stores := map[string]string{
		"file":   filepath.Join(dir, "mlruns"),
		"sqlite": "sqlite:///" + filepath.Join(dir, "mlflow.db"),
	}
	if !testing.Short() {
		stores["postgresql"] = dbtest.Postgres(t).NewDatabase(t)
		stores["mariadb"] = dbtest.MariaDB(t).NewDatabase(t)
	}
	for _, kind := range sortedNames(stores) {
		uri := stores[kind]
		t.Run(kind, func(t *testing.T) {
			trackingCommands(t, uri, filepath.Join(dir, kind+"-artifacts"), ref, cur)
		})
	}
	// Copy the file store into the SQLite database's twin and back: same
	// runs, same answers.
	copyDB := "sqlite:///" + filepath.Join(dir, "copy.db")
	out, errOut, code := runCLI(t, "tracking", "copy", "--from", stores["file"], "--to", copyDB, "--artifact-root", filepath.Join(dir, "copy-art"))
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `runs\s+2 copied, 0 already there`, out)
	assert.Regexp(t, `artifacts\s+4 copied`, out)
	out, errOut, code = runCLI(t, "tracking", "copy", "--from", stores["file"], "--to", copyDB, "--json")
	require.Equal(t, 0, code, errOut)
	var st tracking.CopyStats
	require.NoError(t, json.Unmarshal([]byte(out), &st))
	assert.Equal(t, 0, st.Runs)
	assert.Equal(t, 2, st.RunsExisted)
	a, _, _ := runCLI(t, "runs", "search", "metrics.tests_total >= 0", "--track", stores["file"], "--json")
	b, _, _ := runCLI(t, "runs", "search", "metrics.tests_total >= 0", "--track", copyDB, "--json")
	assert.Equal(t, stripVolatile(a), stripVolatile(b))

	_, errOut, code = runCLI(t, "tracking", "copy", "--from", stores["file"])
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--to")
}

// stripVolatile removes what differs between stores holding the same
// runs: artifact locations and experiment ids.
func stripVolatile(s string) string {
	s = regexp.MustCompile(`"artifact_uri": "[^"]*"`).ReplaceAllString(s, "")
	return regexp.MustCompile(`"experiment_id": "[^"]*"`).ReplaceAllString(s, "")
}

func trackingCommands(t *testing.T, uri, artRoot, ref, cur string) {
	track := []string{"--track", uri, "--artifact-root", artRoot}
	cmd := func(args ...string) string {
		t.Helper()
		out, errOut, code := runCLI(t, append(args, track...)...)
		require.Equal(t, 0, code, "%v: %s", args, errOut)
		return out
	}
	out := cmd("experiments", "create", "nightly", "--tag", "team=ml")
	assert.Contains(t, out, `created experiment "nightly"`)
	assert.NotContains(t, out, "pw-", "no password in messages")

	for i, model := range []string{"rf", "gbm"} {
		out = cmd("report", "--reference", ref, "--current", cur, "--preset", "data-drift", "--datetime", "date",
			"--experiment", "nightly", "--run-name", "run-"+model, "--param", "model="+model, "--html", filepath.Join(t.TempDir(), "r.html"))
		assert.Contains(t, out, `in experiment "nightly"`, i)
	}
	out = cmd("experiments", "list")
	assert.Contains(t, out, "nightly")
	assert.Contains(t, out, "Default")
	out = cmd("experiments", "show", "nightly", "--json")
	var e tracking.Experiment
	require.NoError(t, json.Unmarshal([]byte(out), &e))
	assert.Equal(t, "ml", e.Tags["team"])

	out = cmd("runs", "search", "params.model = 'rf'", "--experiment", "nightly", "--json")
	var res struct {
		Runs []tracking.Run `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Runs, 1)
	run := res.Runs[0]
	assert.Equal(t, "run-rf", run.Info.RunName)
	assert.Equal(t, tracking.Finished, run.Info.Status)
	assert.Contains(t, run.Metrics, "share_of_drifted_columns")

	out = cmd("runs", "list", "--order-by", "params.model", "--columns", "params.model")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	assert.Contains(t, lines[1], "gbm")
	out = cmd("runs", "show", run.Info.RunID)
	assert.Contains(t, out, "telltale.html")
	assert.Contains(t, out, "params.model")
	out = cmd("runs", "history", run.Info.RunID, "share_of_drifted_columns", "--json")
	assert.Contains(t, out, `"step": 0`)
	cmd("runs", "delete", run.Info.RunID)
	out = cmd("runs", "list", "--deleted")
	assert.Contains(t, out, run.Info.RunID)
	cmd("runs", "restore", run.Info.RunID)
	out = cmd("runs", "list")
	assert.Contains(t, out, run.Info.RunID)

	_, errOut, code := runCLI(t, append([]string{"runs", "search", "params.model = 'rf' OR 1=1"}, track...)...)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "OR is not supported")
	_, errOut, code = runCLI(t, append([]string{"runs", "history", run.Info.RunID, "nope"}, track...)...)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, errOut, "no metric")
}

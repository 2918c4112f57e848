package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

func TestServeHelp(t *testing.T) {
	out, _, code := runCLI(t, "serve", "--help")
	assert.Equal(t, 0, code)
	for _, want := range []string{"Usage: telltale serve", "--listen ADDRESS", "--token-file FILE", "--max-body SIZE",
		"--track URI", "--window-rows N", "POST /v1/datasets/NAME/rows", "GET  /metrics", "monitor:",
		"window:", "rows:", "duration:", "by:", "recompute:", "every_rows:", "every:", "track_every:", "experiment:",
		"reference:", "mapping:", "presets:", "metrics:", "tests:", "Examples:", "SIGTERM"} {
		assert.Contains(t, out, want)
	}
	out, _, _ = runCLI(t, "help")
	assert.Contains(t, out, "serve")
}

func TestServeStartupErrors(t *testing.T) {
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.csv")
	require.NoError(t, os.WriteFile(ref, []byte("a,b\n1,x\n2,y\n"), 0o644))
	monitorCfg := filepath.Join(dir, "m.yaml")
	require.NoError(t, os.WriteFile(monitorCfg, []byte("monitor:\n  datasets:\n    d:\n      reference: ref.csv\n"), 0o644))
	badCfg := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(badCfg, []byte("monitor:\n  datasets:\n    d:\n      reference: ref.csv\n      window: {rowz: 3}\n"), 0o644))
	missingRef := filepath.Join(dir, "missing.yaml")
	require.NoError(t, os.WriteFile(missingRef, []byte("monitor:\n  datasets:\n    d:\n      reference: nope.csv\n"), 0o644))
	settingsCfg := filepath.Join(dir, "settings.yaml")
	require.NoError(t, os.WriteFile(settingsCfg, []byte("monitor:\n  window: {rows: 5}\n"), 0o644))
	noRefCfg := filepath.Join(dir, "noref.yaml")
	require.NoError(t, os.WriteFile(noRefCfg, []byte("monitor:\n  datasets:\n    d:\n      window: {rows: 5}\n"), 0o644))
	emptyToken := filepath.Join(dir, "token")
	require.NoError(t, os.WriteFile(emptyToken, []byte("\n"), 0o600))

	// A port in use.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()

	cases := []struct {
		args []string
		want string
	}{
		{[]string{}, "give the reference data with --reference FILE"},
		{[]string{"--config", settingsCfg}, "give the reference data with --reference FILE"},
		{[]string{"--reference", ref, "extra"}, `unexpected argument "extra"`},
		{[]string{"--reference", ref, "--max-body", "lots"}, "want a positive size"},
		{[]string{"--reference", ref, "--window-rows", "0"}, "--window-rows 0: want a positive number"},
		{[]string{"--reference", ref, "--every", "-1s"}, "--every -1s: want a positive duration"},
		{[]string{"--reference", ref, "--log-format", "xml"}, `--log-format "xml"`},
		{[]string{"--reference", ref, "--name", "a/b"}, "--name"},
		{[]string{"--reference", ref, "--preset", "nope"}, "--preset"},
		{[]string{"--config", monitorCfg, "--name", "x"}, "names its datasets in its monitor: section"},
		{[]string{"--config", noRefCfg}, "noref.yaml:3: monitor.datasets.d: no reference"},
		{[]string{"--config", badCfg}, `bad.yaml:5: monitor.datasets.d.window: unknown key "rowz"`},
		{[]string{"--reference", ref, "--token-file", filepath.Join(dir, "none")}, "--token-file"},
		{[]string{"--reference", ref, "--token-file", emptyToken}, "want one token"},
		{[]string{"--reference", ref, "--listen", ln.Addr().String()}, "cannot listen on " + ln.Addr().String() + ": bind: address already in use"},
		{[]string{"--reference", filepath.Join(dir, "none.csv"), "--listen", "127.0.0.1:0"}, "reading the reference"},
		{[]string{"--config", missingRef, "--listen", "127.0.0.1:0"}, "missing.yaml:3: monitor.datasets.d: reading the reference"},
		{[]string{"--reference", ref, "--target", "nope", "--listen", "127.0.0.1:0"}, `"nope"`},
	}
	for _, c := range cases {
		_, errOut, code := runCLI(t, append([]string{"serve"}, c.args...)...)
		assert.Equal(t, 2, code, "%v: %s", c.args, errOut)
		assert.Contains(t, errOut, c.want, "%v", c.args)
	}
}

func TestByteSize(t *testing.T) {
	for in, want := range map[string]int64{"1048576": 1 << 20, "512KiB": 512 << 10, "32MiB": 32 << 20, "1 GiB": 1 << 30, "2MB": 2e6, "10B": 10} {
		var b byteSize
		require.NoError(t, b.Set(in), in)
		assert.Equal(t, want, int64(b), in)
	}
	for _, bad := range []string{"", "0", "-1", "1.5MiB", "MiB", "12XB", "99999999999GiB"} {
		var b byteSize
		assert.Error(t, b.Set(bad), bad)
	}
}

func writeWeatherRef(t *testing.T) (ref, cur string) {
	t.Helper()
	ref, err := filepath.Abs(filepath.Join(exampleDir, "data/weather-reference.csv"))
	require.NoError(t, err)
	cur, err = filepath.Abs(filepath.Join(exampleDir, "data/weather-current.csv"))
	require.NoError(t, err)
	return ref, cur
}

// TestServeTrackRestart: with --track, recomputations are logged as runs;
// after a restart on the same store, numbering goes on and the earlier
// runs are still there.
func TestServeTrackRestart(t *testing.T) {
	ref, cur := writeWeatherRef(t)
	current, err := os.ReadFile(cur)
	require.NoError(t, err)
	store := filepath.Join(t.TempDir(), "mlruns")
	batches := csvBatches(current, 365)
	for round, body := range batches[:2] {
		s := startServe(t, "--reference", ref, "--name", "weather", "--track", store, "--every", "1h")
		status, res := s.post(t, "/v1/datasets/weather/rows", "text/csv", body)
		require.Equal(t, http.StatusOK, status, "%v", res)
		status, res = s.post(t, "/v1/datasets/weather/recompute", "", nil)
		require.Equal(t, http.StatusOK, status, "%v", res)
		assert.Equal(t, 1.0, res["seq"], "round %d: each process counts from 1", round)
		require.NoError(t, s.shutdown(t))
		assert.Contains(t, s.stderr.String(), "logged a run")
	}
	st, err := tracking.Open(store)
	require.NoError(t, err)
	defer st.Close()
	ctx := context.Background()
	exp, err := st.GetExperimentByName(ctx, "monitor-weather")
	require.NoError(t, err)
	runs, _, err := st.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp.ID}, OrderBy: []string{"attributes.start_time ASC"}, MaxResults: 10})
	require.NoError(t, err)
	require.Len(t, runs, 2)
	for i, r := range runs {
		assert.Equal(t, fmt.Sprintf("weather #%d", i+1), r.Info.RunName)
		assert.Equal(t, fmt.Sprint(i+1), r.Tags["telltale.monitor.seq"])
		assert.Equal(t, "weather", r.Tags["telltale.dataset"])
		assert.Equal(t, "serve", r.Params["command"])
		assert.Equal(t, tracking.Finished, r.Info.Status)
		assert.Contains(t, r.Metrics, "share_of_drifted_columns")
		for _, a := range []string{"telltale.json", "telltale.html"} {
			p, err := tracking.LocalPath(r.Info.ArtifactURI)
			require.NoError(t, err)
			_, err = os.Stat(filepath.Join(p, a))
			assert.NoError(t, err, a)
		}
	}
}

// TestServeGracefulShutdown: a request in flight when SIGTERM arrives
// finishes, and its rows count; run returns nil.
func TestServeGracefulShutdown(t *testing.T) {
	ref, cur := writeWeatherRef(t)
	current, err := os.ReadFile(cur)
	require.NoError(t, err)
	s := startServe(t, "--reference", ref, "--token-file", writeToken(t, "tok3n"))
	pr, pw := io.Pipe()
	req, err := http.NewRequest("POST", s.url+"/v1/datasets/default/rows", pr)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer tok3n")
	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		done <- result{status: resp.StatusCode, body: string(b)}
	}()
	half := len(current) / 2
	_, err = pw.Write(current[:half])
	require.NoError(t, err)
	time.Sleep(100 * time.Millisecond) // the request is in the handler, reading
	stopped := make(chan error, 1)
	go func() { stopped <- s.shutdown(t) }()
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-stopped:
		t.Fatalf("serve stopped with a request in flight: %v", err)
	default:
	}
	_, err = pw.Write(current[half:])
	require.NoError(t, err)
	require.NoError(t, pw.Close())
	r := <-done
	require.NoError(t, r.err)
	assert.Equal(t, http.StatusOK, r.status, r.body)
	assert.Contains(t, r.body, `"rows":730`)
	require.NoError(t, <-stopped)
	assert.Contains(t, s.stderr.String(), "msg=stopped")
}

func writeToken(t *testing.T, tok string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(p, []byte(tok+"\n"), 0o600))
	return p
}

// TestServeToken: the POST endpoints need the token, the GET ones not;
// the token never appears in the logs.
func TestServeToken(t *testing.T) {
	ref, _ := writeWeatherRef(t)
	s := startServe(t, "--reference", ref, "--token-file", writeToken(t, "s3cr3t-value"), "--log-level", "debug")
	status, res := s.post(t, "/v1/datasets/default/rows", "text/csv", []byte("temp_max\n1\n"))
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "unauthorized", res["kind"])
	status, _ = s.post(t, "/v1/datasets/default/rows", "text/csv", []byte("temp_max\n1\n"), "Authorization", "Bearer s3cr3t-value")
	assert.Equal(t, http.StatusOK, status)
	code, body := s.get(t, "/metrics")
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, string(body), `telltale_rows_accepted_total{dataset="default"} 1`)
	assert.Contains(t, string(body), "go_goroutines")
	code, _ = s.get(t, "/healthz")
	assert.Equal(t, http.StatusOK, code)
	require.NoError(t, s.shutdown(t))
	assert.NotContains(t, s.stderr.String()+s.stdout.String(), "s3cr3t-value")
}

// TestServeReferenceAndConfig: the command, --reference with a
// config of tests and a monitor: section of settings.
func TestServeReferenceAndConfig(t *testing.T) {
	ref, cur := writeWeatherRef(t)
	current, err := os.ReadFile(cur)
	require.NoError(t, err)
	cfg := filepath.Join(t.TempDir(), "monitor.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte(`presets: [data-drift]
tests:
  - test: ShareOfDriftedColumns
    lt: 0.3
monitor:
  window: {rows: 200}
  recompute: {every_rows: 1000000}
`), 0o644))
	s := startServe(t, "--reference", ref, "--config", cfg, "--name", "churn")
	status, res := s.post(t, "/v1/datasets/churn/rows", "text/csv", current)
	require.Equal(t, http.StatusOK, status, "%v", res)
	assert.Equal(t, 200.0, res["window_rows"])
	status, res = s.post(t, "/v1/datasets/churn/recompute", "", nil)
	require.Equal(t, http.StatusOK, status, "%v", res)
	assert.Equal(t, 1.0, res["tests"].(map[string]any)["total"])
}

// TestServeDefaultDataset: --reference alone runs data-drift and
// data-summary on a dataset named default.
func TestServeDefaultDataset(t *testing.T) {
	ref, cur := writeWeatherRef(t)
	current, err := os.ReadFile(cur)
	require.NoError(t, err)
	s := startServe(t, "--reference", ref, "--every-rows", "100", "--log-format", "json")
	status, _ := s.post(t, "/v1/datasets/default/rows", "", current)
	require.Equal(t, http.StatusOK, status)
	deadline := time.Now().Add(30 * time.Second)
	var body []byte
	for time.Now().Before(deadline) {
		var code int
		code, body = s.get(t, "/v1/datasets/default/snapshot")
		if code == http.StatusOK {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, m := range []string{`"metric": "DataDrift"`, `"metric": "DatasetSummary"`, `"metric": "ColumnSummaries"`} {
		assert.Contains(t, string(body), m)
	}
	code, page := s.get(t, "/datasets/default/report")
	assert.Equal(t, http.StatusOK, code)
	assert.True(t, strings.HasPrefix(string(page), "<!doctype html>") || strings.HasPrefix(string(page), "<!DOCTYPE html>"), string(page[:40]))
	require.NoError(t, s.shutdown(t))
	assert.Contains(t, s.stderr.String(), `"msg":"recomputed"`)
}

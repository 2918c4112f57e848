package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/backend"
)

func TestUIUsage(t *testing.T) {
	out, _, code := runCLI(t, "ui", "--help")
	assert.Equal(t, 0, code)
	for _, want := range []string{"--track URI", "--host ADDRESS", "--port PORT", "--allowed-hosts NAMES", "--read-only", "--artifacts-destination DIR",
		"telltale ui --track sqlite:///mlflow.db", "$TELLTALE_TRACKING_URI", "/experiments/ID/dashboard"} {
		assert.Contains(t, out, want)
	}
	_, errOut, code := runCLI(t, "ui", "mlruns")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unexpected argument "mlruns" (the store goes in --track)`)
	_, errOut, code = runCLI(t, "ui", "--port", "70000")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--port 70000")
	_, errOut, code = runCLI(t, "ui", "--track", filepath.Join(t.TempDir(), "none"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "no tracking store")
}

// TestUIServes: telltale ui serves the store until its context ends, on
// loopback names only; a port in use is a clear error.
func TestUIServes(t *testing.T) {
	store := filepath.Join(t.TempDir(), "mlruns")
	_, _, code := runCLI(t, "experiments", "create", "churn <b>", "--track", store)
	require.Equal(t, 0, code)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, port, stderr, done := startUI(t, ctx, "--track", store)
	assert.Contains(t, stderr.String(), "store: file://")

	resp, err := http.Get(base + "/")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), "churn &lt;b&gt;")

	// Another name for 127.0.0.1 (DNS rebinding) is refused.
	req, _ := http.NewRequest(http.MethodGet, base+"/", nil)
	req.Host = "evil.example:" + port
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)

	// The port is taken now.
	_, errOut, code := runCLI(t, "ui", "--track", store, "--port", port)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "127.0.0.1:"+port+": the port is in use")

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("telltale ui did not stop")
	}
	assert.Contains(t, stderr.String(), "telltale ui: stopped")
	_, err = net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(mustAtoi(t, port)), time.Second)
	assert.Error(t, err, "the port is free again")
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

// startUI runs "telltale ui ARGS --port 0" until ctx ends and returns its
// URL and port once it listens.
func startUI(t *testing.T, ctx context.Context, args ...string) (base, port string, stderr *syncBuffer, done chan error) {
	t.Helper()
	stderr, done = &syncBuffer{}, make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"ui", "--port", "0"}, args...), io.Discard, stderr) }()
	re := regexp.MustCompile(`open (http://127\.0\.0\.1:(\d+))/`)
	require.Eventually(t, func() bool {
		m := re.FindStringSubmatch(stderr.String())
		if m != nil {
			base, port = m[1], m[2]
		}
		return m != nil
	}, 20*time.Second, 20*time.Millisecond, "the address on stderr")
	return base, port, stderr, done
}

// getPage fetches the page at base+path and requires 200 OK.
func getPage(t *testing.T, base, path string) string {
	t.Helper()
	resp, err := http.Get(base + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusOK, resp.StatusCode, path)
	return string(b)
}

// TestUILiveWithServe: the runs "telltale serve --track" logs show in
// "telltale ui" over the same store as they come: on the dashboard, in
// the runs table, each with its report.
func TestUILiveWithServe(t *testing.T) {
	ref, cur := writeWeatherRef(t)
	current, err := os.ReadFile(cur)
	require.NoError(t, err)
	store := filepath.Join(t.TempDir(), "mlruns")
	s := startServe(t, "--reference", ref, "--name", "weather", "--track", store, "--every", "1h")
	batches := csvBatches(current, 200)
	recompute := func(i int) {
		status, res := s.post(t, "/v1/datasets/weather/rows", "text/csv", batches[i])
		require.Equal(t, http.StatusOK, status, "%v", res)
		status, res = s.post(t, "/v1/datasets/weather/recompute", "", nil)
		require.Equal(t, http.StatusOK, status, "%v", res)
	}
	recompute(0)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, _, _, _ := startUI(t, ctx, "--track", store)
	getJSON := func(path string, v any) {
		t.Helper()
		resp, err := http.Get(base + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		require.NoError(t, json.NewDecoder(resp.Body).Decode(v))
	}
	home := getPage(t, base, "/")
	m := regexp.MustCompile(`<a href="/experiments/(\d+)">monitor-weather</a>`).FindStringSubmatch(home)
	require.NotNil(t, m, "the experiment serve made")
	dash := "/experiments/" + m[1] + "/dashboard.json"
	var d struct {
		Runs   int `json:"runs"`
		Charts map[string]struct {
			Option struct {
				Series []struct {
					Data []struct {
						Name string `json:"name"`
					} `json:"data"`
				} `json:"series"`
			} `json:"option"`
			Links [][]string `json:"links"`
		} `json:"charts"`
	}
	getJSON(dash, &d)
	assert.Equal(t, 1, d.Runs)
	recompute(1)
	recompute(2)
	getJSON(dash, &d)
	assert.Equal(t, 3, d.Runs, "the new runs, without restarting the UI")
	share := d.Charts["panel-0"]
	require.Len(t, share.Option.Series, 1)
	var names []string
	for _, p := range share.Option.Series[0].Data {
		names = append(names, p.Name)
	}
	assert.Equal(t, []string{"weather #1", "weather #2", "weather #3"}, names)
	run := getPage(t, base, strings.TrimSuffix(share.Links[0][2], "#artifacts"))
	assert.Contains(t, run, `<iframe class="report" src="/files/`)
	assert.Contains(t, run, `/telltale.html" sandbox="allow-scripts"`)
	assert.Contains(t, getPage(t, base, "/experiments/"+m[1]), "weather #3")
}

// TestUIProxiedArtifacts: runs logged through a tracking server's
// artifact proxy have mlflow-artifacts:/ locations; "telltale ui" over the
// server's database shows their files with --artifacts-destination, and
// says where they are without it.
func TestUIProxiedArtifacts(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	uri := "sqlite:///" + filepath.Join(dir, "mlflow.db")
	s, err := backend.Open(ctx, uri, backend.Options{ArtifactRoot: "mlflow-artifacts:/"})
	require.NoError(t, err)
	exp, err := s.CreateExperiment(ctx, "proxied", "", nil)
	require.NoError(t, err)
	run, err := s.CreateRun(ctx, tracking.RunSpec{ExperimentID: exp, Name: "nightly"})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	loc := strings.TrimPrefix(run.Info.ArtifactURI, "mlflow-artifacts:/")
	require.NotEqual(t, run.Info.ArtifactURI, loc, "a proxied location")
	dest := filepath.Join(dir, "mlartifacts")
	require.NoError(t, os.MkdirAll(filepath.Join(dest, loc), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dest, loc, "profile.json"), []byte(`{"rows":31}`), 0o644))

	base, _, _, _ := startUI(t, ctx, "--track", uri)
	p := getPage(t, base, "/runs/"+run.Info.RunID)
	assert.Contains(t, p, "kept by a tracking server&#39;s artifact proxy ("+run.Info.ArtifactURI+")")
	assert.Contains(t, p, "--artifacts-destination")

	base, _, stderr, _ := startUI(t, ctx, "--track", uri, "--artifacts-destination", dest)
	assert.Contains(t, stderr.String(), "artifacts of mlflow-artifacts:/ locations: "+dest)
	p = getPage(t, base, "/runs/"+run.Info.RunID+"?artifact=profile.json")
	assert.Contains(t, p, "profile.json")
	assert.Contains(t, p, `&#34;rows&#34;: 31`, "shown pretty")
	resp, err := http.Get(base + "/files/" + run.Info.RunID + "/..%2f..%2f..%2fmlflow.db")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "no way out of the artifact folder")

	_, errOut, code := runCLI(t, "ui", "--track", uri, "--artifacts-destination", filepath.Join(dir, "none"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--artifacts-destination "+filepath.Join(dir, "none")+": not a folder")
}

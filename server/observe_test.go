package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/server"
)

// TestMetricsAndAccessLog: /metrics counts requests by endpoint, method
// and code and times them; Prometheus's promtool accepts the exposition;
// each request is one structured log record without the query string.
func TestMetricsAndAccessLog(t *testing.T) {
	var logs bytes.Buffer
	ts := startServer(t, newFileStore(t), server.Options{ServeArtifacts: true, Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	run, _ := newRun(t, ts)
	for range 3 {
		code, body := ts.post(t, "runs/log-batch", `{"run_id":"`+run+`","metrics":[{"key":"m","value":1,"timestamp":1}]}`)
		require.Equal(t, 200, code, body)
	}
	code, _ := ts.get(t, "runs/get?run_id=0123456789abcdef0123456789abcdef&secret_looking_query=abc")
	require.Equal(t, 404, code)
	ts.do(t, http.MethodGet, "/api/2.0/mlflow/registered-models/get", "", "")

	code, metrics, hdr := ts.do(t, http.MethodGet, "/metrics", "", "")
	require.Equal(t, 200, code)
	assert.Contains(t, hdr.Get("Content-Type"), "text/plain")
	for _, want := range []string{
		`telltale_server_requests_total{code="200",endpoint="runs/log-batch",method="POST"} 3`,
		`telltale_server_requests_total{code="200",endpoint="runs/create",method="POST"} 1`,
		`telltale_server_requests_total{code="404",endpoint="runs/get",method="GET"} 1`,
		`telltale_server_requests_total{code="501",endpoint="not_implemented",method="GET"} 1`,
		`telltale_server_request_duration_seconds_count{endpoint="runs/log-batch",method="POST"} 3`,
		`telltale_server_request_duration_seconds_bucket{endpoint="runs/log-batch",method="POST",le="+Inf"} 3`,
		`telltale_server_requests_in_flight 1`, // the scrape itself
		`go_goroutines`,
	} {
		assert.Contains(t, metrics, want)
	}
	promtool(t, metrics)

	var records []map[string]any
	dec := json.NewDecoder(&logs)
	for {
		var r map[string]any
		if err := dec.Decode(&r); err == io.EOF {
			break
		} else {
			require.NoError(t, err)
		}
		records = append(records, r)
	}
	require.Len(t, records, 7, "one record a request")
	r := records[4]
	assert.Equal(t, "request", r["msg"])
	assert.Equal(t, "GET", r["method"])
	assert.Equal(t, "/api/2.0/mlflow/runs/get", r["path"])
	assert.Equal(t, "runs/get", r["endpoint"])
	assert.Equal(t, float64(404), r["status"])
	assert.Contains(t, r, "duration_ms")
	assert.Contains(t, r, "bytes")
	assert.NotContains(t, logs.String(), "secret_looking_query")
}

// promtool checks an exposition with Prometheus's own linter (Debian's
// prometheus package); without it the test says how to get it.
func promtool(t *testing.T, exposition string) {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("promtool is missing: apt-get install -y prometheus")
		}
		t.Log("promtool not found (apt-get install -y prometheus): the exposition is not linted")
		return
	}
	cmd := exec.Command(path, "check", "metrics")
	cmd.Stdin = strings.NewReader(exposition)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "promtool check metrics: %s", out)
}

// TestGracefulShutdown: when the context ends, the request under way
// finishes and gets its answer, new connections are refused, and Serve
// returns nil.
func TestGracefulShutdown(t *testing.T) {
	started := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "done")
	})
	srv, err := server.New(newFileStore(t), server.Options{UI: slow})
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String()

	got := make(chan string, 1)
	go func() {
		resp, err := http.Get(url + "/slow")
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- string(b)
	}()
	<-started
	cancel()
	select {
	case body := <-got:
		assert.Equal(t, "done", body, "the request under way finishes")
	case <-time.After(5 * time.Second):
		t.Fatal("the request under way did not finish")
	}
	select {
	case err := <-served:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
	_, err = http.Get(url + "/health")
	assert.Error(t, err, "no new connection after shutdown")
}

// TestUIMount: the UI handler gets every request that is not the API's,
// after authentication; the API's paths never reach it.
func TestUIMount(t *testing.T) {
	var seen []string
	ui := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.Path)
		io.WriteString(w, "ui page")
	})
	users := usersFile(t)
	ts := startServer(t, newFileStore(t), server.Options{UI: ui, Users: users})
	reader := basic("reader", "reader-pw")
	code, body, _ := ts.do(t, http.MethodGet, "/", "", "", reader...)
	assert.Equal(t, 200, code)
	assert.Equal(t, "ui page", body)
	code, _, _ = ts.do(t, http.MethodGet, "/#/experiments/0", "", "")
	assert.Equal(t, http.StatusUnauthorized, code, "the UI is behind the login too")
	code, _, _ = ts.do(t, http.MethodPost, "/runs/compare", "application/x-www-form-urlencoded", "a=b", reader...)
	assert.Equal(t, http.StatusForbidden, code, "a UI write needs EDIT")
	ts.do(t, http.MethodGet, "/api/2.0/mlflow/experiments/get?experiment_id=0", "", "", reader...)
	ts.do(t, http.MethodGet, "/api/2.0/mlflow/nothing-here", "", "", reader...)
	ts.do(t, http.MethodGet, "/health", "", "")
	assert.Equal(t, []string{"GET /"}, seen)
}

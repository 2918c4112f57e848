package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a bytes.Buffer that a running command writes while the
// test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestUIUsage(t *testing.T) {
	out, _, code := runCLI(t, "ui", "--help")
	assert.Equal(t, 0, code)
	for _, want := range []string{"--track URI", "--host ADDRESS", "--port PORT", "--allowed-hosts NAMES", "--read-only",
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
	var stdout, stderr lockedBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"ui", "--track", store, "--port", "0"}, &stdout, &stderr) }()
	re := regexp.MustCompile(`open (http://127\.0\.0\.1:(\d+))/`)
	var base, port string
	require.Eventually(t, func() bool {
		m := re.FindStringSubmatch(stderr.String())
		if m != nil {
			base, port = m[1], m[2]
		}
		return m != nil
	}, 20*time.Second, 20*time.Millisecond, "the address on stderr")
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

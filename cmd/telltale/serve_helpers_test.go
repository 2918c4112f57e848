package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// served is a telltale serve running in-process on a real listener.
type served struct {
	url    string
	stop   context.CancelFunc
	done   chan error
	stdout *syncBuffer
	stderr *syncBuffer
}

var listeningRE = regexp.MustCompile(`listening on (http://[0-9.:]+)`)

// startServe runs "telltale serve ARGS --listen 127.0.0.1:0" and waits
// until it is ready. The server stops at the end of the test.
func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{stop: cancel, done: make(chan error, 1), stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	args = append([]string{"serve", "--listen", "127.0.0.1:0"}, args...)
	go func() { s.done <- run(ctx, args, s.stdout, s.stderr) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if m := listeningRE.FindStringSubmatch(s.stdout.String()); m != nil {
			s.url = m[1]
			break
		}
		select {
		case err := <-s.done:
			cancel()
			t.Fatalf("serve ended before listening: %v\nstderr:\n%s", err, s.stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not listen\nstderr:\n%s", s.stderr.String())
		}
	}
	for {
		resp, err := http.Get(s.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case err := <-s.done:
			cancel()
			t.Fatalf("serve ended before ready: %v\nstderr:\n%s", err, s.stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve not ready\nstderr:\n%s", s.stderr.String())
		}
	}
	t.Cleanup(func() { s.shutdown(t) })
	return s
}

// shutdown stops the server as SIGTERM does and returns run's error.
func (s *served) shutdown(t *testing.T) error {
	t.Helper()
	s.stop()
	select {
	case err, ok := <-s.done:
		if ok {
			close(s.done)
		}
		return err
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not stop")
	}
	return nil
}

// post sends body to path and returns the status and the decoded JSON.
func (s *served) post(t *testing.T, path, contentType string, body []byte, header ...string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest("POST", s.url+path, bytes.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	return resp.StatusCode, decodeJSON(t, resp.Body)
}

func (s *served) get(t *testing.T, path string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(s.url + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

func decodeJSON(t *testing.T, r io.Reader) map[string]any {
	t.Helper()
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	var v map[string]any
	require.NoError(t, json.Unmarshal(b, &v), string(b))
	return v
}

// needTool returns the path of an installed program, or skips the test
// when it is missing, saying how to install it; with CI set, a missing
// program fails the test.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	msg := name + " is not installed: apt-get install -y " + pkg + " (.ci/run installs it)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// csvBatches splits a CSV file's rows into bodies of n rows, each with the
// header.
func csvBatches(data []byte, n int) [][]byte {
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	header, rows := lines[0], lines[1:]
	var out [][]byte
	for i := 0; i < len(rows); i += n {
		out = append(out, []byte(header+"\n"+strings.Join(rows[i:min(i+n, len(rows))], "\n")+"\n"))
	}
	return out
}

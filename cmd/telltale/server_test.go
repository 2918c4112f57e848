package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
)

// startServerProcess runs "telltale server" with args on a free port and
// returns its URL and the process; the test's cleanup stops it.
func startServerProcess(t *testing.T, bin string, env []string, args ...string) (string, *exec.Cmd) {
	t.Helper()
	return startServerProcessIn(t, bin, "", env, args...)
}

// startServerProcessIn is startServerProcess in the working directory
// dir ("" for the test's).
func startServerProcessIn(t *testing.T, bin, dir string, env []string, args ...string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"server", "--port", "0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = dir
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			require.True(t, ok, "the server stopped before listening")
			if u, found := strings.CutPrefix(l, "telltale server: listening on "); found {
				go func() {
					for range lines { // keep draining the access log
					}
				}()
				return u, cmd
			}
		case <-deadline:
			t.Fatal("the server did not start")
		}
	}
}

// TestServerEndToEnd runs the built binary as a server and its other
// commands as clients of it: report --track, experiments, runs; then
// stops it with SIGTERM.
func TestServerEndToEnd(t *testing.T) {
	bin := telltaleBinary(t)
	dir := t.TempDir()
	h, err := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	require.NoError(t, err)
	users := filepath.Join(dir, "users.txt")
	require.NoError(t, os.WriteFile(users, []byte("ci:"+string(h)+":EDIT\n"), 0o600))
	url, srv := startServerProcess(t, bin, nil, "--backend-store-uri", filepath.Join(dir, "mlruns"),
		"--artifacts-destination", filepath.Join(dir, "art"), "--auth-file", users, "--log-format", "json")

	client := func(env []string, args ...string) (string, string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), env...)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else {
			require.NoError(t, err)
		}
		return out.String(), errOut.String(), code
	}
	creds := []string{"MLFLOW_TRACKING_USERNAME=ci", "MLFLOW_TRACKING_PASSWORD=pw"}
	ref, cur := weatherFiles(t, dir)

	_, errOut, code := client(nil, "experiments", "list", "--track", url)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "MLFLOW_TRACKING_USERNAME")
	_, errOut, code = client([]string{"MLFLOW_TRACKING_USERNAME=ci", "MLFLOW_TRACKING_PASSWORD=wrong"}, "experiments", "list", "--track", url)
	assert.Equal(t, 2, code)
	assert.NotContains(t, errOut, "wrong")

	out, errOut, code := client(append(creds, "MLFLOW_TRACKING_URI="+url), "report", "--reference", ref, "--current", cur,
		"--preset", "data-drift", "--experiment", "nightly", "--param", "model=rf", "--json", filepath.Join(dir, "r.json"))
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	out, errOut, code = client(creds, "experiments", "list", "--track", url)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "nightly")
	out, errOut, code = client(creds, "runs", "search", "params.model = 'rf'", "--experiment", "nightly", "--track", url, "--json")
	require.Equal(t, 0, code, errOut)
	var found struct {
		Runs []struct {
			Info struct {
				RunID       string `json:"run_id"`
				ArtifactURI string `json:"artifact_uri"`
			} `json:"info"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &found), out)
	runs := found.Runs
	require.Len(t, runs, 1)
	assert.True(t, strings.HasPrefix(runs[0].Info.ArtifactURI, "mlflow-artifacts:/"), runs[0].Info.ArtifactURI)
	out, errOut, code = client(creds, "runs", "show", runs[0].Info.RunID, "--track", url)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "share_of_drifted_columns")

	// The report's files went through the proxy into the destination.
	matches, _ := filepath.Glob(filepath.Join(dir, "art", "*", runs[0].Info.RunID, "artifacts", "*"))
	assert.NotEmpty(t, matches, "artifacts under --artifacts-destination")

	// The web UI on the same port, behind the same login, reads the report
	// the proxy keeps.
	uiGet := func(path string, auth bool) (int, string, http.Header) {
		req, err := http.NewRequest(http.MethodGet, url+path, nil)
		require.NoError(t, err)
		if auth {
			req.SetBasicAuth("ci", "pw")
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header
	}
	code, _, _ = uiGet("/", false)
	assert.Equal(t, http.StatusUnauthorized, code)
	code, page, _ := uiGet("/", true)
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, ">nightly</a>")
	id := runs[0].Info.RunID
	code, page, _ = uiGet("/runs/"+id, true)
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, `<iframe class="report" src="/files/`+id+`/telltale.html" sandbox="allow-scripts"`)
	code, page, hdr := uiGet("/files/"+id+"/telltale.html", true)
	assert.Equal(t, http.StatusOK, code)
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
	assert.True(t, strings.HasPrefix(hdr.Get("Content-Security-Policy"), "sandbox allow-scripts;"))

	// A second server on the same port: exit 2, a clear message.
	port := url[strings.LastIndex(url, ":")+1:]
	_, errOut, code = client(nil, "server", "--port", port, "--backend-store-uri", filepath.Join(dir, "other"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "port is in use")
	_, errOut, code = client(nil, "server", "--port", "0", "--backend-store-uri", "s3://bucket/x")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--backend-store-uri")
	_, errOut, code = client(nil, "server", "--port", "0", "--auth-file", filepath.Join(dir, "missing.txt"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "auth file")

	// SIGTERM: a clean stop, exit 0.
	require.NoError(t, srv.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- srv.Wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err, "exit 0 after SIGTERM")
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not stop on SIGTERM")
	}
	_, err = net.DialTimeout("tcp", strings.TrimPrefix(url, "http://"), time.Second)
	assert.Error(t, err, "nothing listens after the stop")
}

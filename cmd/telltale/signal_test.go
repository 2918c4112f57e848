package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets a test run this test binary as the telltale command.
func TestMain(m *testing.M) {
	if os.Getenv("TELLTALE_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestSIGTERMStopsReading runs telltale on a named pipe whose writer goes
// quiet, as "timeout 60 telltale ..." would: SIGTERM ends it promptly with
// exit code 143.
func TestSIGTERMStopsReading(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "in.csv")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	quiet := make(chan struct{})
	defer close(quiet)
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		w.WriteString("a,b\n1.5,x\n")
		<-quiet
	}()
	cmd := exec.Command(os.Args[0], "inspect", "--format", "csv", fifo)
	cmd.Env = append(os.Environ(), "TELLTALE_TEST_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	time.Sleep(500 * time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		var ee *exec.ExitError
		require.True(t, errors.As(err, &ee), "exit: %v; stderr: %s", err, stderr.String())
		assert.Equal(t, 143, ee.ExitCode(), stderr.String())
		assert.Contains(t, stderr.String(), "stopping")
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("telltale did not stop within 10 s of SIGTERM; stderr: %s", stderr.String())
	}
}

package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDateFormat(t *testing.T) {
	p := writeFile(t, "d.csv", "when,x\nJun 12 1998,1.5\nJan 02 2001,2.5\n,3.5\n")
	for _, format := range []string{"when=%b %d %Y", "when=Jan 02 2006"} {
		out, errOut, code := runCLI(t, "inspect", p, "--date-format", format)
		require.Equal(t, 0, code, errOut)
		assert.Regexp(t, `when\s+datetime\s+2\s+1\s+2\s+1998-06-12`, out, format)
	}
	// Without it, the column is strings.
	out, errOut, code := runCLI(t, "inspect", p)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `when\s+categorical`, out)

	_, errOut, code = runCLI(t, "inspect", p, "--date-format", "when=%d/%m/%Y")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `d.csv:2: column "when" (field 1): "Jun 12 1998" does not match the date format "%d/%m/%Y" given for the column`)
	_, errOut, code = runCLI(t, "inspect", p, "--date-format", "when=%Q")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "%Q is not a strftime directive")
	_, errOut, code = runCLI(t, "inspect", p, "--date-format", "when")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "want COLUMN=FORMAT")
}

func TestInputLimits(t *testing.T) {
	p := writeFile(t, "d.csv", "a,b\n1.5,x\n2.5,y\n")
	_, errOut, code := runCLI(t, "inspect", p, "--max-input-size", "10B")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "d.csv: holds more than 10 B of data, the limit on the size of an input")
	assert.Contains(t, errOut, "--max-input-size")
	_, errOut, code = runCLI(t, "inspect", p, "--max-input-size", "lots")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "want a size")
	_, errOut, code = runCLI(t, "inspect", p, "--max-input-size", "0")
	assert.Equal(t, 0, code, errOut)

	// 40 gzip members of 1 MiB of "0\n" each: 40 MiB from a few KB.
	var member bytes.Buffer
	zw := gzip.NewWriter(&member)
	zw.Write(bytes.Repeat([]byte("0\n"), 1<<19))
	zw.Close()
	var head bytes.Buffer
	zw = gzip.NewWriter(&head)
	zw.Write([]byte("x\n"))
	zw.Close()
	bomb := head.Bytes()
	for range 40 {
		bomb = append(bomb, member.Bytes()...)
	}
	gz := filepath.Join(t.TempDir(), "bomb.csv.gz")
	require.NoError(t, os.WriteFile(gz, bomb, 0o644))
	_, errOut, code = runCLI(t, "inspect", gz)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "bomb.csv.gz: decompresses to more than 100 times its compressed size")
	assert.Contains(t, errOut, "--max-compression-ratio")
	out, errOut, code := runCLI(t, "inspect", gz, "--max-compression-ratio", "0")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "20,971,520 rows")
}

func TestNonRegularInput(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "in.csv")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	_, errOut, code := runCLI(t, "inspect", fifo)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "a named pipe, not a regular file: give its format to read it anyway")

	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err == nil {
			w.WriteString("a,b\n1.5,x\n")
			w.Close()
		}
	}()
	out, errOut, code := runCLI(t, "inspect", fifo, "--format", "csv")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "1 row, 2 columns")
}

func TestMissingMarkersSaid(t *testing.T) {
	p := writeFile(t, "d.csv", "damage,x\nNone,1.5\nminor,2.5\nNone,NA\n")
	out, errOut, code := runCLI(t, "inspect", p)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `note: `+p+`: 2 values "None" read as missing in column "damage" (--missing to change)`)
	out, errOut, code = runCLI(t, "inspect", p, "--missing", "", "--missing", "NA")
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, out, "read as missing")
	assert.Regexp(t, `damage\s+categorical\s+3\s+0\s+2\s+None`, out)

	// The report's profile carries the same note (issue 18.4).
	prof := filepath.Join(t.TempDir(), "p.json")
	_, errOut, code = runCLI(t, "report", "--preset", "data-drift", "--reference", p, "--current", p, "--json", prof)
	require.Equal(t, 0, code, errOut)
	var snap struct{ Notes []string }
	b, err := os.ReadFile(prof)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &snap))
	assert.Contains(t, snap.Notes, p+`: 2 values "None" read as missing in column "damage" (--missing to change)`)
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"123": 123, "10B": 10, "500KB": 500e3, "1.5GB": 1.5e9, "64KiB": 64 << 10,
		"4GiB": 4 << 30, "2 mib": 2 << 20, "0": 0} {
		got, err := parseSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "x", "-5MB", "1e30TB", "NaN"} {
		_, err := parseSize(in)
		assert.Error(t, err, in)
	}
	assert.Equal(t, "4GiB", sizeName(4<<30))
	assert.Equal(t, "1500B", sizeName(1500))
}

// TestSignals: the first signal cancels the run, the second exits at once
// with 128 plus its number.
func TestSignals(t *testing.T) {
	sigs := make(chan os.Signal, 2)
	caught := make(chan os.Signal, 1)
	canceled := make(chan struct{})
	exited := make(chan int, 1)
	var stderr bytes.Buffer
	done := make(chan struct{})
	go func() {
		onSignals(sigs, func() { close(canceled) }, caught, func(code int) { exited <- code }, &stderr)
		close(done)
	}()
	sigs <- syscall.SIGTERM
	select {
	case <-canceled:
	case <-time.After(5 * time.Second):
		t.Fatal("the first signal did not cancel")
	}
	assert.Equal(t, syscall.SIGTERM, <-caught)
	assert.Empty(t, exited)
	sigs <- syscall.SIGINT
	select {
	case code := <-exited:
		assert.Equal(t, 130, code)
	case <-time.After(5 * time.Second):
		t.Fatal("the second signal did not exit")
	}
	<-done
	assert.Contains(t, stderr.String(), "stopping (send it again to stop at once)")
	assert.Equal(t, 143, signalExit(syscall.SIGTERM))
}

// TestConfigKernelFileRefused: a config naming /proc/self/environ does not
// put the environment into a report.
func TestConfigKernelFileRefused(t *testing.T) {
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip(err)
	}
	cur := writeFile(t, "cur.csv", "a,b\n1.5,x\n2.5,y\n")
	cfg := writeFile(t, "c.yaml", "reference: /proc/self/environ\ncurrent: "+cur+"\npresets: [data-drift]\n")
	out := filepath.Join(t.TempDir(), "r.json")
	_, errOut, code := runCLI(t, "report", "--config", cfg, "--json", out)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "/proc/self/environ")
	assert.Contains(t, errOut, "not a regular file")
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "no report written")
}

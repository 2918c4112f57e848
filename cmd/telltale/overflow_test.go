package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 17.2: a numerical column whose range overflows (reference 1, 2, 3,
// 1e308; current -1e308, 2, 3, 4) crashed the process with makeslice in a
// worker goroutine, and its charts never finished drawing. Through the
// built binary (a crash there is a crash of the process), every output,
// within a time limit.
func TestOverflowingRangeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	ref, cur := filepath.Join(dir, "ref.csv"), filepath.Join(dir, "cur.csv")
	require.NoError(t, os.WriteFile(ref, []byte("x,t,p\n1,1,1\n2,2,3\n3,1e308,2\n1e308,4,-1e308\n"), 0o644))
	require.NoError(t, os.WriteFile(cur, []byte("x,t,p\n-1e308,1,2\n2,-1e308,1e308\n3,3,3\n4,4,4\n"), 0o644))
	bin := telltaleBinary(t)
	for _, args := range [][]string{
		{"report", "--preset", "data-drift"},
		{"report", "--preset", "data-summary"},
		{"report", "--preset", "regression,target-drift", "--target", "t", "--prediction", "p"},
		{"test", "--preset", "data-stability,data-quality,data-drift,regression", "--target", "t", "--prediction", "p"},
	} {
		out := t.TempDir()
		profile := filepath.Join(out, "p.json")
		args = append(args, "--reference", ref, "--current", cur, "--json", profile, "--html", filepath.Join(out, "r.html"),
			"--junit", filepath.Join(out, "j.xml"), "--markdown", filepath.Join(out, "s.md"),
			"--svg", filepath.Join(out, "svg"), "--png", filepath.Join(out, "png"))
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		c := exec.CommandContext(ctx, bin, args...)
		b, err := c.CombinedOutput()
		require.NoError(t, ctx.Err(), "%v did not end:\n%s", args, b)
		cancel()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else {
			require.NoError(t, err)
		}
		assert.Contains(t, []int{0, 1}, code, "%v:\n%s", args, b)
		assert.NotContains(t, string(b), "panic", args)
		var prof struct {
			Metrics []struct {
				Metric string `json:"metric"`
				Error  string `json:"error"`
			} `json:"metrics"`
		}
		data, err := os.ReadFile(profile)
		require.NoError(t, err, "%v:\n%s", args, b)
		require.NoError(t, json.Unmarshal(data, &prof))
		for _, m := range prof.Metrics {
			assert.NotContains(t, m.Error, "panic", "%v %s", args, m.Metric)
		}
	}

	// In-process too: the drift of x is computed, on finite bins.
	stdout, stderr, code := runCLI(t, "report", "--preset", "data-drift", "--reference", ref, "--current", cur, "--json", "-")
	require.Equal(t, 0, code, stderr)
	var prof struct {
		Metrics []struct {
			Result struct {
				Columns []struct {
					Column       string `json:"column"`
					Error        string `json:"error"`
					Distribution struct {
						Edges []float64 `json:"edges"`
					} `json:"distribution"`
				} `json:"columns"`
			} `json:"result"`
		} `json:"metrics"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &prof))
	cols := prof.Metrics[0].Result.Columns
	require.NotEmpty(t, cols)
	assert.Equal(t, "x", cols[0].Column)
	assert.Empty(t, cols[0].Error)
	assert.Equal(t, -1e308, cols[0].Distribution.Edges[0])
	assert.Equal(t, 1e308, cols[0].Distribution.Edges[len(cols[0].Distribution.Edges)-1])
}

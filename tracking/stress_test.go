package tracking_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

const (
	stressProcs  = 8
	stressWrites = 1000
)

// TestManyProcesses runs 8 processes (this test binary, re-executed) that
// each log 1,000 values of one shared metric and of their own metric to
// one run, and the same param, at the same time; then it checks every
// line.
func TestManyProcesses(t *testing.T) {
	ctx := t.Context()
	if testing.Short() {
		t.Skip("spawns processes")
	}
	s := newStore(t)
	r, err := tracking.StartRun(ctx, s, "0", "stress", nil)
	require.NoError(t, err)
	cmds := make([]*exec.Cmd, stressProcs)
	for w := range cmds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestStressChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TELLTALE_STRESS="+s.Dir()+"|"+r.ID()+"|"+strconv.Itoa(w))
		cmd.Stderr = os.Stderr
		require.NoError(t, cmd.Start())
		cmds[w] = cmd
	}
	for _, c := range cmds {
		require.NoError(t, c.Wait())
	}

	dir := filepath.Join(s.Dir(), "0", r.ID())
	seen := map[string]bool{}
	n := 0
	f, err := os.Open(filepath.Join(dir, "metrics", "shared"))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), " ")
		require.Len(t, parts, 3, sc.Text())
		assert.False(t, seen[parts[1]+"/"+parts[2]], "duplicate %s", sc.Text())
		seen[parts[1]+"/"+parts[2]] = true
		n++
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, stressProcs*stressWrites, n)
	for w := range stressProcs {
		for i := range stressWrites {
			key := strconv.Itoa(w) + ".0/" + strconv.Itoa(i)
			require.True(t, seen[key], "missing worker %d step %d", w, i)
		}
		h, err := s.GetMetricHistory(ctx, r.ID(), fmt.Sprintf("worker/%d", w))
		require.NoError(t, err)
		require.Len(t, h, stressWrites)
		for i, m := range h {
			require.Equal(t, int64(i), m.Step) // one writer per file: in order
		}
	}
	got, err := s.GetRun(ctx, r.ID())
	require.NoError(t, err)
	assert.Equal(t, "same", got.Params["shared"])
	assert.Regexp(t, `^stress-\d$`, got.Info.RunName)
	assert.Len(t, got.Params, stressProcs+1)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.HasPrefix(e.Name(), ".telltale-tmp"), "temporary file left: %s", e.Name())
	}
}

// TestStressChild is one writer process of TestManyProcesses.
func TestStressChild(t *testing.T) {
	ctx := t.Context()
	env := os.Getenv("TELLTALE_STRESS")
	if env == "" {
		t.Skip("run by TestManyProcesses")
	}
	parts := strings.Split(env, "|")
	w, _ := strconv.Atoi(parts[2])
	s, err := tracking.OpenWith(parts[0], tracking.Options{MustExist: true})
	require.NoError(t, err)
	defer s.Close()
	r, err := tracking.OpenRun(ctx, s, parts[1])
	require.NoError(t, err)
	require.NoError(t, r.LogParam(ctx, "shared", "same"))
	require.NoError(t, r.LogParam(ctx, fmt.Sprintf("worker/%d", w), strconv.Itoa(w)))
	for i := range stressWrites {
		if i%100 == 0 { // rewrite meta.yaml while the others read it
			require.NoError(t, r.SetTag(ctx, tracking.TagRunName, fmt.Sprintf("stress-%d", w)))
		}
		require.NoError(t, r.LogMetric(ctx, "shared", float64(w), int64(i)))
		require.NoError(t, r.LogMetric(ctx, fmt.Sprintf("worker/%d", w), float64(i), int64(i)))
	}
}

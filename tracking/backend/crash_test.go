package backend_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/backend"
)

// crashBatch is the number of params in each batch the crash child logs.
const crashBatch = 5

// crashKills is how many times the crash tests kill a writer: 50, or 5
// with -short.
func crashKills() int {
	if testing.Short() {
		return 5
	}
	return 50
}

// TestCrashSQLite kills a process logging to a SQLite file with SIGKILL
// at random moments, 50 times; after each kill the store opens, searches,
// and holds every call that had returned, and no batch is half written.
func TestCrashSQLite(t *testing.T) {
	crashLoop(t, "sqlite:///"+filepath.Join(t.TempDir(), "mlflow.db"), true)
}

// TestCrashFile does the same on a file store (which has no transactions:
// a batch cut short keeps what was written, so only the calls that
// returned are checked).
func TestCrashFile(t *testing.T) {
	crashLoop(t, filepath.Join(t.TempDir(), "mlruns"), false)
}

// ack is one call the child reported as returned.
type ack struct {
	kind, run, key, value string
}

func crashLoop(t *testing.T, uri string, atomic bool) {
	art := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	var acks []ack
	kills := crashKills()
	for i := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), fmt.Sprintf("TELLTALE_CRASH=%s|%s|%d", uri, art, i))
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		var mu sync.Mutex
		var got []ack
		started := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			sc := bufio.NewScanner(out)
			first := true
			for sc.Scan() {
				f := strings.Split(sc.Text(), "\t")
				if first {
					close(started)
					first = false
				}
				if len(f) == 4 && f[0] != "open" {
					mu.Lock()
					got = append(got, ack{f[0], f[1], f[2], f[3]})
					mu.Unlock()
				}
			}
			if first {
				close(started)
			}
		}()
		select {
		case <-started:
		case <-time.After(60 * time.Second):
			t.Fatal("the writer did not start in 60 s")
		}
		time.Sleep(time.Duration(5+rng.IntN(150)) * time.Millisecond)
		require.NoError(t, syscall.Kill(cmd.Process.Pid, syscall.SIGKILL))
		<-done
		_ = cmd.Wait()
		mu.Lock()
		acks = append(acks, got...)
		mu.Unlock()
		// This writer's calls now; every writer's calls at the end, so
		// that a later crash cannot have lost an earlier one unseen.
		verifyCrash(t, uri, got, atomic)
	}
	verifyCrash(t, uri, acks, atomic)
	t.Logf("%d kills, %d calls returned before a kill and were found", kills, len(acks))
}

// verifyCrash opens the store after a kill and checks every returned call.
func verifyCrash(t *testing.T, uri string, acks []ack, atomic bool) {
	ctx := t.Context()
	s, err := backend.Open(ctx, uri, backend.Options{MustExist: true})
	require.NoError(t, err, "the store opens after a kill")
	defer s.Close()
	all := []*tracking.Run{}
	q := tracking.RunQuery{View: tracking.All, MaxResults: 1000, Filter: "attributes.run_name LIKE 'crash-%'"}
	for {
		page, next, err := s.SearchRuns(ctx, q)
		require.NoError(t, err, "the store searches after a kill")
		all = append(all, page...)
		if next == "" {
			break
		}
		q.PageToken = next
	}
	byID := map[string]*tracking.Run{}
	for _, r := range all {
		byID[r.Info.RunID] = r
	}
	for _, a := range acks {
		r := byID[a.run]
		if !assert.NotNil(t, r, "run %s returned by CreateRun is missing", a.run) {
			continue
		}
		switch a.kind {
		case "params":
			for j := range crashBatch {
				assert.Equal(t, a.value, r.Params[fmt.Sprintf("%s_%d", a.key, j)], "run %s batch %s", a.run, a.key)
			}
		case "metrics":
			h, err := s.GetMetricHistory(ctx, a.run, a.key)
			require.NoError(t, err)
			n, _ := strconv.Atoi(a.value)
			assert.Len(t, h, n, "run %s metric %s", a.run, a.key)
		case "tag":
			assert.Equal(t, a.value, r.Tags[a.key])
		case "end":
			assert.Equal(t, tracking.Finished, r.Info.Status)
		}
	}
	if atomic {
		for _, r := range all {
			count := map[string]int{}
			for k := range r.Params {
				count[strings.Split(k, "_")[0]]++
			}
			for b, n := range count {
				assert.Equal(t, crashBatch, n, "run %s: batch %s half written", r.Info.RunID, b)
			}
		}
	}
}

// TestCrashChild logs to the store until it is killed, printing each call
// after it returned: kind, run, key, value, tab-separated.
func TestCrashChild(t *testing.T) {
	env := os.Getenv("TELLTALE_CRASH")
	if env == "" {
		t.Skip("run by TestCrash*")
	}
	ctx := t.Context()
	parts := strings.Split(env, "|")
	s, err := backend.Open(ctx, parts[0], backend.Options{ArtifactRoot: parts[1]})
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(os.Stdout)
	say := func(kind, run, key, value string) {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", kind, run, key, value)
		w.Flush()
	}
	say("open", "-", "-", "-")
	for i := 0; ; i++ {
		r, err := s.CreateRun(ctx, tracking.RunSpec{Name: fmt.Sprintf("crash-%s-%d", parts[2], i), StartTime: int64(i + 1)})
		if err != nil {
			t.Fatal(err)
		}
		id := r.Info.RunID
		say("run", id, "-", "-")
		for b := range 3 {
			var batch tracking.Batch
			for j := range crashBatch {
				batch.Params = append(batch.Params, tracking.Param{Key: fmt.Sprintf("b%d_%d", b, j), Value: strconv.Itoa(i)})
			}
			for st := range 10 {
				batch.Metrics = append(batch.Metrics, tracking.Metric{Key: fmt.Sprintf("m%d", b), Value: float64(st), Step: int64(st), Timestamp: int64(st)})
			}
			if err := s.LogBatch(ctx, id, batch); err != nil {
				t.Fatal(err)
			}
			say("params", id, fmt.Sprintf("b%d", b), strconv.Itoa(i))
			say("metrics", id, fmt.Sprintf("m%d", b), "10")
		}
		if err := s.LogBatch(ctx, id, tracking.Batch{Tags: []tracking.Tag{{Key: "done", Value: "yes"}}}); err != nil {
			t.Fatal(err)
		}
		say("tag", id, "done", "yes")
		if _, err := s.UpdateRun(ctx, id, tracking.RunUpdate{Status: tracking.Finished, EndTime: int64(i + 2)}); err != nil {
			t.Fatal(err)
		}
		say("end", id, "-", "-")
	}
}

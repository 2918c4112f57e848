package backend_test

import (
	"errors"
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
	"github.com/telltale-ml/telltale/tracking/backend"
)

const (
	procs       = 8  // writer processes
	procRuns    = 20 // runs each
	procParams  = 10 // params per run
	procMetrics = 10 // metric keys per run
	procSteps   = 5  // points per metric key
	sharedRunID = "5ba5ed000000400080000000000000aa"
)

// TestManyProcessesSQLite starts 8 processes (this test binary, again)
// at once on one new SQLite file: they race to create the schema and the
// same experiment, each logs 20 runs of 10 params, 10 metrics of 5
// points and 3 tags, and all log into one shared run. Then every run,
// param, metric point and tag is counted.
func TestManyProcessesSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	manyProcesses(t, "sqlite:///"+filepath.Join(t.TempDir(), "mlflow.db"))
}

// TestManyProcessesFile does the same on a file store.
func TestManyProcessesFile(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	manyProcesses(t, filepath.Join(t.TempDir(), "mlruns"))
}

func manyProcesses(t *testing.T, uri string) {
	ctx := t.Context()
	art := t.TempDir()
	cmds := make([]*exec.Cmd, procs)
	for w := range cmds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestProcessChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TELLTALE_PROC="+uri+"|"+art+"|"+strconv.Itoa(w))
		out := &strings.Builder{}
		cmd.Stdout, cmd.Stderr = out, out
		require.NoError(t, cmd.Start())
		cmds[w] = cmd
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("writer %d:\n%s", w, out)
			}
		})
	}
	for w, c := range cmds {
		assert.NoError(t, c.Wait(), "writer %d", w)
	}
	s, err := backend.Open(ctx, uri, backend.Options{MustExist: true})
	require.NoError(t, err)
	defer s.Close()
	exp, err := s.GetExperimentByName(ctx, "stress")
	require.NoError(t, err)
	var runs []*tracking.Run
	q := tracking.RunQuery{ExperimentIDs: []string{exp.ID}, Filter: "params.worker != ''", MaxResults: 50}
	for {
		page, next, err := s.SearchRuns(ctx, q)
		require.NoError(t, err)
		runs = append(runs, page...)
		if next == "" {
			break
		}
		q.PageToken = next
	}
	require.Len(t, runs, procs*procRuns)
	for _, r := range runs {
		assert.Len(t, r.Params, procParams+1, r.Info.RunName)
		assert.Len(t, r.Metrics, procMetrics, r.Info.RunName)
		assert.Equal(t, tracking.Finished, r.Info.Status)
		for k := range procMetrics {
			key := fmt.Sprintf("m%d", k)
			assert.Equal(t, float64(procSteps-1), r.Metrics[key].Value)
			h, err := s.GetMetricHistory(ctx, r.Info.RunID, key)
			require.NoError(t, err)
			assert.Len(t, h, procSteps)
		}
		assert.Equal(t, r.Info.RunName, r.Tags[tracking.TagRunName])
		assert.NotEmpty(t, r.Tags["worker"])
	}
	shared, err := s.GetRun(ctx, sharedRunID)
	require.NoError(t, err)
	assert.Len(t, shared.Params, procs*procRuns)
	for w := range procs {
		h, err := s.GetMetricHistory(ctx, sharedRunID, fmt.Sprintf("w%d", w))
		require.NoError(t, err)
		assert.Len(t, h, procRuns, "worker %d's points in the shared run", w)
	}
}

// TestProcessChild is one writer of manyProcesses.
func TestProcessChild(t *testing.T) {
	env := os.Getenv("TELLTALE_PROC")
	if env == "" {
		t.Skip("run by TestManyProcesses*")
	}
	ctx := t.Context()
	parts := strings.Split(env, "|")
	w := parts[2]
	s, err := backend.Open(ctx, parts[0], backend.Options{ArtifactRoot: parts[1]})
	require.NoError(t, err)
	defer s.Close()
	expID, err := s.CreateExperiment(ctx, "stress", "", nil)
	if errors.Is(err, tracking.ErrExists) {
		var e *tracking.Experiment
		e, err = s.GetExperimentByName(ctx, "stress")
		if e != nil {
			expID = e.ID
		}
	}
	require.NoError(t, err)
	im := s.(tracking.Importer)
	err = im.ImportRun(ctx, expID, &tracking.Run{Info: tracking.RunInfo{RunID: sharedRunID, RunName: "shared", Status: tracking.Running, StartTime: 1}}, nil)
	if !errors.Is(err, tracking.ErrExists) {
		require.NoError(t, err)
	}
	for i := range procRuns {
		r, err := tracking.StartRun(ctx, s, expID, fmt.Sprintf("w%s-r%d", w, i), map[string]string{"worker": w})
		require.NoError(t, err)
		var b tracking.Batch
		b.Params = append(b.Params, tracking.Param{Key: "worker", Value: w})
		for p := range procParams {
			b.Params = append(b.Params, tracking.Param{Key: fmt.Sprintf("p%d", p), Value: strconv.Itoa(p * i)})
		}
		for k := range procMetrics {
			for st := range procSteps {
				b.Metrics = append(b.Metrics, tracking.Metric{Key: fmt.Sprintf("m%d", k), Value: float64(st), Step: int64(st), Timestamp: int64(1000 + st)})
			}
		}
		b.Tags = []tracking.Tag{{Key: "i", Value: strconv.Itoa(i)}, {Key: "kind", Value: "stress"}}
		require.NoError(t, s.LogBatch(ctx, r.ID(), b))
		require.NoError(t, s.LogBatch(ctx, sharedRunID, tracking.Batch{
			Params:  []tracking.Param{{Key: fmt.Sprintf("w%s-%d", w, i), Value: "x"}},
			Metrics: []tracking.Metric{{Key: "w" + w, Value: float64(i), Step: int64(i), Timestamp: int64(i)}},
		}))
		require.NoError(t, r.End(ctx, tracking.Finished))
	}
}

package sqlstore_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/sqlstore"
)

// TestGroupCommitFailingCall: 32 goroutines log batches at once, so the
// committer groups them; every fourth batch changes a param's value,
// which fails inside the transaction after the batch's new param was
// written. The failing calls return MLflow's error and leave nothing
// behind (neither the new param nor the metric); every other call's
// writes are all there, though they shared a transaction with a failing
// call.
func TestGroupCommitFailingCall(t *testing.T) {
	ctx := t.Context()
	s := openSQLiteAt(t, filepath.Join(t.TempDir(), "mlflow.db"))
	exp, err := s.CreateExperiment(ctx, "group", "", nil)
	require.NoError(t, err)
	const workers, rounds = 32, 8
	runs := make([]string, workers)
	for i := range runs {
		r, err := s.CreateRun(ctx, tracking.RunSpec{ExperimentID: exp, StartTime: 1750000000000})
		require.NoError(t, err)
		runs[i] = r.Info.RunID
		require.NoError(t, s.LogBatch(ctx, r.Info.RunID, tracking.Batch{Params: []tracking.Param{{Key: "model", Value: "rf"}}}))
	}
	groups0, calls0, _ := sqlstore.GroupStats(s)
	var wg sync.WaitGroup
	errs := make([][]error, workers)
	for w := range workers {
		wg.Go(func() {
			for round := range rounds {
				batch := tracking.Batch{Metrics: []tracking.Metric{{Key: fmt.Sprint("m", round), Value: float64(w), Timestamp: 1750000000000, Step: int64(round)}}}
				model := "rf"
				if (w+round)%4 == 0 {
					model = "gbm" // a changed value: the call fails
				}
				batch.Params = []tracking.Param{{Key: fmt.Sprint("p", round), Value: "new"}, {Key: "model", Value: model}}
				errs[w] = append(errs[w], s.LogBatch(ctx, runs[w], batch))
			}
		})
	}
	wg.Wait()
	groups, calls, reruns := sqlstore.GroupStats(s)
	t.Logf("%d calls in %d transactions, %d groups run again", calls-calls0, groups-groups0, reruns)
	require.Less(t, groups-groups0, calls-calls0, "no call was grouped: the test did not exercise group commit")
	require.Positive(t, reruns, "no group held a failing call")
	for w := range workers {
		run, err := s.GetRun(ctx, runs[w])
		require.NoError(t, err)
		params := run.Params
		require.Equal(t, "rf", params["model"])
		for round := range rounds {
			h, err := s.GetMetricHistory(ctx, runs[w], fmt.Sprint("m", round))
			require.NoError(t, err)
			_, hasParam := params[fmt.Sprint("p", round)]
			if (w+round)%4 == 0 {
				require.True(t, errors.Is(errs[w][round], tracking.ErrImmutable), "worker %d round %d: %v", w, round, errs[w][round])
				require.Empty(t, h, "worker %d round %d: a failed call left its metric", w, round)
				require.False(t, hasParam, "worker %d round %d: a failed call left its param", w, round)
				continue
			}
			require.NoError(t, errs[w][round], "worker %d round %d", w, round)
			require.True(t, hasParam, "worker %d round %d", w, round)
			require.Len(t, h, 1, "worker %d round %d", w, round)
			require.Equal(t, float64(w), h[0].Value)
		}
	}
}

// TestGroupCommitClose: Close while 16 goroutines log returns once the
// group being committed and the calls queued behind it are done; every
// call that succeeded is in the database when it is opened again, and
// every call after Close fails.
func TestGroupCommitClose(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "mlflow.db")
	s := openSQLiteAt(t, path)
	r, err := s.CreateRun(ctx, tracking.RunSpec{ExperimentID: "0", StartTime: 1750000000000})
	require.NoError(t, err)
	run := r.Info.RunID
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	started := make(chan struct{}, 16)
	for w := range 16 {
		wg.Go(func() {
			for step := int64(0); ; step++ {
				err := s.LogBatch(ctx, run, tracking.Batch{Metrics: []tracking.Metric{{Key: fmt.Sprint("w", w), Value: 1, Timestamp: 1750000000000, Step: step}}})
				if err != nil {
					return
				}
				mu.Lock()
				ok++
				mu.Unlock()
				if step == 0 {
					started <- struct{}{}
				}
			}
		})
	}
	for range 16 {
		<-started
	}
	require.NoError(t, s.Close())
	wg.Wait()
	require.Error(t, s.LogBatch(ctx, run, tracking.Batch{Metrics: []tracking.Metric{{Key: "late", Value: 1}}}))

	s2 := openSQLiteAt(t, path)
	n := 0
	for w := range 16 {
		h, err := s2.GetMetricHistory(ctx, run, fmt.Sprint("w", w))
		require.NoError(t, err)
		n += len(h)
	}
	assert.Equal(t, ok, n, "every call that returned nil is stored, and only those")
}

// TestGroupCommitPanickingCall: a write whose function panics, among 16
// goroutines logging at once, fails with an error naming the panic; the
// calls grouped with it are all stored, and the store goes on writing.
func TestGroupCommitPanickingCall(t *testing.T) {
	ctx := t.Context()
	s := openSQLiteAt(t, filepath.Join(t.TempDir(), "mlflow.db"))
	exp, err := s.CreateExperiment(ctx, "panic", "", nil)
	require.NoError(t, err)
	const workers, rounds = 16, 10
	runs := make([]string, workers)
	for i := range runs {
		r, err := s.CreateRun(ctx, tracking.RunSpec{ExperimentID: exp, StartTime: 1750000000000})
		require.NoError(t, err)
		runs[i] = r.Info.RunID
	}
	var wg sync.WaitGroup
	panics := make([]error, rounds)
	for w := range workers {
		wg.Go(func() {
			for round := range rounds {
				m := tracking.Metric{Key: fmt.Sprint("m", round), Value: float64(w), Timestamp: 1750000000000, Step: int64(round)}
				assert.NoError(t, s.LogBatch(ctx, runs[w], tracking.Batch{Metrics: []tracking.Metric{m}}))
				if w == 0 {
					panics[round] = sqlstore.WriteFunc(ctx, s, func() error { panic("boom") })
				}
			}
		})
	}
	wg.Wait()
	for round, err := range panics {
		require.Error(t, err, "round %d", round)
		assert.Contains(t, err.Error(), "boom")
	}
	for w := range workers {
		run, err := s.GetRun(ctx, runs[w])
		require.NoError(t, err)
		assert.Len(t, run.Metrics, rounds, "worker %d", w)
	}
	_, err = s.CreateRun(ctx, tracking.RunSpec{ExperimentID: exp, StartTime: 1750000000000})
	require.NoError(t, err, "the store writes after the panics")
}

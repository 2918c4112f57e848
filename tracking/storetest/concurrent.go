package storetest

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// testConcurrent logs from 8 goroutines at once: each makes its own runs
// and also logs into one shared run; nothing is lost, and one experiment
// name raced for is created once.
func testConcurrent(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	shared := mustRun(t, s, "0", "shared", t0, nil).Info.RunID
	const workers, runsEach, points = 8, 3, 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	created, exists := 0, 0
	errs := make(chan error, workers*4)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.CreateExperiment(ctx, "raced", "", nil)
			mu.Lock()
			switch {
			case err == nil:
				created++
			case errors.Is(err, tracking.ErrExists):
				exists++
			default:
				errs <- err
			}
			mu.Unlock()
			for i := range runsEach {
				r, err := s.CreateRun(ctx, tracking.RunSpec{Name: "w" + itoa(w) + "-" + itoa(i), StartTime: t0 + int64(w*100+i)})
				if err != nil {
					errs <- err
					return
				}
				var ms []tracking.Metric
				for p := range points {
					ms = append(ms, tracking.Metric{Key: "m", Value: float64(p), Timestamp: t0 + int64(p), Step: int64(p)})
				}
				b := tracking.Batch{Metrics: ms, Params: []tracking.Param{{Key: "w", Value: itoa(w)}}, Tags: []tracking.Tag{{Key: "i", Value: itoa(i)}}}
				if err := s.LogBatch(ctx, r.Info.RunID, b); err != nil {
					errs <- err
					return
				}
				sb := tracking.Batch{
					Metrics: []tracking.Metric{{Key: "from" + itoa(w), Value: float64(i), Timestamp: t0 + int64(i), Step: int64(i)}},
					Params:  []tracking.Param{{Key: "p" + itoa(w) + "-" + itoa(i), Value: "v"}},
					Tags:    []tracking.Tag{{Key: "last", Value: itoa(w)}},
				}
				if err := s.LogBatch(ctx, shared, sb); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 1, created)
	assert.Equal(t, workers-1, exists)
	runs := allRuns(t, s, tracking.RunQuery{ExperimentIDs: []string{"0"}, Filter: "params.w != ''"})
	assert.Len(t, runs, workers*runsEach)
	for _, r := range runs {
		assert.Equal(t, float64(points-1), r.Metrics["m"].Value)
		h, err := s.GetMetricHistory(ctx, r.Info.RunID, "m")
		require.NoError(t, err)
		assert.Len(t, h, points)
	}
	got, err := s.GetRun(ctx, shared)
	require.NoError(t, err)
	assert.Len(t, got.Params, workers*runsEach)
	for w := range workers {
		h, err := s.GetMetricHistory(ctx, shared, "from"+itoa(w))
		require.NoError(t, err)
		assert.Len(t, h, runsEach)
	}
}

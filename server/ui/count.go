package ui

import (
	"context"
	"sync"

	"github.com/telltale-ml/telltale/tracking"
)

// countCap is how many runs the UI reads to count the runs of a store
// that is no tracking.RunCounter (a tracking server's client): it shows
// "1,000+" beyond.
const countCap = 1000

// runCount is a number of runs, exact or a lower bound.
type runCount struct {
	N       int
	AtLeast bool // there are more than N
}

func (c runCount) String() string {
	if c.AtLeast {
		return countText(c.N) + "+"
	}
	return countText(c.N)
}

// countRuns counts the runs q matches: exactly with a RunCounter, else
// by reading up to countCap runs.
func (h *Handler) countRuns(ctx context.Context, q tracking.RunQuery) (runCount, error) {
	if c, ok := h.store.(tracking.RunCounter); ok {
		n, err := c.CountRuns(ctx, q)
		return runCount{N: n}, err
	}
	q.MaxResults, q.PageToken, q.OrderBy = countCap, "", nil
	runs, next, err := h.store.SearchRuns(ctx, q)
	return runCount{N: len(runs), AtLeast: next != ""}, err
}

// experimentStats is what the experiments list shows of an experiment's
// runs.
type experimentStats struct {
	Runs runCount
	Last int64 // the latest start or end time of its newest run, ms; 0 without runs
	Err  error
}

// statsOf reads the stats of experiments, a few at a time.
func (h *Handler) statsOf(ctx context.Context, ids []string) []experimentStats {
	out := make([]experimentStats, len(ids))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			st := &out[i]
			q := tracking.RunQuery{ExperimentIDs: []string{id}, MaxResults: 1}
			counter, exact := h.store.(tracking.RunCounter)
			if !exact {
				q.MaxResults = countCap // one read gives the newest run and the count
			}
			runs, next, err := h.store.SearchRuns(ctx, q)
			if err != nil {
				st.Err = err
				return
			}
			if len(runs) > 0 {
				st.Last = max(runs[0].Info.StartTime, runs[0].Info.EndTime)
			}
			if !exact {
				st.Runs = runCount{N: len(runs), AtLeast: next != ""}
				return
			}
			n, err := counter.CountRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{id}})
			st.Runs, st.Err = runCount{N: n}, err
		}()
	}
	wg.Wait()
	return out
}

package tracking

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
)

// RunCounter is implemented by stores that count the runs a query
// matches without reading them: the file store and the SQL store (not
// the client of a tracking server, since MLflow's API has no count). The
// web UI shows exact totals with it.
type RunCounter interface {
	// CountRuns returns how many runs match q's experiments, filter and
	// view; q's order and page fields are ignored.
	CountRuns(ctx context.Context, q RunQuery) (int, error)
}

var _ RunCounter = (*FileStore)(nil)

// CountRuns returns how many runs match q's experiments, filter and view;
// its order and page fields are ignored. It reads what SearchRuns reads to
// match runs (each run's meta.yaml, and the files the filter needs) but
// neither sorts nor loads them, so it costs a little less than one
// search. The web UI shows totals with it ("1–100 of 50,000 runs").
func (s *FileStore) CountRuns(ctx context.Context, q RunQuery) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	clauses, err := parseFilter(q.Filter, targetRuns)
	if err != nil {
		return 0, err
	}
	view := q.View
	if view == 0 {
		view = ActiveOnly
	}
	cands, err := s.runCandidates(q.ExperimentIDs)
	if err != nil {
		return 0, err
	}
	sortClauses(clauses)
	var n atomic.Int64
	err = parallel(len(cands), func(i int) error {
		err := s.considerRun(cands[i], clauses, nil, view)
		switch {
		case err == nil:
			n.Add(1)
		case errors.Is(err, errSkipRun):
		case errors.Is(err, ErrCorrupt):
			s.warn(fmt.Errorf("skipped run %s: %w", cands[i].info.RunID, err))
		default:
			return err
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return int(n.Load()), nil
}

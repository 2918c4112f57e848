package server

import (
	"context"

	"github.com/telltale-ml/telltale/tracking"
)

type runResponse struct {
	Run runJSON `json:"run"`
}

// POST runs/create {experiment_id, user_id, run_name, start_time, tags}
// -> {run}
func (s *Server) createRun(ctx context.Context, f *fields) (any, error) {
	var spec tracking.RunSpec
	var err error
	if spec.ExperimentID, err = f.id("experiment_id"); err != nil {
		return nil, err
	}
	if spec.UserID, err = f.str("user_id"); err != nil {
		return nil, err
	}
	if spec.Name, err = f.str("run_name"); err != nil {
		return nil, err
	}
	if spec.StartTime, _, err = f.int64("start_time"); err != nil {
		return nil, err
	}
	if spec.Tags, err = tagsMap(f, "tags"); err != nil {
		return nil, err
	}
	r, err := s.store.CreateRun(ctx, spec)
	if err != nil {
		return nil, err
	}
	return runResponse{toRunJSON(r, false, f.ext)}, nil
}

// GET runs/get {run_id or run_uuid} -> {run}
func (s *Server) getRun(ctx context.Context, f *fields) (any, error) {
	id, err := f.runID()
	if err != nil {
		return nil, err
	}
	r, err := s.store.GetRun(ctx, id)
	if err != nil {
		return nil, err
	}
	return runResponse{toRunJSON(r, true, f.ext)}, nil
}

// POST runs/update {run_id, status, end_time, run_name} -> {run_info}.
// Only the fields given change.
func (s *Server) updateRun(ctx context.Context, f *fields) (any, error) {
	id, err := f.runID()
	if err != nil {
		return nil, err
	}
	var u tracking.RunUpdate
	st, err := f.enum("status", runStatusNames)
	if err != nil {
		return nil, err
	}
	u.Status = tracking.RunStatus(st)
	if u.EndTime, _, err = f.int64("end_time"); err != nil {
		return nil, err
	}
	if u.Name, err = f.str("run_name"); err != nil {
		return nil, err
	}
	info, err := s.store.UpdateRun(ctx, id, u)
	if err != nil {
		return nil, err
	}
	return struct {
		RunInfo runInfoJSON `json:"run_info"`
	}{toRunInfoJSON(info, f.ext)}, nil
}

// POST runs/delete {run_id} -> {}
func (s *Server) deleteRun(ctx context.Context, f *fields) (any, error) {
	id, err := f.runID()
	if err != nil {
		return nil, err
	}
	return struct{}{}, s.store.DeleteRun(ctx, id)
}

// POST runs/restore {run_id} -> {}
func (s *Server) restoreRun(ctx context.Context, f *fields) (any, error) {
	id, err := f.runID()
	if err != nil {
		return nil, err
	}
	return struct{}{}, s.store.RestoreRun(ctx, id)
}

// pageSize is the page size of a search's max_results (0: 1000).
func pageSize(max int) int {
	if max == 0 {
		return 1000
	}
	return max
}

// POST runs/search {experiment_ids[], filter, run_view_type, max_results,
// order_by[], page_token} -> {runs[], next_page_token}
func (s *Server) searchRuns(ctx context.Context, f *fields) (any, error) {
	var q tracking.RunQuery
	var err error
	if q.ExperimentIDs, err = f.strs("experiment_ids", true); err != nil {
		return nil, err
	}
	if q.Filter, err = f.str("filter"); err != nil {
		return nil, err
	}
	view, err := f.enum("run_view_type", viewTypeNames)
	if err != nil {
		return nil, err
	}
	q.View = tracking.ViewType(view)
	max, _, err := f.int64("max_results")
	if err != nil {
		return nil, err
	}
	if max < 0 || max > 50000 {
		return nil, invalidParam(maxResultsMessage(max))
	}
	q.MaxResults = int(max)
	if q.OrderBy, err = f.strs("order_by", false); err != nil {
		return nil, err
	}
	if q.PageToken, err = f.str("page_token"); err != nil {
		return nil, err
	}
	runs, next, err := s.store.SearchRuns(ctx, q)
	if err != nil {
		return nil, err
	}
	if next == "" && len(runs) > 0 && len(runs) == pageSize(q.MaxResults) {
		// MLflow's server gives a token with every full page, even when no
		// run follows (its next page is {}); stores give one only when
		// runs follow. Answer as MLflow when the token is MLflow's offset.
		if offset, err := decodeOffsetToken(q.PageToken); err == nil {
			next = encodeOffsetToken(offset + len(runs))
		}
	}
	out := struct {
		Runs          []runJSON `json:"runs,omitempty"`
		NextPageToken string    `json:"next_page_token,omitempty"`
	}{NextPageToken: next}
	for _, r := range runs {
		out.Runs = append(out.Runs, toRunJSON(r, true, f.ext))
	}
	return out, nil
}

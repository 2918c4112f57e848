package server

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/tracking"
)

// tagsMap reads a repeated {key, value} field into a map; the last value
// of a key wins.
func tagsMap(f *fields, name string) (map[string]string, error) {
	kvs, err := f.keyValues(name)
	if err != nil || len(kvs) == 0 {
		return nil, err
	}
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		m[kv[0]] = kv[1]
	}
	return m, nil
}

// POST experiments/create {name, artifact_location, tags} -> {experiment_id}
func (s *Server) createExperiment(ctx context.Context, f *fields) (any, error) {
	name, err := f.requiredStr("name")
	if err != nil {
		return nil, err
	}
	loc, err := f.str("artifact_location")
	if err != nil {
		return nil, err
	}
	tags, err := tagsMap(f, "tags")
	if err != nil {
		return nil, err
	}
	id, err := s.store.CreateExperiment(ctx, name, loc, tags)
	if err != nil {
		return nil, err
	}
	return struct {
		ExperimentID string `json:"experiment_id"`
	}{id}, nil
}

type experimentResponse struct {
	Experiment experimentJSON `json:"experiment"`
}

// GET experiments/get {experiment_id} -> {experiment}
func (s *Server) getExperiment(ctx context.Context, f *fields) (any, error) {
	id, err := experimentID(f)
	if err != nil {
		return nil, err
	}
	e, err := s.store.GetExperiment(ctx, id)
	if err != nil {
		return nil, err
	}
	return experimentResponse{toExperimentJSON(e)}, nil
}

// GET experiments/get-by-name {experiment_name} -> {experiment}
func (s *Server) getExperimentByName(ctx context.Context, f *fields) (any, error) {
	name, err := f.requiredStr("experiment_name")
	if err != nil {
		return nil, err
	}
	e, err := s.store.GetExperimentByName(ctx, name)
	if err != nil {
		return nil, err
	}
	return experimentResponse{toExperimentJSON(e)}, nil
}

// POST or GET experiments/search {max_results, page_token, filter,
// order_by[], view_type} -> {experiments[], next_page_token}. A missing
// max_results is 1000 (MLflow's server refuses it; its clients always
// send it).
func (s *Server) searchExperiments(ctx context.Context, f *fields) (any, error) {
	var q tracking.ExperimentQuery
	max, _, err := f.int64("max_results")
	if err != nil {
		return nil, err
	}
	if max < 0 || max > 50000 {
		return nil, invalidParam(maxResultsMessage(max))
	}
	q.MaxResults = int(max)
	if q.PageToken, err = f.str("page_token"); err != nil {
		return nil, err
	}
	if q.Filter, err = f.str("filter"); err != nil {
		return nil, err
	}
	if q.OrderBy, err = f.strs("order_by", false); err != nil {
		return nil, err
	}
	view, err := f.enum("view_type", viewTypeNames)
	if err != nil {
		return nil, err
	}
	q.View = tracking.ViewType(view)
	exps, next, err := s.store.SearchExperiments(ctx, q)
	if err != nil {
		return nil, err
	}
	out := struct {
		Experiments   []experimentJSON `json:"experiments,omitempty"`
		NextPageToken string           `json:"next_page_token,omitempty"`
	}{NextPageToken: next}
	for _, e := range exps {
		out.Experiments = append(out.Experiments, toExperimentJSON(e))
	}
	return out, nil
}

// maxResultsMessage is MLflow's message for a page size out of range.
func maxResultsMessage(n int64) string {
	if n > 50000 {
		return fmt.Sprintf("Invalid value %d for parameter 'max_results' supplied. It must be at most 50000, but got value %d", n, n)
	}
	return fmt.Sprintf("Invalid value %d for parameter 'max_results' supplied. It must be a positive integer", n)
}

// experimentID reads the required experiment_id.
func experimentID(f *fields) (string, error) {
	id, err := f.id("experiment_id")
	if err == nil && id == "" {
		err = f.missing("experiment_id")
	}
	return id, err
}

// POST experiments/update {experiment_id, new_name} -> {}
func (s *Server) updateExperiment(ctx context.Context, f *fields) (any, error) {
	id, err := experimentID(f)
	if err != nil {
		return nil, err
	}
	name, err := f.str("new_name")
	if err != nil {
		return nil, err
	}
	if name == "" { // MLflow: renaming to nothing changes nothing
		if _, err := s.store.GetExperiment(ctx, id); err != nil {
			return nil, err
		}
		return struct{}{}, nil
	}
	return struct{}{}, s.store.RenameExperiment(ctx, id, name)
}

// POST experiments/delete {experiment_id} -> {}
func (s *Server) deleteExperiment(ctx context.Context, f *fields) (any, error) {
	id, err := experimentID(f)
	if err != nil {
		return nil, err
	}
	return struct{}{}, s.store.DeleteExperiment(ctx, id)
}

// POST experiments/restore {experiment_id} -> {}
func (s *Server) restoreExperiment(ctx context.Context, f *fields) (any, error) {
	id, err := experimentID(f)
	if err != nil {
		return nil, err
	}
	return struct{}{}, s.store.RestoreExperiment(ctx, id)
}

// POST experiments/set-experiment-tag {experiment_id, key, value} -> {}
func (s *Server) setExperimentTag(ctx context.Context, f *fields) (any, error) {
	id, err := experimentID(f)
	if err != nil {
		return nil, err
	}
	key, err := f.requiredStr("key")
	if err != nil {
		return nil, err
	}
	value, err := f.str("value")
	if err != nil {
		return nil, err
	}
	return struct{}{}, s.store.SetExperimentTag(ctx, id, key, value)
}

// POST experiments/delete-experiment-tag {experiment_id, key} -> {}
func (s *Server) deleteExperimentTag(ctx context.Context, f *fields) (any, error) {
	id, err := experimentID(f)
	if err != nil {
		return nil, err
	}
	key, err := f.requiredStr("key")
	if err != nil {
		return nil, err
	}
	return struct{}{}, s.store.DeleteExperimentTag(ctx, id, key)
}

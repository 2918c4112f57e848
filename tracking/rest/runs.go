package rest

import (
	"context"
	"fmt"
	"net/url"

	"github.com/telltale-ml/telltale/tracking"
)

// CreateRun creates a run (POST runs/create).
func (s *Store) CreateRun(ctx context.Context, spec tracking.RunSpec) (*tracking.Run, error) {
	exp := spec.ExperimentID
	if exp == "" {
		exp = tracking.DefaultExperimentID
	}
	var out struct {
		Run runWire `json:"run"`
	}
	err := s.call(ctx, "POST", "runs/create", nil, struct {
		ExperimentID string `json:"experiment_id"`
		UserID       string `json:"user_id"`
		RunName      string `json:"run_name,omitempty"`
		StartTime    int64  `json:"start_time,omitempty"`
		Tags         []kv   `json:"tags,omitempty"`
	}{exp, spec.UserID, spec.Name, spec.StartTime, toKVs(spec.Tags)}, &out)
	if err != nil {
		return nil, err
	}
	return out.Run.run()
}

// GetRun reads a run (GET runs/get).
func (s *Store) GetRun(ctx context.Context, runID string) (*tracking.Run, error) {
	var out struct {
		Run runWire `json:"run"`
	}
	if err := s.call(ctx, "GET", "runs/get", url.Values{"run_id": {runID}}, nil, &out); err != nil {
		return nil, err
	}
	return out.Run.run()
}

// UpdateRun changes a run's status, end time or name (POST runs/update).
func (s *Store) UpdateRun(ctx context.Context, runID string, u tracking.RunUpdate) (*tracking.RunInfo, error) {
	body := map[string]any{"run_id": runID}
	if u.Status != 0 {
		name, err := u.Status.MarshalText()
		if err != nil {
			return nil, err
		}
		body["status"] = string(name)
	}
	if u.EndTime < 0 {
		return nil, fmt.Errorf("%w: end time %d is negative", tracking.ErrInvalid, u.EndTime)
	}
	if u.EndTime != 0 {
		body["end_time"] = u.EndTime
	}
	if u.Name != "" {
		body["run_name"] = u.Name
	}
	var out struct {
		RunInfo runInfoWire `json:"run_info"`
	}
	if err := s.call(ctx, "POST", "runs/update", nil, body, &out); err != nil {
		return nil, err
	}
	info, err := out.RunInfo.info()
	return &info, err
}

// DeleteRun marks a run deleted (POST runs/delete).
func (s *Store) DeleteRun(ctx context.Context, runID string) error {
	return s.call(ctx, "POST", "runs/delete", nil, map[string]string{"run_id": runID}, nil)
}

// RestoreRun restores a deleted run (POST runs/restore).
func (s *Store) RestoreRun(ctx context.Context, runID string) error {
	return s.call(ctx, "POST", "runs/restore", nil, map[string]string{"run_id": runID}, nil)
}

// SearchRuns searches runs (POST runs/search).
func (s *Store) SearchRuns(ctx context.Context, q tracking.RunQuery) ([]*tracking.Run, string, error) {
	max, err := tracking.CheckMaxResults(q.MaxResults)
	if err != nil {
		return nil, "", err
	}
	var out struct {
		Runs          []runWire `json:"runs"`
		NextPageToken string    `json:"next_page_token"`
	}
	err = s.call(ctx, "POST", "runs/search", nil, struct {
		ExperimentIDs []string `json:"experiment_ids"`
		Filter        string   `json:"filter"`
		RunViewType   string   `json:"run_view_type"`
		MaxResults    int      `json:"max_results"`
		OrderBy       []string `json:"order_by,omitempty"`
		PageToken     string   `json:"page_token,omitempty"`
	}{nonNil(q.ExperimentIDs), q.Filter, viewName(q.View), max, q.OrderBy, q.PageToken}, &out)
	if err != nil {
		return nil, "", err
	}
	runs := make([]*tracking.Run, len(out.Runs))
	for i := range out.Runs {
		if runs[i], err = out.Runs[i].run(); err != nil {
			return nil, "", err
		}
	}
	return runs, out.NextPageToken, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// LogBatch logs metrics, params and tags (POST runs/log-batch).
func (s *Store) LogBatch(ctx context.Context, runID string, b tracking.Batch) error {
	body, err := batchBody(runID, b)
	if err != nil {
		return err
	}
	return s.call(ctx, "POST", "runs/log-batch", nil, body, nil)
}

// DeleteTag removes a run's tag (POST runs/delete-tag).
func (s *Store) DeleteTag(ctx context.Context, runID, key string) error {
	return s.call(ctx, "POST", "runs/delete-tag", nil, map[string]string{"run_id": runID, "key": key}, nil)
}

// LogInputs links datasets to a run (POST runs/log-inputs).
func (s *Store) LogInputs(ctx context.Context, runID string, inputs []tracking.DatasetInput) error {
	type datasetInput struct {
		Tags    []kv             `json:"tags,omitempty"`
		Dataset tracking.Dataset `json:"dataset"`
	}
	ds := make([]datasetInput, len(inputs))
	for i, in := range inputs {
		ds[i] = datasetInput{Tags: toKVs(in.Tags), Dataset: in.Dataset}
	}
	return s.call(ctx, "POST", "runs/log-inputs", nil, struct {
		RunID    string         `json:"run_id"`
		Datasets []datasetInput `json:"datasets"`
	}{runID, ds}, nil)
}

// historyPage is the page size of metric histories, as MLflow's client
// asks for them.
const historyPage = 25000

// GetMetricHistory reads every point of a metric (GET
// metrics/get-history, page after page).
func (s *Store) GetMetricHistory(ctx context.Context, runID, key string) ([]tracking.Metric, error) {
	var all []tracking.Metric
	token := ""
	for {
		q := url.Values{"run_id": {runID}, "metric_key": {key}, "max_results": {fmt.Sprint(historyPage)}}
		if token != "" {
			q.Set("page_token", token)
		}
		var out struct {
			Metrics       []tracking.Metric `json:"metrics"`
			NextPageToken string            `json:"next_page_token"`
		}
		if err := s.call(ctx, "GET", "metrics/get-history", q, nil, &out); err != nil {
			return nil, err
		}
		all = append(all, out.Metrics...)
		if out.NextPageToken == "" || len(out.Metrics) == 0 {
			return all, nil
		}
		if out.NextPageToken == token {
			return nil, &Error{Server: s.redacted, Method: "GET", Path: "metrics/get-history",
				Message: "the server answered the same page token twice; stopping"}
		}
		token = out.NextPageToken
	}
}

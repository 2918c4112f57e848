package rest

import (
	"context"
	"net/url"

	"github.com/telltale-ml/telltale/tracking"
)

// CreateExperiment creates an experiment (POST experiments/create).
func (s *Store) CreateExperiment(ctx context.Context, name, artifactLocation string, tags map[string]string) (string, error) {
	var out struct {
		ExperimentID str `json:"experiment_id"`
	}
	err := s.call(ctx, "POST", "experiments/create", nil, struct {
		Name             string `json:"name"`
		ArtifactLocation string `json:"artifact_location,omitempty"`
		Tags             []kv   `json:"tags,omitempty"`
	}{name, artifactLocation, toKVs(tags)}, &out)
	return string(out.ExperimentID), err
}

type experimentAnswer struct {
	Experiment experimentWire `json:"experiment"`
}

// GetExperiment reads an experiment (GET experiments/get).
func (s *Store) GetExperiment(ctx context.Context, id string) (*tracking.Experiment, error) {
	var out experimentAnswer
	if err := s.call(ctx, "GET", "experiments/get", url.Values{"experiment_id": {id}}, nil, &out); err != nil {
		return nil, err
	}
	return out.Experiment.experiment(), nil
}

// GetExperimentByName reads an experiment by name (GET
// experiments/get-by-name).
func (s *Store) GetExperimentByName(ctx context.Context, name string) (*tracking.Experiment, error) {
	var out experimentAnswer
	if err := s.call(ctx, "GET", "experiments/get-by-name", url.Values{"experiment_name": {name}}, nil, &out); err != nil {
		return nil, err
	}
	return out.Experiment.experiment(), nil
}

// viewName is MLflow's name of a view type.
func viewName(v tracking.ViewType) string {
	switch v {
	case tracking.DeletedOnly:
		return "DELETED_ONLY"
	case tracking.All:
		return "ALL"
	}
	return "ACTIVE_ONLY"
}

// SearchExperiments searches experiments (POST experiments/search).
func (s *Store) SearchExperiments(ctx context.Context, q tracking.ExperimentQuery) ([]*tracking.Experiment, string, error) {
	max, err := tracking.CheckMaxResults(q.MaxResults)
	if err != nil {
		return nil, "", err
	}
	var out struct {
		Experiments   []experimentWire `json:"experiments"`
		NextPageToken string           `json:"next_page_token"`
	}
	err = s.call(ctx, "POST", "experiments/search", nil, struct {
		MaxResults int      `json:"max_results"`
		PageToken  string   `json:"page_token,omitempty"`
		Filter     string   `json:"filter,omitempty"`
		OrderBy    []string `json:"order_by,omitempty"`
		ViewType   string   `json:"view_type"`
	}{max, q.PageToken, q.Filter, q.OrderBy, viewName(q.View)}, &out)
	if err != nil {
		return nil, "", err
	}
	exps := make([]*tracking.Experiment, len(out.Experiments))
	for i := range out.Experiments {
		exps[i] = out.Experiments[i].experiment()
	}
	return exps, out.NextPageToken, nil
}

// RenameExperiment renames an experiment (POST experiments/update).
func (s *Store) RenameExperiment(ctx context.Context, id, newName string) error {
	// MLflow's server takes an empty name as "no change": refuse it here,
	// as the other stores do.
	if err := tracking.ValidateExperimentName(newName); err != nil {
		return err
	}
	return s.call(ctx, "POST", "experiments/update", nil, map[string]string{"experiment_id": id, "new_name": newName}, nil)
}

// DeleteExperiment marks an experiment and its runs deleted (POST
// experiments/delete).
func (s *Store) DeleteExperiment(ctx context.Context, id string) error {
	return s.call(ctx, "POST", "experiments/delete", nil, map[string]string{"experiment_id": id}, nil)
}

// RestoreExperiment restores a deleted experiment and its runs (POST
// experiments/restore).
func (s *Store) RestoreExperiment(ctx context.Context, id string) error {
	return s.call(ctx, "POST", "experiments/restore", nil, map[string]string{"experiment_id": id}, nil)
}

// SetExperimentTag sets a tag of an experiment (POST
// experiments/set-experiment-tag).
func (s *Store) SetExperimentTag(ctx context.Context, id, key, value string) error {
	return s.call(ctx, "POST", "experiments/set-experiment-tag", nil, map[string]string{"experiment_id": id, "key": key, "value": value}, nil)
}

// DeleteExperimentTag removes a tag of an experiment (POST
// experiments/delete-experiment-tag).
func (s *Store) DeleteExperimentTag(ctx context.Context, id, key string) error {
	return s.call(ctx, "POST", "experiments/delete-experiment-tag", nil, map[string]string{"experiment_id": id, "key": key}, nil)
}

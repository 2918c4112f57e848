package searchtest

import (
	"sync"

	"github.com/telltale-ml/telltale/tracking"
)

// FileStore adapts the file store to Store.
func FileStore(s *tracking.Store) Store {
	return &fileStore{s: s, runs: map[string]*tracking.ActiveRun{}}
}

type fileStore struct {
	s    *tracking.Store
	mu   sync.Mutex
	runs map[string]*tracking.ActiveRun
}

func (f *fileStore) run(id string) (*tracking.ActiveRun, error) {
	f.mu.Lock()
	r, ok := f.runs[id]
	f.mu.Unlock()
	if ok {
		return r, nil
	}
	return f.s.OpenRun(id)
}

func (f *fileStore) CreateExperiment(name string, tags map[string]string) (string, error) {
	return f.s.CreateExperiment(name, "", tags)
}

func (f *fileStore) DeleteExperiment(id string) error { return f.s.DeleteExperiment(id) }

func (f *fileStore) StartRun(experimentID, name string, tags map[string]string) (string, error) {
	r, err := f.s.StartRun(experimentID, name, tags)
	if err != nil {
		return "", err
	}
	f.mu.Lock()
	f.runs[r.ID()] = r
	f.mu.Unlock()
	return r.ID(), nil
}

func (f *fileStore) LogParam(runID, key, value string) error {
	r, err := f.run(runID)
	if err != nil {
		return err
	}
	return r.LogParam(key, value)
}

func (f *fileStore) LogMetric(runID string, m tracking.Metric) error {
	r, err := f.run(runID)
	if err != nil {
		return err
	}
	return r.LogMetricAt(m)
}

func (f *fileStore) LogInputs(runID string, inputs []tracking.DatasetInput) error {
	return f.s.LogInputs(runID, inputs)
}

func (f *fileStore) EndRun(runID string, status tracking.RunStatus) error {
	r, err := f.run(runID)
	if err != nil {
		return err
	}
	return r.End(status)
}

func (f *fileStore) DeleteRun(runID string) error { return f.s.DeleteRun(runID) }

func (f *fileStore) QueryRuns(q tracking.RunQuery) ([]*tracking.Run, string, error) {
	return f.s.QueryRuns(q)
}

func (f *fileStore) QueryExperiments(view tracking.ViewType, filter string, orderBy []string) ([]*tracking.Experiment, error) {
	return f.s.QueryExperiments(view, filter, orderBy)
}

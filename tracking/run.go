package tracking

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"
)

// Tags MLflow gives every run it starts (mlflow/utils/mlflow_tags.py).
const (
	TagRunName    = "mlflow.runName"
	TagUser       = "mlflow.user"
	TagSourceName = "mlflow.source.name"
	TagSourceType = "mlflow.source.type"
	TagNote       = "mlflow.note.content"
	TagParentRun  = "mlflow.parentRunId"
)

// RunInfo is a run's metadata, the content of its meta.yaml.
type RunInfo struct {
	RunID          string    `json:"run_id"`
	RunName        string    `json:"run_name"`
	ExperimentID   string    `json:"experiment_id"`
	UserID         string    `json:"user_id"`
	Status         RunStatus `json:"status"`
	StartTime      int64     `json:"start_time"`             // ms since the epoch
	EndTime        int64     `json:"end_time,omitempty"`     // ms since the epoch; 0 while running
	DeletedTime    int64     `json:"deleted_time,omitempty"` // ms since the epoch; 0 unless deleted
	ArtifactURI    string    `json:"artifact_uri"`
	LifecycleStage string    `json:"lifecycle_stage"`
}

// Start returns StartTime as a time.
func (r RunInfo) Start() time.Time { return time.UnixMilli(r.StartTime) }

// End returns EndTime as a time, or the zero time while the run is open.
func (r RunInfo) End() time.Time {
	if r.EndTime == 0 {
		return time.Time{}
	}
	return time.UnixMilli(r.EndTime)
}

// Run is a run as read from the store: its metadata, the latest value of
// each metric, its params, its tags and its dataset inputs.
type Run struct {
	Info    RunInfo           `json:"info"`
	Metrics map[string]Metric `json:"metrics"`
	Params  map[string]string `json:"params"`
	Tags    map[string]string `json:"tags"`
	Inputs  []DatasetInput    `json:"inputs,omitempty"` // ordered by dataset name, digest
}

// runMetaFields returns the fields of a run's meta.yaml in MLflow's order
// (sorted keys), with MLflow's legacy constant keys. deleted_time is
// written as null at creation and as a number while deleted; MLflow drops
// the key on other rewrites, and so does telltale.
func runMetaFields(r *RunInfo, creating bool) []yamlField {
	var endTime, deleted any
	if r.EndTime != 0 {
		endTime = r.EndTime
	}
	f := []yamlField{{"artifact_uri", r.ArtifactURI}}
	if r.DeletedTime != 0 {
		deleted = r.DeletedTime
	}
	if creating || r.DeletedTime != 0 {
		f = append(f, yamlField{"deleted_time", deleted})
	}
	return append(f,
		yamlField{"end_time", endTime},
		yamlField{"entry_point_name", ""},
		yamlField{"experiment_id", r.ExperimentID},
		yamlField{"lifecycle_stage", r.LifecycleStage},
		yamlField{"run_id", r.RunID},
		yamlField{"run_name", r.RunName},
		yamlField{"source_name", ""},
		yamlField{"source_type", int64(4)},
		yamlField{"source_version", ""},
		yamlField{"start_time", r.StartTime},
		yamlField{"status", int64(r.Status)},
		yamlField{"tags", yamlEmptyList{}},
		yamlField{"user_id", r.UserID},
	)
}

// parseRunMeta reads a run's meta.yaml with MLflow's rules: run_id,
// experiment_id, user_id, status (1 to 5), start_time and the key end_time
// must be there. p is for messages.
func parseRunMeta(data []byte, p string) (*RunInfo, error) {
	m, err := decodeYAML(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, p, err)
	}
	bad := func(what string) error { return fmt.Errorf("%w: %s: %s", ErrCorrupt, p, what) }
	r := &RunInfo{}
	var ok bool
	if r.RunID, ok = yamlString(m, "run_id"); !ok {
		return nil, bad("no run_id")
	}
	if r.ExperimentID, ok = yamlString(m, "experiment_id"); !ok {
		return nil, bad("no experiment_id")
	}
	if r.UserID, ok = yamlString(m, "user_id"); !ok {
		if _, present := m["user_id"]; !present {
			return nil, bad("no user_id")
		}
	}
	st, present, ok := yamlInt(m, "status")
	if !present || !ok || !RunStatus(st).valid() {
		return nil, bad(fmt.Sprintf("status %v is not an integer from 1 to 5", m["status"]))
	}
	r.Status = RunStatus(st)
	if r.StartTime, present, ok = yamlInt(m, "start_time"); !ok {
		return nil, bad("start_time is not an integer")
	}
	if _, has := m["end_time"]; !has {
		return nil, bad("no end_time")
	}
	if r.EndTime, _, ok = yamlInt(m, "end_time"); !ok {
		return nil, bad("end_time is not an integer")
	}
	r.DeletedTime, _, _ = yamlInt(m, "deleted_time")
	r.RunName, _ = yamlString(m, "run_name")
	r.ArtifactURI, _ = yamlString(m, "artifact_uri")
	r.LifecycleStage, _ = yamlString(m, "lifecycle_stage")
	if r.LifecycleStage == "" {
		r.LifecycleStage = StageActive
	}
	return r, nil
}

// readRunInfo reads <expDir>/<runID>/meta.yaml. A missing file gives an
// error wrapping ErrNotFound.
func (s *FileStore) readRunInfo(expDir, runID string) (*RunInfo, error) {
	rd, err := s.subReader(expDir + "/" + runID)
	if absent(err) {
		return nil, fmt.Errorf("%w: run %s", ErrNotFound, runID)
	}
	if err != nil {
		return nil, fmt.Errorf("tracking: run %s: %w", runID, err)
	}
	defer rd.close()
	return readRunInfoFrom(rd, runID)
}

// readRunInfoFrom reads the meta.yaml of the run whose directory rd reads.
func readRunInfoFrom(rd reader, runID string) (*RunInfo, error) {
	p := rd.path("meta.yaml")
	data, err := rd.readFile("meta.yaml", metaReadLimit)
	if absent(err) {
		return nil, fmt.Errorf("%w: run %s", ErrNotFound, runID)
	}
	if errors.Is(err, ErrCorrupt) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("tracking: run %s: %w", runID, err)
	}
	info, err := parseRunMeta(data, p)
	if err != nil {
		return nil, err
	}
	if info.RunName == "" {
		// Old runs keep the name only in the tag.
		if b, err := rd.readFile("tags/"+TagRunName, tagReadLimit); err == nil {
			info.RunName = string(b)
		}
	}
	return info, nil
}

// updateRunMeta rewrites a run's meta.yaml under the run's lock.
func (s *FileStore) updateRunMeta(expDir, runID string, update func(*RunInfo) error) error {
	dir := expDir + "/" + runID
	unlock, err := s.lockDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: run %s", ErrNotFound, runID)
	}
	if err != nil {
		return fmt.Errorf("tracking: lock run %s: %w", runID, err)
	}
	defer unlock()
	info, err := s.readRunInfo(expDir, runID)
	if err != nil {
		return err
	}
	if err := update(info); err != nil {
		return err
	}
	if err := writeAtomic(s.root, dir, dir+"/meta.yaml", encodeYAML(runMetaFields(info, false))); err != nil {
		return fmt.Errorf("tracking: run %s: %w", runID, err)
	}
	return nil
}

// locateRun returns the directory of the experiment holding runID: the
// experiment's id, or .trash/<id>.
func (s *FileStore) locateRun(runID string) (string, error) {
	if err := validateRunID(runID); err != nil {
		return "", err
	}
	for _, dir := range []string{".", trashDir} {
		entries, err := s.readDir(dir)
		if err != nil {
			if dir == trashDir && absent(err) {
				continue
			}
			return "", fmt.Errorf("tracking: find run %s: %w", runID, err)
		}
		for _, ent := range entries {
			if !ent.IsDir() || ent.Name() == trashDir || ent.Name() == "models" {
				continue
			}
			ed := expDir(ent.Name(), dir == trashDir)
			if _, err := s.root.Lstat(filepath.FromSlash(ed + "/" + runID + "/meta.yaml")); err == nil {
				return ed, nil
			}
		}
	}
	return "", fmt.Errorf("%w: run %s", ErrNotFound, runID)
}

// DeleteRun marks a run deleted (it stays on disk, as in MLflow, until a
// garbage collection such as "mlflow gc").
func (s *FileStore) DeleteRun(ctx context.Context, runID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ed, err := s.locateRun(runID)
	if err != nil {
		return err
	}
	return s.updateRunMeta(ed, runID, func(info *RunInfo) error {
		if info.LifecycleStage != StageDeleted {
			info.LifecycleStage, info.DeletedTime = StageDeleted, s.nowMillis()
		}
		return nil
	})
}

// RestoreRun brings a deleted run back. The run's experiment must be
// active.
func (s *FileStore) RestoreRun(ctx context.Context, runID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ed, err := s.locateRun(runID)
	if err != nil {
		return err
	}
	if strings.HasPrefix(ed, trashDir+"/") {
		return fmt.Errorf("%w: run %s: its experiment is deleted; restore the experiment", ErrDeleted, runID)
	}
	return s.updateRunMeta(ed, runID, func(info *RunInfo) error {
		info.LifecycleStage, info.DeletedTime = StageActive, 0
		return nil
	})
}

// GetRun returns a run, deleted or not, with the latest value of each of
// its metrics, its params, its tags and its dataset inputs.
func (s *FileStore) GetRun(ctx context.Context, runID string) (*Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ed, err := s.locateRun(runID)
	if err != nil {
		return nil, err
	}
	info, err := s.readRunInfo(ed, runID)
	if err != nil {
		return nil, err
	}
	return s.loadRun(ed, info)
}

// loadRun reads a run's params, tags, latest metrics and inputs.
func (s *FileStore) loadRun(expDir string, info *RunInfo) (*Run, error) {
	rd, err := s.subReader(expDir + "/" + info.RunID)
	if err != nil {
		return nil, fmt.Errorf("tracking: run %s: %w", info.RunID, err)
	}
	defer rd.close()
	r := &Run{Info: *info, Metrics: map[string]Metric{}}
	if r.Params, err = rd.readKeyFiles("params", paramReadLimit); err != nil {
		return nil, fmt.Errorf("tracking: run %s params: %w", info.RunID, err)
	}
	if r.Tags, err = rd.readKeyFiles("tags", tagReadLimit); err != nil {
		return nil, fmt.Errorf("tracking: run %s tags: %w", info.RunID, err)
	}
	err = rd.walkKeys("metrics", func(key, name string) error {
		m, ok, err := rd.readLatestMetric(name)
		if err != nil {
			return err
		}
		if ok {
			m.Key = key
			r.Metrics[key] = m
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tracking: run %s metrics: %w", info.RunID, err)
	}
	if r.Inputs, err = s.readRunInputs(rd, expDir, info.RunID); err != nil {
		return nil, err
	}
	return r, nil
}

package tracking

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// This file holds the file store's writes to runs (CreateRun, LogBatch,
// DeleteTag, UpdateRun) and the experiment updates that MLflow's REST API
// has beside create, delete and restore (RenameExperiment,
// DeleteExperimentTag).

// CreateRun creates a run in an active experiment with status RUNNING.
// The run's tags and folders are written before its meta.yaml, so a
// reader sees the run whole or not at all.
func (s *FileStore) CreateRun(ctx context.Context, spec RunSpec) (*Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	expID := spec.ExperimentID
	if expID == "" {
		expID = DefaultExperimentID
	}
	e, err := s.getExperiment(expID)
	if err != nil {
		return nil, err
	}
	if e.LifecycleStage != StageActive {
		return nil, fmt.Errorf("%w: experiment %s (%q) is deleted", ErrDeleted, e.ID, e.Name)
	}
	name, tags, err := ResolveRunName(spec, s.randName)
	if err != nil {
		return nil, err
	}
	var runID string
	for {
		if runID, err = s.readRand(newRunID); err != nil {
			return nil, err
		}
		err = s.root.Mkdir(filepath.FromSlash(e.ID+"/"+runID), 0o755)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("tracking: create run: %w", err)
		}
		break
	}
	start := spec.StartTime
	if start == 0 {
		start = s.nowMillis()
	}
	info := &RunInfo{RunID: runID, RunName: name, ExperimentID: e.ID, UserID: spec.UserID, Status: Running,
		StartTime: start, LifecycleStage: StageActive,
		ArtifactURI: strings.TrimSuffix(e.ArtifactLocation, "/") + "/" + runID + "/artifacts"}
	if err := s.writeNewRun(e.ID, info, tags); err != nil {
		return nil, err
	}
	return &Run{Info: *info, Metrics: map[string]Metric{}, Params: map[string]string{}, Tags: tags}, nil
}

func (s *FileStore) randName() (string, error) { return s.readRand(newRunName) }

// ResolveRunName applies MLflow's rules for a new run's name, for every
// store's CreateRun: the tags are checked; the name and the tag
// mlflow.runName must agree; without either, random() names the run. It
// returns the name and the tags with mlflow.runName set.
func ResolveRunName(spec RunSpec, random func() (string, error)) (string, map[string]string, error) {
	for k, v := range spec.Tags {
		if err := ValidateTag(k, v); err != nil {
			return "", nil, err
		}
	}
	name := spec.Name
	if tn, ok := spec.Tags[TagRunName]; ok {
		if name != "" && name != tn {
			return "", nil, fmt.Errorf("%w: run name %q and tag %s=%q differ", ErrInvalid, name, TagRunName, tn)
		}
		name = tn
	}
	if name == "" {
		var err error
		if name, err = random(); err != nil {
			return "", nil, err
		}
	}
	if err := validateValue("tag", TagRunName, name, maxTagValueLen); err != nil {
		return "", nil, err
	}
	tags := make(map[string]string, len(spec.Tags)+1)
	for k, v := range spec.Tags {
		tags[k] = v
	}
	tags[TagRunName] = name
	return name, tags, nil
}

// writeNewRun fills the new run directory <expDir>/<run id>: its
// folders, its tags, and last its meta.yaml.
func (s *FileStore) writeNewRun(expDir string, info *RunInfo, tags map[string]string) error {
	dir := expDir + "/" + info.RunID
	for _, sub := range []string{"metrics", "params", "tags", "artifacts"} {
		if err := s.root.MkdirAll(filepath.FromSlash(dir+"/"+sub), 0o755); err != nil {
			return fmt.Errorf("tracking: create run: %w", err)
		}
	}
	for _, k := range sortedKeys(tags) {
		if err := writeAtomic(s.root, dir, dir+"/tags/"+k, []byte(tags[k])); err != nil {
			return fmt.Errorf("tracking: run %s tag %q: %w", info.RunID, k, err)
		}
	}
	if err := writeAtomic(s.root, dir, dir+"/meta.yaml", encodeYAML(runMetaFields(info, true))); err != nil {
		return fmt.Errorf("tracking: run %s: %w", info.RunID, err)
	}
	return nil
}

// activeRunDir finds an active run and returns its directory, such as
// "<experiment id>/<run id>". A deleted run, or one of a deleted
// experiment, gives ErrDeleted: MLflow refuses to write to them.
func (s *FileStore) activeRunDir(runID string) (expDir string, info *RunInfo, err error) {
	ed, err := s.locateRun(runID)
	if err != nil {
		return "", nil, err
	}
	info, err = s.readRunInfo(ed, runID)
	if err != nil {
		return "", nil, err
	}
	if info.LifecycleStage == StageDeleted || strings.HasPrefix(ed, trashDir+"/") {
		return "", nil, fmt.Errorf("%w: the run %s must be in the 'active' state; it is deleted", ErrDeleted, runID)
	}
	return ed, info, nil
}

// LogBatch logs params, then metric points, then tags to an active run.
// Each param is created with a hard link, so its immutability holds
// across processes; each metric point is one appended line; each tag one
// atomic file. The file store has no transactions: a crash in the middle
// leaves the items written so far, each whole.
func (s *FileStore) LogBatch(ctx context.Context, runID string, b Batch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckBatch(b); err != nil {
		return err
	}
	ed, _, err := s.activeRunDir(runID)
	if err != nil {
		return err
	}
	dir := ed + "/" + runID
	for _, p := range b.Params {
		name := dir + "/params/" + p.Key
		created, err := createAtomic(s.root, dir, name, []byte(p.Value))
		if err != nil {
			return fmt.Errorf("tracking: run %s param %q: %w", runID, p.Key, err)
		}
		if created {
			continue
		}
		old, err := s.readFile(name, paramReadLimit)
		if err != nil {
			return fmt.Errorf("tracking: run %s param %q: %w", runID, p.Key, err)
		}
		if string(old) != p.Value {
			return immutableParamErr(runID, p.Key, string(old), p.Value)
		}
	}
	for _, m := range b.Metrics {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := appendLine(s.root, dir+"/metrics/"+m.Key, metricLine(m)); err != nil {
			return fmt.Errorf("tracking: run %s metric %q: %w", runID, m.Key, err)
		}
	}
	for _, t := range LastTags(b.Tags) {
		if err := writeAtomic(s.root, dir, dir+"/tags/"+t.Key, []byte(t.Value)); err != nil {
			return fmt.Errorf("tracking: run %s tag %q: %w", runID, t.Key, err)
		}
		if t.Key == TagRunName {
			err := s.updateRunMeta(ed, runID, func(info *RunInfo) error {
				info.RunName = t.Value
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// immutableParamErr is MLflow's error for a param logged again with
// another value.
func immutableParamErr(runID, key, old, value string) error {
	return fmt.Errorf("%w: Changing param values is not allowed. Param with key='%s' was already logged with value='%s' for run ID='%s'. Attempted logging new value '%s'.",
		ErrImmutable, key, old, runID, value)
}

// DeleteTag removes a tag of an active run.
func (s *FileStore) DeleteTag(ctx context.Context, runID, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := validateKey("tag", key); err != nil {
		return err
	}
	ed, _, err := s.activeRunDir(runID)
	if err != nil {
		return err
	}
	name := filepath.FromSlash(ed + "/" + runID + "/tags/" + key)
	st, err := s.root.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) || err == nil && st.IsDir() {
		return fmt.Errorf("%w: no tag with name %q in run with id %s", ErrNotFound, key, runID)
	}
	if err == nil {
		err = s.root.Remove(name)
	}
	if err != nil {
		return fmt.Errorf("tracking: run %s tag %q: %w", runID, key, err)
	}
	return nil
}

// UpdateRun sets the status, end time and name of an active run (those of
// u that are set). A new name is also written as the tag mlflow.runName.
func (s *FileStore) UpdateRun(ctx context.Context, runID string, u RunUpdate) (*RunInfo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if u.Status != 0 && !u.Status.valid() {
		return nil, fmt.Errorf("%w: run status %d", ErrInvalid, int(u.Status))
	}
	if u.EndTime < 0 {
		return nil, fmt.Errorf("%w: end time %d is negative", ErrInvalid, u.EndTime)
	}
	if u.Name != "" {
		if err := validateValue("tag", TagRunName, u.Name, maxTagValueLen); err != nil {
			return nil, err
		}
	}
	ed, _, err := s.activeRunDir(runID)
	if err != nil {
		return nil, err
	}
	var out RunInfo
	err = s.updateRunMeta(ed, runID, func(info *RunInfo) error {
		if u.Status != 0 {
			info.Status = u.Status
		}
		if u.EndTime != 0 {
			info.EndTime = u.EndTime
		}
		if u.Name != "" {
			info.RunName = u.Name
		}
		out = *info
		return nil
	})
	if err != nil {
		return nil, err
	}
	if u.Name != "" {
		dir := ed + "/" + runID
		if err := writeAtomic(s.root, dir, dir+"/tags/"+TagRunName, []byte(u.Name)); err != nil {
			return nil, fmt.Errorf("tracking: run %s tag %q: %w", runID, TagRunName, err)
		}
	}
	return &out, nil
}

// RenameExperiment renames an active experiment; the new name must be
// free among all experiments, deleted ones included.
func (s *FileStore) RenameExperiment(ctx context.Context, id, newName string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := validateExperimentName(newName); err != nil {
		return err
	}
	unlock, err := s.lockDir(".")
	if err != nil {
		return fmt.Errorf("tracking: lock store: %w", err)
	}
	defer unlock()
	e, err := s.getExperiment(id)
	if err != nil {
		return err
	}
	if e.LifecycleStage != StageActive {
		return fmt.Errorf("%w: experiment %s (%q) is deleted; restore it to rename it", ErrDeleted, id, e.Name)
	}
	if e.Name == newName {
		return nil
	}
	exps, err := s.listExperiments(All)
	if err != nil {
		return err
	}
	for _, x := range exps {
		if x.Name == newName {
			return fmt.Errorf("%w: experiment %q (id %s)", ErrExists, newName, x.ID)
		}
	}
	e.Name, e.LastUpdateTime = newName, s.nowMillis()
	if err := writeAtomic(s.root, id, id+"/meta.yaml", encodeYAML(experimentMeta(e))); err != nil {
		return fmt.Errorf("tracking: experiment %s: %w", id, err)
	}
	return nil
}

// DeleteExperimentTag removes a tag of an active experiment.
func (s *FileStore) DeleteExperimentTag(ctx context.Context, id, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := validateKey("experiment tag", key); err != nil {
		return err
	}
	e, err := s.getExperiment(id)
	if err != nil {
		return err
	}
	if e.LifecycleStage == StageDeleted {
		return fmt.Errorf("%w: experiment %s", ErrDeleted, id)
	}
	name := filepath.FromSlash(id + "/tags/" + key)
	st, err := s.root.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) || err == nil && st.IsDir() {
		return fmt.Errorf("%w: no tag with name %q in experiment %s", ErrNotFound, key, id)
	}
	if err == nil {
		err = s.root.Remove(name)
	}
	if err != nil {
		return fmt.Errorf("tracking: experiment %s tag %q: %w", id, key, err)
	}
	return nil
}

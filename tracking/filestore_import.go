package tracking

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// ImportExperiment creates an experiment as e describes it, keeping its
// id when that id is free (here or in .trash), else with a new 18-digit
// id. Its artifact location is <store>/<id>. A deleted experiment goes to
// .trash, as MLflow keeps them.
func (s *FileStore) ImportExperiment(ctx context.Context, e *Experiment) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := validateExperimentName(e.Name); err != nil {
		return "", err
	}
	for k, v := range e.Tags {
		if err := ValidateExperimentTag(k, v); err != nil {
			return "", err
		}
	}
	unlock, err := s.lockDir(".")
	if err != nil {
		return "", fmt.Errorf("tracking: lock store: %w", err)
	}
	defer unlock()
	exps, err := s.listExperiments(All)
	if err != nil {
		return "", err
	}
	for _, x := range exps {
		if x.Name == e.Name {
			return "", fmt.Errorf("%w: experiment %q (id %s)", ErrExists, e.Name, x.ID)
		}
	}
	id := e.ID
	if s.idTaken(id) {
		id = ""
	}
	deleted := e.LifecycleStage == StageDeleted
	for {
		if id == "" {
			if id, err = s.readRand(newExperimentID); err != nil {
				return "", err
			}
			if s.idTaken(id) {
				id = ""
				continue
			}
		}
		x := *e
		x.ID = id
		x.ArtifactLocation = s.defaultArtifactLocation(id)
		if x.LifecycleStage != StageDeleted {
			x.LifecycleStage = StageActive
		}
		if deleted {
			if err := s.root.MkdirAll(trashDir, 0o755); err != nil {
				return "", fmt.Errorf("tracking: import experiment %q: %w", e.Name, err)
			}
		}
		err := s.writeNewExperimentIn(expDir(id, deleted), &x)
		if errors.Is(err, fs.ErrExist) {
			id = ""
			continue
		}
		if err != nil {
			return "", fmt.Errorf("tracking: import experiment %q: %w", e.Name, err)
		}
		return id, nil
	}
}

// idTaken reports whether id is not a usable experiment id here: invalid,
// or already a directory of the store or of its trash.
func (s *FileStore) idTaken(id string) bool {
	if validateExperimentID(id) != nil {
		return true
	}
	for _, deleted := range []bool{false, true} {
		if _, err := s.root.Lstat(filepath.FromSlash(expDir(id, deleted))); err == nil {
			return true
		}
	}
	return false
}

// writeNewExperimentIn is writeNewExperiment in directory dir (an id, or
// .trash/<id>).
func (s *FileStore) writeNewExperimentIn(dir string, e *Experiment) error {
	if err := s.root.Mkdir(filepath.FromSlash(dir), 0o755); err != nil {
		return err
	}
	for _, k := range sortedKeys(e.Tags) {
		if err := writeAtomic(s.root, dir, dir+"/tags/"+k, []byte(e.Tags[k])); err != nil {
			return fmt.Errorf("tracking: experiment %s: tag %q: %w", e.ID, k, err)
		}
	}
	return writeAtomic(s.root, dir, dir+"/meta.yaml", encodeYAML(experimentMeta(e)))
}

// ImportRun writes the run r with its id, info, params, tags, inputs and
// the metric histories, into experiment experimentID; meta.yaml last, so
// a crash leaves no half run that reads as one.
func (s *FileStore) ImportRun(ctx context.Context, experimentID string, r *Run, history map[string][]Metric) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := validateRunID(r.Info.RunID); err != nil {
		return err
	}
	e, err := s.getExperiment(experimentID)
	if err != nil {
		return err
	}
	if _, err := s.locateRun(r.Info.RunID); err == nil {
		return fmt.Errorf("%w: run %s", ErrExists, r.Info.RunID)
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	for k, v := range r.Params {
		if err := validateKey("param", k); err != nil {
			return err
		}
		if err := validateValue("param", k, v, maxParamValueLen); err != nil {
			return err
		}
	}
	for k, v := range r.Tags {
		if err := ValidateTag(k, v); err != nil {
			return err
		}
	}
	for k := range history {
		if err := validateKey("metric", k); err != nil {
			return err
		}
	}
	if err := CheckInputs(r.Inputs); err != nil {
		return err
	}
	ed := expDir(e.ID, e.LifecycleStage == StageDeleted)
	dir := ed + "/" + r.Info.RunID
	if err := s.root.Mkdir(filepath.FromSlash(dir), 0o755); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%w: run %s", ErrExists, r.Info.RunID)
		}
		return fmt.Errorf("tracking: import run %s: %w", r.Info.RunID, err)
	}
	info := r.Info
	info.ExperimentID = e.ID
	info.ArtifactURI = strings.TrimSuffix(e.ArtifactLocation, "/") + "/" + info.RunID + "/artifacts"
	if info.LifecycleStage != StageDeleted {
		info.LifecycleStage, info.DeletedTime = StageActive, 0
	}
	if !info.Status.valid() {
		info.Status = Running
	}
	for _, k := range sortedKeys(r.Params) {
		if err := writeAtomic(s.root, dir, dir+"/params/"+k, []byte(r.Params[k])); err != nil {
			return fmt.Errorf("tracking: run %s param %q: %w", info.RunID, k, err)
		}
	}
	for _, k := range sortedKeys(history) {
		var b []byte
		for _, m := range history[k] {
			b = append(b, metricLine(m)...)
		}
		if err := writeAtomic(s.root, dir, dir+"/metrics/"+k, b); err != nil {
			return fmt.Errorf("tracking: run %s metric %q: %w", info.RunID, k, err)
		}
	}
	if err := s.writeInputs(ed, info.RunID, r.Inputs); err != nil {
		return err
	}
	tags := r.Tags
	if _, ok := tags[TagRunName]; !ok && info.RunName != "" {
		tags = make(map[string]string, len(r.Tags)+1)
		for k, v := range r.Tags {
			tags[k] = v
		}
		tags[TagRunName] = info.RunName
	}
	return s.writeNewRun(ed, &info, tags)
}

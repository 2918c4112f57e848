package tracking

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// DefaultExperimentID is the id of the experiment named "Default", which
// a new store gets and which cannot be deleted.
const DefaultExperimentID = "0"

// DefaultExperimentName is the name of experiment "0".
const DefaultExperimentName = "Default"

// trashDir holds deleted experiments, moved there whole.
const trashDir = ".trash"

// Experiment is a named group of runs.
type Experiment struct {
	ID               string            `json:"experiment_id"`
	Name             string            `json:"name"`
	ArtifactLocation string            `json:"artifact_location"`
	LifecycleStage   string            `json:"lifecycle_stage"`
	CreationTime     int64             `json:"creation_time,omitempty"`    // ms since the epoch; 0 if unknown
	LastUpdateTime   int64             `json:"last_update_time,omitempty"` // ms since the epoch; 0 if unknown
	Tags             map[string]string `json:"tags"`
}

// experimentMeta returns the fields of an experiment's meta.yaml.
func experimentMeta(e *Experiment) []yamlField {
	f := []yamlField{{"artifact_location", e.ArtifactLocation}}
	if e.CreationTime != 0 {
		f = append(f, yamlField{"creation_time", e.CreationTime})
	}
	f = append(f, yamlField{"experiment_id", e.ID})
	if e.LastUpdateTime != 0 {
		f = append(f, yamlField{"last_update_time", e.LastUpdateTime})
	}
	return append(f,
		yamlField{"lifecycle_stage", e.LifecycleStage},
		yamlField{"name", e.Name})
}

// expDir is where an experiment lives in the store: its id, or
// .trash/<id> once deleted.
func expDir(id string, deleted bool) string {
	if deleted {
		return trashDir + "/" + id
	}
	return id
}

// ensureDefaultExperiment creates experiment "0" in a store that holds
// nothing yet.
func (s *FileStore) ensureDefaultExperiment() error {
	unlock, err := s.lockDir(".")
	if err != nil {
		return fmt.Errorf("tracking: lock store: %w", err)
	}
	defer unlock()
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return fmt.Errorf("tracking: read store: %w", err)
	}
	if len(entries) > 0 {
		return nil
	}
	now := s.nowMillis()
	return s.writeNewExperiment(&Experiment{
		ID:               DefaultExperimentID,
		Name:             DefaultExperimentName,
		ArtifactLocation: s.defaultArtifactLocation(DefaultExperimentID),
		LifecycleStage:   StageActive,
		CreationTime:     now,
		LastUpdateTime:   now,
	})
}

// writeNewExperiment makes the experiment's directory, writes its tags and
// then its meta.yaml, so that a reader sees the experiment whole or not at
// all. It fails with fs.ErrExist if the directory exists.
func (s *FileStore) writeNewExperiment(e *Experiment) error {
	if err := s.root.Mkdir(e.ID, 0o755); err != nil {
		return err
	}
	for _, k := range sortedKeys(e.Tags) {
		if err := writeAtomic(s.root, e.ID, e.ID+"/tags/"+k, []byte(e.Tags[k])); err != nil {
			return fmt.Errorf("tracking: experiment %s: tag %q: %w", e.ID, k, err)
		}
	}
	if err := writeAtomic(s.root, e.ID, e.ID+"/meta.yaml", encodeYAML(experimentMeta(e))); err != nil {
		return fmt.Errorf("tracking: experiment %s: %w", e.ID, err)
	}
	return nil
}

// CreateExperiment creates an experiment and returns its id, an 18-digit
// number as MLflow makes them. name must be unique among all experiments,
// deleted ones included (ErrExists). artifactLocation is where its runs'
// artifacts go: "" means <artifact root>/<id> (Options.ArtifactRoot,
// <store>/<id> by default), else a path or a file: URI (made absolute), or
// another URI (s3://..., kept as MLflow keeps it; the store's own artifact
// methods then refuse those runs). tags may be nil.
//
// Unlike MLflow's file store, creation is race-free: concurrent creators
// of one name, in any process, get one experiment and ErrExists.
func (s *FileStore) CreateExperiment(ctx context.Context, name, artifactLocation string, tags map[string]string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := validateExperimentName(name); err != nil {
		return "", err
	}
	if len(artifactLocation) > maxArtifactLocLen {
		return "", fmt.Errorf("%w: artifact location is longer than %d characters", ErrInvalid, maxArtifactLocLen)
	}
	for k, v := range tags {
		if err := validateKey("experiment tag", k); err != nil {
			return "", err
		}
		if err := validateValue("experiment tag", k, v, maxExpTagValueLen); err != nil {
			return "", err
		}
	}
	var loc string
	if artifactLocation != "" {
		// A path becomes the file: URI of its absolute path; another URI
		// (s3://..., mlflow-artifacts:/...) is kept, as MLflow keeps it.
		var err error
		if loc, err = ArtifactRootURI(artifactLocation); err != nil {
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
	for _, e := range exps {
		if e.Name == name {
			if e.LifecycleStage == StageDeleted {
				return "", fmt.Errorf("%w: experiment %q (id %s) exists and is deleted: restore it, or remove %s for good", ErrExists, name, e.ID, s.path(expDir(e.ID, true)))
			}
			return "", fmt.Errorf("%w: experiment %q (id %s)", ErrExists, name, e.ID)
		}
	}
	for {
		id, err := s.readRand(newExperimentID)
		if err != nil {
			return "", err
		}
		if _, err := s.root.Lstat(filepath.FromSlash(expDir(id, true))); err == nil {
			continue
		}
		now := s.nowMillis()
		e := &Experiment{ID: id, Name: name, ArtifactLocation: loc, LifecycleStage: StageActive,
			CreationTime: now, LastUpdateTime: now, Tags: tags}
		if e.ArtifactLocation == "" {
			e.ArtifactLocation = s.defaultArtifactLocation(id)
		}
		err = s.writeNewExperiment(e)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("tracking: create experiment %q: %w", name, err)
		}
		return id, nil
	}
}

// GetExperiment returns the experiment with the given id, deleted or not.
func (s *FileStore) GetExperiment(ctx context.Context, id string) (*Experiment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.getExperiment(id)
}

func (s *FileStore) getExperiment(id string) (*Experiment, error) {
	if err := validateExperimentID(id); err != nil {
		return nil, err
	}
	for _, deleted := range []bool{false, true} {
		e, err := s.readExperiment(expDir(id, deleted), id)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		return e, err
	}
	return nil, fmt.Errorf("%w: experiment id %s", ErrNotFound, id)
}

// GetExperimentByName returns the experiment with that name, deleted or
// not.
func (s *FileStore) GetExperimentByName(ctx context.Context, name string) (*Experiment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	exps, err := s.listExperiments(All)
	if err != nil {
		return nil, err
	}
	for _, e := range exps {
		if e.Name == name {
			return e, nil
		}
	}
	return nil, fmt.Errorf("%w: experiment %q", ErrNotFound, name)
}

// readExperiment reads the experiment in directory dir of the store. The
// error wraps fs.ErrNotExist when there is no meta.yaml, ErrCorrupt when
// it is malformed.
func (s *FileStore) readExperiment(dir, id string) (*Experiment, error) {
	p := s.path(dir + "/meta.yaml")
	data, err := s.readFile(dir+"/meta.yaml", metaReadLimit)
	if absent(err) {
		return nil, fmt.Errorf("tracking: experiment %s: %w", id, fs.ErrNotExist)
	}
	if err != nil {
		return nil, err
	}
	e, err := parseExperimentMeta(data, p, id)
	if err != nil {
		return nil, err
	}
	if e.Tags, err = s.reader().readKeyFiles(dir+"/tags", expTagReadLimit); err != nil {
		return nil, fmt.Errorf("tracking: experiment %s tags: %w", id, err)
	}
	return e, nil
}

// parseExperimentMeta reads an experiment's meta.yaml with MLflow's rules:
// experiment_id (a string or a legacy integer) must be the directory name
// id, name must be there. p is for messages.
func parseExperimentMeta(data []byte, p, id string) (*Experiment, error) {
	m, err := decodeYAML(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, p, err)
	}
	e := &Experiment{}
	var ok bool
	if e.ID, ok = yamlString(m, "experiment_id"); !ok || e.ID != id {
		return nil, fmt.Errorf("%w: %s: experiment_id %q does not match the directory name %q", ErrCorrupt, p, e.ID, id)
	}
	if e.Name, ok = yamlString(m, "name"); !ok {
		return nil, fmt.Errorf("%w: %s: no name", ErrCorrupt, p)
	}
	e.ArtifactLocation, _ = yamlString(m, "artifact_location")
	e.LifecycleStage, _ = yamlString(m, "lifecycle_stage")
	if e.LifecycleStage == "" {
		e.LifecycleStage = StageActive
	}
	e.CreationTime, _, _ = yamlInt(m, "creation_time")
	e.LastUpdateTime, _, _ = yamlInt(m, "last_update_time")
	return e, nil
}

// listExperiments reads every experiment of the view, in no set order.
// Directories without a meta.yaml are skipped, as MLflow skips them; one
// whose files are malformed is skipped with a warning, as MLflow's
// search_experiments warns "Malformed experiment" and goes on.
func (s *FileStore) listExperiments(view ViewType) ([]*Experiment, error) {
	var out []*Experiment
	for _, deleted := range []bool{false, true} {
		if deleted && view == ActiveOnly {
			continue
		}
		dir := "."
		if deleted {
			dir = trashDir
		}
		entries, err := s.readDir(dir)
		if absent(err) && deleted {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("tracking: list experiments: %w", err)
		}
		for _, ent := range entries {
			name := ent.Name()
			if !ent.IsDir() || name == trashDir || name == "models" || validateExperimentID(name) != nil {
				continue
			}
			e, err := s.readExperiment(expDir(name, deleted), name)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if errors.Is(err, ErrCorrupt) {
				s.warn(fmt.Errorf("skipped experiment %s: %w", name, err))
				continue
			}
			if err != nil {
				return nil, err
			}
			if view.includes(e.LifecycleStage) {
				out = append(out, e)
			}
		}
	}
	return out, nil
}

// SetExperimentTag sets a tag on an experiment. The tag
// "mlflow.note.content" is the experiment's description in MLflow's UI.
func (s *FileStore) SetExperimentTag(ctx context.Context, id, key, value string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := validateKey("experiment tag", key); err != nil {
		return err
	}
	if err := validateValue("experiment tag", key, value, maxExpTagValueLen); err != nil {
		return err
	}
	e, err := s.getExperiment(id)
	if err != nil {
		return err
	}
	if e.LifecycleStage == StageDeleted {
		return fmt.Errorf("%w: experiment %s", ErrDeleted, id)
	}
	return writeAtomic(s.root, id, id+"/tags/"+key, []byte(value))
}

// DeleteExperiment marks the experiment and all its runs deleted and moves
// its directory to .trash, as MLflow does. The Default experiment "0"
// cannot be deleted.
func (s *FileStore) DeleteExperiment(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.setExperimentStage(id, StageDeleted)
}

// RestoreExperiment brings a deleted experiment and its runs back.
func (s *FileStore) RestoreExperiment(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.setExperimentStage(id, StageActive)
}

func (s *FileStore) setExperimentStage(id, stage string) error {
	if id == DefaultExperimentID && stage == StageDeleted {
		return fmt.Errorf("%w: the Default experiment (id 0) cannot be deleted", ErrInvalid)
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
	if e.LifecycleStage == stage {
		return nil
	}
	deleting := stage == StageDeleted
	from := expDir(id, !deleting)
	// Runs first: a crash half-way leaves runs deleted in an active
	// experiment, which a second call completes.
	runs, err := s.readDir(from)
	if err != nil {
		return fmt.Errorf("tracking: experiment %s: %w", id, err)
	}
	for _, r := range runs {
		if !r.IsDir() || reservedExpEntry(r.Name()) {
			continue
		}
		err := s.updateRunMeta(from, r.Name(), func(info *RunInfo) error {
			if deleting && info.LifecycleStage != StageDeleted {
				info.LifecycleStage, info.DeletedTime = StageDeleted, s.nowMillis()
			} else if !deleting && info.LifecycleStage == StageDeleted {
				info.LifecycleStage, info.DeletedTime = StageActive, 0
			}
			return nil
		})
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	e.LifecycleStage, e.LastUpdateTime = stage, s.nowMillis()
	if err := writeAtomic(s.root, from, from+"/meta.yaml", encodeYAML(experimentMeta(e))); err != nil {
		return fmt.Errorf("tracking: experiment %s: %w", id, err)
	}
	if deleting {
		if err := s.root.MkdirAll(trashDir, 0o755); err != nil {
			return fmt.Errorf("tracking: experiment %s: %w", id, err)
		}
	}
	if err := s.root.Rename(filepath.FromSlash(from), filepath.FromSlash(expDir(id, deleting))); err != nil {
		return fmt.Errorf("tracking: experiment %s: %w", id, err)
	}
	return nil
}

// reservedExpEntry reports whether a name inside an experiment directory
// is not a run (mlflow/store/tracking/file_store.py).
func reservedExpEntry(name string) bool {
	switch name {
	case "tags", "datasets", "traces", "models":
		return true
	}
	return strings.HasPrefix(name, ".")
}

// readKeyFiles reads a params/ or tags/ style folder of the store, one
// file per key (keys with "/" are subfolders), into a map. A missing
// folder gives an empty map; a value over limit bytes is ErrCorrupt.
func (r reader) readKeyFiles(dir string, limit int64) (map[string]string, error) {
	out := map[string]string{}
	err := r.walkKeys(dir, func(key, name string) error {
		b, err := r.readFile(name, limit)
		if absent(err) {
			return nil // removed meanwhile (a tag deleted)
		}
		if err != nil {
			return err
		}
		out[key] = string(b)
		return nil
	})
	return out, err
}

// walkKeys calls fn for every regular file under the folder dir with its
// key (its path relative to dir) and its name, both slash-separated.
// FIFOs, devices and links out of the store are skipped with a warning:
// none can be a value MLflow wrote. Links to folders are not walked.
func (r reader) walkKeys(dir string, fn func(key, name string) error) error {
	var walk func(prefix string) error
	walk = func(prefix string) error {
		d := path.Join(dir, prefix)
		entries, err := r.readDir(d)
		if err != nil {
			if prefix == "" && absent(err) {
				return nil
			}
			return err
		}
		for _, ent := range entries {
			key := path.Join(prefix, ent.Name())
			name := path.Join(dir, key)
			switch t := ent.Type(); {
			case t.IsDir():
				if err := walk(key); err != nil {
					return err
				}
			case t.IsRegular(), t&fs.ModeSymlink != 0:
				// A link is read if it stays inside the store and names
				// a regular file; openRegular refuses the others.
				if strings.HasPrefix(ent.Name(), tmpPrefix) {
					continue
				}
				if err := fn(key, name); errors.Is(err, errNotRegular) {
					r.s.warn(err)
				} else if err != nil {
					return err
				}
			default:
				r.s.warn(fmt.Errorf("%s: %w", r.path(name), errNotRegular))
			}
		}
		return nil
	}
	return walk("")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

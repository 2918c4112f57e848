package tracking

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ActiveRun is a run being logged to, returned by StartRun and ResumeRun.
// Its methods are safe for concurrent use, and other processes may log to
// the same run at the same time.
type ActiveRun struct {
	s      *Store
	expID  string
	id     string
	name   string
	artURI string
}

// ID returns the run id, 32 hex digits.
func (r *ActiveRun) ID() string { return r.id }

// Name returns the run name.
func (r *ActiveRun) Name() string { return r.name }

// ExperimentID returns the id of the run's experiment.
func (r *ActiveRun) ExperimentID() string { return r.expID }

// ArtifactURI returns where the run's artifacts go.
func (r *ActiveRun) ArtifactURI() string { return r.artURI }

func (r *ActiveRun) dir() string { return r.expID + "/" + r.id }

// StartRun creates a run in an active experiment ("" means the Default
// experiment "0") with status RUNNING. name "" means the tag
// mlflow.runName if tags has it, else a random name such as
// "bold-heron-42". Besides tags, the run gets MLflow's own tags:
// mlflow.runName, mlflow.user, mlflow.source.name and mlflow.source.type.
//
// The run's tags and folders are written before its meta.yaml, so a reader
// sees the run whole or not at all.
func (s *Store) StartRun(experimentID, name string, tags map[string]string) (*ActiveRun, error) {
	if experimentID == "" {
		experimentID = DefaultExperimentID
	}
	e, err := s.GetExperiment(experimentID)
	if err != nil {
		return nil, err
	}
	if e.LifecycleStage != StageActive {
		return nil, fmt.Errorf("%w: experiment %s (%q) is deleted", ErrDeleted, e.ID, e.Name)
	}
	for k, v := range tags {
		if err := validateKey("tag", k); err != nil {
			return nil, err
		}
		if err := validateValue("tag", k, v, maxTagValueLen); err != nil {
			return nil, err
		}
	}
	if tn, ok := tags[TagRunName]; ok {
		if name != "" && name != tn {
			return nil, fmt.Errorf("%w: run name %q and tag %s=%q differ", ErrInvalid, name, TagRunName, tn)
		}
		name = tn
	}
	if name == "" {
		if name, err = s.readRand(newRunName); err != nil {
			return nil, err
		}
	}
	if err := validateValue("tag", TagRunName, name, maxTagValueLen); err != nil {
		return nil, err
	}
	all := map[string]string{
		TagUser:       s.user,
		TagSourceName: sourceName(),
		TagSourceType: "LOCAL",
	}
	for k, v := range tags {
		all[k] = v
	}
	all[TagRunName] = name

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
			return nil, fmt.Errorf("tracking: start run: %w", err)
		}
		break
	}
	r := &ActiveRun{s: s, expID: e.ID, id: runID, name: name,
		artURI: strings.TrimSuffix(e.ArtifactLocation, "/") + "/" + runID + "/artifacts"}
	dir := r.dir()
	for _, sub := range []string{"metrics", "params", "tags", "artifacts"} {
		if err := s.root.Mkdir(filepath.FromSlash(dir+"/"+sub), 0o755); err != nil {
			return nil, fmt.Errorf("tracking: start run: %w", err)
		}
	}
	for _, k := range sortedKeys(all) {
		if err := writeAtomic(s.root, dir, dir+"/tags/"+k, []byte(all[k])); err != nil {
			return nil, fmt.Errorf("tracking: run %s tag %q: %w", runID, k, err)
		}
	}
	info := &RunInfo{RunID: runID, RunName: name, ExperimentID: e.ID, UserID: s.user, Status: Running,
		StartTime: s.nowMillis(), ArtifactURI: r.artURI, LifecycleStage: StageActive}
	if err := writeAtomic(s.root, dir, dir+"/meta.yaml", encodeYAML(runMetaFields(info, true))); err != nil {
		return nil, fmt.Errorf("tracking: run %s: %w", runID, err)
	}
	return r, nil
}

// ResumeRun returns a handle to log to an existing run and sets its status
// back to RUNNING, as MLflow's start_run(run_id=...) does.
func (s *Store) ResumeRun(runID string) (*ActiveRun, error) {
	ed, err := s.locateRun(runID)
	if err != nil {
		return nil, err
	}
	var r *ActiveRun
	err = s.updateRunMeta(ed, runID, func(info *RunInfo) error {
		if info.LifecycleStage == StageDeleted || strings.HasPrefix(ed, trashDir+"/") {
			return fmt.Errorf("%w: run %s", ErrDeleted, runID)
		}
		info.Status, info.EndTime = Running, 0
		r = &ActiveRun{s: s, expID: ed, id: runID, name: info.RunName, artURI: info.ArtifactURI}
		return nil
	})
	return r, err
}

// OpenRun returns a handle to log to an existing run, from this or
// another process, without changing its status. The run must be active.
func (s *Store) OpenRun(runID string) (*ActiveRun, error) {
	ed, err := s.locateRun(runID)
	if err != nil {
		return nil, err
	}
	info, err := s.readRunInfo(ed, runID)
	if err != nil {
		return nil, err
	}
	if info.LifecycleStage == StageDeleted || strings.HasPrefix(ed, trashDir+"/") {
		return nil, fmt.Errorf("%w: run %s", ErrDeleted, runID)
	}
	return &ActiveRun{s: s, expID: ed, id: runID, name: info.RunName, artURI: info.ArtifactURI}, nil
}

func sourceName() string {
	if len(os.Args) > 0 {
		return os.Args[0]
	}
	return ""
}

// checkActive fails with ErrDeleted if the run was deleted (by this or
// another process) since it started: MLflow refuses to log to deleted
// runs. Logging to a finished run is allowed, as in MLflow.
func (r *ActiveRun) checkActive() error {
	info, err := r.s.readRunInfo(r.expID, r.id)
	if err != nil {
		return err
	}
	if info.LifecycleStage == StageDeleted {
		return fmt.Errorf("%w: run %s", ErrDeleted, r.id)
	}
	return nil
}

// LogParam logs a param. Params are immutable: logging the same value
// again does nothing, a different value fails with ErrImmutable. The check
// is race-free across processes.
func (r *ActiveRun) LogParam(key, value string) error {
	if err := validateKey("param", key); err != nil {
		return err
	}
	if err := validateValue("param", key, value, maxParamValueLen); err != nil {
		return err
	}
	if err := r.checkActive(); err != nil {
		return err
	}
	name := r.dir() + "/params/" + key
	created, err := createAtomic(r.s.root, r.dir(), name, []byte(value))
	if err != nil {
		return fmt.Errorf("tracking: run %s param %q: %w", r.id, key, err)
	}
	if created {
		return nil
	}
	old, err := r.s.readFile(name, paramReadLimit)
	if err != nil {
		return fmt.Errorf("tracking: run %s param %q: %w", r.id, key, err)
	}
	if string(old) != value {
		return fmt.Errorf("%w: changing param values is not allowed: param %q was already logged with value %q for run %s (new value %q)", ErrImmutable, key, old, r.id, value)
	}
	return nil
}

// LogParams logs several params, in key order; it stops at the first
// error.
func (r *ActiveRun) LogParams(params map[string]string) error {
	for _, k := range sortedKeys(params) {
		if err := r.LogParam(k, params[k]); err != nil {
			return err
		}
	}
	return nil
}

// LogMetric appends a value of a metric at a step, timestamped now. The
// history is kept: GetMetricHistory returns every value. NaN and
// infinities are stored as they are.
func (r *ActiveRun) LogMetric(key string, value float64, step int64) error {
	return r.logMetrics([]Metric{{Key: key, Value: value, Step: step, Timestamp: r.s.nowMillis()}})
}

// LogMetricAt appends a metric value with its own timestamp, in ms since
// the epoch.
func (r *ActiveRun) LogMetricAt(m Metric) error {
	if m.Timestamp < 0 {
		return fmt.Errorf("%w: metric %q: negative timestamp %d", ErrInvalid, m.Key, m.Timestamp)
	}
	return r.logMetrics([]Metric{m})
}

// LogMetrics appends a value of each metric at one step, with one
// timestamp, in key order.
func (r *ActiveRun) LogMetrics(metrics map[string]float64, step int64) error {
	now := r.s.nowMillis()
	ms := make([]Metric, 0, len(metrics))
	for _, k := range sortedKeys(metrics) {
		ms = append(ms, Metric{Key: k, Value: metrics[k], Step: step, Timestamp: now})
	}
	return r.logMetrics(ms)
}

func (r *ActiveRun) logMetrics(ms []Metric) error {
	for _, m := range ms {
		if err := validateKey("metric", m.Key); err != nil {
			return err
		}
	}
	if err := r.checkActive(); err != nil {
		return err
	}
	for _, m := range ms {
		if err := appendLine(r.s.root, r.dir()+"/metrics/"+m.Key, metricLine(m)); err != nil {
			return fmt.Errorf("tracking: run %s metric %q: %w", r.id, m.Key, err)
		}
	}
	return nil
}

// SetTag sets a tag, replacing any earlier value. Setting mlflow.runName
// renames the run, as in MLflow.
func (r *ActiveRun) SetTag(key, value string) error {
	if err := validateKey("tag", key); err != nil {
		return err
	}
	if err := validateValue("tag", key, value, maxTagValueLen); err != nil {
		return err
	}
	if err := r.checkActive(); err != nil {
		return err
	}
	if err := writeAtomic(r.s.root, r.dir(), r.dir()+"/tags/"+key, []byte(value)); err != nil {
		return fmt.Errorf("tracking: run %s tag %q: %w", r.id, key, err)
	}
	if key == TagRunName {
		r.name = value
		return r.s.updateRunMeta(r.expID, r.id, func(info *RunInfo) error {
			info.RunName = value
			return nil
		})
	}
	return nil
}

// SetTags sets several tags, in key order.
func (r *ActiveRun) SetTags(tags map[string]string) error {
	for _, k := range sortedKeys(tags) {
		if err := r.SetTag(k, tags[k]); err != nil {
			return err
		}
	}
	return nil
}

// End ends the run with a terminal status (Finished, Failed or Killed)
// and the end time now.
func (r *ActiveRun) End(status RunStatus) error {
	if !status.Terminated() {
		return fmt.Errorf("%w: End needs FINISHED, FAILED or KILLED, not %v", ErrInvalid, status)
	}
	return r.s.updateRunMeta(r.expID, r.id, func(info *RunInfo) error {
		info.Status, info.EndTime = status, r.s.nowMillis()
		return nil
	})
}

// WithRun starts a run, calls fn with it, and ends it: FINISHED when fn
// returns nil, FAILED when it returns an error or panics. fn's error is
// returned (joined with any error ending the run); a panic is passed on
// after the run is marked FAILED. This is MLflow's "with start_run():".
func (s *Store) WithRun(experimentID, name string, tags map[string]string, fn func(*ActiveRun) error) (err error) {
	r, err := s.StartRun(experimentID, name, tags)
	if err != nil {
		return err
	}
	ended := false
	defer func() {
		if !ended {
			_ = r.End(Failed) // fn panicked; the panic goes on
		}
	}()
	ferr := fn(r)
	status := Finished
	if ferr != nil {
		status = Failed
	}
	ended = true
	return errors.Join(ferr, r.End(status))
}

package tracking

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"
)

// ActiveRun is a run being logged to, in any Store: what MLflow's fluent
// API keeps as its active run. StartRun, ResumeRun and OpenRun return
// one. Its methods are safe for concurrent use, and other processes may
// log to the same run at the same time.
type ActiveRun struct {
	s      Store
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

// Store returns the store the run lives in.
func (r *ActiveRun) Store() Store { return r.s }

// nowMillis is the store's clock when it has one (RunDefaults), else the
// system's.
func nowMillis(s Store) int64 {
	if d, ok := s.(RunDefaults); ok {
		return d.Now().UnixMilli()
	}
	return time.Now().UnixMilli()
}

func runUser(s Store) string {
	if d, ok := s.(RunDefaults); ok && d.User() != "" {
		return d.User()
	}
	return currentUser()
}

// StartRun creates a run in an active experiment ("" means the Default
// experiment "0") with status RUNNING, as MLflow's fluent start_run does.
// name "" means the tag mlflow.runName if tags has it, else a random name
// such as "bold-heron-42". Besides tags, the run gets the tags MLflow's
// client sets: mlflow.runName, mlflow.user, mlflow.source.name and
// mlflow.source.type; its user_id is the user running the process (or the
// store's RunDefaults).
func StartRun(ctx context.Context, s Store, experimentID, name string, tags map[string]string) (*ActiveRun, error) {
	user := runUser(s)
	all := map[string]string{
		TagUser:       user,
		TagSourceName: sourceName(),
		TagSourceType: "LOCAL",
	}
	for k, v := range tags {
		all[k] = v
	}
	if _, ok := tags[TagRunName]; !ok && name != "" {
		all[TagRunName] = name
	}
	run, err := s.CreateRun(ctx, RunSpec{ExperimentID: experimentID, Name: name, UserID: user,
		StartTime: nowMillis(s), Tags: all})
	if err != nil {
		return nil, err
	}
	return activeRunOf(s, &run.Info), nil
}

func activeRunOf(s Store, info *RunInfo) *ActiveRun {
	return &ActiveRun{s: s, expID: info.ExperimentID, id: info.RunID, name: info.RunName, artURI: info.ArtifactURI}
}

// ResumeRun returns a handle to log to an existing active run and sets
// its status back to RUNNING, as MLflow's start_run(run_id=...) does.
func ResumeRun(ctx context.Context, s Store, runID string) (*ActiveRun, error) {
	info, err := s.UpdateRun(ctx, runID, RunUpdate{Status: Running})
	if err != nil {
		return nil, err
	}
	return activeRunOf(s, info), nil
}

// OpenRun returns a handle to log to an existing run, from this or
// another process, without changing its status. The run must be active.
func OpenRun(ctx context.Context, s Store, runID string) (*ActiveRun, error) {
	run, err := s.GetRun(ctx, runID)
	if err != nil {
		return nil, err
	}
	if run.Info.LifecycleStage == StageDeleted {
		return nil, fmt.Errorf("%w: run %s", ErrDeleted, runID)
	}
	return activeRunOf(s, &run.Info), nil
}

// WithRun starts a run, calls fn with it, and ends it: FINISHED when fn
// returns nil, FAILED when it returns an error or panics. fn's error is
// returned (joined with any error ending the run); a panic is passed on
// after the run is marked FAILED. This is MLflow's "with start_run():".
func WithRun(ctx context.Context, s Store, experimentID, name string, tags map[string]string, fn func(*ActiveRun) error) error {
	r, err := StartRun(ctx, s, experimentID, name, tags)
	if err != nil {
		return err
	}
	ended := false
	defer func() {
		if !ended {
			// fn panicked; the panic goes on. The context may be done, so
			// the run is ended without it.
			_ = r.End(context.WithoutCancel(ctx), Failed)
		}
	}()
	ferr := fn(r)
	status := Finished
	if ferr != nil {
		status = Failed
	}
	ended = true
	return errors.Join(ferr, r.End(context.WithoutCancel(ctx), status))
}

func sourceName() string {
	if len(os.Args) > 0 {
		return os.Args[0]
	}
	return ""
}

// LogParam logs a param. Params are immutable: logging the same value
// again does nothing, a different value fails with ErrImmutable.
func (r *ActiveRun) LogParam(ctx context.Context, key, value string) error {
	return r.s.LogBatch(ctx, r.id, Batch{Params: []Param{{Key: key, Value: value}}})
}

// LogParams logs several params, in key order, in batches of at most
// MaxBatchParams; it stops at the first error.
func (r *ActiveRun) LogParams(ctx context.Context, params map[string]string) error {
	ps := make([]Param, 0, len(params))
	for _, k := range sortedKeys(params) {
		ps = append(ps, Param{Key: k, Value: params[k]})
	}
	for len(ps) > 0 {
		n := min(len(ps), MaxBatchParams)
		if err := r.s.LogBatch(ctx, r.id, Batch{Params: ps[:n]}); err != nil {
			return err
		}
		ps = ps[n:]
	}
	return nil
}

// LogMetric logs a value of a metric at a step, timestamped now. The
// history is kept: GetMetricHistory returns every value.
func (r *ActiveRun) LogMetric(ctx context.Context, key string, value float64, step int64) error {
	return r.LogMetricAt(ctx, Metric{Key: key, Value: value, Step: step, Timestamp: nowMillis(r.s)})
}

// LogMetricAt logs a metric point with its own timestamp, in ms since the
// epoch.
func (r *ActiveRun) LogMetricAt(ctx context.Context, m Metric) error {
	return r.s.LogBatch(ctx, r.id, Batch{Metrics: []Metric{m}})
}

// LogMetrics logs a value of each metric at one step, with one timestamp,
// in key order, in batches of at most MaxBatchMetrics.
func (r *ActiveRun) LogMetrics(ctx context.Context, metrics map[string]float64, step int64) error {
	now := nowMillis(r.s)
	ms := make([]Metric, 0, len(metrics))
	for _, k := range sortedKeys(metrics) {
		ms = append(ms, Metric{Key: k, Value: metrics[k], Step: step, Timestamp: now})
	}
	for len(ms) > 0 {
		n := min(len(ms), MaxBatchMetrics)
		if err := r.s.LogBatch(ctx, r.id, Batch{Metrics: ms[:n]}); err != nil {
			return err
		}
		ms = ms[n:]
	}
	return nil
}

// SetTag sets a tag, replacing any earlier value. Setting mlflow.runName
// renames the run, as in MLflow.
func (r *ActiveRun) SetTag(ctx context.Context, key, value string) error {
	if err := r.s.LogBatch(ctx, r.id, Batch{Tags: []Tag{{Key: key, Value: value}}}); err != nil {
		return err
	}
	if key == TagRunName {
		r.name = value
	}
	return nil
}

// SetTags sets several tags, in key order, in batches of at most
// MaxBatchTags.
func (r *ActiveRun) SetTags(ctx context.Context, tags map[string]string) error {
	ts := make([]Tag, 0, len(tags))
	for _, k := range sortedKeys(tags) {
		ts = append(ts, Tag{Key: k, Value: tags[k]})
	}
	for len(ts) > 0 {
		n := min(len(ts), MaxBatchTags)
		if err := r.s.LogBatch(ctx, r.id, Batch{Tags: ts[:n]}); err != nil {
			return err
		}
		ts = ts[n:]
	}
	if v, ok := tags[TagRunName]; ok {
		r.name = v
	}
	return nil
}

// LogInput records that the run used a dataset, with the context (such
// as "training" or "eval") as its mlflow.data.context tag; "" for none.
func (r *ActiveRun) LogInput(ctx context.Context, d Dataset, context string) error {
	in := DatasetInput{Dataset: d}
	if context != "" {
		in.Tags = map[string]string{TagDatasetContext: context}
	}
	return r.s.LogInputs(ctx, r.id, []DatasetInput{in})
}

// End ends the run with a terminal status (Finished, Failed or Killed)
// and the end time now.
func (r *ActiveRun) End(ctx context.Context, status RunStatus) error {
	if !status.Terminated() {
		return fmt.Errorf("%w: End needs FINISHED, FAILED or KILLED, not %v", ErrInvalid, status)
	}
	_, err := r.s.UpdateRun(ctx, r.id, RunUpdate{Status: status, EndTime: nowMillis(r.s)})
	return err
}

// LogArtifactBytes writes data as the artifact name (a relative,
// slash-separated path such as "reports/drift.html"), replacing any
// earlier one, atomically.
func (r *ActiveRun) LogArtifactBytes(ctx context.Context, name string, data []byte) error {
	if name == "" {
		return fmt.Errorf("%w: empty artifact name", ErrInvalid)
	}
	return r.s.LogArtifact(ctx, r.id, name, bytes.NewReader(data))
}

// LogArtifact copies the local file localPath into the run's artifacts,
// as <artifactDir>/<base name of localPath>; artifactDir "" means the top
// of the artifact directory. This is MLflow's log_artifact.
func (r *ActiveRun) LogArtifact(ctx context.Context, localPath, artifactDir string) error {
	if err := validateArtifactPath(artifactDir); err != nil {
		return err
	}
	st, err := os.Stat(localPath)
	if err != nil {
		return fmt.Errorf("tracking: log artifact: %w", err)
	}
	if st.IsDir() {
		return fmt.Errorf("%w: log artifact: %s is a directory (use LogArtifacts)", ErrInvalid, localPath)
	}
	return r.copyArtifacts(ctx, [][2]string{{localPath, path.Join(artifactDir, filepath.Base(localPath))}})
}

// LogArtifacts copies the contents of the local directory localDir into
// the run's artifacts under artifactDir ("" for the top), as MLflow's
// log_artifacts. Symbolic links inside localDir are refused.
func (r *ActiveRun) LogArtifacts(ctx context.Context, localDir, artifactDir string) error {
	if err := validateArtifactPath(artifactDir); err != nil {
		return err
	}
	var files [][2]string
	err := filepath.WalkDir(localDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%w: %s is a symbolic link", ErrInvalid, p)
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%w: %s is not a regular file", ErrInvalid, p)
		}
		rel, err := filepath.Rel(localDir, p)
		if err != nil {
			return err
		}
		files = append(files, [2]string{p, path.Join(artifactDir, filepath.ToSlash(rel))})
		return nil
	})
	if err != nil {
		return fmt.Errorf("tracking: log artifacts: %w", err)
	}
	return r.copyArtifacts(ctx, files)
}

func (r *ActiveRun) copyArtifacts(ctx context.Context, files [][2]string) error {
	for _, f := range files {
		if err := validateArtifactPath(f[1]); err != nil {
			return err
		}
		in, err := os.Open(f[0])
		if err != nil {
			return fmt.Errorf("tracking: log artifact: %w", err)
		}
		err = r.s.LogArtifact(ctx, r.id, f[1], in)
		in.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

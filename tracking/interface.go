package tracking

import (
	"context"
	"io"
	"time"
)

// Store is a tracking store: experiments, their runs, and each run's
// params, metrics, tags, dataset inputs and artifacts. Its methods are
// those of MLflow's tracking stores and REST API (AbstractStore,
// mlflow/protos/service.proto), so one interface covers the file store
// (FileStore, this package), the relational store (package
// tracking/sqlstore) and a client of a tracking server; the conformance
// suite in tracking/storetest checks every implementation alike.
//
// Implementations are safe for concurrent use by many goroutines. Every
// method honours ctx where the store can: a cancelled context stops a
// database query or an HTTP request; the file store checks it between
// files.
//
// # Errors
//
// Errors wrap one of the package's sentinels, to be matched with
// errors.Is: ErrNotFound (no such experiment, run or artifact), ErrExists
// (an experiment name or id taken), ErrInvalid (a bad name, key, value,
// filter, path or argument), ErrImmutable (a param logged again with
// another value), ErrDeleted (a write to a deleted run or experiment) and
// ErrUnavailable (the store could not be reached, after retries). The
// server maps them to MLflow's error codes (RESOURCE_DOES_NOT_EXIST,
// RESOURCE_ALREADY_EXISTS, INVALID_PARAMETER_VALUE, ...). Error text never
// holds a password.
//
// # Ids and times
//
// Experiment ids are decimal strings ("0" is the Default experiment);
// run ids are 32 lowercase hex digits. Times are milliseconds since the
// Unix epoch.
type Store interface {
	// CreateExperiment creates an experiment and returns its id. name must
	// be unique among all experiments, deleted ones included (ErrExists).
	// artifactLocation "" means the store's default (<artifact root>/<id>).
	// tags may be nil.
	CreateExperiment(ctx context.Context, name, artifactLocation string, tags map[string]string) (string, error)
	// GetExperiment returns an experiment, deleted or not.
	GetExperiment(ctx context.Context, id string) (*Experiment, error)
	// GetExperimentByName returns the experiment with that name, deleted
	// or not.
	GetExperimentByName(ctx context.Context, name string) (*Experiment, error)
	// SearchExperiments returns a page of experiments that match the query
	// and the token of the next page ("" on the last one).
	SearchExperiments(ctx context.Context, q ExperimentQuery) ([]*Experiment, string, error)
	// RenameExperiment renames an active experiment (ErrDeleted if it is
	// deleted, ErrExists if the name is taken).
	RenameExperiment(ctx context.Context, id, newName string) error
	// DeleteExperiment marks an experiment and all its runs deleted.
	DeleteExperiment(ctx context.Context, id string) error
	// RestoreExperiment makes a deleted experiment and all its runs
	// active again.
	RestoreExperiment(ctx context.Context, id string) error
	// SetExperimentTag sets (or replaces) a tag of an active experiment.
	// The tag mlflow.note.content is the experiment's description.
	SetExperimentTag(ctx context.Context, id, key, value string) error
	// DeleteExperimentTag removes a tag (ErrNotFound if it is not set).
	DeleteExperimentTag(ctx context.Context, id, key string) error

	// CreateRun creates a run with status RUNNING in an active experiment
	// and returns it. The store picks the run id and, when spec.Name is ""
	// and the tags have no mlflow.runName, a random name; the run always
	// gets the tag mlflow.runName.
	CreateRun(ctx context.Context, spec RunSpec) (*Run, error)
	// GetRun returns a run, deleted or not, with the latest value of each
	// metric, its params, tags and dataset inputs.
	GetRun(ctx context.Context, runID string) (*Run, error)
	// UpdateRun changes the fields of u that are set and returns the new
	// info.
	UpdateRun(ctx context.Context, runID string, u RunUpdate) (*RunInfo, error)
	// DeleteRun marks a run deleted; it stays in the store.
	DeleteRun(ctx context.Context, runID string) error
	// RestoreRun makes a deleted run active again.
	RestoreRun(ctx context.Context, runID string) error
	// SearchRuns returns a page of runs that match the query and the token
	// of the next page ("" on the last one). See RunQuery for the grammar.
	SearchRuns(ctx context.Context, q RunQuery) ([]*Run, string, error)

	// LogBatch logs metric points, params and tags to an active run, in
	// that order, as MLflow's log_batch: at most 1000 metrics, 100 params,
	// 100 tags and 1000 items in all; a param already logged with the same
	// value is left alone, with another value fails with ErrImmutable; a
	// param key twice in one batch is ErrInvalid; a tag replaces the
	// earlier value (the last one wins within a batch), and mlflow.runName
	// renames the run. An exact repeat of a metric point (key, timestamp,
	// step, value) is kept once by the SQL store (its primary key) and
	// appended again by the file store, as MLflow's stores do. A store that
	// can (the SQL store) writes a batch in one transaction, so a reader
	// sees all of it or none.
	LogBatch(ctx context.Context, runID string, b Batch) error
	// DeleteTag removes a tag of an active run (ErrNotFound if it is not
	// set).
	DeleteTag(ctx context.Context, runID, key string) error
	// LogInputs links datasets to an active run as its inputs, as
	// MLflow's log_inputs. A dataset is identified by (name, digest) in its
	// experiment; linking one again adds nothing.
	LogInputs(ctx context.Context, runID string, inputs []DatasetInput) error
	// GetMetricHistory returns every point logged for a metric of a run,
	// ordered by timestamp, step and value. A run without that metric gives
	// an empty list; an unknown run gives ErrNotFound.
	GetMetricHistory(ctx context.Context, runID, key string) ([]Metric, error)

	// LogArtifact writes the artifact path (relative, slash-separated,
	// such as "reports/drift.html") of an active run from r, replacing any
	// earlier file.
	LogArtifact(ctx context.Context, runID, path string, r io.Reader) error
	// ListArtifacts lists the files and folders directly under dir ("" for
	// the top) among a run's artifacts, sorted by path.
	ListArtifacts(ctx context.Context, runID, dir string) ([]ArtifactInfo, error)
	// OpenArtifact opens an artifact file of a run for reading.
	OpenArtifact(ctx context.Context, runID, path string) (io.ReadCloser, error)

	// URI returns the store's location as a tracking URI, with any
	// password replaced by "***", for messages.
	URI() string
	// Close releases the store's files or connections.
	Close() error
}

// Importer is implemented by stores that can take experiments and runs
// with their ids and times kept, as "telltale tracking copy" needs.
type Importer interface {
	// ImportExperiment creates an experiment with e's name, lifecycle
	// stage, times and tags, and with e.ID when the store can use it (the
	// id is free and fits the store's ids), else with a new id; it returns
	// the id. The artifact location is the store's default for that id.
	// The name must be free (ErrExists).
	ImportExperiment(ctx context.Context, e *Experiment) (string, error)
	// ImportRun creates the run r in experiment experimentID with its id,
	// name, user, status, times, lifecycle stage, params, tags and dataset
	// inputs, and with the full metric histories of history (by key; the
	// latest values are derived from them). ErrExists if the run id is
	// taken. The artifact URI is the store's default for the run.
	ImportRun(ctx context.Context, experimentID string, r *Run, history map[string][]Metric) error
	// ImportArtifact writes an artifact of a run whatever the run's
	// lifecycle stage (LogArtifact refuses deleted runs).
	ImportArtifact(ctx context.Context, runID, path string, r io.Reader) error
}

// RunDefaults is implemented by stores opened with a clock and a user
// (Options.Now, Options.User): the run helpers (StartRun and the methods
// of ActiveRun) take timestamps and the mlflow.user tag from it. With
// other stores they use time.Now and the user running the process.
type RunDefaults interface {
	Now() time.Time
	User() string
}

// ExperimentQuery is the argument of SearchExperiments.
type ExperimentQuery struct {
	// View selects active (the zero value), deleted or all experiments.
	View ViewType
	// Filter is an MLflow experiment filter, such as "name LIKE 'churn%'
	// AND tags.team = 'ml'"; "" matches all.
	Filter string
	// OrderBy entries are "<attribute> [ASC|DESC]" for name, experiment_id,
	// creation_time or last_update_time; the default is creation_time
	// DESC, experiment_id ASC.
	OrderBy []string
	// MaxResults is the page size, 1 to 50000; 0 means 1000.
	MaxResults int
	// PageToken continues a search where the previous page ended.
	PageToken string
}

// RunSpec describes a run to create.
type RunSpec struct {
	// ExperimentID is the experiment of the run; "" means "0", Default.
	ExperimentID string
	// Name is the run name; "" means the tag mlflow.runName if Tags has
	// it, else a random name such as "bold-heron-42".
	Name string
	// UserID is stored as given (MLflow's client sends the OS user).
	UserID string
	// StartTime in ms since the epoch; 0 means now.
	StartTime int64
	// Tags are the run's first tags; may be nil.
	Tags map[string]string
}

// RunUpdate says what UpdateRun changes; zero fields are left alone.
type RunUpdate struct {
	Status  RunStatus // 0: unchanged
	EndTime int64     // ms since the epoch; 0: unchanged
	Name    string    // "": unchanged; also sets the tag mlflow.runName
}

// Param is a run's param: a key and its value, logged once.
type Param struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Tag is a tag of a run: a key and a value that may be replaced.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Batch is what LogBatch logs.
type Batch struct {
	Metrics []Metric
	Params  []Param
	Tags    []Tag
}

// Limits of one LogBatch call (mlflow/utils/validation.py).
const (
	MaxBatchMetrics = 1000
	MaxBatchParams  = 100
	MaxBatchTags    = 100
	MaxBatchItems   = 1000
)

// Dataset describes a dataset as MLflow's log_input records it. Source,
// Schema and Profile are JSON strings.
type Dataset struct {
	Name       string `json:"name"`
	Digest     string `json:"digest"`
	SourceType string `json:"source_type"`
	Source     string `json:"source"`
	Schema     string `json:"schema,omitempty"`
	Profile    string `json:"profile,omitempty"`
}

// DatasetInput is a dataset used by a run, with the tags of that use
// (mlflow.data.context: "training", "eval", ...).
type DatasetInput struct {
	Dataset Dataset           `json:"dataset"`
	Tags    map[string]string `json:"tags,omitempty"`
}

// TagDatasetContext is the input tag that says how a run used a dataset.
const TagDatasetContext = "mlflow.data.context"

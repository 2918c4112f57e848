package tracking

import "errors"

// Errors returned by the store. They are wrapped with %w together with the
// experiment, run, key or path concerned; match them with errors.Is.
var (
	// ErrNotFound: the experiment, run, metric or artifact does not exist.
	ErrNotFound = errors.New("tracking: not found")
	// ErrExists: an experiment with that name already exists (perhaps deleted).
	ErrExists = errors.New("tracking: already exists")
	// ErrInvalid: a name, key, value, path, filter or argument is not valid,
	// or a path would leave the store.
	ErrInvalid = errors.New("tracking: invalid argument")
	// ErrImmutable: a param was already logged with a different value.
	ErrImmutable = errors.New("tracking: param already logged with another value")
	// ErrDeleted: the run or experiment is deleted, so it cannot be written.
	ErrDeleted = errors.New("tracking: deleted")
	// ErrCorrupt: a file of the store cannot be parsed, or a database
	// lacks a table or column of MLflow's schema.
	ErrCorrupt = errors.New("tracking: malformed store file")
	// ErrUnavailable: the store (a database or a tracking server) could
	// not be reached or answered that it is unavailable, after retries.
	ErrUnavailable = errors.New("tracking: store unavailable")
)

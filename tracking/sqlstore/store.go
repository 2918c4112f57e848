package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/telltale-ml/telltale/tracking"
)

// Store is a tracking.Store in a relational database. It is safe for
// concurrent use; many processes may use one database at once.
type Store struct {
	d        *dialect
	db       *sql.DB // reads, and writes on PostgreSQL and MySQL
	wdb      *sql.DB // writes (SQLite: BEGIN IMMEDIATE); == db otherwise
	display  string  // the URI without password, for messages
	password string  // redacted from driver errors
	root     string  // artifact root of new experiments, a local absolute path
	revision string  // alembic revision found at open
	retry    retryPolicy
	group    *committer    // SQLite files: group commit of writes
	ckpt     *checkpointer // SQLite files: WAL checkpoints beside the writer

	now    func() time.Time
	user   string
	randMu sync.Mutex // guards rand and ids
	rand   io.Reader
	ids    runIDGen
}

var (
	_ tracking.Store       = (*Store)(nil)
	_ tracking.Importer    = (*Store)(nil)
	_ tracking.RunDefaults = (*Store)(nil)
)

// Options configures the Open functions. The zero value is valid.
type Options struct {
	// ArtifactRoot is where the artifacts of new experiments go:
	// <ArtifactRoot>/<experiment id>/<run id>/artifacts. A path or a file:
	// URI; "" means ./mlruns made absolute against the working directory,
	// as MLflow does for a database store.
	ArtifactRoot string
	// MustExist makes Open fail with tracking.ErrNotFound when the
	// database has no MLflow schema yet (or, for SQLite, no file), instead
	// of creating it.
	MustExist bool
	// Now is the clock (ms timestamps); nil means time.Now.
	Now func() time.Time
	// User is the user of the runs tracking.StartRun creates; "" means
	// the user running the process.
	User string
	// Rand is the source of run ids and names; nil means crypto/rand.
	Rand io.Reader
}

// Close closes the store's connections.
func (s *Store) Close() error {
	if s.group != nil {
		s.group.close()
	}
	if s.ckpt != nil {
		s.ckpt.close()
	}
	err := s.db.Close()
	if s.wdb != s.db {
		err = errors.Join(err, s.wdb.Close())
	}
	return err
}

// URI returns the store's URI with the password replaced by "***".
func (s *Store) URI() string { return s.display }

// Revision returns the alembic revision of the database.
func (s *Store) Revision() string { return s.revision }

// Dialect returns "sqlite", "postgresql" or "mysql".
func (s *Store) Dialect() string { return s.d.name }

// Now returns the store's clock reading.
func (s *Store) Now() time.Time { return s.now() }

// User returns the user of new runs made by tracking.StartRun.
func (s *Store) User() string { return s.user }

func (s *Store) nowMillis() int64 { return s.now().UnixMilli() }

// open finishes opening: options, the schema (created or checked), the
// Default experiment.
func open(ctx context.Context, d *dialect, db, wdb *sql.DB, display, password string, opts Options, group bool) (*Store, error) {
	s := &Store{d: d, db: db, wdb: wdb, display: display, password: password,
		now: opts.Now, user: opts.User, rand: opts.Rand, retry: defaultRetry}
	if group {
		s.group = newCommitter(s)
		s.ckpt = newCheckpointer(wdb)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.user == "" {
		s.user = currentUser()
	}
	root, err := artifactRoot(opts.ArtifactRoot)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.root = root
	if err := s.prepare(ctx, opts.MustExist); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// artifactRoot resolves the root of new experiments' artifacts to an
// absolute local path, as MLflow's resolve_uri_if_local does.
func artifactRoot(root string) (string, error) {
	if root == "" {
		root = "./mlruns"
	}
	if isRemoteURI(root) {
		// mlflow-artifacts:/, s3://, ...: kept, as MLflow keeps them; the
		// store then serves metadata, and a server or client the files.
		return strings.TrimSuffix(root, "/"), nil
	}
	p, err := tracking.LocalPath(root)
	if err != nil {
		return "", fmt.Errorf("%w: artifact root %q: want a local path or a file: URI (%v)", tracking.ErrInvalid, root, err)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("%w: artifact root %q: %v", tracking.ErrInvalid, root, err)
	}
	return abs, nil
}

func currentUser() string {
	for _, k := range []string{"USER", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// wrap turns a database error into the store's error: the operation, the
// store's URI, the password removed; driver errors that mean "try later"
// wrap tracking.ErrUnavailable.
func (s *Store) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	for _, e := range []error{tracking.ErrNotFound, tracking.ErrExists, tracking.ErrInvalid, tracking.ErrImmutable,
		tracking.ErrDeleted, tracking.ErrUnavailable, tracking.ErrCorrupt} {
		if errors.Is(err, e) {
			return err
		}
	}
	msg := tracking.RedactSecret(err.Error(), s.password)
	if s.d.transient(err) {
		return fmt.Errorf("%w: %s: %s: %s", tracking.ErrUnavailable, op, s.display, msg)
	}
	return fmt.Errorf("tracking: %s: %s: %s", op, s.display, msg)
}

// isRemoteURI reports whether loc is a URI other than a file: URI.
func isRemoteURI(loc string) bool {
	i := strings.Index(loc, ":")
	return i > 1 && !strings.ContainsAny(loc[:i], `/\.`) && !strings.EqualFold(loc[:i], "file")
}

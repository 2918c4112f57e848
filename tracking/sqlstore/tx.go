package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"math/rand/v2"
	"time"
)

// retryPolicy bounds the retries of a transaction that failed for a
// transient reason.
type retryPolicy struct {
	attempts int           // tries in all
	base     time.Duration // first back-off; doubled each time
	max      time.Duration // longest back-off
}

// defaultRetry: 10 tries, back-off 25 ms doubling to 2 s, with jitter:
// about 10 s before giving up.
var defaultRetry = retryPolicy{attempts: 10, base: 25 * time.Millisecond, max: 2 * time.Second}

// errRetry marks an error after which the whole transaction is run again,
// such as a unique violation from a concurrent insert of the same row.
type errRetry struct{ err error }

func (e errRetry) Error() string { return e.err.Error() }
func (e errRetry) Unwrap() error { return e.err }

// tx is a transaction with the dialect's rebinding of ? placeholders.
//
// The SQLite writer's transactions run on one connection held for writes
// (see committer), with its prepared statements kept in stmts: SQLite
// then parses each statement once, not on every call. Elsewhere
// statements are prepared per call (pgx caches them per connection
// itself): a cache of *sql.Stmt prepared on the pool would, from inside a
// transaction, wait for a second connection, and with every pooled
// connection in a transaction that waits forever.
type tx struct {
	ex    executor
	d     *dialect
	stmts *stmtCache // prepared statements of ex's connection; nil: none
	// detach runs statements without the caller's cancellation: in a
	// group commit, an interrupted statement would roll back the whole
	// transaction, the other callers' writes with it.
	detach bool
}

// executor runs statements: a *sql.Tx, or the *sql.Conn of the SQLite
// writer, in a transaction begun with BEGIN IMMEDIATE.
type executor interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (t tx) ctx(ctx context.Context) context.Context {
	if t.detach {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

func (t tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	ctx, q = t.ctx(ctx), t.d.rebind(q)
	if t.stmts != nil {
		st, err := t.stmts.get(ctx, q)
		if err != nil {
			return nil, err
		}
		return st.ExecContext(ctx, args...)
	}
	return t.ex.ExecContext(ctx, q, args...)
}

func (t tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	ctx, q = t.ctx(ctx), t.d.rebind(q)
	if t.stmts != nil {
		st, err := t.stmts.get(ctx, q)
		if err != nil {
			return nil, err
		}
		return st.QueryContext(ctx, args...)
	}
	return t.ex.QueryContext(ctx, q, args...)
}

func (t tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	ctx, q = t.ctx(ctx), t.d.rebind(q)
	if t.stmts != nil {
		if st, err := t.stmts.get(ctx, q); err == nil {
			return st.QueryRowContext(ctx, args...)
		}
		// The error comes back from the statement run unprepared.
	}
	return t.ex.QueryRowContext(ctx, q, args...)
}

// execDDL runs a statement that is run once (schema creation): never
// cached.
func (t tx) execDDL(ctx context.Context, q string) error {
	_, err := t.ex.ExecContext(t.ctx(ctx), q)
	return err
}

// write runs fn in a write transaction (SQLite: BEGIN IMMEDIATE),
// committed when fn returns nil. A transient failure, or an errRetry, runs
// it again after a back-off; fn must therefore be safe to repeat.
// maybeDone is true when the previous try failed at its commit (a dropped
// connection): that commit may have happened, and fn may find its own
// writes; it then returns as if it had just made them.
func (s *Store) write(ctx context.Context, op string, fn func(t tx, maybeDone bool) error) error {
	return s.run(ctx, op, nil, fn)
}

// read runs fn in a read-only transaction, one snapshot of the database
// (REPEATABLE READ on PostgreSQL and MySQL, a deferred transaction in
// SQLite's WAL mode), retried as write is.
func (s *Store) read(ctx context.Context, op string, fn func(t tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.d != dialectSQLite {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return s.run(ctx, op, opts, func(t tx, _ bool) error { return fn(t) })
}

func (s *Store) run(ctx context.Context, op string, opts *sql.TxOptions, fn func(t tx, maybeDone bool) error) error {
	db := s.wdb
	if opts != nil {
		db = s.db
	}
	var err error
	atCommit := false
	for attempt := 0; ; attempt++ {
		err, atCommit = s.once(ctx, db, opts, fn, atCommit, attempt > 0)
		if err == nil {
			return nil
		}
		var again errRetry
		retry := errors.As(err, &again) || s.d.transient(err)
		if !retry || attempt+1 >= s.retry.attempts || ctx.Err() != nil {
			break
		}
		wait := s.retry.base << attempt
		if wait > s.retry.max || wait <= 0 {
			wait = s.retry.max
		}
		wait = wait/2 + rand.N(wait/2+1)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
	var again errRetry
	if errors.As(err, &again) {
		err = again.err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return s.wrap(op, err)
}

// once runs one try; atCommit reports that it failed at the commit. A
// retry first finds a connection that answers a ping: after a server
// restart or a kill, the pool's idle connections are all dead, and each
// would cost a try.
func (s *Store) once(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(t tx, maybeDone bool) error, maybeDone, retry bool) (err error, atCommit bool) {
	if opts == nil && s.group != nil {
		return s.group.do(ctx, fn, maybeDone)
	}
	var sqlTx *sql.Tx
	if retry && s.d != dialectSQLite {
		conn, err := liveConn(ctx, db)
		if err != nil {
			return err, false
		}
		defer conn.Close()
		sqlTx, err = conn.BeginTx(ctx, opts)
		if err != nil {
			return err, false
		}
	} else if sqlTx, err = db.BeginTx(ctx, opts); err != nil {
		return err, false
	}
	t := tx{ex: sqlTx, d: s.d}
	if err := fn(t, maybeDone); err != nil {
		_ = sqlTx.Rollback()
		return err, false
	}
	if err := sqlTx.Commit(); err != nil {
		return err, true
	}
	return nil, false
}

// liveConn returns a pooled connection that answers a ping, dropping
// dead ones (database/sql discards a connection whose ping fails with
// driver.ErrBadConn).
func liveConn(ctx context.Context, db *sql.DB) (*sql.Conn, error) {
	var err error
	for range 40 {
		var c *sql.Conn
		if c, err = db.Conn(ctx); err != nil {
			return nil, err
		}
		if err = c.PingContext(ctx); err == nil {
			return c, nil
		}
		c.Raw(func(any) error { return driver.ErrBadConn }) // never reused
		c.Close()
	}
	return nil, err
}

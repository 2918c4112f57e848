package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// SQLite has one writer at a time, and a transaction costs a WAL frame
// for every page it changes: with MLflow's indexes (params, metrics and
// latest_metrics are keyed by (key, run_uuid)) a batch of 20 params and 20
// metrics changes about 70 pages. Calls that arrive while a transaction
// runs are therefore committed together (group commit): the committer
// takes every waiting call, runs each inside its own SAVEPOINT of one
// BEGIN IMMEDIATE transaction (a call that fails is rolled back to its
// savepoint alone), commits once, and answers each call after the commit.
// Each call stays atomic and is durable when it returns; concurrent
// callers share the page writes, which mostly fall on the same index
// pages.

// groupReq is one write call waiting to be committed.
type groupReq struct {
	ctx       context.Context
	fn        func(t tx, maybeDone bool) error
	maybeDone bool
	err       error
	atCommit  bool
	done      chan struct{} // closed when the call's group has committed
	lead      chan struct{} // closed when the call is to lead the next group
}

// committer runs the SQLite store's writes in groups, without a
// goroutine of its own: the first caller to arrive leads, committing
// every call queued meanwhile with its own; when its call is done it
// hands the lead to the first caller still waiting. A caller alone runs
// its transaction at once, on its own goroutine.
//
// The leader writes on one connection kept for writes: SQLite drops a
// connection's page cache whenever another connection wrote since its
// last transaction, so a writer that moved from one pooled connection to
// the next would read every page again.
type committer struct {
	s       *Store
	mu      sync.Mutex
	queue   []*groupReq
	leading bool
	closed  bool
	conn    *sql.Conn // guarded by the lead; nil until first use or after a failure
}

// maxGroup bounds the calls of one transaction.
const maxGroup = 64

func newCommitter(s *Store) *committer { return &committer{s: s} }

// close releases the writer's connection once no call is running.
func (c *committer) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if !c.leading && c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
}

// do runs fn in a group transaction and waits for the commit. It returns
// the call's error and whether it failed at the commit.
func (c *committer) do(ctx context.Context, fn func(t tx, maybeDone bool) error, maybeDone bool) (error, bool) {
	r := &groupReq{ctx: ctx, fn: fn, maybeDone: maybeDone, done: make(chan struct{}), lead: make(chan struct{})}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return sql.ErrConnDone, false
	}
	c.queue = append(c.queue, r)
	if c.leading {
		c.mu.Unlock()
		select {
		case <-r.done: // a leader committed it
			return r.err, r.atCommit
		case <-r.lead: // it is still queued, and this caller leads now
		}
	} else {
		c.leading = true
		c.mu.Unlock()
	}
	// Lead: commit groups from the queue until this call is done.
	for {
		c.mu.Lock()
		n := min(len(c.queue), maxGroup)
		group := append([]*groupReq(nil), c.queue[:n]...)
		c.queue = c.queue[n:]
		c.mu.Unlock()
		c.run(group)
		select {
		case <-r.done:
			c.mu.Lock()
			if len(c.queue) > 0 {
				close(c.queue[0].lead) // the lead passes on
			} else {
				c.leading = false
				if c.closed && c.conn != nil {
					c.conn.Close()
					c.conn = nil
				}
			}
			c.mu.Unlock()
			return r.err, r.atCommit
		default:
		}
	}
}

// run commits a group: one transaction, a savepoint per call.
func (c *committer) run(group []*groupReq) {
	defer func() {
		for _, r := range group {
			close(r.done)
		}
	}()
	live := group[:0:0]
	for _, r := range group {
		if err := r.ctx.Err(); err != nil {
			r.err = err // cancelled while waiting: not run
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	ctx := context.Background()
	var err error
	if c.conn == nil {
		if c.conn, err = c.s.wdb.Conn(ctx); err != nil {
			for _, r := range live {
				r.err = err
			}
			return
		}
	}
	sqlTx, err := c.conn.BeginTx(ctx, nil)
	if err != nil {
		c.conn.Close() // a fresh connection next time
		c.conn = nil
		for _, r := range live {
			r.err = err
		}
		return
	}
	t := tx{Tx: sqlTx, d: c.s.d, detach: true}
	ok := 0
	for _, r := range live {
		if _, err := sqlTx.ExecContext(ctx, "SAVEPOINT call"); err != nil {
			r.err = err
			continue
		}
		if r.err = r.fn(t, r.maybeDone); r.err != nil {
			if _, err := sqlTx.ExecContext(ctx, "ROLLBACK TO call"); err != nil {
				// The transaction is broken: every call fails and is retried.
				_ = sqlTx.Rollback()
				for _, x := range live {
					if x.err == nil {
						x.err = err
					}
				}
				return
			}
		}
		if _, err := sqlTx.ExecContext(ctx, "RELEASE call"); err != nil {
			r.err = err
			continue
		}
		if r.err == nil {
			ok++
		}
	}
	if ok == 0 {
		_ = sqlTx.Rollback()
		return
	}
	if err := sqlTx.Commit(); err != nil {
		for _, r := range live {
			if r.err == nil {
				r.err, r.atCommit = err, true
			}
		}
	}
}

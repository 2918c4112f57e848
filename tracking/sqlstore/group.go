package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sync"
	"time"
)

// SQLite has one writer at a time, and a transaction costs a WAL frame
// for every page it changes: with MLflow's indexes (params, metrics and
// latest_metrics are keyed by (key, run_uuid)) a batch of 20 params and 20
// metrics changes about 130 pages (counted in the WAL at 3,000 runs: a
// leaf page per key in each of the four indexes led by "key", their
// splits and parents, the run_uuid indexes and the tables' last pages). Calls that arrive while a transaction
// runs are therefore committed together (group commit): the committer
// takes every waiting call, runs them in one BEGIN IMMEDIATE
// transaction (when a call fails, the group runs again with a SAVEPOINT
// per call, and the failing call is rolled back to its savepoint alone),
// commits once, and answers each call after the commit.
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
}

// committer runs the SQLite store's writes in groups. The first caller
// to arrive when no group is being committed leads: it commits every call
// queued meanwhile with its own, and a caller alone runs its transaction
// at once, on its own goroutine (no hand-over for a sequential client).
// When the leader's call is done and calls are still queued, a goroutine
// started for them leads on until the queue is empty: handing the lead to
// a waiting caller instead put a wake-up of that caller, which waits its
// turn behind the server's runnable goroutines, between every two groups
// (the writer idled a quarter of the time under the server's benchmark).
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
	idle    chan struct{} // closed when the lead is given up after close (nil until close waits)
	conn    *sql.Conn     // guarded by the lead; nil until first use or after a failure
	stmts   *stmtCache    // conn's prepared statements

	lastGroup int           // calls in the group committed last (guarded by mu)
	stats     groupStats    // guarded by mu
	arrived   chan struct{} // a call was queued (buffered: one pending signal)
}

// groupStats counts the committer's work.
type groupStats struct {
	groups int // transactions run
	calls  int // calls taken into them
	reruns int // groups run again with a savepoint per call, after a call failed
}

// maxGroup bounds the calls of one transaction.
const maxGroup = 64

// groupWait bounds how long a leader waits for company (see gather).
// A transaction alone costs about twice a grouped call's share of one
// (1.2-2 ms against 0.6-0.9 ms of the writer's time, measured under the
// server benchmark's 16 clients), so waiting up to 1 ms for the callers
// that are on their way is cheaper than committing without them.
const groupWait = time.Millisecond

func newCommitter(s *Store) *committer {
	return &committer{s: s, arrived: make(chan struct{}, 1)}
}

// close releases the writer's connection once no call is running.
func (c *committer) close() {
	c.mu.Lock()
	c.closed = true
	if !c.leading {
		c.release()
		c.mu.Unlock()
		return
	}
	// A group is being committed, and calls queued before close may
	// follow it: wait until the last of them has given up the lead, so
	// that nothing is written after Close returns.
	if c.idle == nil {
		c.idle = make(chan struct{})
	}
	idle := c.idle
	c.mu.Unlock()
	<-idle
}

// do runs fn in a group transaction and waits for the commit. It returns
// the call's error and whether it failed at the commit.
func (c *committer) do(ctx context.Context, fn func(t tx, maybeDone bool) error, maybeDone bool) (error, bool) {
	r := &groupReq{ctx: ctx, fn: fn, maybeDone: maybeDone, done: make(chan struct{})}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return sql.ErrConnDone, false
	}
	c.queue = append(c.queue, r)
	select {
	case c.arrived <- struct{}{}:
	default:
	}
	if c.leading {
		c.mu.Unlock()
		<-r.done // a leader committed it
		return r.err, r.atCommit
	}
	c.leading = true
	c.mu.Unlock()
	// Lead: commit groups from the queue until this call is done (the
	// queue is in arrival order, so the group holding it comes at last),
	// then leave the calls queued since to a goroutine of their own.
	for {
		c.step()
		select {
		case <-r.done:
			c.mu.Lock()
			more := len(c.queue) > 0
			if !more {
				c.giveUp()
			}
			c.mu.Unlock()
			if more {
				go c.drain()
			}
			return r.err, r.atCommit
		default:
		}
	}
}

// drain leads until the queue is empty.
func (c *committer) drain() {
	for c.step() {
	}
}

// step commits the next group of the queue, or gives up the lead and
// returns false when the queue is empty. The caller leads.
func (c *committer) step() bool {
	c.gather()
	c.mu.Lock()
	if len(c.queue) == 0 {
		c.giveUp()
		c.mu.Unlock()
		return false
	}
	n := min(len(c.queue), maxGroup)
	group := append([]*groupReq(nil), c.queue[:n]...)
	c.queue = c.queue[n:]
	c.lastGroup = n
	c.stats.groups++
	c.stats.calls += n
	c.mu.Unlock()
	c.run(group)
	return true
}

// giveUp ends the lead; after close, it releases the writer's connection
// and lets close return. c.mu is held.
func (c *committer) giveUp() {
	c.leading = false
	if c.closed {
		c.release()
		if c.idle != nil {
			close(c.idle)
		}
	}
}

// gather waits, at most groupWait, until as many calls are queued as the
// last group held: when that group is answered its callers come back at
// about the same time, and the first of them to arrive would otherwise
// commit alone while the others queue behind it (under 16 concurrent
// clients of the server, 75-80% of the transactions held one call). It
// is PostgreSQL's commit_delay with the last group's size as
// commit_siblings. A caller alone (a last group of one) never waits, and
// a group that shrinks (a client went away) costs one wait: the next
// group's size is what arrived.
func (c *committer) gather() {
	c.mu.Lock()
	want, have := c.lastGroup, len(c.queue)
	c.mu.Unlock()
	if want <= 1 || have >= want {
		return
	}
	timeout := time.NewTimer(groupWait)
	defer timeout.Stop()
	for have < want {
		select {
		case <-c.arrived:
		case <-timeout.C:
			return
		}
		c.mu.Lock()
		have = len(c.queue)
		c.mu.Unlock()
	}
}

// run commits a group in one transaction: its calls run one after the
// other, and when one fails the transaction is rolled back and the group
// runs again with a savepoint per call, the failing call rolled back to
// its savepoint alone.
//
// The transaction is begun and ended with SQL on the writer's connection
// (BEGIN IMMEDIATE, COMMIT), not with database/sql's Tx, so that the
// statements prepared on that connection serve every transaction.
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
	// failRest gives err to every call that has none yet.
	failRest := func(err error, atCommit bool) {
		for _, r := range live {
			if r.err == nil {
				r.err, r.atCommit = err, atCommit
			}
		}
	}
	ctx := context.Background()
	var t tx
	begin := func() bool {
		if c.conn == nil {
			conn, err := c.s.wdb.Conn(ctx)
			if err != nil {
				failRest(err, false)
				return false
			}
			c.conn, c.stmts = conn, newStmtCache(conn)
		}
		t = tx{ex: c.conn, d: c.s.d, stmts: c.stmts, detach: true}
		if _, err := t.exec(ctx, "BEGIN IMMEDIATE"); err != nil {
			c.reset() // a fresh connection next time
			failRest(err, false)
			return false
		}
		return true
	}
	rollback := func() {
		if _, err := t.exec(ctx, "ROLLBACK"); err != nil {
			c.reset()
		}
	}
	// commit ends the transaction; when COMMIT fails, every call still
	// without an error fails at the commit.
	commit := func() {
		if _, err := t.exec(ctx, "COMMIT"); err != nil {
			failRest(err, true)
			rollback()
			return
		}
		c.committed()
	}
	if !begin() {
		return
	}
	// First without savepoints: a call rarely fails, and a savepoint and
	// its release are two statements a call on the one writer. Alone, the
	// call needs none anyway: the transaction is its.
	failed := false
	for _, r := range live {
		if r.err = r.call(t); r.err != nil {
			failed = true
			break
		}
	}
	if !failed {
		commit()
		return
	}
	rollback()
	if len(live) == 1 {
		return
	}
	// A call of the group failed: every call's writes are undone, and the
	// group runs again with a savepoint per call, so that the failing call
	// is rolled back alone (calls are safe to repeat: see Store.write).
	for _, r := range live {
		r.err = nil
	}
	c.mu.Lock()
	c.stats.reruns++
	c.mu.Unlock()
	if !begin() {
		return
	}
	ok := 0
	for _, r := range live {
		if _, err := t.exec(ctx, "SAVEPOINT call"); err != nil {
			r.err = err
			continue
		}
		if r.err = r.call(t); r.err != nil {
			if _, err := t.exec(ctx, "ROLLBACK TO call"); err != nil {
				// The transaction is broken: every call fails and is retried.
				for _, x := range live {
					x.err = err
				}
				rollback()
				return
			}
		}
		if _, err := t.exec(ctx, "RELEASE call"); err != nil {
			r.err = err
			continue
		}
		if r.err == nil {
			ok++
		}
	}
	if ok == 0 {
		rollback()
		return
	}
	commit()
}

// call runs the call's function. A panic in it (a bug, or store contents
// that no code expected) becomes the call's error: it would otherwise end
// the process from the goroutine that leads, or leave the lead held and
// every later write waiting. The group then runs again without the call,
// as for any failing call.
func (r *groupReq) call(t tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("tracking: internal error in a store write: %v", p)
		}
	}()
	return r.fn(t, r.maybeDone)
}

// committed tells the store's checkpointer that the WAL grew.
func (c *committer) committed() {
	if c.s.ckpt != nil {
		c.s.ckpt.committed()
	}
}

// release closes the writer's connection, returning it to the pool.
func (c *committer) release() {
	if c.conn != nil {
		c.stmts.close()
		c.conn.Close()
		c.conn, c.stmts = nil, nil
	}
}

// reset drops the writer's connection and its statements; the next group
// takes a new one. The caller leads.
func (c *committer) reset() {
	if c.conn == nil {
		return
	}
	c.stmts.close()
	c.conn.Raw(func(any) error { return driver.ErrBadConn }) // never reused
	c.conn.Close()
	c.conn, c.stmts = nil, nil
}

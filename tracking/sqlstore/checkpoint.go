package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// A WAL checkpoint copies the pages that commits appended to the -wal
// file back into the database file, with an fsync of each file
// (synchronous=NORMAL). SQLite runs one on the committing connection
// once the WAL holds wal_autocheckpoint pages, so every few hundred runs
// a caller's write would wait for 40 MB to be copied and flushed to disk:
// at 10,000 runs that was most of the off-CPU half of the log benchmark's
// wall time.
//
// The checkpointer does that work beside the writer instead, on a
// connection of its own: after commits it runs PASSIVE checkpoints, which
// copy what is committed without blocking writers or readers. The
// writer's own automatic checkpoint still runs (it alone restarts the WAL
// from its beginning, and it bounds the WAL when the checkpointer falls
// behind), but finds most pages copied and flushed already, so its fsyncs
// are short. A checkpoint that fails here is left to the next round or
// to the writer's: no data depends on it, only the WAL's length.
type checkpointer struct {
	db   *sql.DB
	kick chan struct{} // a commit happened (buffered: one pending kick)
	stop chan struct{}
	done chan struct{}
}

// checkpointEvery is the least time between two background checkpoints:
// each costs two fsyncs, worth it only once a few commits have piled up.
const checkpointEvery = 50 * time.Millisecond

func newCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c
}

// committed tells the checkpointer that the WAL grew; it never blocks.
func (c *checkpointer) committed() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// close stops the checkpointer and waits for a running checkpoint.
func (c *checkpointer) close() {
	close(c.stop)
	<-c.done
}

func (c *checkpointer) loop() {
	defer close(c.done)
	pause := time.NewTimer(0)
	defer pause.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
		}
		c.once()
		pause.Reset(checkpointEvery)
		select {
		case <-c.stop:
			return
		case <-pause.C:
		}
	}
}

// once runs one PASSIVE checkpoint: it copies the frames no reader still
// needs and never waits for a lock (a checkpoint running elsewhere, in
// this process or another, makes it return at once).
func (c *checkpointer) once() {
	var busy, log, done int
	_ = c.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done)
}

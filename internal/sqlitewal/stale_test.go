package sqlitewal

// Frames of a transaction that spilled and then rolled back
// stay in the WAL handle's buffer after the connection has released the
// WAL write lock. Another connection then writes and commits frames at
// the same offsets; the first connection's next flush (any read of a
// WAL frame, its next write transaction, xClose, a checkpoint) writes the
// rolled-back frames over the committed ones.

import (
	"fmt"
	"path/filepath"
	"testing"
)

func TestRolledBackSpillOverwritesOtherWritersCommit(t *testing.T) {
	for _, c := range []struct {
		buffered bool
		trigger  string
	}{{false, "read"}, {true, "read"}, {true, "close"}, {true, "write"}} {
		trigger := c.trigger
		t.Run(fmt.Sprintf("buffered=%v/%s", c.buffered, trigger), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.db")
			params := walParams
			w1 := openDSN(t, path, params+"&_pragma=cache_size(10)", c.buffered)
			w2 := openDSN(t, path, params, true)
			r := openDSN(t, path, params, false)
			fillPages(t, w1, 200)
			if busy := checkpoint(t, w2, "TRUNCATE"); busy != 0 {
				t.Fatalf("checkpoint: busy %d", busy)
			}
			// w1: a transaction larger than its cache of 10 pages spills
			// frames into the WAL (its buffer), then rolls back.
			tx, err := w1.Begin()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec("UPDATE t SET gen = gen + 1000, b = randomblob(3000) WHERE id <= 100"); err != nil {
				t.Fatal(err)
			}
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			// w2 commits at the same WAL offsets.
			exec(t, w2, "UPDATE t SET gen = gen + 1 WHERE id <= 100")
			if err := check(r, 100); err != nil {
				t.Fatalf("after w2's commit: %v", err)
			}
			switch trigger {
			case "read": // w1 reads a page that is in the WAL
				var n int
				if err := w1.QueryRow("SELECT sum(gen) FROM t").Scan(&n); err != nil {
					t.Logf("w1 read: %v", err)
				}
			case "close":
				w1.Close()
			case "write": // w1's next transaction
				exec(t, w1, "UPDATE t SET gen = gen + 1 WHERE id = 200")
			}
			want := 100
			if trigger == "write" {
				want = 101
			}
			// A new connection (r's page cache may still hold the pages).
			r2 := openDSN(t, path, params, false)
			if err := check(r2, want); err != nil {
				t.Fatalf("after w1 (which rolled back) did %s, a reader of w2's committed data: %v", trigger, err)
			}
		})
	}
}

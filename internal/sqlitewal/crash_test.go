package sqlitewal

// Tests of the paths of walFrames that publish a commit: each failed with
// a first version of the VFS, which published frames still in the buffer.

import (
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// openDSN opens path with the given URI parameters (after "file:path?").
func openDSN(t *testing.T, path, params string, buffered bool) *sql.DB {
	t.Helper()
	if !Register() {
		t.Skip("the unix VFS is not available on this platform")
	}
	dsn := "file:" + path + "?" + params
	if buffered {
		dsn += "&vfs=" + Name
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// walParams is the URI parameters of the tests' connections: WAL,
// synchronous=NORMAL (as telltale's store), and no automatic checkpoint,
// so that each test decides when the WAL restarts.
const walParams = "_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=wal_autocheckpoint(0)"

// checkpoint runs PRAGMA wal_checkpoint(mode) on db and returns its busy
// flag.
func checkpoint(t *testing.T, db *sql.DB, mode string) int {
	t.Helper()
	var busy, log, done int
	if err := db.QueryRow("PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &log, &done); err != nil {
		t.Fatalf("checkpoint %s: %v", mode, err)
	}
	return busy
}

// check reads every page of the database through r: integrity_check and
// a sum over all rows of table t.
func check(r *sql.DB, wantGen int) error {
	var ok string
	if err := r.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil {
		return fmt.Errorf("integrity_check: %v", err)
	}
	if ok != "ok" {
		return fmt.Errorf("integrity_check: %.200s", ok)
	}
	if wantGen < 0 {
		return nil
	}
	var gen int
	if err := r.QueryRow("SELECT sum(gen) FROM t").Scan(&gen); err != nil {
		return fmt.Errorf("sum: %v", err)
	}
	if gen != wantGen {
		return fmt.Errorf("sum(gen) = %d, want %d", gen, wantGen)
	}
	return nil
}

// fillPages makes table t of rows rows of 3000 bytes: a leaf page each,
// and a WAL file of about as many frames, whose bytes later commits
// write over.
func fillPages(t *testing.T, w *sql.DB, rows int) {
	t.Helper()
	exec(t, w, "CREATE TABLE t (id INTEGER PRIMARY KEY, gen INTEGER, b BLOB)")
	exec(t, w, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < ?) INSERT INTO t SELECT i, 0, randomblob(3000) FROM c", rows)
}

// commitFrames commits a transaction of n frames (n leaf pages of table
// t change) written from the WAL's first frame, over frames of earlier
// transactions, as after every checkpoint that restarts the WAL.
func commitFrames(t *testing.T, w *sql.DB, n int) {
	t.Helper()
	if busy := checkpoint(t, w, "RESTART"); busy != 0 {
		t.Fatalf("checkpoint: busy %d", busy)
	}
	exec(t, w, "UPDATE t SET gen = gen + 1, b = randomblob(3000) WHERE id <= ?", n)
}

// TestCommitPageOverflowingBuffer: a transaction of 255 frames of 4 KiB
// pages. Its commit frame's header fits in the 1 MiB buffer but its page
// does not: xWrite flushes (which clears the commit flag) and buffers the
// page, and returns without writing it. SQLite then publishes the commit
// (walIndexWriteHdr) while the commit frame's page is only in memory, and
// a reader (or a checkpointer) on another connection reads whatever the
// WAL file held at that offset.
func TestCommitPageOverflowingBuffer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	params := walParams
	w := openDSN(t, path, params, true)
	r := openDSN(t, path, params, false)
	commitsAroundBuffer(t, w, func(n, gen int) bool {
		if err := check(r, gen); err != nil {
			t.Fatalf("after a committed UPDATE of %d pages (one frame each), a reader on another connection: %v", n, err)
		}
		return true
	})
}

// commitsAroundBuffer fills table t and commits transactions of 240 to
// 270 frames of 4 KiB pages (around the 1 MiB buffer's size), each from
// the WAL's first frame; after each it calls after with the frames and the
// sum of gen the table should hold, and stops when after returns false.
func commitsAroundBuffer(t *testing.T, w *sql.DB, after func(n, gen int) bool) {
	t.Helper()
	fillPages(t, w, 1500)
	gen := 0
	for n := 240; n <= 270; n++ {
		commitFrames(t, w, n)
		gen += n
		if !after(n, gen) {
			return
		}
	}
}

// TestCheckpointerCopiesUnwrittenPage: what telltale's checkpointer (a
// PASSIVE checkpoint on its own connection after every commit) does with
// the commit of TestCommitPageOverflowingBuffer: it copies the WAL file's
// stale bytes into the database file, and the database stays corrupt
// after every connection is closed.
func TestCheckpointerCopiesUnwrittenPage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	params := walParams
	w := openDSN(t, path, params, true)
	c := openDSN(t, path, params, false)
	commitsAroundBuffer(t, w, func(n, gen int) bool {
		// The store's checkpointer, kicked by the commit.
		checkpoint(t, c, "PASSIVE")
		if check(c, gen) != nil {
			t.Logf("the checkpoint after the commit of %d frames copied a page the WAL file did not hold yet", n)
			return false
		}
		return true
	})
	// Every connection closes (the writer's xClose writes its buffer
	// out, too late: the WAL is checkpointed already, and deleted).
	w.Close()
	c.Close()
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Logf("the WAL is still there")
	}
	r := openDSN(t, path, params, false)
	if err := check(r, -1); err != nil {
		t.Fatalf("after the writer and the checkpointer closed, the database file: %v", err)
	}
}

// copyFile copies src to dst as the file system has it.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestSpilledCommitSurvivesProcessCrash: a transaction larger than the
// page cache spills frames and then overwrites some in place, so its
// commit ends with walRewriteChecksums, whose last write is the commit
// frame's 24-byte header: buffered (a commit frame's header waits for its
// page, which never comes) while SQLite publishes the commit. A process
// killed then (the WAL and database files as the file system holds them,
// copied here) loses the committed transaction on recovery: the commit
// frame's checksum on disk is the one computed before the rewrite. With
// synchronous=NORMAL SQLite promises a commit survives a process crash.
func TestSpilledCommitSurvivesProcessCrash(t *testing.T) {
	for _, buffered := range []bool{false, true} {
		t.Run(fmt.Sprintf("buffered=%v", buffered), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "a.db")
			params := walParams + "&_pragma=cache_size(10)"
			w := openDSN(t, path, params, buffered)
			exec(t, w, "CREATE TABLE a (key TEXT, run INTEGER, value TEXT)")
			exec(t, w, "CREATE INDEX a_key ON a (key, run)")
			tx, err := w.Begin()
			if err != nil {
				t.Fatal(err)
			}
			for k := range 3000 {
				if _, err := tx.Exec("INSERT INTO a (key, run, value) VALUES (?, ?, ?)", fmt.Sprintf("k%d", k%50), k, strings.Repeat("x", 300)); err != nil {
					t.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			// kill -9 now: what survives is what the files hold.
			crash := t.TempDir()
			copyFile(t, path, filepath.Join(crash, "a.db"))
			copyFile(t, path+"-wal", filepath.Join(crash, "a.db-wal"))
			r := openDSN(t, filepath.Join(crash, "a.db"), "_pragma=journal_mode(WAL)", false)
			var got int
			if err := r.QueryRow("SELECT count(*) FROM a").Scan(&got); err != nil || got != 3000 {
				t.Fatalf("after a process crash following the commit, recovery finds %d rows (%v), want the 3000 committed", got, err)
			}
		})
	}
}

// TestPaddedCommit: with synchronous=FULL on a file system without
// powersafe overwrite (psow=0), SQLite pads a commit to the next sector
// with copies of the commit frame; the one that crosses the sector edge
// is written in two parts around an xSync (walWriteToLog), and the second
// part stays in the buffer (the xSync's flush cleared the commit flag)
// while SQLite publishes the commit, the padding frames included.
func TestPaddedCommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	params := "psow=0&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=wal_autocheckpoint(0)"
	w := openDSN(t, path, params, true)
	r := openDSN(t, path, params, false)
	exec(t, w, "CREATE TABLE t (id INTEGER PRIMARY KEY, gen INTEGER, b BLOB)")
	gen := 0
	for i := 1; i <= 20; i++ {
		exec(t, w, "INSERT INTO t VALUES (?, 1, randomblob(100))", i)
		gen++
		if err := check(r, gen); err != nil {
			t.Fatalf("after commit %d, a reader on another connection: %v", i, err)
		}
	}
}

// TestFullDiskDoesNotLoseSpilledFrames needs a small file system of its
// own (a tmpfs of a few MB: mount -t tmpfs -o size=8m tmpfs DIR) named by
// SQLITEWAL_SMALL_FS; the test fills it.
//
// A transaction spills frames (pagerStress): through the unix VFS the
// write fails at once on a full disk and SQLite puts the pager in its
// error state (the transaction must roll back). Through the buffer the
// spill "succeeds"; the write fails later, in the xRead of a following
// statement, which fails with SQLITE_FULL; SQLite rolls that statement
// back alone (it has a statement journal) and the transaction goes on,
// its wal-index still pointing at the lost frames. Space comes back, the
// COMMIT succeeds, and readers find pages of zeros.
func TestFullDiskDoesNotLoseSpilledFrames(t *testing.T) {
	dir := os.Getenv("SQLITEWAL_SMALL_FS")
	if dir == "" {
		msg := "needs a small file system it may fill: as root, mkdir DIR && mount -t tmpfs -o size=8m tmpfs DIR, then SQLITEWAL_SMALL_FS=DIR (.ci/run does this)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	for _, buffered := range []bool{false, true} {
		t.Run(fmt.Sprintf("buffered=%v", buffered), func(t *testing.T) {
			sub, err := os.MkdirTemp(dir, "full")
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(sub)
			path := filepath.Join(sub, "a.db")
			params := walParams + "&_pragma=cache_size(20)"
			w := openDSN(t, path, params, buffered)
			exec(t, w, "CREATE TABLE t (id INTEGER PRIMARY KEY, u INTEGER UNIQUE, b BLOB)")
			exec(t, w, "INSERT INTO t VALUES (0, 0, randomblob(3000))")
			r := openDSN(t, path, params, false)
			if err := check(r, -1); err != nil {
				t.Fatal(err)
			}
			// Fill the file system.
			filler := filepath.Join(sub, "filler")
			f, err := os.Create(filler)
			if err != nil {
				t.Fatal(err)
			}
			chunk := make([]byte, 4096)
			for {
				if _, err := f.Write(chunk); err != nil {
					break
				}
			}
			f.Close()
			tx, err := w.Begin()
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			// 100 pages appended in rowid order: the cache of 20 spills the
			// older leaves, which this statement does not read again.
			if _, err := tx.Exec("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 100) INSERT INTO t SELECT i, i, randomblob(3000) FROM c"); err != nil {
				t.Logf("statement 1 failed, as a full disk should make it: %v", err)
				return
			}
			// A statement with a statement journal that reads spilled leaves.
			_, err = tx.Exec("UPDATE t SET u = u + 1000 WHERE id BETWEEN 1 AND 30")
			t.Logf("statement 2: %v", err)
			os.Remove(filler) // space comes back
			if err := tx.Commit(); err != nil {
				t.Logf("commit failed: %v", err)
				return
			}
			if err := check(r, -1); err != nil {
				t.Fatalf("the transaction committed, and a reader finds: %v", err)
			}
			var n int
			if err := r.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 101 {
				t.Fatalf("the transaction committed, and a reader counts %d rows (%v), want 101", n, err)
			}
		})
	}
}

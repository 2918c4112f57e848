package sqlitewal

import (
	"bufio"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// open opens path in WAL mode, through this package's VFS when buffered.
func open(t *testing.T, path string, buffered bool, pragmas ...string) *sql.DB {
	t.Helper()
	params := "_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	for _, p := range pragmas {
		params += "&_pragma=" + p
	}
	return openDSN(t, path, params, buffered)
}

func exec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// writeCalls returns the process's write system calls so far (syscw in
// /proc/self/io), or skips where the kernel does not count them.
func writeCalls(t *testing.T) int {
	t.Helper()
	f, err := os.Open("/proc/self/io")
	if err != nil {
		t.Skipf("no /proc/self/io to count write calls: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "syscw: "); ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Skip("/proc/self/io has no syscw")
	return 0
}

// logRows commits n transactions of rows rows each into table a, as a
// tracking store's log-batch does: an index led by a key, so every
// transaction changes a page per key.
func logRows(t *testing.T, db *sql.DB, n, rows int) {
	t.Helper()
	for i := range n {
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		for k := range rows {
			if _, err := tx.Exec("INSERT INTO a (key, run, value) VALUES (?, ?, ?)", "metric_"+strconv.Itoa(k), i, strings.Repeat("v", 200)); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFewerWriteCalls counts the write system calls of the same
// transactions through the unix VFS and through the buffering one: two a
// page against one or a few a transaction.
func TestFewerWriteCalls(t *testing.T) {
	calls := map[bool]int{}
	for _, buffered := range []bool{false, true} {
		db := open(t, filepath.Join(t.TempDir(), "a.db"), buffered, "wal_autocheckpoint(0)")
		exec(t, db, "CREATE TABLE a (key TEXT, run INTEGER, value TEXT)")
		exec(t, db, "CREATE INDEX a_key ON a (key, run)")
		logRows(t, db, 20, 40) // the index fills pages enough to have a leaf per key
		before := writeCalls(t)
		logRows(t, db, 50, 40)
		calls[buffered] = writeCalls(t) - before
	}
	t.Logf("write calls for 50 transactions: unix VFS %d, %s %d", calls[false], Name, calls[true])
	if calls[false] < 50*2*10 {
		t.Fatalf("the unix VFS made %d write calls for 50 transactions of many pages: the test no longer measures what it means to", calls[false])
	}
	if calls[true] > 50*3 {
		t.Errorf("%s made %d write calls for 50 transactions, want at most 3 a transaction", Name, calls[true])
	}
}

// TestReadersSeeEveryCommit checks after every commit, small and larger
// than the buffer, that a connection through the unix VFS (as another
// process or MLflow would open the file) reads exactly what was
// committed, and that the file is sound at the end.
func TestReadersSeeEveryCommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	w := open(t, path, true)
	r := open(t, path, false)
	exec(t, w, "CREATE TABLE a (key TEXT, run INTEGER, value TEXT)")
	exec(t, w, "CREATE INDEX a_key ON a (key, run)")
	want := 0
	for i, rows := range []int{1, 40, 3, 2000, 7, 9000, 1, 500} { // 9000 rows: about 2.5 MB of frames
		logRows(t, w, 1, rows)
		want += rows
		var got int
		if err := r.QueryRow("SELECT count(*) FROM a").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("after commit %d a reader counts %d rows, want %d", i, got, want)
		}
	}
	w.Close()
	var ok string
	if err := r.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q %v", ok, err)
	}
}

// TestSpilledTransaction runs transactions larger than a tiny page cache,
// which SQLite spills into the WAL before they commit and reads back: one
// rolled back, which must leave nothing, and one committed.
func TestSpilledTransaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	w := open(t, path, true, "cache_size(10)")
	r := open(t, path, false)
	exec(t, w, "CREATE TABLE a (key TEXT, run INTEGER, value TEXT)")
	exec(t, w, "CREATE INDEX a_key ON a (key, run)")
	for _, commit := range []bool{false, true, false, true} {
		tx, err := w.Begin()
		if err != nil {
			t.Fatal(err)
		}
		for k := range 3000 {
			if _, err := tx.Exec("INSERT INTO a (key, run, value) VALUES (?, ?, ?)", "k"+strconv.Itoa(k%50), k, strings.Repeat("x", 300)); err != nil {
				t.Fatal(err)
			}
		}
		// Read back through the transaction: pages that were spilled.
		var n int
		if err := tx.QueryRow("SELECT count(*) FROM a WHERE key = 'k7'").Scan(&n); err != nil || n == 0 {
			t.Fatalf("reading the transaction's own rows: %d %v", n, err)
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	var got int
	if err := r.QueryRow("SELECT count(*) FROM a").Scan(&got); err != nil || got != 6000 {
		t.Fatalf("a reader counts %d rows (%v), want the 6000 of the two committed transactions", got, err)
	}
	var ok string
	if err := r.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q %v", ok, err)
	}
}

package sqlitewal

// Random transactions (1 to 600 pages, rollbacks, spills,
// checkpoints from another connection, a reader through the unix VFS
// after every commit, crash copies) at several page sizes.

import (
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

type stressModel struct {
	rows map[int64]stressRow
}

type stressRow struct {
	gen int64
	sum [32]byte
}

func (m *stressModel) clone() map[int64]stressRow {
	c := make(map[int64]stressRow, len(m.rows))
	for k, v := range m.rows {
		c[k] = v
	}
	return c
}

// verify reads every row through db and compares with rows.
func verifyRows(db *sql.DB, rows map[int64]stressRow, integrity bool) error {
	if integrity {
		if err := check(db, -1); err != nil {
			return err
		}
	}
	q, err := db.Query("SELECT id, gen, b FROM t ORDER BY id")
	if err != nil {
		return err
	}
	defer q.Close()
	seen := 0
	for q.Next() {
		var id, gen int64
		var b []byte
		if err := q.Scan(&id, &gen, &b); err != nil {
			return err
		}
		want, ok := rows[id]
		if !ok {
			return fmt.Errorf("row %d present, not committed", id)
		}
		if want.gen != gen || want.sum != sha256.Sum256(b) {
			return fmt.Errorf("row %d: gen %d (want %d), blob sum match %v", id, gen, want.gen, want.sum == sha256.Sum256(b))
		}
		seen++
	}
	if err := q.Err(); err != nil {
		return err
	}
	if seen != len(rows) {
		return fmt.Errorf("%d rows, want %d", seen, len(rows))
	}
	return nil
}

func blobFor(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := 0; i < n; i += 8 {
		var x [8]byte
		binary.LittleEndian.PutUint64(x[:], rng.Uint64())
		copy(b[i:], x[:])
	}
	return b
}

type stressStats struct {
	commits, rollbacks, frames, spillTx, crashes int
	ckpt                                         map[string]int
}

// runStress runs random transactions on a database of page size page
// until maxTx transactions or the deadline.
func runStress(t *testing.T, page, maxFrames, maxRows, maxTx int, deadline time.Duration, writers int, buffered bool, seed uint64) stressStats {
	rng := rand.New(rand.NewPCG(seed, uint64(page)))
	dir := t.TempDir()
	path := filepath.Join(dir, "a.db")
	// Create with the page size, through the unix VFS.
	{
		db := openDSN(t, path, fmt.Sprintf("_pragma=page_size(%d)", page), false)
		exec(t, db, "PRAGMA journal_mode=WAL")
		exec(t, db, "CREATE TABLE t (id INTEGER PRIMARY KEY, gen INTEGER, b BLOB)")
		var got int
		if err := db.QueryRow("PRAGMA page_size").Scan(&got); err != nil || got != page {
			t.Fatalf("page size %d (%v), want %d", got, err, page)
		}
		db.Close()
	}
	sync := "NORMAL"
	if v := os.Getenv("SQLITEWAL_SYNC"); v != "" { // FULL, OFF
		sync = v
	}
	params := "_pragma=journal_mode(WAL)&_pragma=synchronous(" + sync + ")&_pragma=wal_autocheckpoint(0)"
	if p := os.Getenv("SQLITEWAL_PARAMS"); p != "" { // e.g. psow=0&_pragma=synchronous(FULL)
		params += "&" + p
	}
	ws := make([]*sql.DB, writers)
	for i := range ws {
		ws[i] = openDSN(t, path, params, buffered)
	}
	var syncMode int
	if err := ws[0].QueryRow("PRAGMA synchronous").Scan(&syncMode); err != nil {
		t.Fatal(err)
	}
	t.Logf("synchronous=%d, params %s", syncMode, params)
	ck := openDSN(t, path, params, buffered) // the store's checkpointer
	r := openDSN(t, path, params, false)     // another process or MLflow
	blob := page - 120
	if page >= 4096 {
		blob = page * 3 / 4
	}
	m := &stressModel{rows: map[int64]stressRow{}}
	next := int64(1)
	st := stressStats{ckpt: map[string]int{}}
	start := time.Now()
	for tx := 0; tx < maxTx && time.Since(start) < deadline; tx++ {
		w := ws[rng.IntN(len(ws))]
		cache := []int{10, 50, 2000}[rng.IntN(3)]
		exec(t, w, fmt.Sprintf("PRAGMA cache_size=%d", cache))
		n := 1 + rng.IntN(maxFrames)
		if rng.IntN(3) == 0 {
			n = 1 + rng.IntN(8)
		}
		rollback := rng.IntN(4) == 0
		rows := m.clone()
		x, err := w.Begin()
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]int64, 0, len(rows))
		for id := range rows {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for k := 0; k < n; k++ {
			b := blobFor(rng, blob)
			switch op := rng.IntN(10); {
			case op < 5 && len(ids) > 0: // update a random row
				id := ids[rng.IntN(len(ids))]
				if _, ok := rows[id]; !ok {
					continue
				}
				g := rows[id].gen + 1
				if _, err := x.Exec("UPDATE t SET gen = ?, b = ? WHERE id = ?", g, b, id); err != nil {
					t.Fatal(err)
				}
				rows[id] = stressRow{g, sha256.Sum256(b)}
			case op < 6 && len(rows) > maxRows/2 && len(ids) > 0: // delete one
				id := ids[rng.IntN(len(ids))]
				if _, ok := rows[id]; !ok {
					continue
				}
				if _, err := x.Exec("DELETE FROM t WHERE id = ?", id); err != nil {
					t.Fatal(err)
				}
				delete(rows, id)
			default:
				if len(rows) >= maxRows {
					continue
				}
				id := next
				next++
				if _, err := x.Exec("INSERT INTO t VALUES (?, 1, ?)", id, b); err != nil {
					t.Fatal(err)
				}
				rows[id] = stressRow{1, sha256.Sum256(b)}
			}
			// Sometimes read back inside the transaction (spilled pages).
			if rng.IntN(50) == 0 && len(ids) > 0 {
				var g int64
				if err := x.QueryRow("SELECT gen FROM t WHERE id = ?", ids[rng.IntN(len(ids))]).Scan(&g); err != nil && err != sql.ErrNoRows {
					t.Fatal(err)
				}
			}
		}
		if cache < 100 && n > cache {
			st.spillTx++
		}
		if rollback {
			if err := x.Rollback(); err != nil {
				t.Fatal(err)
			}
			st.rollbacks++
		} else {
			if err := x.Commit(); err != nil {
				t.Fatal(err)
			}
			m.rows = rows
			st.commits++
			st.frames += n
			if err := verifyRows(r, m.rows, true); err != nil {
				t.Fatalf("page %d, tx %d (%d changes, cache %d): after the commit a reader through the unix VFS: %v", page, tx, n, cache, err)
			}
			if rng.IntN(4) == 0 {
				// kill -9 now: copy the files as they are.
				cd := t.TempDir()
				copyFile(t, path, filepath.Join(cd, "a.db"))
				if _, err := os.Stat(path + "-wal"); err == nil {
					copyFile(t, path+"-wal", filepath.Join(cd, "a.db-wal"))
				}
				c := openDSN(t, filepath.Join(cd, "a.db"), "_pragma=journal_mode(WAL)", false)
				if err := verifyRows(c, m.rows, true); err != nil {
					t.Fatalf("page %d, tx %d: a crash copy taken after the commit recovers: %v", page, tx, err)
				}
				c.Close()
				st.crashes++
			}
		}
		switch rng.IntN(8) {
		case 0, 1:
			mode := []string{"PASSIVE", "RESTART", "TRUNCATE", "FULL"}[rng.IntN(4)]
			checkpoint(t, ck, mode)
			st.ckpt[mode]++
		}
	}
	for _, w := range ws {
		w.Close()
	}
	ck.Close()
	r.Close()
	final := openDSN(t, path, params, false)
	if err := verifyRows(final, m.rows, true); err != nil {
		t.Fatalf("page %d: after every connection closed: %v", page, err)
	}
	return st
}

func TestStressRandomTransactions(t *testing.T) {
	if testing.Short() {
		t.Skip("stress")
	}
	// A fixed seed, so that CI runs the same transactions every time
	// (seed 2 with two writers found a bug of an earlier version at four
	// page sizes); SQLITEWAL_SEED explores others.
	seed := uint64(2)
	if s := os.Getenv("SQLITEWAL_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	t.Logf("seed %d", seed)
	buffered := os.Getenv("SQLITEWAL_UNBUFFERED") == ""
	writers := 2
	if os.Getenv("SQLITEWAL_WRITERS") != "" {
		fmt.Sscan(os.Getenv("SQLITEWAL_WRITERS"), &writers)
	}
	for _, c := range []struct{ page, maxFrames, maxRows, maxTx int }{
		{512, 600, 3000, 400},
		{1024, 600, 3000, 400},
		{4096, 600, 1500, 300},
		{8192, 600, 1000, 250},
		{65536, 150, 200, 80},
	} {
		t.Run(fmt.Sprintf("page=%d", c.page), func(t *testing.T) {
			st := runStress(t, c.page, c.maxFrames, c.maxRows, c.maxTx, 80*time.Second, writers, buffered, seed)
			t.Logf("buffered %v, page %d, %d writer(s): %d commits (%d row changes), %d rollbacks, %d transactions with a cache smaller than their changes, %d crash copies, checkpoints %v",
				buffered, c.page, writers, st.commits, st.frames, st.rollbacks, st.spillTx, st.crashes, st.ckpt)
		})
	}
}

package sqlstore_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/telltale-ml/telltale/internal/dbtest"
	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/sqlstore"
)

// TestSearchLikeFileStore searches the same runs in a file store and in a
// SQLite store with 2,000 filters and orders, built at random (seeded)
// from the grammar's pieces, hostile values and mangled text: the SQL
// store must never fail other than with ErrInvalid, must refuse exactly
// what the file store refuses, and must return the same runs in the same
// order. (A differential test rather than a fuzz target: instrumenting
// the SQLite driver for fuzzing takes longer than CI has.)
func TestSearchLikeFileStore(t *testing.T) {
	dir := t.TempDir()
	db := openSQLiteAt(t, filepath.Join(dir, "mlflow.db"))
	defer db.Close()
	differential(t, db, 2000)
}

// TestServerSearchLikeFileStore is TestSearchLikeFileStore, 500 searches,
// on PostgreSQL and MariaDB, whose collations and LIKE differ from
// SQLite's.
func TestServerSearchLikeFileStore(t *testing.T) {
	for _, start := range []func(testing.TB) *dbtest.Server{dbtest.Postgres, dbtest.MariaDB} {
		srv := start(t)
		t.Run(srv.Kind, func(t *testing.T) {
			s, err := openURI(t, srv.NewDatabase(t), sqlstore.Options{ArtifactRoot: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			differential(t, s, 500)
		})
	}
}

// differential compares n random searches of db with a file store's.
func differential(t *testing.T, db tracking.Store, n int) {
	file, err := tracking.Open(filepath.Join(t.TempDir(), "mlruns"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	fileExp := fillSearchRuns(t, file)
	dbExp := fillSearchRuns(t, db)
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	ident := func() string {
		return pick("metrics.acc", "metrics.drift", "metrics.nope", "params.model", "params.alpha", "params.nope",
			"tags.note", "tags.`drift detected`", `tags."drift detected"`, "tags.mlflow.runName", "attributes.status",
			"attributes.run_name", "run_name", "status", "attributes.start_time", "attributes.end_time",
			"attributes.user_id", "attributes.run_id", "attribute.status", "metric.acc", "param.model", "tag.note")
	}
	value := func() string {
		return pick("0.8", "0.85", "-1", "1e3", "0", "'rf'", "'RF_2'", "'r%'", "'%ight%'", "'R_'", "'%'", "'_'",
			"'FINISHED'", "'tester'", "'Nightly run'", "'it''s'", `"gbm"`, "'50% off'", "'50\\% off'", "'.*'",
			"'; DROP TABLE runs; --'", "('a', 'b')", "('x')", "1750000002000", "'naïve'", "'1'", "''")
	}
	clause := func() string {
		return ident() + " " + pick("=", "!=", ">", ">=", "<", "<=", "LIKE", "ILIKE", "like", "IN", "NOT IN") + " " + value()
	}
	for i := range n {
		k := 1 + rng.IntN(3)
		filter := clause()
		for range k - 1 {
			filter += pick(" AND ", " and ", " OR ") + clause()
		}
		if rng.IntN(10) == 0 { // mangle a character
			b := []byte(filter)
			const junk = "'\\\"()`%_ .,;x"
			b[rng.IntN(len(b))] = junk[rng.IntN(len(junk))]
			filter = string(b)
		}
		var order []string
		if rng.IntN(2) == 0 {
			o := ident()
			for o == "attributes.run_id" { // random in each store
				o = ident()
			}
			order = []string{o + pick("", " ASC", " DESC", " desc")}
		}
		a, _, errA := file.SearchRuns(t.Context(), tracking.RunQuery{ExperimentIDs: []string{fileExp}, Filter: filter, OrderBy: order})
		b, _, errB := db.SearchRuns(t.Context(), tracking.RunQuery{ExperimentIDs: []string{dbExp}, Filter: filter, OrderBy: order})
		if errB != nil && !errors.Is(errB, tracking.ErrInvalid) {
			t.Fatalf("%d: filter %q order %q: SQL store failed: %v", i, filter, order, errB)
		}
		if (errA == nil) != (errB == nil) {
			t.Fatalf("%d: filter %q order %q: file store %v, SQL store %v", i, filter, order, errA, errB)
		}
		if errA != nil {
			continue
		}
		if got, want := names2(b), names2(a); !equal(got, want) {
			t.Fatalf("%d: filter %q order %q: file store %v, SQLite %v", i, filter, order, want, got)
		}
		// Read page by page, the same runs come in the same order (a
		// search ordered by a metric reads its pages from three queries).
		q := tracking.RunQuery{ExperimentIDs: []string{dbExp}, Filter: filter, OrderBy: order, MaxResults: 1 + rng.IntN(3)}
		var paged []*tracking.Run
		for range 20 {
			page, next, err := db.SearchRuns(t.Context(), q)
			if err != nil {
				t.Fatalf("%d: filter %q order %q, page of %d: %v", i, filter, order, q.MaxResults, err)
			}
			paged = append(paged, page...)
			if next == "" {
				break
			}
			q.PageToken = next
		}
		if got, want := names2(paged), names2(b); !equal(got, want) {
			t.Fatalf("%d: filter %q order %q: pages of %d %v, one page %v", i, filter, order, q.MaxResults, got, want)
		}
	}
}

func names2(runs []*tracking.Run) []string {
	out := make([]string, len(runs))
	for i, r := range runs {
		out[i] = r.Info.RunName
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// fillSearchRuns logs the same seven runs into a store (the conformance
// suite's six search runs, with fixed times, and one whose acc is NaN)
// and returns their experiment.
func fillSearchRuns(tb testing.TB, s tracking.Store) string {
	ctx := tb.Context()
	exp, err := s.CreateExperiment(ctx, "search", "", nil)
	if err != nil {
		tb.Fatal(err)
	}
	for i, c := range []struct {
		name         string
		status       tracking.RunStatus
		params, tags map[string]string
		acc, drift   float64
		hasMetrics   bool
	}{
		{"a", tracking.Finished, map[string]string{"model": "rf", "alpha": "0.5"}, map[string]string{"drift detected": "true", "note": "Nightly run"}, 0.9, 0.4, true},
		{"b", tracking.Failed, map[string]string{"model": "gbm"}, nil, 0.95, 0.1, true},
		{"c", tracking.Finished, map[string]string{"model": "rf"}, map[string]string{"note": "nightly RUN"}, 0.8, 0.5, true},
		{"d", 0, nil, nil, 0, 0, false},
		{"e", tracking.Killed, map[string]string{"model": "RF_2"}, map[string]string{"note": "50% off"}, 0.7, 0.3, true},
		{"f", tracking.Finished, map[string]string{"model": "rf"}, map[string]string{"note": "it's"}, 0.85, 0.45, true},
		{"g", tracking.Finished, map[string]string{"model": "lr"}, nil, math.NaN(), 0.2, true},
	} {
		start := int64(1750000000000 + i*1000)
		r, err := s.CreateRun(ctx, tracking.RunSpec{ExperimentID: exp, Name: c.name, UserID: "tester", StartTime: start, Tags: c.tags})
		if err != nil {
			tb.Fatal(err)
		}
		var b tracking.Batch
		for k, v := range c.params {
			b.Params = append(b.Params, tracking.Param{Key: k, Value: v})
		}
		if c.hasMetrics {
			b.Metrics = []tracking.Metric{{Key: "acc", Value: c.acc, Timestamp: start}, {Key: "drift", Value: c.drift, Timestamp: start}}
		}
		if err := s.LogBatch(ctx, r.Info.RunID, b); err != nil {
			tb.Fatal(err)
		}
		if c.status != 0 {
			if _, err := s.UpdateRun(ctx, r.Info.RunID, tracking.RunUpdate{Status: c.status, EndTime: start + 500}); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return exp
}

package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/telltale-ml/telltale/internal/dbtest"
	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/sqlstore"
)

// logRuns logs n runs of 20 params and 20 metrics each as a fluent client
// does: StartRun (one transaction with the run and its tags), one
// LogBatch of the params and metrics, End.
func logRuns(ctx context.Context, s tracking.Store, exp string, n int) error {
	for i := range n {
		r, err := tracking.StartRun(ctx, s, exp, "", nil)
		if err != nil {
			return err
		}
		var batch tracking.Batch
		for k := range 20 {
			batch.Params = append(batch.Params, tracking.Param{Key: "param_" + strconv.Itoa(k), Value: strconv.Itoa(i * k)})
			batch.Metrics = append(batch.Metrics, tracking.Metric{Key: "metric_" + strconv.Itoa(k), Value: float64(i) / float64(k+1), Timestamp: int64(i)})
		}
		if err := s.LogBatch(ctx, r.ID(), batch); err != nil {
			return err
		}
		if err := r.End(ctx, tracking.Finished); err != nil {
			return err
		}
	}
	return nil
}

// benchLogSQLite times log, which logs n runs, on a new SQLite file per
// round, and reports runs per second.
func benchLogSQLite(b *testing.B, n int, log func(ctx context.Context, s *sqlstore.Store) error) {
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		s, err := sqlstore.OpenSQLite(b.Context(), filepath.Join(dir, "mlflow.db"), "sqlite:///mlflow.db", sqlstore.Options{ArtifactRoot: dir})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := log(b.Context(), s); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)/(b.Elapsed().Seconds()/float64(b.N)), "runs/s")
}

// BenchmarkLogRunsSQLite logs 10,000 runs of 20 params and 20 metrics
// into a new SQLite file (goal: under 10 s).
func BenchmarkLogRunsSQLite(b *testing.B) {
	const n = 10000
	benchLogSQLite(b, n, func(ctx context.Context, s *sqlstore.Store) error {
		return logRuns(ctx, s, "0", n)
	})
}

// BenchmarkLogRunsSQLiteConcurrent logs the same 10,000 runs from 16
// goroutines sharing one store, 625 runs each, as a tracking server's
// clients do: their writes meet in the store's group commit.
func BenchmarkLogRunsSQLiteConcurrent(b *testing.B) {
	const n, workers = 10000, 16
	benchLogSQLite(b, n, func(ctx context.Context, s *sqlstore.Store) error {
		var wg sync.WaitGroup
		errs := make([]error, workers)
		for w := range workers {
			wg.Go(func() { errs[w] = logRuns(ctx, s, "0", n/workers) })
		}
		wg.Wait()
		return errors.Join(errs...)
	})
}

// searchRunsGen gives the benchmark runs: model rf for a third of them,
// drift shares spread over [0, 1), accuracies over [0.5, 1).
func searchRunsGen(i int) (map[string]string, map[string]string, map[string]float64) {
	model := []string{"rf", "gbm", "lr"}[i%3]
	return map[string]string{"model": model, "alpha": strconv.Itoa(i % 10), "n_estimators": "100"},
		map[string]string{"team": "ml"},
		map[string]float64{"share_of_drifted_columns": float64(i*7919%1000) / 1000, "accuracy": 0.5 + float64(i*104729%1000)/2000, "loss": float64(i%97) / 97}
}

// searchBench runs the search benchmarks on a store holding n runs.
func searchBench(b *testing.B, s *sqlstore.Store, n int) {
	ctx := b.Context()
	exp, err := s.CreateExperiment(ctx, "bench", "", nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := sqlstore.BulkLoad(ctx, s, exp, n, searchRunsGen); err != nil {
		b.Fatal(err)
	}
	filter := "metrics.share_of_drifted_columns > 0.3 and params.model = 'rf'"
	order := []string{"metrics.accuracy DESC"}
	for _, bc := range []struct {
		name   string
		filter string
		order  []string
		max    int
	}{
		{"filter+order/page=100", filter, order, 100},
		{"filter+order/page=1000", filter, order, 1000},
		{"no-filter/page=1000", "", nil, 1000},
		{"order-only/page=100", "", order, 100},
	} {
		for round := range 3 { // three rounds for the spread, on one load
			b.Run(fmt.Sprintf("runs=%d/%s/round=%d", n, bc.name, round+1), func(b *testing.B) {
				var got int
				for b.Loop() {
					runs, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp}, Filter: bc.filter, OrderBy: bc.order, MaxResults: bc.max})
					if err != nil {
						b.Fatal(err)
					}
					got = len(runs)
				}
				b.ReportMetric(float64(got), "runs/page")
			})
		}
	}
}

// BenchmarkSearchRunsSQLite: a filtered, ordered search over 100,000 runs
// (goal: under 200 ms).
func BenchmarkSearchRunsSQLite(b *testing.B) {
	dir := b.TempDir()
	s, err := sqlstore.OpenSQLite(b.Context(), filepath.Join(dir, "mlflow.db"), "sqlite:///mlflow.db", sqlstore.Options{ArtifactRoot: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	searchBench(b, s, 100000)
}

// BenchmarkSearchRunsPostgres is BenchmarkSearchRunsSQLite on PostgreSQL.
func BenchmarkSearchRunsPostgres(b *testing.B) {
	srv := dbtest.Postgres(b)
	s, err := openURIB(b, srv.NewDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	searchBench(b, s, 100000)
}

// BenchmarkSearchRunsMariaDB is BenchmarkSearchRunsSQLite on MariaDB.
func BenchmarkSearchRunsMariaDB(b *testing.B) {
	srv := dbtest.MariaDB(b)
	s, err := openURIB(b, srv.NewDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	searchBench(b, s, 100000)
}

// TestBenchmarksSmall runs the benchmarks' code at a small size, so that
// it cannot rot between benchmark runs.
func TestBenchmarksSmall(t *testing.T) {
	s := openSQLite(t)
	if err := logRuns(t.Context(), s, "0", 20); err != nil {
		t.Fatal(err)
	}
	exp, err := s.CreateExperiment(t.Context(), "bench", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlstore.BulkLoad(t.Context(), s.(*sqlstore.Store), exp, 3000, searchRunsGen); err != nil {
		t.Fatal(err)
	}
	runs, next, err := s.SearchRuns(t.Context(), tracking.RunQuery{ExperimentIDs: []string{exp},
		Filter: "metrics.share_of_drifted_columns > 0.3 and params.model = 'rf'", OrderBy: []string{"metrics.accuracy DESC"}, MaxResults: 100})
	if err != nil || len(runs) != 100 || next == "" {
		t.Fatalf("%v %d %q", err, len(runs), next)
	}
	for i := 1; i < len(runs); i++ {
		if runs[i].Metrics["accuracy"].Value > runs[i-1].Metrics["accuracy"].Value || runs[i].Params["model"] != "rf" {
			t.Fatalf("run %d out of order or not rf", i)
		}
	}
}

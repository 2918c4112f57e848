package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/dbtest"
	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/sqlstore"
)

const (
	goroutines = 32
	gRuns      = 10 // runs per goroutine
	gParams    = 10
	gMetrics   = 5
	gSteps     = 4
)

// TestPostgres32Goroutines logs from 32 goroutines at once into one
// PostgreSQL database through one store: each makes 10 runs (10 params, 5
// metrics of 4 points, 2 tags, each as several calls), and all log into a
// shared run; every run, param, point and tag is then counted.
func TestPostgres32Goroutines(t *testing.T) {
	srv := dbtest.Postgres(t)
	s, err := openURI(t, srv.NewDatabase(t), sqlstore.Options{ArtifactRoot: t.TempDir()})
	require.NoError(t, err)
	defer s.Close()
	manyGoroutines(t, s, goroutines, nil)
}

// TestMariaDB32Goroutines does the same on MariaDB.
func TestMariaDB32Goroutines(t *testing.T) {
	srv := dbtest.MariaDB(t)
	s, err := openURI(t, srv.NewDatabase(t), sqlstore.Options{ArtifactRoot: t.TempDir()})
	require.NoError(t, err)
	defer s.Close()
	manyGoroutines(t, s, goroutines, nil)
}

// TestDroppedConnections logs from 8 goroutines while the server kills
// every client connection 5 times a second (pg_terminate_backend, KILL)
// for its first 2 seconds: the store retries with back-off, every call
// succeeds, nothing is lost or written twice. The 2 seconds stay within
// the store's retry budget (10 tries, waits of at least 3.6 s in all): a
// call is promised to outlast an outage that short, not one that never
// ends. Killing for the whole run, a call slowed past 200 ms by a
// loaded machine was killed at every try and failed (CI of 30 November,
// PostgreSQL, SQLSTATE 57P01 after 10 tries).
func TestDroppedConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("kills connections for seconds")
	}
	for _, start := range []func(testing.TB) *dbtest.Server{dbtest.Postgres, dbtest.MariaDB} {
		srv := start(t)
		t.Run(srv.Kind, func(t *testing.T) {
			uri := srv.NewDatabase(t)
			s, err := openURI(t, uri, sqlstore.Options{ArtifactRoot: t.TempDir()})
			require.NoError(t, err)
			defer s.Close()
			adminDB := "postgres"
			if srv.Kind == "mysql" {
				adminDB = ""
			}
			admin := srv.DB(t, adminDB)
			dbName := uri[strings.LastIndex(uri, "/")+1 : strings.Index(uri, "?")]
			var kills atomic.Int64
			stop := make(chan struct{})
			done := make(chan struct{})
			go func() {
				defer close(done)
				for end := time.Now().Add(2 * time.Second); time.Now().Before(end); {
					select {
					case <-stop:
						return
					case <-time.After(200 * time.Millisecond):
					}
					kills.Add(killClients(t, srv, admin, dbName))
				}
			}()
			manyGoroutines(t, s, 8, stop)
			<-done
			t.Logf("%s: %d connections killed while logging", srv.Kind, kills.Load())
			assert.Positive(t, kills.Load())
		})
	}
}

// killClients ends every connection to the store's database but the
// administrator's own, and returns how many it ended.
func killClients(t *testing.T, srv *dbtest.Server, admin *sql.DB, db string) int64 {
	ctx := context.Background()
	if srv.Kind == "mysql" {
		rows, err := admin.QueryContext(ctx, "SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()", db)
		if err != nil {
			return 0
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if rows.Scan(&id) == nil {
				ids = append(ids, id)
			}
		}
		rows.Close()
		n := int64(0)
		for _, id := range ids {
			if _, err := admin.ExecContext(ctx, "KILL CONNECTION "+strconv.FormatInt(id, 10)); err == nil {
				n++
			}
		}
		return n
	}
	var n int64
	_ = admin.QueryRowContext(ctx, "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", db).Scan(&n)
	return n
}

// manyGoroutines logs from 32 goroutines, closes stop (if not nil) when
// they are done, and counts everything.
func manyGoroutines(t *testing.T, s tracking.Store, goroutines int, stop chan struct{}) {
	ctx := t.Context()
	exp, err := s.CreateExperiment(ctx, "many", "", nil)
	require.NoError(t, err)
	shared, err := s.CreateRun(ctx, tracking.RunSpec{ExperimentID: exp, Name: "shared", StartTime: 1})
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for w := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- logWorker(ctx, s, exp, shared.Info.RunID, w)
		}()
	}
	wg.Wait()
	if stop != nil {
		close(stop)
	}
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	var runs []*tracking.Run
	q := tracking.RunQuery{ExperimentIDs: []string{exp}, Filter: "tags.kind = 'worker'", MaxResults: 100}
	for {
		page, next, err := s.SearchRuns(ctx, q)
		require.NoError(t, err)
		runs = append(runs, page...)
		if next == "" {
			break
		}
		q.PageToken = next
	}
	require.Len(t, runs, goroutines*gRuns)
	points := 0
	for _, r := range runs {
		require.Len(t, r.Params, gParams, r.Info.RunName)
		require.Len(t, r.Metrics, gMetrics, r.Info.RunName)
		assert.Equal(t, tracking.Finished, r.Info.Status)
		assert.Len(t, r.Tags, 6, r.Info.RunName) // kind, w and the 4 fluent tags
		for k := range gMetrics {
			m := r.Metrics[fmt.Sprintf("m%d", k)]
			assert.Equal(t, int64(gSteps-1), m.Step)
			h, err := s.GetMetricHistory(ctx, r.Info.RunID, fmt.Sprintf("m%d", k))
			require.NoError(t, err)
			require.Len(t, h, gSteps)
			points += len(h)
		}
	}
	assert.Equal(t, goroutines*gRuns*gMetrics*gSteps, points)
	sh, err := s.GetRun(ctx, shared.Info.RunID)
	require.NoError(t, err)
	assert.Len(t, sh.Params, goroutines*gRuns)
	for w := range goroutines {
		h, err := s.GetMetricHistory(ctx, shared.Info.RunID, fmt.Sprintf("g%d", w))
		require.NoError(t, err)
		assert.Len(t, h, gRuns, "goroutine %d's points in the shared run", w)
		assert.Equal(t, float64(gRuns-1), sh.Metrics[fmt.Sprintf("g%d", w)].Value)
	}
}

// logWorker is one goroutine of manyGoroutines: several calls per run,
// as the fluent API makes them.
func logWorker(ctx context.Context, s tracking.Store, exp, shared string, w int) error {
	for i := range gRuns {
		r, err := tracking.StartRun(ctx, s, exp, fmt.Sprintf("g%d-r%d", w, i), map[string]string{"kind": "worker"})
		if err != nil {
			return err
		}
		params := map[string]string{}
		for p := range gParams {
			params[fmt.Sprintf("p%d", p)] = strconv.Itoa(w*100 + i)
		}
		if err := r.LogParams(ctx, params); err != nil {
			return err
		}
		for st := range gSteps {
			ms := map[string]float64{}
			for k := range gMetrics {
				ms[fmt.Sprintf("m%d", k)] = float64(st)
			}
			if err := r.LogMetrics(ctx, ms, int64(st)); err != nil {
				return err
			}
		}
		if err := r.SetTag(ctx, "w", strconv.Itoa(w)); err != nil {
			return err
		}
		if err := s.LogBatch(ctx, shared, tracking.Batch{
			Params:  []tracking.Param{{Key: fmt.Sprintf("g%d-%d", w, i), Value: "x"}},
			Metrics: []tracking.Metric{{Key: fmt.Sprintf("g%d", w), Value: float64(i), Step: int64(i), Timestamp: int64(i)}},
		}); err != nil {
			return err
		}
		if err := r.End(ctx, tracking.Finished); err != nil {
			return err
		}
	}
	return nil
}

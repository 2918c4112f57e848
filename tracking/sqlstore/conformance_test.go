package sqlstore_test

import (
	"database/sql"
	"net/url"
	"path/filepath"
	"sync"
	"testing"

	"github.com/telltale-ml/telltale/internal/dbtest"
	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/sqlstore"
	"github.com/telltale-ml/telltale/tracking/storetest"
)

func openSQLite(t *testing.T) tracking.Store {
	s := openSQLiteAt(t, filepath.Join(t.TempDir(), "mlflow.db"))
	t.Cleanup(func() { s.Close() })
	return s
}

// openSQLiteAt opens a SQLite store at path, its artifacts beside it.
func openSQLiteAt(tb testing.TB, path string) *sqlstore.Store {
	s, err := sqlstore.OpenSQLite(tb.Context(), path, "sqlite:///"+filepath.Base(path),
		sqlstore.Options{ArtifactRoot: filepath.Join(filepath.Dir(path), "artifacts")})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestSQLiteConformance(t *testing.T) {
	storetest.Run(t, openSQLite)
}

// openURI opens the store of a postgresql:// or mysql:// URI.
func openURI(t *testing.T, uri string, opts sqlstore.Options) (*sqlstore.Store, error) {
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme == "mysql" {
		return sqlstore.OpenMySQL(t.Context(), u, opts)
	}
	return sqlstore.OpenPostgres(t.Context(), u, opts)
}

// trackingTables are emptied between the suite's tests, children first.
var trackingTables = []string{"input_tags", "inputs", "datasets", "latest_metrics", "metrics", "params", "tags", "runs", "experiment_tags", "experiments"}

// openServer returns an opener of empty stores on srv. A test may hold
// several stores at once (the search cases build one per case store), so
// each open gets a database of its own: one released by a finished test,
// its tracking tables emptied (faster than 34 CREATE TABLEs each time on a
// loaded machine), else a new database, where the store creates MLflow's
// schema (the creation path). Reopening adds the Default experiment.
func openServer(top *testing.T, srv *dbtest.Server) storetest.Open {
	var (
		mu   sync.Mutex
		free []string // URIs of databases no open store uses
		dbs  = map[string]*sql.DB{}
	)
	return func(t *testing.T) tracking.Store {
		mu.Lock()
		uri := ""
		if n := len(free); n > 0 {
			uri, free = free[n-1], free[:n-1]
		}
		mu.Unlock()
		if uri == "" {
			uri = srv.NewDatabase(top)
		} else {
			mu.Lock()
			db := dbs[uri]
			mu.Unlock()
			for _, table := range trackingTables {
				if _, err := db.ExecContext(t.Context(), "DELETE FROM "+table); err != nil {
					t.Fatal(err)
				}
			}
		}
		s, err := openURI(t, uri, sqlstore.Options{ArtifactRoot: filepath.Join(t.TempDir(), "artifacts")})
		if err != nil {
			t.Fatalf("%v\n%s", err, srv.Log())
		}
		t.Cleanup(func() {
			s.Close()
			mu.Lock()
			defer mu.Unlock()
			if dbs[uri] == nil {
				u, _ := url.Parse(uri)
				dbs[uri] = srv.DB(top, u.Path[1:])
			}
			free = append(free, uri)
		})
		return s
	}
}

func TestPostgresConformance(t *testing.T) {
	storetest.Run(t, openServer(t, dbtest.Postgres(t)))
}

func TestMariaDBConformance(t *testing.T) {
	storetest.Run(t, openServer(t, dbtest.MariaDB(t)))
}

// openURIB opens a server store for a benchmark.
func openURIB(b *testing.B, uri string) (*sqlstore.Store, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return nil, err
	}
	opts := sqlstore.Options{ArtifactRoot: b.TempDir()}
	if u.Scheme == "mysql" {
		return sqlstore.OpenMySQL(b.Context(), u, opts)
	}
	return sqlstore.OpenPostgres(b.Context(), u, opts)
}

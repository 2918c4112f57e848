package sqlstore_test

import (
	"database/sql"
	"net/url"
	"path/filepath"
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

// openServer returns an opener of empty stores on srv: the first creates
// a database and MLflow's schema in it (the creation path); the others
// empty its tracking tables, faster than 34 CREATE TABLEs each time on a
// loaded machine, and reopen it (which adds the Default experiment).
func openServer(top *testing.T, srv *dbtest.Server) storetest.Open {
	uri := srv.NewDatabase(top)
	u, _ := url.Parse(uri)
	var db *sql.DB
	return func(t *testing.T) tracking.Store {
		if db == nil {
			db = srv.DB(top, u.Path[1:])
		} else {
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
		t.Cleanup(func() { s.Close() })
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

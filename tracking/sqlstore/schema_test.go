package sqlstore_test

import (
	"context"
	"database/sql"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/telltale-ml/telltale/internal/dbtest"
	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/sqlstore"
)

func sqliteFile(t *testing.T, path string) *sql.DB {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

func strs(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		out = append(out, s)
	}
	require.NoError(t, rows.Err())
	sort.Strings(out)
	return out
}

// TestCreateSQLiteSchema checks the schema a new SQLite store makes: the
// 34 tables of revision bf29a5ff90ea with their indexes, each column and
// constraint on its own line of the CREATE TABLE text (MLflow's SQLite
// migrations re-read it line by line), the tracking tables' columns as the
// reference lists them, alembic_version stamped, Default inserted, WAL on,
// foreign keys and integrity clean.
func TestCreateSQLiteSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mlflow.db")
	s, err := sqlstore.OpenSQLite(t.Context(), path, "sqlite:///mlflow.db", sqlstore.Options{ArtifactRoot: "/srv/art"})
	require.NoError(t, err)
	assert.Equal(t, sqlstore.Revision, s.Revision())
	require.NoError(t, s.Close())

	db := sqliteFile(t, path)
	tables := strs(t, db, "SELECT name FROM sqlite_master WHERE type = 'table'")
	assert.Len(t, tables, 34)
	for _, want := range []string{"alembic_version", "experiments", "experiment_tags", "runs", "params", "tags", "metrics",
		"latest_metrics", "datasets", "inputs", "input_tags", "registered_models", "model_versions", "registered_model_tags",
		"model_version_tags", "registered_model_aliases", "evaluation_datasets", "webhooks", "jobs", "trace_info", "spans",
		"logged_models", "scorers", "entity_associations"} {
		assert.Contains(t, tables, want)
	}
	indexes := strs(t, db, "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' AND name NOT LIKE 'telltale_%'")
	assert.Len(t, indexes, 34)
	assert.Equal(t, []string{"telltale_latest_metrics_key_value", "telltale_runs_experiment_id_start_time"}, strs(t, db, "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'telltale_%'"),
		"the search's index beside MLflow's")
	assert.Contains(t, indexes, "index_jobs_function_status_creation_time", "MLflow's upgrade to 1b5f0d9ad7c1 rebuilds it")
	assert.Equal(t, []string{sqlstore.Revision}, strs(t, db, "SELECT version_num FROM alembic_version"))

	// One item per line: every line between "(" and ")" is one column or
	// constraint ending in a comma, except the last.
	for _, ddl := range strs(t, db, "SELECT sql FROM sqlite_master WHERE type = 'table'") {
		lines := strings.Split(ddl, "\n")
		require.GreaterOrEqual(t, len(lines), 3, ddl)
		assert.True(t, strings.HasSuffix(lines[0], " ("), ddl)
		assert.Equal(t, ")", lines[len(lines)-1], ddl)
		for i, l := range lines[1 : len(lines)-1] {
			assert.True(t, strings.HasPrefix(l, "\t"), "%q", l)
			last := i == len(lines)-3
			assert.Equal(t, !last, strings.HasSuffix(l, ","), "%q", l)
			assert.Equal(t, 1, strings.Count(l, "CONSTRAINT")+strings.Count(l, "\tCHECK")+strings.Count(l, "\tUNIQUE")+strings.Count(l, "\tFOREIGN KEY")+boolInt(isColumn(l)), "%q", l)
		}
	}

	// The tracking tables' columns: name, type, not null, default, primary
	// key position, as the reference's table 10.2 gives them.
	type col struct {
		Name, Type string
		NotNull    bool
		Default    sql.NullString
		PK         int
	}
	cols := func(table string) []col {
		rows, err := db.Query("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)", table)
		require.NoError(t, err)
		defer rows.Close()
		var out []col
		for rows.Next() {
			var c col
			require.NoError(t, rows.Scan(&c.Name, &c.Type, &c.NotNull, &c.Default, &c.PK))
			out = append(out, c)
		}
		return out
	}
	d0 := sql.NullString{String: "'0'", Valid: true}
	assert.Equal(t, []col{
		{"key", "VARCHAR(250)", true, sql.NullString{}, 1}, {"value", "FLOAT", true, sql.NullString{}, 5},
		{"timestamp", "BIGINT", true, sql.NullString{}, 2}, {"run_uuid", "VARCHAR(32)", true, sql.NullString{}, 4},
		{"step", "BIGINT", true, d0, 3}, {"is_nan", "BOOLEAN", true, d0, 6},
	}, cols("metrics"))
	assert.Equal(t, []col{
		{"experiment_id", "INTEGER", true, sql.NullString{}, 1}, {"name", "VARCHAR(256)", true, sql.NullString{}, 0},
		{"artifact_location", "VARCHAR(256)", false, sql.NullString{}, 0}, {"lifecycle_stage", "VARCHAR(32)", false, sql.NullString{}, 0},
		{"creation_time", "BIGINT", false, sql.NullString{}, 0}, {"last_update_time", "BIGINT", false, sql.NullString{}, 0},
	}, cols("experiments"))
	var runCols []string
	for _, c := range cols("runs") {
		runCols = append(runCols, c.Name+" "+c.Type)
	}
	assert.Equal(t, []string{"run_uuid VARCHAR(32)", "name VARCHAR(250)", "source_type VARCHAR(20)", "source_name VARCHAR(500)",
		"entry_point_name VARCHAR(50)", "user_id VARCHAR(256)", "status VARCHAR(9)", "start_time BIGINT", "end_time BIGINT",
		"source_version VARCHAR(50)", "lifecycle_stage VARCHAR(20)", "artifact_uri VARCHAR(200)", "experiment_id INTEGER",
		"deleted_time BIGINT"}, runCols)

	var def struct {
		id              int
		name, loc, life string
	}
	require.NoError(t, db.QueryRow("SELECT experiment_id, name, artifact_location, lifecycle_stage FROM experiments").Scan(&def.id, &def.name, &def.loc, &def.life))
	assert.Equal(t, 0, def.id)
	assert.Equal(t, "Default", def.name)
	assert.Equal(t, "/srv/art/0", def.loc)
	assert.Equal(t, []string{"wal"}, strs(t, db, "PRAGMA journal_mode"))
	assert.Empty(t, strs(t, db, "SELECT \"table\" FROM pragma_foreign_key_check"))
	assert.Equal(t, []string{"ok"}, strs(t, db, "PRAGMA integrity_check"))

	// Opening again changes nothing.
	s, err = sqlstore.OpenSQLite(t.Context(), path, "sqlite:///mlflow.db", sqlstore.Options{})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.Len(t, strs(t, db, "SELECT name FROM experiments"), 1)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// isColumn reports whether a DDL line defines a column (it starts with a
// lowercase name or "key", not a constraint keyword).
func isColumn(l string) bool {
	l = strings.TrimPrefix(l, "\t")
	return l != "" && (l[0] >= 'a' && l[0] <= 'z' || strings.HasPrefix(l, `"key"`))
}

// TestServerSchemas checks the schema on PostgreSQL and MariaDB: 34
// tables, 34 named indexes, the revision, the Default experiment.
func TestServerSchemas(t *testing.T) {
	for _, start := range []func(testing.TB) *dbtest.Server{dbtest.Postgres, dbtest.MariaDB} {
		srv := start(t)
		t.Run(srv.Kind, func(t *testing.T) {
			uri := srv.NewDatabase(t)
			s, err := openURI(t, uri, sqlstore.Options{ArtifactRoot: "/srv/art"})
			require.NoError(t, err)
			assert.Equal(t, sqlstore.Revision, s.Revision())
			assert.NotContains(t, s.URI(), srv.Password)
			require.NoError(t, s.Close())
			name := uri[strings.LastIndex(uri, "/")+1 : strings.Index(uri, "?")]
			db := srv.DB(t, name)
			var tq, iq string
			if srv.Kind == "mysql" {
				tq = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
				iq = "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND (index_name LIKE 'index!_%' ESCAPE '!' OR index_name LIKE 'idx!_%' ESCAPE '!')"
			} else {
				tq = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
				iq = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND (indexname LIKE 'index!_%' ESCAPE '!' OR indexname LIKE 'idx!_%' ESCAPE '!')"
			}
			assert.Len(t, strs(t, db, tq), 34)
			assert.Len(t, strs(t, db, iq), 34)
			assert.Equal(t, []string{"Default"}, strs(t, db, "SELECT name FROM experiments WHERE experiment_id = 0"))
		})
	}
}

// loadFixture makes a SQLite database from a SQL file of testdata.
func loadFixture(t *testing.T, name string) string {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "mlflow.db")
	db := sqliteFile(t, path)
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(l, "--") {
			lines = append(lines, l)
		}
	}
	for _, st := range strings.Split(strings.Join(lines, "\n"), ";\n") {
		if st = strings.TrimSpace(st); st != "" {
			_, err := db.Exec(st)
			require.NoError(t, err, st)
		}
	}
	require.NoError(t, db.Close())
	return path
}

// TestReadMLflowDatabase opens the hand-built database "written by
// MLflow" at its head revision, reads every row as MLflow wrote it,
// searches it, and logs into it.
func TestReadMLflowDatabase(t *testing.T) {
	ctx := t.Context()
	path := loadFixture(t, "mlflow-head.sql")
	s, err := sqlstore.OpenSQLite(ctx, path, "sqlite:///mlflow.db", sqlstore.Options{MustExist: true, ArtifactRoot: t.TempDir()})
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, sqlstore.HeadRevision, s.Revision())

	e, err := s.GetExperimentByName(ctx, "demo")
	require.NoError(t, err)
	assert.Equal(t, &tracking.Experiment{ID: "1", Name: "demo", ArtifactLocation: "/w/mlruns/1", LifecycleStage: "active",
		CreationTime: 1795933093900, LastUpdateTime: 1795933093900, Tags: map[string]string{"team": "ml"}}, e)
	exps, _, err := s.SearchExperiments(ctx, tracking.ExperimentQuery{View: tracking.All, OrderBy: []string{"experiment_id"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"Default", "demo", "scratch"}, names(exps))

	const r1, r2 = "f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4", "0a1b2c3d4e5f40718293a4b5c6d7e8f9"
	r, err := s.GetRun(ctx, r1)
	require.NoError(t, err)
	assert.Equal(t, tracking.RunInfo{RunID: r1, RunName: "r1", ExperimentID: "1", UserID: "root", Status: tracking.Finished,
		StartTime: 1795933093952, EndTime: 1795933094077, ArtifactURI: "/w/mlruns/1/" + r1 + "/artifacts", LifecycleStage: "active"}, r.Info)
	assert.Equal(t, map[string]string{"lr": "0.01", "alpha": "0.5"}, r.Params)
	assert.Equal(t, "v", r.Tags["k"])
	assert.True(t, math.IsNaN(r.Metrics["loss"].Value), "the NaN at step 2 is the latest")
	assert.Equal(t, int64(2), r.Metrics["loss"].Step)
	assert.Equal(t, math.MaxFloat64, r.Metrics["weird2"].Value, "infinity reads back as MLflow reads it")
	require.Len(t, r.Inputs, 1)
	assert.Equal(t, "ds1", r.Inputs[0].Dataset.Name)
	assert.Equal(t, "c42e9dfe", r.Inputs[0].Dataset.Digest)
	assert.Equal(t, map[string]string{tracking.TagDatasetContext: "training"}, r.Inputs[0].Tags)
	h, err := s.GetMetricHistory(ctx, r1, "loss")
	require.NoError(t, err)
	require.Len(t, h, 3)
	assert.Equal(t, 1.5, h[0].Value)
	assert.True(t, math.IsNaN(h[2].Value))

	gone, err := s.GetRun(ctx, r2)
	require.NoError(t, err)
	assert.Equal(t, tracking.StageDeleted, gone.Info.LifecycleStage)
	assert.Equal(t, "unknown", gone.Info.UserID)
	assert.Equal(t, int64(1795933094200), gone.Info.DeletedTime)

	// The reference's search, which MLflow's client ran on such a file.
	runs, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{"1"},
		Filter: "params.lr = '0.01' and metrics.loss < 2 and tags.k = 'v' and attributes.status = 'FINISHED'"})
	require.NoError(t, err)
	assert.Empty(t, runs, "loss's latest value is NaN: it is not < 2")
	runs, _, err = s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{"1"},
		Filter: "params.lr = '0.01' and metrics.acc < 2 and tags.k = 'v' and attributes.status = 'FINISHED'"})
	require.NoError(t, err)
	require.Len(t, runs, 1)
	assert.Equal(t, r1, runs[0].Info.RunID)

	// Writes at the head revision: a run in "demo", an experiment (the
	// workspace column keeps its default).
	ar, err := tracking.StartRun(ctx, s, "1", "from telltale", nil)
	require.NoError(t, err)
	require.NoError(t, ar.LogMetric(ctx, "loss", 0.5, 3))
	require.NoError(t, ar.End(ctx, tracking.Finished))
	id, err := s.CreateExperiment(ctx, "new", "", nil)
	require.NoError(t, err)
	assert.Equal(t, "3", id, "max + 1, as MLflow's ids")
	_, err = s.CreateExperiment(ctx, "scratch", "", nil)
	assert.ErrorIs(t, err, tracking.ErrExists)
	db := sqliteFile(t, path)
	assert.Equal(t, []string{"default", "default", "default", "default"}, strs(t, db, "SELECT workspace FROM experiments"))
	assert.Equal(t, []string{"UNKNOWN"}, strs(t, db, "SELECT DISTINCT source_type FROM runs"))
}

func names(exps []*tracking.Experiment) []string {
	var out []string
	for _, e := range exps {
		out = append(out, e.Name)
	}
	return out
}

// TestOpenChecks checks the errors at open: an empty database with
// MustExist, a database of another application, one missing a column.
func TestOpenChecks(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	open := func(path string, mustExist bool) error {
		s, err := sqlstore.OpenSQLite(ctx, path, "sqlite:///"+path, sqlstore.Options{MustExist: mustExist, ArtifactRoot: dir})
		if err == nil {
			s.Close()
		}
		return err
	}
	err := open(filepath.Join(dir, "none.db"), true)
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	assert.NoFileExists(t, filepath.Join(dir, "none.db"))

	empty := filepath.Join(dir, "empty.db")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	err = open(empty, true)
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	assert.Contains(t, err.Error(), "empty")
	require.NoError(t, open(empty, false), "an empty file gets MLflow's schema")

	other := filepath.Join(dir, "other.db")
	db := sqliteFile(t, other)
	_, err = db.Exec("CREATE TABLE invoices (id INTEGER)")
	require.NoError(t, err)
	err = open(other, false)
	assert.ErrorIs(t, err, tracking.ErrInvalid)
	assert.Contains(t, err.Error(), "invoices")

	broken := loadFixture(t, "mlflow-head.sql")
	db = sqliteFile(t, broken)
	_, err = db.Exec("ALTER TABLE runs DROP COLUMN deleted_time")
	require.NoError(t, err)
	_, err = db.Exec("DROP TABLE input_tags")
	require.NoError(t, err)
	err = open(broken, false)
	assert.ErrorIs(t, err, tracking.ErrCorrupt)
	assert.Contains(t, err.Error(), "runs.deleted_time")
	assert.Contains(t, err.Error(), "table input_tags")

	assert.ErrorIs(t, open(dir, false), tracking.ErrInvalid, "a directory")
}

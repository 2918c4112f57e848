package sqlstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// Revision is the alembic revision of the schema the store creates.
const Revision = "bf29a5ff90ea"

// HeadRevision is the revision MLflow 3.6 upgrades such a database to
// when it opens it; the store works with both, and with any database that
// has the tables and columns it uses (requiredColumns).
const HeadRevision = "1b5f0d9ad7c1"

//go:embed schema/*.sql
var schemaFS embed.FS

// requiredColumns are the tables and columns the store reads and writes,
// checked at open.
var requiredColumns = map[string][]string{
	"experiments":     {"experiment_id", "name", "artifact_location", "lifecycle_stage", "creation_time", "last_update_time"},
	"experiment_tags": {"key", "value", "experiment_id"},
	"runs": {"run_uuid", "name", "source_type", "source_name", "entry_point_name", "user_id", "status", "start_time",
		"end_time", "source_version", "lifecycle_stage", "artifact_uri", "experiment_id", "deleted_time"},
	"params":         {"key", "value", "run_uuid"},
	"tags":           {"key", "value", "run_uuid"},
	"metrics":        {"key", "value", "timestamp", "run_uuid", "step", "is_nan"},
	"latest_metrics": {"key", "value", "timestamp", "step", "is_nan", "run_uuid"},
	"datasets": {"dataset_uuid", "experiment_id", "name", "digest", "dataset_source_type", "dataset_source",
		"dataset_schema", "dataset_profile"},
	"inputs":          {"input_uuid", "source_type", "source_id", "destination_type", "destination_id"},
	"input_tags":      {"input_uuid", "name", "value"},
	"alembic_version": {"version_num"},
}

// schemaStatements returns the dialect's DDL, one statement per entry.
func schemaStatements(d *dialect) ([]string, error) {
	b, err := schemaFS.ReadFile("schema/" + d.name + ".sql")
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(l, "--") {
			lines = append(lines, l)
		}
	}
	var out []string
	for _, st := range strings.Split(strings.Join(lines, "\n"), ";\n") {
		if st = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(st), ";")); st != "" {
			out = append(out, st)
		}
	}
	return out, nil
}

// searchIndexes are telltale's indexes beyond MLflow's, created with
// MLflow's schema in a new database (never added to an existing one).
// telltale_latest_metrics_key_value lets a search ordered by a metric
// read the runs in order (see runSearch), and
// telltale_runs_experiment_id_start_time does the same for the default
// order (start_time DESC) within an experiment. MLflow ignores indexes it does
// not know: it checks only alembic_version, its migrations after
// bf29a5ff90ea do not touch latest_metrics, and an SQLite table rebuilt
// by a migration (alembic's batch mode) gets its reflected indexes back.
var searchIndexes = []string{
	`CREATE INDEX telltale_latest_metrics_key_value ON latest_metrics ("key", is_nan, value)`,
	`CREATE INDEX telltale_runs_experiment_id_start_time ON runs (experiment_id, start_time)`,
}

var (
	createTableRE = regexp.MustCompile(`^CREATE TABLE (\w+)`)
	createIndexRE = regexp.MustCompile(`^CREATE (?:UNIQUE )?INDEX (\w+) ON (\w+)`)
)

// tables lists the tables of the database (or schema).
func (s *Store) tables(ctx context.Context, t tx) (map[string]bool, error) {
	var q string
	switch s.d {
	case dialectSQLite:
		q = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
	case dialectPostgres:
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
	default:
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
	}
	return s.names(ctx, t, q)
}

// columns lists the columns of a table.
func (s *Store) columns(ctx context.Context, t tx, table string) (map[string]bool, error) {
	switch s.d {
	case dialectSQLite:
		return s.names(ctx, t, "SELECT name FROM pragma_table_info(?)", table)
	case dialectPostgres:
		return s.names(ctx, t, "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?", table)
	}
	return s.names(ctx, t, "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?", table)
}

// indexes lists the indexes of the database.
func (s *Store) indexes(ctx context.Context, t tx) (map[string]bool, error) {
	switch s.d {
	case dialectSQLite:
		return s.names(ctx, t, "SELECT name FROM sqlite_master WHERE type = 'index'")
	case dialectPostgres:
		return s.names(ctx, t, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
	}
	return s.names(ctx, t, "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = DATABASE()")
}

func (s *Store) names(ctx context.Context, t tx, q string, args ...any) (map[string]bool, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[strings.ToLower(n)] = true
	}
	return out, rows.Err()
}

// prepare creates MLflow's schema in a database that has none (unless
// mustExist), checks the tables and columns of one that has, and adds the
// Default experiment when it is missing.
func (s *Store) prepare(ctx context.Context, mustExist bool) error {
	var have map[string]bool
	err := s.read(ctx, "open", func(t tx) error {
		var err error
		have, err = s.tables(ctx, t)
		return err
	})
	if err != nil {
		return err
	}
	if !have["alembic_version"] || !have["experiments"] {
		if mustExist {
			if len(have) == 0 {
				return fmt.Errorf("%w: no tracking store at %s: the database is empty (run a telltale command that writes, such as \"experiments create\", to create MLflow's schema)", tracking.ErrNotFound, s.display)
			}
			return fmt.Errorf("%w: %s is not an MLflow tracking database: it has no alembic_version or experiments table", tracking.ErrNotFound, s.display)
		}
		if err := s.create(ctx, have); err != nil {
			return err
		}
	}
	if err := s.check(ctx); err != nil {
		return err
	}
	if mustExist {
		return nil
	}
	return s.ensureDefault(ctx)
}

// create runs the dialect's DDL in one transaction, after a lock that
// keeps two processes from creating the schema at once; statements whose
// table or index exists are skipped, so that a creation that MySQL (whose
// DDL is not transactional) left half done is completed. A database with
// tables of its own is refused.
func (s *Store) create(ctx context.Context, have map[string]bool) error {
	stmts, err := schemaStatements(s.d)
	if err != nil {
		return err
	}
	stmts = append(stmts, searchIndexes...)
	ours := map[string]bool{}
	for _, st := range stmts {
		if m := createTableRE.FindStringSubmatch(st); m != nil {
			ours[m[1]] = true
		}
	}
	var foreign []string
	for t := range have {
		if !ours[t] && !strings.HasPrefix(t, "alembic_") && t != "workspaces" {
			foreign = append(foreign, t)
		}
	}
	if len(foreign) > 0 {
		sort.Strings(foreign)
		return fmt.Errorf("%w: %s is not empty and has no MLflow schema (it has the tables %s); give telltale an empty database",
			tracking.ErrInvalid, s.display, strings.Join(foreign, ", "))
	}
	if s.d == dialectMySQL {
		return s.createMySQL(ctx, stmts)
	}
	return s.write(ctx, "create schema", func(t tx, _ bool) error {
		if s.d == dialectPostgres {
			if _, err := t.exec(ctx, "SELECT pg_advisory_xact_lock(7020121)"); err != nil {
				return err
			}
		}
		return s.createIn(ctx, t, stmts)
	})
}

// createIn runs the statements whose objects are missing, and stamps the
// revision.
func (s *Store) createIn(ctx context.Context, t tx, stmts []string) error {
	tables, err := s.tables(ctx, t)
	if err != nil {
		return err
	}
	if tables["alembic_version"] && tables["experiments"] {
		return nil // another process made it meanwhile
	}
	idx, err := s.indexes(ctx, t)
	if err != nil {
		return err
	}
	for _, st := range stmts {
		if m := createTableRE.FindStringSubmatch(st); m != nil && tables[m[1]] {
			continue
		}
		if m := createIndexRE.FindStringSubmatch(st); m != nil && idx[m[1]] {
			continue
		}
		if err := t.execDDL(ctx, st); err != nil {
			return fmt.Errorf("%s: %w", firstLine(st), err)
		}
	}
	_, err = t.exec(ctx, "INSERT INTO alembic_version (version_num) VALUES (?)", Revision)
	return err
}

// createMySQL creates the schema under a named lock: MySQL commits each
// DDL statement on its own, so the lock, not a transaction, keeps
// concurrent creators apart, and a creation cut short is completed by the
// next open. The revision is stamped last.
func (s *Store) createMySQL(ctx context.Context, stmts []string) error {
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return s.wrap("create schema", err)
	}
	defer conn.Close()
	var got int
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK('telltale_create_schema', 60)").Scan(&got); err != nil || got != 1 {
		return s.wrap("create schema", errors.Join(errors.New("could not take the schema lock in 60 s"), err))
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK('telltale_create_schema')")
	return s.write(ctx, "create schema", func(t tx, _ bool) error { return s.createIn(ctx, t, stmts) })
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// check reads the revision and checks that every table and column the
// store uses is there.
func (s *Store) check(ctx context.Context) error {
	var missing []string
	err := s.read(ctx, "check schema", func(t tx) error {
		missing = nil
		for _, table := range sortedTables() {
			cols, err := s.columns(ctx, t, table)
			if err != nil {
				return err
			}
			if len(cols) == 0 {
				missing = append(missing, "table "+table)
				continue
			}
			for _, c := range requiredColumns[table] {
				if !cols[c] {
					missing = append(missing, table+"."+c)
				}
			}
		}
		if len(missing) > 0 {
			return nil
		}
		return t.queryRow(ctx, "SELECT version_num FROM alembic_version").Scan(&s.revision)
	})
	if err != nil {
		return s.wrap("check schema", err)
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s is not an MLflow tracking database this telltale can use: it lacks %s (telltale needs MLflow's schema at revision %s or later; upgrade it with \"mlflow db upgrade\")",
			tracking.ErrCorrupt, s.display, strings.Join(missing, ", "), Revision)
	}
	return nil
}

func sortedTables() []string {
	out := make([]string, 0, len(requiredColumns))
	for t := range requiredColumns {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// ensureDefault inserts experiment 0, "Default", when missing, as
// MLflow's store does when it opens a database.
func (s *Store) ensureDefault(ctx context.Context) error {
	return s.write(ctx, "create the Default experiment", func(t tx, _ bool) error {
		var n int
		err := t.queryRow(ctx, "SELECT COUNT(*) FROM experiments WHERE experiment_id = 0 OR name = ?", tracking.DefaultExperimentName).Scan(&n)
		if err != nil || n > 0 {
			return err
		}
		now := s.nowMillis()
		_, err = t.exec(ctx, "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (0, ?, ?, ?, ?, ?)",
			tracking.DefaultExperimentName, experimentLocation(s.root, "0"), tracking.StageActive, now, now)
		return err
	})
}

package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/tracking"
)

// expID reads an experiment id. ok is false for an id no experiment of
// this database can have (not a decimal number, or beyond the INTEGER
// column of PostgreSQL and MySQL): lookups then find nothing.
func (s *Store) expID(id string) (int64, bool) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != id {
		return 0, false
	}
	if s.d != dialectSQLite && n > math.MaxInt32 {
		return 0, false
	}
	return n, true
}

func notFoundExp(id string) error {
	return fmt.Errorf("%w: No Experiment with id=%s exists", tracking.ErrNotFound, id)
}

// fits checks a value against the width of its column where the database
// enforces widths (PostgreSQL, MySQL; SQLite does not).
func (s *Store) fits(what, v string, n int) error {
	if s.d != dialectSQLite && utf8.RuneCountInString(v) > n {
		return fmt.Errorf("%w: %s has %d characters; the %s database's column holds at most %d (MLflow's schema)",
			tracking.ErrInvalid, what, utf8.RuneCountInString(v), s.d.name, n)
	}
	return nil
}

const expCols = "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time"

// scanExperiment reads a row of expCols.
func scanExperiment(sc interface{ Scan(...any) error }) (*tracking.Experiment, error) {
	var (
		id          int64
		e           tracking.Experiment
		loc, stage  sql.NullString
		ctime, utim sql.NullInt64
	)
	if err := sc.Scan(&id, &e.Name, &loc, &stage, &ctime, &utim); err != nil {
		return nil, err
	}
	e.ID = strconv.FormatInt(id, 10)
	e.ArtifactLocation, e.LifecycleStage = loc.String, stage.String
	if e.LifecycleStage == "" {
		e.LifecycleStage = tracking.StageActive
	}
	e.CreationTime, e.LastUpdateTime = ctime.Int64, utim.Int64
	e.Tags = map[string]string{}
	return &e, nil
}

// getExperiment reads an experiment and its tags by id, or by name when
// byName; nil when there is none.
func (s *Store) getExperiment(ctx context.Context, t tx, key string, byName bool) (*tracking.Experiment, error) {
	e, err := s.experimentRow(ctx, t, key, byName)
	if err != nil || e == nil {
		return nil, err
	}
	err = s.experimentTags(ctx, t, []*tracking.Experiment{e})
	return e, err
}

// experimentRow is getExperiment without the tags.
func (s *Store) experimentRow(ctx context.Context, t tx, key string, byName bool) (*tracking.Experiment, error) {
	var row *sql.Row
	if byName {
		if !utf8.ValidString(key) {
			return nil, nil // stored names are valid UTF-8
		}
		eq, n := s.d.strEq("name")
		row = t.queryRow(ctx, "SELECT "+expCols+" FROM experiments WHERE "+eq, repeat(key, n)...)
	} else {
		id, ok := s.expID(key)
		if !ok {
			return nil, nil
		}
		row = t.queryRow(ctx, "SELECT "+expCols+" FROM experiments WHERE experiment_id = ?", id)
	}
	e, err := scanExperiment(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return e, nil
}

// experimentTags fills the tags of experiments.
func (s *Store) experimentTags(ctx context.Context, t tx, exps []*tracking.Experiment) error {
	if len(exps) == 0 {
		return nil
	}
	byID := make(map[int64]*tracking.Experiment, len(exps))
	args := make([]any, 0, len(exps))
	for _, e := range exps {
		id, _ := strconv.ParseInt(e.ID, 10, 64)
		byID[id] = e
		args = append(args, id)
	}
	for len(args) > 0 {
		n := min(len(args), 500)
		rows, err := t.query(ctx, `SELECT experiment_id, "key", value FROM experiment_tags WHERE experiment_id IN `+values(n), args[:n]...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var k string
			var v sql.NullString
			if err := rows.Scan(&id, &k, &v); err != nil {
				rows.Close()
				return err
			}
			if e := byID[id]; e != nil {
				e.Tags[k] = v.String
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		args = args[n:]
	}
	return nil
}

func repeat(v any, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// GetExperiment returns an experiment, deleted or not.
func (s *Store) GetExperiment(ctx context.Context, id string) (*tracking.Experiment, error) {
	var e *tracking.Experiment
	err := s.read(ctx, "get experiment", func(t tx) error {
		var err error
		e, err = s.getExperiment(ctx, t, id, false)
		return err
	})
	if err == nil && e == nil {
		err = notFoundExp(id)
	}
	return e, err
}

// GetExperimentByName returns the experiment with that name, deleted or
// not.
func (s *Store) GetExperimentByName(ctx context.Context, name string) (*tracking.Experiment, error) {
	var e *tracking.Experiment
	err := s.read(ctx, "get experiment", func(t tx) error {
		var err error
		e, err = s.getExperiment(ctx, t, name, true)
		return err
	})
	if err == nil && e == nil {
		err = fmt.Errorf("%w: Could not find experiment with name '%s'", tracking.ErrNotFound, name)
	}
	return e, err
}

// artifactLocation turns a caller's artifact location into the stored
// form, as MLflow's resolve_uri_if_local: a local path becomes absolute;
// URIs (file:, s3:, ...) are kept.
func artifactLocation(loc string) (string, error) {
	if loc == "" {
		return "", nil
	}
	if err := tracking.ValidateArtifactLocation(loc); err != nil {
		return "", err
	}
	if i := strings.Index(loc, ":"); i > 1 && !strings.ContainsAny(loc[:i], `/\.`) {
		return loc, nil
	}
	abs, err := filepath.Abs(loc)
	if err != nil {
		return "", fmt.Errorf("%w: artifact location %q: %v", tracking.ErrInvalid, loc, err)
	}
	return abs, nil
}

func existsErr(name string, e *tracking.Experiment) error {
	if e.LifecycleStage == tracking.StageDeleted {
		return fmt.Errorf("%w: Experiment(name=%s) already exists (id %s, deleted): restore it or rename it", tracking.ErrExists, name, e.ID)
	}
	return fmt.Errorf("%w: Experiment(name=%s) already exists (id %s)", tracking.ErrExists, name, e.ID)
}

// CreateExperiment creates an experiment, as MLflow does: the row, then
// (without a location given) artifact_location = <root>/<id>, and the
// tags, in one transaction.
func (s *Store) CreateExperiment(ctx context.Context, name, artifactLoc string, tags map[string]string) (string, error) {
	if err := tracking.ValidateExperimentName(name); err != nil {
		return "", err
	}
	if err := s.fits("experiment name", name, 256); err != nil {
		return "", err
	}
	for k, v := range tags {
		if err := tracking.ValidateExperimentTag(k, v); err != nil {
			return "", err
		}
	}
	loc, err := artifactLocation(artifactLoc)
	if err != nil {
		return "", err
	}
	if err := s.fits("artifact location", loc, 256); err != nil {
		return "", err
	}
	now := s.nowMillis()
	var id string
	retried := false // a unique violation was seen: the name is taken
	err = s.write(ctx, "create experiment", func(t tx, maybeDone bool) error {
		old, err := s.getExperiment(ctx, t, name, true)
		if err != nil {
			return err
		}
		if old != nil {
			if maybeDone && old.CreationTime == now && old.LifecycleStage == tracking.StageActive {
				id = old.ID // our own earlier try committed
				return nil
			}
			return existsErr(name, old)
		}
		n, err := s.insertExperiment(ctx, t, -1, name, nil, tracking.StageActive, now, now)
		if s.d.uniqueViolation(err) {
			if retried {
				// Still taken though no name matches exactly: the
				// database's collation ignores case or accents.
				return fmt.Errorf("%w: an experiment whose name equals %q in the database's collation exists", tracking.ErrExists, name)
			}
			retried = true
			return errRetry{err}
		}
		if err != nil {
			return err
		}
		id = strconv.FormatInt(n, 10)
		if loc == "" {
			loc := experimentLocation(s.root, id)
			if err := s.fits("artifact location", loc, 256); err != nil {
				return err
			}
			if _, err := t.exec(ctx, "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?", loc, n); err != nil {
				return err
			}
		} else if _, err := t.exec(ctx, "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?", loc, n); err != nil {
			return err
		}
		return s.setExperimentTags(ctx, t, n, tags)
	})
	return id, err
}

// insertExperiment inserts an experiment row and returns its id; id < 0
// lets the database pick it (max + 1 in SQLite, the sequence elsewhere).
func (s *Store) insertExperiment(ctx context.Context, t tx, id int64, name string, loc any, stage string, ctime, utime int64) (int64, error) {
	cols := "name, artifact_location, lifecycle_stage, creation_time, last_update_time"
	args := []any{name, loc, stage, ctime, utime}
	if id >= 0 {
		cols = "experiment_id, " + cols
		args = append([]any{id}, args...)
	}
	q := "INSERT INTO experiments (" + cols + ") VALUES " + values(len(args))
	if s.d == dialectMySQL {
		res, err := t.exec(ctx, q, args...)
		if err != nil {
			return 0, err
		}
		if id >= 0 {
			return id, nil
		}
		return res.LastInsertId()
	}
	var got int64
	err := t.queryRow(ctx, q+" RETURNING experiment_id", args...).Scan(&got)
	return got, err
}

func (s *Store) setExperimentTags(ctx context.Context, t tx, id int64, tags map[string]string) error {
	q := s.d.upsert("experiment_tags", []string{`"key"`, "value", "experiment_id"}, []string{`"key"`, "experiment_id"}, []string{"value"})
	for k, v := range tags {
		if _, err := t.exec(ctx, q, k, v, id); err != nil {
			return err
		}
	}
	return nil
}

// activeExperiment reads an experiment (without its tags) for an update: ErrNotFound when
// missing, ErrDeleted when deleted and the update needs it active.
func (s *Store) activeExperiment(ctx context.Context, t tx, id string, needActive bool) (*tracking.Experiment, int64, error) {
	e, err := s.experimentRow(ctx, t, id, false)
	if err != nil {
		return nil, 0, err
	}
	if e == nil {
		return nil, 0, notFoundExp(id)
	}
	if needActive && e.LifecycleStage != tracking.StageActive {
		return nil, 0, fmt.Errorf("%w: experiment %s (%q) is deleted", tracking.ErrDeleted, id, e.Name)
	}
	n, _ := s.expID(id)
	return e, n, nil
}

// RenameExperiment renames an active experiment.
func (s *Store) RenameExperiment(ctx context.Context, id, newName string) error {
	if err := tracking.ValidateExperimentName(newName); err != nil {
		return err
	}
	if err := s.fits("experiment name", newName, 256); err != nil {
		return err
	}
	return s.write(ctx, "rename experiment", func(t tx, _ bool) error {
		e, n, err := s.activeExperiment(ctx, t, id, true)
		if err != nil {
			return err
		}
		if e.Name == newName {
			return nil
		}
		old, err := s.getExperiment(ctx, t, newName, true)
		if err != nil {
			return err
		}
		if old != nil {
			return existsErr(newName, old)
		}
		_, err = t.exec(ctx, "UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?", newName, s.nowMillis(), n)
		if s.d.uniqueViolation(err) {
			return errRetry{err}
		}
		return err
	})
}

// DeleteExperiment marks an experiment and all its runs deleted (the runs'
// deleted_time is now), as MLflow does. MLflow's SQL store lets the
// Default experiment be deleted too.
func (s *Store) DeleteExperiment(ctx context.Context, id string) error {
	return s.setExperimentStage(ctx, id, tracking.StageDeleted)
}

// RestoreExperiment makes an experiment and all its runs active again,
// also runs deleted on their own before.
func (s *Store) RestoreExperiment(ctx context.Context, id string) error {
	return s.setExperimentStage(ctx, id, tracking.StageActive)
}

func (s *Store) setExperimentStage(ctx context.Context, id, stage string) error {
	return s.write(ctx, "delete or restore experiment", func(t tx, _ bool) error {
		_, n, err := s.activeExperiment(ctx, t, id, false)
		if err != nil {
			return err
		}
		now := s.nowMillis()
		if _, err := t.exec(ctx, "UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?", stage, now, n); err != nil {
			return err
		}
		var deleted any // NULL on restore
		if stage == tracking.StageDeleted {
			deleted = now
		}
		_, err = t.exec(ctx, "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE experiment_id = ?", stage, deleted, n)
		return err
	})
}

// SetExperimentTag sets a tag of an active experiment.
func (s *Store) SetExperimentTag(ctx context.Context, id, key, value string) error {
	if err := tracking.ValidateExperimentTag(key, value); err != nil {
		return err
	}
	return s.write(ctx, "set experiment tag", func(t tx, _ bool) error {
		_, n, err := s.activeExperiment(ctx, t, id, true)
		if err != nil {
			return err
		}
		return s.setExperimentTags(ctx, t, n, map[string]string{key: value})
	})
}

// DeleteExperimentTag removes a tag of an active experiment.
func (s *Store) DeleteExperimentTag(ctx context.Context, id, key string) error {
	if err := tracking.ValidateKey("experiment tag", key); err != nil {
		return err
	}
	return s.write(ctx, "delete experiment tag", func(t tx, _ bool) error {
		_, n, err := s.activeExperiment(ctx, t, id, true)
		if err != nil {
			return err
		}
		eq, m := s.d.strEq(`"key"`)
		res, err := t.exec(ctx, "DELETE FROM experiment_tags WHERE experiment_id = ? AND "+eq, append([]any{n}, repeat(key, m)...)...)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err == nil && k == 0 {
			return fmt.Errorf("%w: no tag with name %q in experiment %s", tracking.ErrNotFound, key, id)
		}
		return err
	})
}

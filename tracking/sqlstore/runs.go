package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

const runCols = "run_uuid, name, experiment_id, user_id, status, start_time, end_time, deleted_time, artifact_uri, lifecycle_stage"

func notFoundRun(id string) error {
	return fmt.Errorf("%w: Run with id=%s not found", tracking.ErrNotFound, id)
}

// scanRunInfo reads a row of runCols.
func scanRunInfo(sc interface{ Scan(...any) error }) (*tracking.RunInfo, error) {
	var (
		r                           tracking.RunInfo
		name, user, status, art, lc sql.NullString
		exp                         sql.NullInt64
		start, end, deleted         sql.NullInt64
	)
	if err := sc.Scan(&r.RunID, &name, &exp, &user, &status, &start, &end, &deleted, &art, &lc); err != nil {
		return nil, err
	}
	r.RunName, r.UserID, r.ArtifactURI, r.LifecycleStage = name.String, user.String, art.String, lifecycleStage(lc)
	r.ExperimentID = strconv.FormatInt(exp.Int64, 10)
	r.StartTime, r.EndTime, r.DeletedTime = start.Int64, end.Int64, deleted.Int64
	st, err := tracking.ParseRunStatus(status.String)
	if err != nil {
		st = tracking.Running
	}
	r.Status = st
	return &r, nil
}

// lifecycleStage is a stored lifecycle stage; NULL or empty (rows of old
// MLflow versions) is active.
func lifecycleStage(lc sql.NullString) string {
	if lc.String == "" {
		return tracking.StageActive
	}
	return lc.String
}

// mustBeActive is MLflow's error for a write to a run that is not active.
func mustBeActive(runID, stage string) error {
	if stage == tracking.StageActive {
		return nil
	}
	return fmt.Errorf("%w: The run %s must be in the 'active' state. Current state is %s.", tracking.ErrDeleted, runID, stage)
}

// runInfo reads a run's row; nil when there is none.
func (s *Store) runInfo(ctx context.Context, t tx, runID string, lock bool) (*tracking.RunInfo, error) {
	q := "SELECT " + runCols + " FROM runs WHERE run_uuid = ?"
	if lock {
		q += s.d.forUpdate()
	}
	r, err := scanRunInfo(t.queryRow(ctx, q, runID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return r, err
}

// activeRun reads a run for a write: ErrNotFound when missing, ErrDeleted
// when deleted (MLflow: "The run ... must be in the 'active' state").
func (s *Store) activeRun(ctx context.Context, t tx, runID string) (*tracking.RunInfo, error) {
	if err := tracking.ValidateRunID(runID); err != nil {
		return nil, err
	}
	r, err := s.runInfo(ctx, t, runID, false)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, notFoundRun(runID)
	}
	if err := mustBeActive(runID, r.LifecycleStage); err != nil {
		return nil, err
	}
	return r, nil
}

// checkActive is activeRun for a write that needs only to know the run is
// active: it reads the run's lifecycle stage alone, which costs the single
// SQLite writer a fraction of reading and converting the whole row (a
// log-batch's check on every call).
func (s *Store) checkActive(ctx context.Context, t tx, runID string) error {
	if err := tracking.ValidateRunID(runID); err != nil {
		return err
	}
	var lc sql.NullString
	err := t.queryRow(ctx, "SELECT lifecycle_stage FROM runs WHERE run_uuid = ?", runID).Scan(&lc)
	if errors.Is(err, sql.ErrNoRows) {
		return notFoundRun(runID)
	}
	if err != nil {
		return err
	}
	return mustBeActive(runID, lifecycleStage(lc))
}

func (s *Store) randName() (string, error) {
	s.randMu.Lock()
	defer s.randMu.Unlock()
	return tracking.RandomRunName(s.rand)
}

// newRunID returns a time-ordered id (see runIDGen).
func (s *Store) newRunID() (string, error) {
	s.randMu.Lock()
	defer s.randMu.Unlock()
	return s.ids.next(s.rand, s.nowMillis())
}

// CreateRun creates a run with status RUNNING in an active experiment,
// with the rows MLflow writes (reference section 10.5): the legacy source
// columns 'UNKNOWN' and ”, artifact_uri <experiment location>/<run
// id>/artifacts, and the tags including mlflow.runName.
func (s *Store) CreateRun(ctx context.Context, spec tracking.RunSpec) (*tracking.Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	expID := spec.ExperimentID
	if expID == "" {
		expID = tracking.DefaultExperimentID
	}
	name, tags, err := tracking.ResolveRunName(spec, s.randName)
	if err != nil {
		return nil, err
	}
	if err := s.fits("run name", name, 250); err != nil {
		return nil, err
	}
	if err := s.fits("user id", spec.UserID, 256); err != nil {
		return nil, err
	}
	runID, err := s.newRunID()
	if err != nil {
		return nil, err
	}
	start := spec.StartTime
	if start == 0 {
		start = s.nowMillis()
	}
	var info *tracking.RunInfo
	err = s.write(ctx, "create run", func(t tx, maybeDone bool) error {
		if maybeDone {
			old, err := s.runInfo(ctx, t, runID, false)
			if err != nil {
				return err
			}
			if old != nil {
				info = old // our own earlier try committed
				return nil
			}
		}
		e, n, err := s.activeExperiment(ctx, t, expID, true)
		if err != nil {
			return err
		}
		art := strings.TrimSuffix(e.ArtifactLocation, "/") + "/" + runID + "/artifacts"
		if err := s.fits("artifact URI", art, 200); err != nil {
			return err
		}
		info = &tracking.RunInfo{RunID: runID, RunName: name, ExperimentID: e.ID, UserID: spec.UserID,
			Status: tracking.Running, StartTime: start, ArtifactURI: art, LifecycleStage: tracking.StageActive}
		if err := s.insertRun(ctx, t, info, n); err != nil {
			return err
		}
		return s.setTags(ctx, t, runID, tagList(tags))
	})
	if err != nil {
		return nil, err
	}
	return &tracking.Run{Info: *info, Metrics: map[string]tracking.Metric{}, Params: map[string]string{}, Tags: tags}, nil
}

func (s *Store) insertRun(ctx context.Context, t tx, r *tracking.RunInfo, expID int64) error {
	var end, deleted any
	if r.EndTime != 0 {
		end = r.EndTime
	}
	if r.DeletedTime != 0 {
		deleted = r.DeletedTime
	}
	_, err := t.exec(ctx, `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status,
		start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time)
		VALUES (?, ?, 'UNKNOWN', '', '', ?, ?, ?, ?, '', ?, ?, ?, ?)`,
		r.RunID, r.RunName, r.UserID, r.Status.String(), r.StartTime, end, r.LifecycleStage, r.ArtifactURI, expID, deleted)
	return err
}

func tagList(m map[string]string) []tracking.Tag {
	out := make([]tracking.Tag, 0, len(m))
	for k, v := range m {
		out = append(out, tracking.Tag{Key: k, Value: v})
	}
	return out
}

// setTags upserts run tags (the last value of a key repeated wins), with
// multi-row upserts; mlflow.runName also renames the run.
func (s *Store) setTags(ctx context.Context, t tx, runID string, tags []tracking.Tag) error {
	// Rows in key order: PostgreSQL and MySQL lock them in that order, so
	// two calls on one run never deadlock.
	tags = tracking.LastTags(tags)
	sort.Slice(tags, func(i, j int) bool { return tags[i].Key < tags[j].Key })
	for _, tg := range tags {
		if tg.Key == tracking.TagRunName {
			if err := s.fits("run name", tg.Value, 250); err != nil {
				return err
			}
		}
	}
	cols := []string{`"key"`, "value", "run_uuid"}
	if _, err := chunkedInsert(ctx, t, len(tags), len(cols),
		func(n int) string {
			return s.d.upsertRows("tags", cols, []string{`"key"`, "run_uuid"}, []string{"value"}, n)
		},
		func(args []any, i int) []any { return append(args, tags[i].Key, tags[i].Value, runID) }); err != nil {
		return err
	}
	for _, tg := range tags {
		if tg.Key == tracking.TagRunName {
			if _, err := t.exec(ctx, "UPDATE runs SET name = ? WHERE run_uuid = ?", tg.Value, runID); err != nil {
				return err
			}
		}
	}
	return nil
}

// GetRun returns a run, deleted or not, with its latest metrics, params,
// tags and dataset inputs, read in one snapshot.
func (s *Store) GetRun(ctx context.Context, runID string) (*tracking.Run, error) {
	if err := tracking.ValidateRunID(runID); err != nil {
		return nil, err
	}
	var run *tracking.Run
	err := s.read(ctx, "get run", func(t tx) error {
		info, err := s.runInfo(ctx, t, runID, false)
		if err != nil || info == nil {
			run = nil
			return err
		}
		runs, err := s.loadRuns(ctx, t, []*tracking.RunInfo{info})
		if err == nil {
			run = runs[0]
		}
		return err
	})
	if err == nil && run == nil {
		err = notFoundRun(runID)
	}
	return run, err
}

// UpdateRun changes the status, end time and name of an active run.
func (s *Store) UpdateRun(ctx context.Context, runID string, u tracking.RunUpdate) (*tracking.RunInfo, error) {
	if u.Status != 0 {
		if _, err := tracking.ParseRunStatus(u.Status.String()); err != nil {
			return nil, err
		}
	}
	if u.EndTime < 0 {
		return nil, fmt.Errorf("%w: end time %d is negative", tracking.ErrInvalid, u.EndTime)
	}
	if u.Name != "" {
		if err := tracking.ValidateTag(tracking.TagRunName, u.Name); err != nil {
			return nil, err
		}
	}
	var out *tracking.RunInfo
	err := s.write(ctx, "update run", func(t tx, _ bool) error {
		r, err := s.activeRun(ctx, t, runID)
		if err != nil {
			return err
		}
		if u.Status != 0 {
			r.Status = u.Status
		}
		if u.EndTime != 0 {
			r.EndTime = u.EndTime
		}
		var end any
		if r.EndTime != 0 {
			end = r.EndTime
		}
		if _, err := t.exec(ctx, "UPDATE runs SET status = ?, end_time = ? WHERE run_uuid = ?", r.Status.String(), end, runID); err != nil {
			return err
		}
		if u.Name != "" {
			r.RunName = u.Name
			if err := s.setTags(ctx, t, runID, []tracking.Tag{{Key: tracking.TagRunName, Value: u.Name}}); err != nil {
				return err
			}
		}
		out = r
		return nil
	})
	return out, err
}

// DeleteRun marks a run deleted, with deleted_time now.
func (s *Store) DeleteRun(ctx context.Context, runID string) error {
	return s.setRunStage(ctx, runID, tracking.StageDeleted)
}

// RestoreRun makes a deleted run active again; its experiment must be
// active.
func (s *Store) RestoreRun(ctx context.Context, runID string) error {
	return s.setRunStage(ctx, runID, tracking.StageActive)
}

func (s *Store) setRunStage(ctx context.Context, runID, stage string) error {
	if err := tracking.ValidateRunID(runID); err != nil {
		return err
	}
	return s.write(ctx, "delete or restore run", func(t tx, _ bool) error {
		r, err := s.runInfo(ctx, t, runID, true)
		if err != nil {
			return err
		}
		if r == nil {
			return notFoundRun(runID)
		}
		if r.LifecycleStage == stage {
			return nil
		}
		var deleted any
		if stage == tracking.StageDeleted {
			deleted = s.nowMillis()
		} else {
			e, _, err := s.activeExperiment(ctx, t, r.ExperimentID, false)
			if err != nil {
				return err
			}
			if e.LifecycleStage != tracking.StageActive {
				return fmt.Errorf("%w: run %s: its experiment %s is deleted; restore the experiment", tracking.ErrDeleted, runID, e.ID)
			}
		}
		_, err = t.exec(ctx, "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_uuid = ?", stage, deleted, runID)
		return err
	})
}

package sqlstore

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// ImportExperiment creates an experiment with e's id when it is free and
// fits the database's INTEGER ids, else with a new id; the artifact
// location is <root>/<id>.
func (s *Store) ImportExperiment(ctx context.Context, e *tracking.Experiment) (string, error) {
	if err := tracking.ValidateExperimentName(e.Name); err != nil {
		return "", err
	}
	if err := s.fits("experiment name", e.Name, 256); err != nil {
		return "", err
	}
	for k, v := range e.Tags {
		if err := tracking.ValidateExperimentTag(k, v); err != nil {
			return "", err
		}
	}
	stage := tracking.StageActive
	if e.LifecycleStage == tracking.StageDeleted {
		stage = tracking.StageDeleted
	}
	var id string
	err := s.write(ctx, "import experiment", func(t tx, maybeDone bool) error {
		old, err := s.getExperiment(ctx, t, e.Name, true)
		if err != nil {
			return err
		}
		if old != nil {
			if maybeDone && old.CreationTime == e.CreationTime {
				id = old.ID
				return nil
			}
			return existsErr(e.Name, old)
		}
		want := int64(-1)
		if n, ok := s.expID(e.ID); ok {
			taken, err := s.getExperiment(ctx, t, e.ID, false)
			if err != nil {
				return err
			}
			if taken == nil {
				want = n
			}
		}
		var ctime, utime any
		if e.CreationTime != 0 {
			ctime = e.CreationTime
		}
		if e.LastUpdateTime != 0 {
			utime = e.LastUpdateTime
		}
		n, err := s.insertExperimentAny(ctx, t, want, e.Name, stage, ctime, utime)
		if s.d.uniqueViolation(err) {
			return errRetry{err}
		}
		if err != nil {
			return err
		}
		id = strconv.FormatInt(n, 10)
		loc := experimentLocation(s.root, id)
		if err := s.fits("artifact location", loc, 256); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?", loc, n); err != nil {
			return err
		}
		if want >= 0 && s.d == dialectPostgres {
			// Keep the id sequence past the ids inserted by hand.
			if _, err := t.exec(ctx, "SELECT setval('experiments_experiment_id_seq', GREATEST((SELECT MAX(experiment_id) FROM experiments), 1))"); err != nil {
				return err
			}
		}
		return s.setExperimentTags(ctx, t, n, e.Tags)
	})
	return id, err
}

// insertExperimentAny is insertExperiment with nullable times.
func (s *Store) insertExperimentAny(ctx context.Context, t tx, id int64, name, stage string, ctime, utime any) (int64, error) {
	cols := "name, artifact_location, lifecycle_stage, creation_time, last_update_time"
	args := []any{name, nil, stage, ctime, utime}
	if id >= 0 {
		cols = "experiment_id, " + cols
		args = append([]any{id}, args...)
	}
	q := "INSERT INTO experiments (" + cols + ") VALUES " + values(len(args))
	if s.d == dialectMySQL {
		res, err := t.exec(ctx, q, args...)
		if err != nil || id >= 0 {
			return id, err
		}
		return res.LastInsertId()
	}
	var got int64
	err := t.queryRow(ctx, q+" RETURNING experiment_id", args...).Scan(&got)
	return got, err
}

// ImportRun writes a run with its id, info, params, tags, inputs and full
// metric histories in one transaction; latest_metrics is derived from the
// histories by MLflow's rule.
func (s *Store) ImportRun(ctx context.Context, experimentID string, r *tracking.Run, history map[string][]tracking.Metric) error {
	if err := tracking.ValidateRunID(r.Info.RunID); err != nil {
		return err
	}
	b := tracking.Batch{}
	for k, v := range r.Params {
		b.Params = append(b.Params, tracking.Param{Key: k, Value: v})
	}
	for k, v := range r.Tags {
		if err := tracking.ValidateTag(k, v); err != nil {
			return err
		}
	}
	// Check params and metric keys as a batch would (without its counts).
	for _, p := range b.Params {
		if err := tracking.CheckBatch(tracking.Batch{Params: []tracking.Param{p}}); err != nil {
			return err
		}
	}
	for k, ms := range history {
		if err := tracking.ValidateKey("metric", k); err != nil {
			return err
		}
		for _, m := range ms {
			if m.Timestamp < 0 {
				return fmt.Errorf("%w: metric %q: negative timestamp", tracking.ErrInvalid, k)
			}
		}
	}
	if err := tracking.CheckInputs(r.Inputs); err != nil {
		return err
	}
	info := r.Info
	if info.LifecycleStage != tracking.StageDeleted {
		info.LifecycleStage, info.DeletedTime = tracking.StageActive, 0
	}
	if _, err := tracking.ParseRunStatus(info.Status.String()); err != nil {
		info.Status = tracking.Running
	}
	if err := s.fits("run name", info.RunName, 250); err != nil {
		return err
	}
	return s.write(ctx, "import run", func(t tx, maybeDone bool) error {
		old, err := s.runInfo(ctx, t, info.RunID, false)
		if err != nil {
			return err
		}
		if old != nil {
			if maybeDone {
				return nil // our own earlier try committed
			}
			return fmt.Errorf("%w: run %s", tracking.ErrExists, info.RunID)
		}
		e, n, err := s.activeExperiment(ctx, t, experimentID, false)
		if err != nil {
			return err
		}
		info.ExperimentID = e.ID
		info.ArtifactURI = strings.TrimSuffix(e.ArtifactLocation, "/") + "/" + info.RunID + "/artifacts"
		if err := s.fits("artifact URI", info.ArtifactURI, 200); err != nil {
			return err
		}
		if err := s.insertRun(ctx, t, &info, n); err != nil {
			return err
		}
		var prow [][]any
		for _, p := range b.Params {
			prow = append(prow, []any{p.Key, p.Value, info.RunID})
		}
		if err := s.multiInsert(ctx, t, "params", []string{`"key"`, "value", "run_uuid"}, prow, false); err != nil {
			return err
		}
		tags := r.Tags
		if _, ok := tags[tracking.TagRunName]; !ok && info.RunName != "" {
			tags = map[string]string{tracking.TagRunName: info.RunName}
			for k, v := range r.Tags {
				tags[k] = v
			}
		}
		q := s.d.upsert("tags", []string{`"key"`, "value", "run_uuid"}, []string{`"key"`, "run_uuid"}, []string{"value"})
		for k, v := range tags {
			if _, err := t.exec(ctx, q, k, v, info.RunID); err != nil {
				return err
			}
		}
		latest := map[string]tracking.Metric{}
		var mrows [][]any
		for k, ms := range history {
			for _, m := range ms {
				v, isNaN := storedValue(m.Value)
				mrows = append(mrows, []any{k, v, m.Timestamp, info.RunID, m.Step, isNaN})
				sm := tracking.Metric{Key: k, Value: v, Timestamp: m.Timestamp, Step: m.Step}
				if isNaN {
					sm.Value = math.NaN()
				}
				if o, ok := latest[k]; !ok || tracking.LaterMetric(sm, o) {
					latest[k] = sm
				}
			}
		}
		if err := s.multiInsert(ctx, t, "metrics", []string{`"key"`, "value", `"timestamp"`, "run_uuid", "step", "is_nan"}, mrows, true); err != nil {
			return err
		}
		if err := s.updateLatest(ctx, t, info.RunID, latest); err != nil {
			return err
		}
		for _, in := range r.Inputs {
			if err := s.logInput(ctx, t, info.RunID, n, in); err != nil {
				return err
			}
		}
		return nil
	})
}

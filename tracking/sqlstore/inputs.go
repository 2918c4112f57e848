package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/telltale-ml/telltale/tracking"
)

// LogInputs links datasets to an active run as MLflow's log_inputs does:
// a dataset is found by (name, digest) in any experiment (MLflow's lookup
// does not filter by experiment) or created in the run's; an inputs row
// and its input_tags are added only for a new (dataset, run) link.
func (s *Store) LogInputs(ctx context.Context, runID string, inputs []tracking.DatasetInput) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := tracking.CheckInputs(inputs); err != nil {
		return err
	}
	if err := tracking.ValidateRunID(runID); err != nil {
		return err
	}
	return s.write(ctx, "log inputs", func(t tx, _ bool) error {
		r, err := s.activeRun(ctx, t, runID)
		if err != nil {
			return err
		}
		expID, _ := s.expID(r.ExperimentID)
		for _, in := range inputs {
			if err := s.logInput(ctx, t, runID, expID, in); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) logInput(ctx context.Context, t tx, runID string, expID int64, in tracking.DatasetInput) error {
	d := in.Dataset
	nameEq, n1 := s.d.strEq("name")
	digestEq, n2 := s.d.strEq("digest")
	var dsID string
	err := t.queryRow(ctx, "SELECT dataset_uuid FROM datasets WHERE "+nameEq+" AND "+digestEq+" ORDER BY experiment_id LIMIT 1",
		append(repeat(d.Name, n1), repeat(d.Digest, n2)...)...).Scan(&dsID)
	if errors.Is(err, sql.ErrNoRows) {
		if dsID, err = s.newUUID(); err != nil {
			return err
		}
		_, err = t.exec(ctx, `INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source, dataset_schema, dataset_profile)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, dsID, expID, d.Name, d.Digest, d.SourceType, d.Source, nullable(d.Schema), nullable(d.Profile))
		if s.d.uniqueViolation(err) {
			return errRetry{err}
		}
	}
	if err != nil {
		return err
	}
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM inputs WHERE source_type = 'DATASET' AND source_id = ? AND destination_type = 'RUN' AND destination_id = ?",
		dsID, runID).Scan(&n); err != nil || n > 0 {
		return err
	}
	inputID, err := s.newUUID()
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, "INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id) VALUES (?, 'DATASET', ?, 'RUN', ?)",
		inputID, dsID, runID)
	if s.d.uniqueViolation(err) {
		return errRetry{err}
	}
	if err != nil {
		return err
	}
	for k, v := range in.Tags {
		if _, err := t.exec(ctx, "INSERT INTO input_tags (input_uuid, name, value) VALUES (?, ?, ?)", inputID, k, v); err != nil {
			return err
		}
	}
	return nil
}

// newUUID returns an id for a dataset or an input: 32 hex digits, as
// MLflow's uuid4().hex, time-ordered as run ids are (see runIDGen).
func (s *Store) newUUID() (string, error) { return s.newRunID() }

func nullable(v string) any {
	if v == "" {
		return nil
	}
	return v
}

package sqlstore

import (
	"context"
	"database/sql"
	"math"

	"github.com/telltale-ml/telltale/tracking"
)

// loadRuns reads the params, tags, latest metrics and dataset inputs of
// runs, a few queries for all of them.
func (s *Store) loadRuns(ctx context.Context, t tx, infos []*tracking.RunInfo) ([]*tracking.Run, error) {
	runs := make([]*tracking.Run, len(infos))
	byID := make(map[string]*tracking.Run, len(infos))
	ids := make([]any, len(infos))
	for i, info := range infos {
		r := &tracking.Run{Info: *info, Metrics: map[string]tracking.Metric{}, Params: map[string]string{}, Tags: map[string]string{}}
		runs[i], byID[info.RunID], ids[i] = r, r, info.RunID
	}
	err := chunked(ids, func(in string, args []any) error {
		err := scanRows(ctx, t, `SELECT run_uuid, "key", value FROM params WHERE run_uuid IN `+in, args, func(rows *sql.Rows) error {
			var id, k string
			var v sql.NullString
			if err := rows.Scan(&id, &k, &v); err != nil {
				return err
			}
			byID[id].Params[k] = v.String
			return nil
		})
		if err != nil {
			return err
		}
		err = scanRows(ctx, t, `SELECT run_uuid, "key", value FROM tags WHERE run_uuid IN `+in, args, func(rows *sql.Rows) error {
			var id, k string
			var v sql.NullString
			if err := rows.Scan(&id, &k, &v); err != nil {
				return err
			}
			byID[id].Tags[k] = v.String
			return nil
		})
		if err != nil {
			return err
		}
		err = scanRows(ctx, t, `SELECT run_uuid, "key", value, "timestamp", step, is_nan FROM latest_metrics WHERE run_uuid IN `+in, args, func(rows *sql.Rows) error {
			var id string
			var m tracking.Metric
			var ts sql.NullInt64
			var isNaN bool
			if err := rows.Scan(&id, &m.Key, &m.Value, &ts, &m.Step, &isNaN); err != nil {
				return err
			}
			m.Timestamp = ts.Int64
			if isNaN {
				m.Value = math.NaN()
			}
			byID[id].Metrics[m.Key] = m
			return nil
		})
		if err != nil {
			return err
		}
		return s.loadInputs(ctx, t, in, args, byID)
	})
	if err != nil {
		return nil, err
	}
	for _, r := range runs {
		tracking.SortInputs(r.Inputs)
	}
	return runs, nil
}

// loadInputs reads the dataset inputs of the runs whose ids are args.
func (s *Store) loadInputs(ctx context.Context, t tx, in string, args []any, byID map[string]*tracking.Run) error {
	type link struct {
		run string
		ds  tracking.Dataset
	}
	links := map[string]link{} // by input_uuid
	var order []string
	err := scanRows(ctx, t, `SELECT i.destination_id, i.input_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source, d.dataset_schema, d.dataset_profile
		FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
		WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id IN `+in, args, func(rows *sql.Rows) error {
		var l link
		var id string
		var schema, profile sql.NullString
		if err := rows.Scan(&l.run, &id, &l.ds.Name, &l.ds.Digest, &l.ds.SourceType, &l.ds.Source, &schema, &profile); err != nil {
			return err
		}
		l.ds.Schema, l.ds.Profile = schema.String, profile.String
		if _, dup := links[id]; !dup {
			links[id] = l
			order = append(order, id)
		}
		return nil
	})
	if err != nil || len(order) == 0 {
		return err
	}
	tags := map[string]map[string]string{}
	inputIDs := make([]any, len(order))
	for i, id := range order {
		inputIDs[i] = id
	}
	err = chunked(inputIDs, func(in string, args []any) error {
		return scanRows(ctx, t, "SELECT input_uuid, name, value FROM input_tags WHERE input_uuid IN "+in, args, func(rows *sql.Rows) error {
			var id, k, v string
			if err := rows.Scan(&id, &k, &v); err != nil {
				return err
			}
			if tags[id] == nil {
				tags[id] = map[string]string{}
			}
			tags[id][k] = v
			return nil
		})
	})
	if err != nil {
		return err
	}
	for _, id := range order {
		l := links[id]
		r := byID[l.run]
		r.Inputs = append(r.Inputs, tracking.DatasetInput{Dataset: l.ds, Tags: tags[id]})
	}
	return nil
}

// chunked calls fn with an "(?, ?, ...)" list and its arguments, for
// slices of at most 500 arguments.
func chunked(args []any, fn func(in string, args []any) error) error {
	for len(args) > 0 {
		n := min(len(args), 500)
		if err := fn(values(n), args[:n]); err != nil {
			return err
		}
		args = args[n:]
	}
	return nil
}

// scanRows runs a query and calls fn for each row.
func scanRows(ctx context.Context, t tx, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

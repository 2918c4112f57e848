package sqlstore

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/tracking"
)

// BulkLoad writes n runs into experiment expID for benchmarks, 1,000 runs
// per transaction, with the same statements the store's writes use: run i
// has the params, tags and metric points gen returns (each metric one
// point, which is also its latest value).
func BulkLoad(ctx context.Context, s *Store, expID string, n int, gen func(i int) (params, tags map[string]string, metrics map[string]float64)) error {
	id, ok := s.expID(expID)
	if !ok {
		return fmt.Errorf("bad experiment id %q", expID)
	}
	for start := 0; start < n; start += 1000 {
		err := s.write(ctx, "bulk load", func(t tx, _ bool) error {
			var runs, params, tags, metrics, latest [][]any
			for i := start; i < min(start+1000, n); i++ {
				runID, err := s.newRunID()
				if err != nil {
					return err
				}
				r := &tracking.RunInfo{RunID: runID, RunName: fmt.Sprintf("run-%d", i), UserID: "bench", Status: tracking.Finished,
					StartTime: int64(1700000000000 + i), EndTime: int64(1700000000500 + i), LifecycleStage: tracking.StageActive,
					ArtifactURI: "/bench/" + runID + "/artifacts"}
				runs = append(runs, []any{r.RunID, r.RunName, "UNKNOWN", "", "", r.UserID, r.Status.String(), r.StartTime, r.EndTime, "", r.LifecycleStage, r.ArtifactURI, id, nil})
				p, tg, m := gen(i)
				for k, v := range p {
					params = append(params, []any{k, v, runID})
				}
				tg[tracking.TagRunName] = r.RunName
				for k, v := range tg {
					tags = append(tags, []any{k, v, runID})
				}
				for k, v := range m {
					sv, isNaN := storedValue(v)
					metrics = append(metrics, []any{k, sv, r.StartTime, runID, int64(0), isNaN})
					latest = append(latest, []any{k, sv, r.StartTime, int64(0), isNaN, runID})
				}
			}
			for _, ins := range []struct {
				table string
				cols  []string
				rows  [][]any
			}{
				{"runs", []string{"run_uuid", "name", "source_type", "source_name", "entry_point_name", "user_id", "status", "start_time", "end_time", "source_version", "lifecycle_stage", "artifact_uri", "experiment_id", "deleted_time"}, runs},
				{"params", []string{`"key"`, "value", "run_uuid"}, params},
				{"tags", []string{`"key"`, "value", "run_uuid"}, tags},
				{"metrics", []string{`"key"`, "value", `"timestamp"`, "run_uuid", "step", "is_nan"}, metrics},
				{"latest_metrics", []string{`"key"`, "value", `"timestamp"`, "step", "is_nan", "run_uuid"}, latest},
			} {
				if err := s.multiInsert(ctx, t, ins.table, ins.cols, ins.rows, false); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if s.d == dialectPostgres {
		_, err := s.db.ExecContext(ctx, "ANALYZE")
		return err
	}
	if s.d == dialectSQLite {
		_, err := s.db.ExecContext(ctx, "ANALYZE")
		return err
	}
	_, err := s.db.ExecContext(ctx, "ANALYZE TABLE runs, params, tags, metrics, latest_metrics")
	return err
}

// Explain returns SQLite's plan of a run search (EXPLAIN QUERY PLAN).
func Explain(ctx context.Context, s *Store, q tracking.RunQuery) (string, error) {
	rs, err := s.compileRunSearch(q)
	if err != nil || rs == nil {
		return "", err
	}
	sel := rs.parts[0]
	rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+sel.sql.String(), sel.args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var out []byte
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", err
		}
		out = fmt.Appendf(out, "%d %d %s\n", id, parent, detail)
	}
	return sel.sql.String() + "\n" + string(out), rows.Err()
}

// GroupStats returns the SQLite committer's counts: transactions, calls
// taken into them, and groups run again after a call failed.
func GroupStats(s *Store) (groups, calls, reruns int) {
	s.group.mu.Lock()
	defer s.group.mu.Unlock()
	return s.group.stats.groups, s.group.stats.calls, s.group.stats.reruns
}

// WriteFunc runs fn as a store write (in the SQLite store's group commit),
// for tests of what the committer does with a function that fails.
func WriteFunc(ctx context.Context, s *Store, fn func() error) error {
	return s.write(ctx, "test", func(tx, bool) error { return fn() })
}

package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// storedValue is a metric value as MLflow stores it: NaN as 0 with
// is_nan, infinities as the largest finite doubles (databases have no
// infinities, or MySQL has none).
func storedValue(v float64) (float64, bool) {
	switch {
	case math.IsNaN(v):
		return 0, true
	case math.IsInf(v, 1):
		return math.MaxFloat64, false
	case math.IsInf(v, -1):
		return -math.MaxFloat64, false
	}
	return v, false
}

// readValue turns a stored value back: is_nan rows are NaN; clamped
// infinities stay the finite numbers MLflow reads back too.
func readValue(v float64, isNaN bool) float64 {
	if isNaN {
		return math.NaN()
	}
	return v
}

// multiInsert writes rows (each of len(cols) values) with multi-row
// INSERTs of at most 100 rows; ignore skips rows whose key exists.
func (s *Store) multiInsert(ctx context.Context, t tx, table string, cols []string, rows [][]any, ignore bool) error {
	_, err := s.multiInsertCount(ctx, t, table, cols, rows, ignore)
	return err
}

// multiInsertCount is multiInsert, returning how many rows were inserted.
func (s *Store) multiInsertCount(ctx context.Context, t tx, table string, cols []string, rows [][]any, ignore bool) (int64, error) {
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	tail := ""
	if ignore {
		tail = s.d.ignoreConflict(cols[0])
	}
	return chunkedInsert(ctx, t, len(rows), len(cols), func(n int) string { return head + rowsOf(len(cols), n) + tail },
		func(args []any, i int) []any { return append(args, rows[i]...) })
}

// chunkedInsert runs a multi-row INSERT for rows 0..total-1 in
// statements of at most 100 rows: q(n) is the statement of n rows, and
// row appends row i's cols values to args. It returns how many rows the
// statements affected.
func chunkedInsert(ctx context.Context, t tx, total, cols int, q func(n int) string, row func(args []any, i int) []any) (int64, error) {
	var affected int64
	for at := 0; at < total; {
		n := min(total-at, 100)
		args := make([]any, 0, n*cols)
		for i := at; i < at+n; i++ {
			args = row(args, i)
		}
		res, err := t.exec(ctx, q(n), args...)
		if err != nil {
			return affected, err
		}
		if k, err := res.RowsAffected(); err == nil {
			affected += k
		}
		at += n
	}
	return affected, nil
}

// keyList is an IN list of keys with its arguments.
func keyArgs(runID string, keys []string) []any {
	args := make([]any, 0, len(keys)+1)
	args = append(args, runID)
	for _, k := range keys {
		args = append(args, k)
	}
	return args
}

// LogBatch logs params, metric points and tags to an active run in one
// transaction (see tracking.Store). latest_metrics is kept as MLflow
// keeps it: a key's row is replaced when a point's (step, timestamp,
// value), with NaN stored as 0, is greater.
func (s *Store) LogBatch(ctx context.Context, runID string, b tracking.Batch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := tracking.CheckBatch(b); err != nil {
		return err
	}
	if err := tracking.ValidateRunID(runID); err != nil {
		return err
	}
	tags := tracking.LastTags(b.Tags)
	for _, tg := range tags {
		if tg.Key == tracking.TagRunName {
			if err := s.fits("run name", tg.Value, 250); err != nil {
				return err
			}
		}
	}
	// Metric rows and the latest point of each key in the batch.
	metricRows := make([][]any, 0, len(b.Metrics))
	latest := map[string]tracking.Metric{}
	seen := map[[5]any]bool{}
	for _, m := range b.Metrics {
		v, isNaN := storedValue(m.Value)
		k := [5]any{m.Key, v, m.Timestamp, m.Step, isNaN}
		if seen[k] {
			continue // an exact repeat within the batch, kept once
		}
		seen[k] = true
		metricRows = append(metricRows, []any{m.Key, v, m.Timestamp, runID, m.Step, isNaN})
		sm := tracking.Metric{Key: m.Key, Value: v, Timestamp: m.Timestamp, Step: m.Step}
		if isNaN {
			sm.Value = math.NaN() // compared as 0 by LaterMetric
		}
		if old, ok := latest[m.Key]; !ok || tracking.LaterMetric(sm, old) {
			latest[m.Key] = sm
		}
	}
	return s.write(ctx, "log batch", func(t tx, _ bool) error {
		if err := s.checkActive(ctx, t, runID); err != nil {
			return err
		}
		if err := s.logParams(ctx, t, runID, b.Params); err != nil {
			return err
		}
		if err := s.multiInsert(ctx, t, "metrics", []string{`"key"`, "value", `"timestamp"`, "run_uuid", "step", "is_nan"}, metricRows, true); err != nil {
			return err
		}
		if err := s.updateLatest(ctx, t, runID, latest); err != nil {
			return err
		}
		return s.setTags(ctx, t, runID, tags)
	})
}

// logParams writes params once: an existing key with the same value is
// left alone, with another value is ErrImmutable. The rows are inserted
// with the existing keys skipped, and only when some were skipped are
// the stored values read and compared.
func (s *Store) logParams(ctx context.Context, t tx, runID string, params []tracking.Param) error {
	if len(params) == 0 {
		return nil
	}
	rows := make([][]any, len(params))
	for i, p := range params {
		rows[i] = []any{p.Key, p.Value, runID}
	}
	n, err := s.multiInsertCount(ctx, t, "params", []string{`"key"`, "value", "run_uuid"}, rows, true)
	if err != nil || n == int64(len(params)) {
		return err
	}
	keys := make([]string, len(params))
	for i, p := range params {
		keys[i] = p.Key
	}
	old := map[string]string{}
	err = scanRows(ctx, t, `SELECT "key", value FROM params WHERE run_uuid = ? AND "key" IN `+values(len(keys)), keyArgs(runID, keys), func(rows *sql.Rows) error {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		old[k] = v
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range params {
		v, ok := old[p.Key]
		if !ok && s.d == dialectMySQL {
			// MySQL's keys compare case-insensitively: "A" is "a".
			for k, kv := range old {
				if strings.EqualFold(k, p.Key) {
					v, ok = kv, true
				}
			}
		}
		if !ok {
			// Skipped, yet not visible: another writer committed it after
			// this transaction's snapshot (MySQL's REPEATABLE READ).
			// Compare again in a new transaction.
			return errRetry{fmt.Errorf("param %q of run %s logged concurrently", p.Key, runID)}
		}
		// A key whose value differs was logged before (the batch holds
		// each key once): MLflow refuses the change.
		if v != p.Value {
			return fmt.Errorf("%w: Changing param values is not allowed. Param with key='%s' was already logged with value='%s' for run ID='%s'. Attempted logging new value '%s'.",
				tracking.ErrImmutable, p.Key, v, runID, p.Value)
		}
	}
	return nil
}

// updateLatest applies the batch's latest points to latest_metrics, rows
// locked in key order (as MLflow locks them) on PostgreSQL and MySQL.
func (s *Store) updateLatest(ctx context.Context, t tx, runID string, latest map[string]tracking.Metric) error {
	if len(latest) == 0 {
		return nil
	}
	keys := make([]string, 0, len(latest))
	for k := range latest {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if s.d != dialectMySQL {
		return s.upsertLatest(ctx, t, runID, keys, latest)
	}
	old := map[string]tracking.Metric{}
	q := `SELECT "key", value, "timestamp", step, is_nan FROM latest_metrics WHERE run_uuid = ? AND "key" IN ` + values(len(keys))
	if s.d != dialectSQLite {
		q += ` ORDER BY "key"` + s.d.forUpdate()
	}
	err := scanRows(ctx, t, q, keyArgs(runID, keys), func(rows *sql.Rows) error {
		var m tracking.Metric
		var ts sql.NullInt64
		var isNaN bool
		if err := rows.Scan(&m.Key, &m.Value, &ts, &m.Step, &isNaN); err != nil {
			return err
		}
		m.Timestamp = ts.Int64
		if isNaN {
			m.Value = math.NaN()
		}
		old[m.Key] = m
		return nil
	})
	if err != nil {
		return err
	}
	var inserts [][]any
	for _, k := range keys {
		m := latest[k]
		v, isNaN := storedValue(m.Value)
		o, ok := old[k]
		switch {
		case !ok:
			inserts = append(inserts, []any{k, v, m.Timestamp, m.Step, isNaN, runID})
		case tracking.LaterMetric(m, o):
			eq, n := s.d.strEq(`"key"`)
			_, err := t.exec(ctx, `UPDATE latest_metrics SET value = ?, "timestamp" = ?, step = ?, is_nan = ? WHERE run_uuid = ? AND `+eq,
				append([]any{v, m.Timestamp, m.Step, isNaN, runID}, repeat(k, n)...)...)
			if err != nil {
				return err
			}
		}
	}
	err = s.multiInsert(ctx, t, "latest_metrics", []string{`"key"`, "value", `"timestamp"`, "step", "is_nan", "run_uuid"}, inserts, false)
	if s.d.uniqueViolation(err) {
		return errRetry{err} // inserted meanwhile by another writer: compare again
	}
	return err
}

// latestUpsert is the INSERT of latest_metrics rows that replaces an
// existing row only when the new point is later by MLflow's rule: the
// greater (step, timestamp, value) of the stored values (NaN stored as 0;
// a NULL timestamp, which MLflow's old rows may have, as 0).
const latestUpsert = ` ON CONFLICT ("key", run_uuid) DO UPDATE SET value = excluded.value, "timestamp" = excluded."timestamp",
	step = excluded.step, is_nan = excluded.is_nan
	WHERE excluded.step > latest_metrics.step OR excluded.step = latest_metrics.step AND
	(excluded."timestamp" > COALESCE(latest_metrics."timestamp", 0) OR excluded."timestamp" = COALESCE(latest_metrics."timestamp", 0) AND excluded.value > latest_metrics.value)`

// upsertLatest applies the batch's latest points with one multi-row
// upsert (SQLite, PostgreSQL), the keys in sorted order: on PostgreSQL
// the rows are locked in that order, as MLflow locks them, so two batches
// of one run never deadlock.
func (s *Store) upsertLatest(ctx context.Context, t tx, runID string, keys []string, latest map[string]tracking.Metric) error {
	cols := []string{`"key"`, "value", `"timestamp"`, "step", "is_nan", "run_uuid"}
	head := "INSERT INTO latest_metrics (" + strings.Join(cols, ", ") + ") VALUES "
	_, err := chunkedInsert(ctx, t, len(keys), len(cols), func(n int) string { return head + rowsOf(len(cols), n) + latestUpsert },
		func(args []any, i int) []any {
			m := latest[keys[i]]
			v, isNaN := storedValue(m.Value)
			return append(args, keys[i], v, m.Timestamp, m.Step, isNaN, runID)
		})
	return err
}

// DeleteTag removes a tag of an active run.
func (s *Store) DeleteTag(ctx context.Context, runID, key string) error {
	if err := tracking.ValidateKey("tag", key); err != nil {
		return err
	}
	return s.write(ctx, "delete tag", func(t tx, _ bool) error {
		if err := s.checkActive(ctx, t, runID); err != nil {
			return err
		}
		eq, n := s.d.strEq(`"key"`)
		res, err := t.exec(ctx, "DELETE FROM tags WHERE run_uuid = ? AND "+eq, append([]any{runID}, repeat(key, n)...)...)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err == nil && k == 0 {
			return fmt.Errorf("%w: No tag with name: %s in run with id %s", tracking.ErrNotFound, key, runID)
		}
		return err
	})
}

// GetMetricHistory returns every point of a metric of a run, ordered by
// timestamp, step and value (NaN after numbers).
func (s *Store) GetMetricHistory(ctx context.Context, runID, key string) ([]tracking.Metric, error) {
	if err := tracking.ValidateRunID(runID); err != nil {
		return nil, err
	}
	if err := tracking.ValidateKey("metric", key); err != nil {
		return nil, err
	}
	out := []tracking.Metric{}
	err := s.read(ctx, "get metric history", func(t tx) error {
		out = out[:0]
		info, err := s.runInfo(ctx, t, runID, false)
		if err != nil {
			return err
		}
		if info == nil {
			return notFoundRun(runID)
		}
		eq, n := s.d.strEq(`"key"`)
		return scanRows(ctx, t, `SELECT value, "timestamp", step, is_nan FROM metrics WHERE run_uuid = ? AND `+eq+` ORDER BY "timestamp", step, is_nan, value`,
			append([]any{runID}, repeat(key, n)...), func(rows *sql.Rows) error {
				m := tracking.Metric{Key: key}
				var isNaN bool
				if err := rows.Scan(&m.Value, &m.Timestamp, &m.Step, &isNaN); err != nil {
					return err
				}
				m.Value = readValue(m.Value, isNaN)
				out = append(out, m)
				return nil
			})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

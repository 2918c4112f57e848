package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/tracking"
)

// This file compiles a parsed search (tracking.Search) to SQL. Every value
// is a bound parameter; identifiers come from fixed tables below, never
// from the filter. The semantics are the file store's: a run without the
// key never matches (not even !=); numbers compare as IEEE doubles (a NaN
// matches only !=); strings compare exactly and sort by bytes; missing
// values sort last in both directions, after NaN; ties go by start_time
// DESC, then run_id.

// sqlb builds a fragment of SQL and its arguments.
type sqlb struct {
	sql  strings.Builder
	args []any
}

func (b *sqlb) w(s ...string) *sqlb {
	for _, x := range s {
		b.sql.WriteString(x)
	}
	return b
}

// arg writes fragment (with n placeholders) and binds v n times.
func (b *sqlb) arg(fragment string, n int, v any) *sqlb {
	b.sql.WriteString(fragment)
	for range n {
		b.args = append(b.args, v)
	}
	return b
}

func (b *sqlb) add(o *sqlb) *sqlb {
	b.sql.WriteString(o.sql.String())
	b.args = append(b.args, o.args...)
	return b
}

// runAttrCols maps run attributes to columns of runs r.
var runAttrCols = map[string]string{
	"run_id": "r.run_uuid", "run_name": "r.name", "user_id": "r.user_id", "status": "r.status",
	"artifact_uri": "r.artifact_uri", "start_time": "r.start_time", "end_time": "r.end_time",
}

// expAttrCols maps experiment attributes to columns of experiments e.
var expAttrCols = map[string]string{
	"name": "e.name", "experiment_id": "e.experiment_id", "creation_time": "e.creation_time",
	"last_update_time": "e.last_update_time",
}

// number binds a filter number: databases keep no infinities, and
// MLflow stores them as the largest doubles, so the literal is clamped
// the same way.
func number(v float64) float64 {
	if math.IsInf(v, 0) {
		f, _ := storedValue(v)
		return f
	}
	return v
}

var sqlOps = map[string]string{"=": "=", "!=": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<="}

// strCmp compiles a string comparison of col with the clause's value.
// Stored strings are valid UTF-8, which databases insist on: a value that
// is not never equals one (as in the file store's byte comparison), so it
// is compiled to a constant instead of being sent.
func (s *Store) strCmp(b *sqlb, col string, c tracking.SearchClause) error {
	if !utf8.ValidString(c.String) {
		switch c.Op {
		case "!=":
			b.w(col, " IS NOT NULL")
		default:
			b.w("1 = 0")
		}
		return nil
	}
	if c.Op == "IN" || c.Op == "NOT IN" {
		valid := c.List[:0:0]
		for _, v := range c.List {
			if utf8.ValidString(v) {
				valid = append(valid, v)
			}
		}
		c.List = valid
	}
	switch c.Op {
	case "=":
		eq, n := s.d.strEq(col)
		b.arg(eq, n, c.String)
	case "!=":
		b.arg(s.d.strNe(col), 1, c.String)
	case "LIKE", "ILIKE":
		b.arg(s.d.like(col, c.Op == "ILIKE"), 1, likePattern(c.String))
	case "IN", "NOT IN":
		if len(c.List) == 0 {
			if c.Op == "IN" {
				b.w("1 = 0")
			} else {
				b.w("1 = 1")
			}
			return nil
		}
		b.w(col, " ", c.Op, " (")
		for i, v := range c.List {
			if i > 0 {
				b.w(", ")
			}
			b.arg("?", 1, v)
		}
		b.w(")")
	default:
		return fmt.Errorf("%w: comparator %s is not valid for %s", tracking.ErrInvalid, c.Op, c.Key.Key)
	}
	return nil
}

// numCmp compiles a numeric comparison of col; isNaN (may be "") is the
// column telling NaN rows.
func (s *Store) numCmp(b *sqlb, col, isNaN string, c tracking.SearchClause) error {
	op, ok := sqlOps[c.Op]
	if !ok {
		return fmt.Errorf("%w: comparator %s is not valid for numbers", tracking.ErrInvalid, c.Op)
	}
	if isNaN == "" {
		b.arg(col+" "+op+" ?", 1, number(c.Number))
		return nil
	}
	if c.Op == "!=" {
		b.arg("("+isNaN+" OR "+col+" <> ?)", 1, number(c.Number))
		return nil
	}
	b.arg("(NOT "+isNaN+" AND "+col+" "+op+" ?)", 1, number(c.Number))
	return nil
}

// intCmp compiles a comparison of an integer column (an experiment's
// creation_time or last_update_time, in ms) with a filter number, which
// MLflow compares as a float (float(value)): a fraction or a number
// beyond int64 (1e309 is inf) becomes the equivalent integer bound, so
// the value binds as an integer on every database (PostgreSQL refuses to
// bind a float to a BIGINT parameter) and an index on the column serves.
func intCmp(b *sqlb, col string, c tracking.SearchClause) error {
	op, ok := sqlOps[c.Op]
	if !ok {
		return fmt.Errorf("%w: comparator %s is not valid for numbers", tracking.ErrInvalid, c.Op)
	}
	v := c.Number
	const two63 = 9223372036854775808.0 // 2^63, exact as a float
	never, always := "1 = 0", col+" IS NOT NULL"
	switch {
	case math.IsNaN(v): // compares false, but for !=
		if c.Op == "!=" {
			b.w(always)
		} else {
			b.w(never)
		}
		return nil
	case v == math.Trunc(v) && v >= -two63 && v < two63:
		b.arg(col+" "+op+" ?", 1, int64(v))
		return nil
	}
	// v has a fraction or lies beyond int64: no column value equals it.
	switch c.Op {
	case "=":
		b.w(never)
		return nil
	case "!=":
		b.w(always)
		return nil
	}
	above := c.Op == ">" || c.Op == ">="
	bound := math.Floor(v) // col < v, col <= v: col <= floor(v)
	if above {
		bound = math.Ceil(v) // col > v, col >= v: col >= ceil(v)
	}
	switch {
	case bound >= two63: // beyond every column value
		if above {
			b.w(never)
		} else {
			b.w(always)
		}
	case bound < -two63:
		if above {
			b.w(always)
		} else {
			b.w(never)
		}
	case above:
		b.arg(col+" >= ?", 1, int64(bound))
	default:
		b.arg(col+" <= ?", 1, int64(bound))
	}
	return nil
}

// keyEq binds the key column of a joined table. Stored keys are valid
// UTF-8: a key that is not matches none.
func (s *Store) keyEq(b *sqlb, col, key string) {
	if !utf8.ValidString(key) {
		b.w("1 = 0")
		return
	}
	eq, n := s.d.strEq(col)
	b.arg(eq, n, key)
}

// runClause compiles one clause of a run filter into b, as a condition on
// runs r; a metric, param or tag clause is an inner join (into join, as
// alias fN) instead, which the (key, run_uuid) primary key of its table
// keeps to one row per run, and which lets the database start from the
// most selective table rather than test every run.
func (s *Store) runClause(join, b *sqlb, c tracking.SearchClause, n int) error {
	alias := "f" + strconv.Itoa(n)
	switch c.Key.Entity {
	case tracking.SearchAttribute:
		col, ok := runAttrCols[c.Key.Key]
		if !ok {
			return fmt.Errorf("%w: attribute %q is not searchable", tracking.ErrInvalid, c.Key.Key)
		}
		if c.Numeric {
			return s.numCmp(b, col, "", c)
		}
		return s.strCmp(b, col, c)
	case tracking.SearchMetric:
		join.w(" JOIN latest_metrics ", alias, " ON ", alias, ".run_uuid = r.run_uuid AND ")
		s.keyEq(join, alias+`."key"`, c.Key.Key)
		join.w(" AND ")
		if err := s.numCmp(join, alias+".value", alias+".is_nan", c); err != nil {
			return err
		}
		b.w("1 = 1")
	case tracking.SearchParam, tracking.SearchTag:
		table := "params"
		if c.Key.Entity == tracking.SearchTag {
			table = "tags"
		}
		join.w(" JOIN ", table, " ", alias, " ON ", alias, ".run_uuid = r.run_uuid AND ")
		s.keyEq(join, alias+`."key"`, c.Key.Key)
		join.w(" AND ")
		if err := s.strCmp(join, alias+".value", c); err != nil {
			return err
		}
		b.w("1 = 1")
	case tracking.SearchDataset:
		b.w("EXISTS (SELECT 1 FROM inputs i ")
		switch c.Key.Key {
		case "name", "digest":
			b.w("JOIN datasets d ON d.dataset_uuid = i.source_id WHERE ")
			b.w("i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id = r.run_uuid AND ")
			if err := s.strCmp(b, "d."+c.Key.Key, c); err != nil {
				return err
			}
		case "context":
			b.w("JOIN input_tags it ON it.input_uuid = i.input_uuid WHERE ")
			b.w("i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id = r.run_uuid AND ")
			s.keyEq(b, "it.name", tracking.TagDatasetContext)
			b.w(" AND ")
			if err := s.strCmp(b, "it.value", c); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%w: datasets.%s is not searchable (use name, digest or context)", tracking.ErrInvalid, c.Key.Key)
		}
		b.w(")")
	default:
		return fmt.Errorf("%w: cannot search by %s", tracking.ErrInvalid, c.Key)
	}
	return nil
}

// orderTerm compiles an order_by entry: joins (into join) and ORDER BY
// terms (into order). n numbers the join's alias.
func (s *Store) runOrder(join, order *sqlb, o tracking.SearchOrder, n int) error {
	dir := " ASC"
	if !o.Asc {
		dir = " DESC"
	}
	alias := "o" + strconv.Itoa(n)
	switch o.Key.Entity {
	case tracking.SearchAttribute:
		col, ok := runAttrCols[o.Key.Key]
		if !ok {
			return fmt.Errorf("%w: cannot order by attribute %q", tracking.ErrInvalid, o.Key.Key)
		}
		order.w("CASE WHEN ", col, " IS NULL THEN 1 ELSE 0 END, ")
		if o.Key.Key == "start_time" || o.Key.Key == "end_time" {
			order.w(col, dir, ", ")
		} else {
			order.w(s.d.orderStr(col), dir, ", ")
		}
	case tracking.SearchMetric:
		join.w(" LEFT JOIN latest_metrics ", alias, " ON ", alias, ".run_uuid = r.run_uuid AND ")
		s.keyEq(join, alias+`."key"`, o.Key.Key)
		// Numbers, then NaN, then missing, in both directions, as MLflow
		// orders them (SearchUtils._get_value_for_sort; its tests
		// test_order_by_metric_with_nans_infs_nones and
		// test_order_by_metric_tag_param).
		order.w("CASE WHEN ", alias, ".run_uuid IS NULL THEN 2 WHEN ", alias, ".is_nan THEN 1 ELSE 0 END, ", alias, ".value", dir, ", ")
	case tracking.SearchParam, tracking.SearchTag:
		table := "params"
		if o.Key.Entity == tracking.SearchTag {
			table = "tags"
		}
		join.w(" LEFT JOIN ", table, " ", alias, " ON ", alias, ".run_uuid = r.run_uuid AND ")
		s.keyEq(join, alias+`."key"`, o.Key.Key)
		order.w("CASE WHEN ", alias, ".value IS NULL THEN 1 ELSE 0 END, ", s.d.orderStr(alias+".value"), dir, ", ")
	default:
		return fmt.Errorf("%w: cannot order by %s", tracking.ErrInvalid, o.Key)
	}
	return nil
}

// viewStages are the lifecycle stages a view includes.
func viewStages(v tracking.ViewType) []string {
	switch v {
	case tracking.DeletedOnly:
		return []string{tracking.StageDeleted}
	case tracking.All:
		return []string{tracking.StageActive, tracking.StageDeleted}
	}
	return []string{tracking.StageActive}
}

func inList(b *sqlb, col string, vals []string) {
	b.w(col, " IN (")
	for i, v := range vals {
		if i > 0 {
			b.w(", ")
		}
		b.arg("?", 1, v)
	}
	b.w(")")
}

// SearchRuns finds runs with MLflow's filter grammar, compiled to SQL
// with bound parameters, and reads the page's runs whole.
func (s *Store) SearchRuns(ctx context.Context, q tracking.RunQuery) ([]*tracking.Run, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	rs, err := s.compileRunSearch(q)
	if err != nil {
		return nil, "", err
	}
	if rs == nil {
		return []*tracking.Run{}, "", nil
	}
	var runs []*tracking.Run
	next := ""
	err = s.read(ctx, "search runs", func(t tx) error {
		infos, err := rs.page(ctx, t)
		if err != nil {
			return err
		}
		next = ""
		if len(infos) > rs.max {
			infos = infos[:rs.max]
			next = tracking.EncodePageToken(rs.offset + rs.max)
		}
		runs, err = s.loadRuns(ctx, t, infos)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return runs, next, nil
}

// runSearch is a compiled run search: the SELECTs of runs r (without
// LIMIT) whose results, one after the other, are the search's order,
// and the page wanted.
//
// A search ordered by one metric alone has three parts: the runs whose
// value is a number, by value (which an index on latest_metrics ("key",
// is_nan, value) yields in order, so that a page costs a walk of the
// index until it is full, not a sort of every run); then the runs whose
// value is NaN; then the runs without the metric. A part is read only
// when the parts before it do not fill the page. Any other search is one
// SELECT.
type runSearch struct {
	parts       []*sqlb
	max, offset int
}

// page reads the runs of the page, and one more when more follow.
func (rs *runSearch) page(ctx context.Context, t tx) ([]*tracking.RunInfo, error) {
	if len(rs.parts) == 1 {
		sel := &sqlb{}
		sel.add(rs.parts[0]).arg(" LIMIT ?", 1, rs.max+1).arg(" OFFSET ?", 1, rs.offset)
		return scanInfos(ctx, t, sel, nil)
	}
	need := rs.offset + rs.max + 1
	var infos []*tracking.RunInfo
	for _, p := range rs.parts {
		if len(infos) >= need {
			break
		}
		sel := &sqlb{}
		sel.add(p).arg(" LIMIT ?", 1, need-len(infos))
		var err error
		if infos, err = scanInfos(ctx, t, sel, infos); err != nil {
			return nil, err
		}
	}
	if rs.offset >= len(infos) {
		return nil, nil
	}
	return infos[rs.offset:], nil
}

// scanInfos appends the runs sel selects to infos.
func scanInfos(ctx context.Context, t tx, sel *sqlb, infos []*tracking.RunInfo) ([]*tracking.RunInfo, error) {
	err := scanRows(ctx, t, sel.sql.String(), sel.args, func(rows *sql.Rows) error {
		r, err := scanRunInfo(rows)
		if err == nil {
			infos = append(infos, r)
		}
		return err
	})
	return infos, err
}

// compileRunSearch compiles a run query (nil when no experiment can
// match).
func (s *Store) compileRunSearch(q tracking.RunQuery) (*runSearch, error) {
	srch, err := tracking.ParseRunSearch(q.Filter, q.OrderBy)
	if err != nil {
		return nil, err
	}
	max, err := tracking.CheckMaxResults(q.MaxResults)
	if err != nil {
		return nil, err
	}
	offset, err := tracking.DecodePageToken(q.PageToken)
	if err != nil {
		return nil, err
	}
	fjoin, where, err := s.compileRunFilter(q, srch)
	if err != nil || where == nil {
		return nil, err
	}
	sel := func(from string, join, cond, order *sqlb) *sqlb {
		b := &sqlb{}
		b.w("SELECT r.", strings.ReplaceAll(runCols, ", ", ", r."), " FROM ", from).add(join).add(fjoin).w(" WHERE ").add(where)
		if cond != nil {
			b.w(" AND ").add(cond)
		}
		b.w(" ORDER BY ").add(order).w("r.start_time DESC, r.run_uuid ASC")
		return b
	}
	rs := &runSearch{max: max, offset: offset}
	if len(srch.Order) == 1 && srch.Order[0].Key.Entity == tracking.SearchMetric {
		o := srch.Order[0]
		dir := " ASC"
		if !o.Asc {
			dir = " DESC"
		}
		// "latest_metrics o0 CROSS JOIN runs r": SQLite then reads o0
		// first, by the index, in order (its planner, not knowing the
		// page is small, would rather read every run and sort them);
		// PostgreSQL and MySQL plan it as the inner join it is.
		for _, nan := range []bool{false, true} {
			cond, order := &sqlb{}, &sqlb{}
			cond.w("o0.run_uuid = r.run_uuid AND ")
			s.keyEq(cond, `o0."key"`, o.Key.Key)
			cond.arg(" AND o0.is_nan = ?", 1, nan)
			if !nan {
				order.w("o0.value", dir, ", ")
			}
			rs.parts = append(rs.parts, sel("latest_metrics o0 CROSS JOIN runs r", &sqlb{}, cond, order))
		}
		missing := &sqlb{}
		missing.w(`NOT EXISTS (SELECT 1 FROM latest_metrics o0 WHERE o0.run_uuid = r.run_uuid AND `)
		s.keyEq(missing, `o0."key"`, o.Key.Key)
		missing.w(")")
		rs.parts = append(rs.parts, sel("runs r", &sqlb{}, missing, &sqlb{}))
		return rs, nil
	}
	join, order := &sqlb{}, &sqlb{}
	for i, o := range srch.Order {
		if err := s.runOrder(join, order, o, i); err != nil {
			return nil, err
		}
	}
	rs.parts = []*sqlb{sel("runs r", join, nil, order)}
	return rs, nil
}

// compileRunFilter compiles the experiments, view and filter of a run
// query to the joins and the WHERE condition over runs r (nil when no
// experiment can match). Each join matches at most one row of a run.
func (s *Store) compileRunFilter(q tracking.RunQuery, srch *tracking.Search) (fjoin, where *sqlb, err error) {
	fjoin, where = &sqlb{}, &sqlb{}
	if len(q.ExperimentIDs) == 0 {
		where.w("r.experiment_id IN (SELECT experiment_id FROM experiments WHERE lifecycle_stage = 'active')")
	} else {
		var ids []string
		for _, id := range q.ExperimentIDs {
			if n, ok := s.expID(id); ok {
				ids = append(ids, strconv.FormatInt(n, 10))
			}
		}
		if len(ids) == 0 {
			return nil, nil, nil
		}
		where.w("r.experiment_id IN (")
		for i, id := range ids {
			if i > 0 {
				where.w(", ")
			}
			n, _ := strconv.ParseInt(id, 10, 64)
			where.arg("?", 1, n)
		}
		where.w(")")
	}
	where.w(" AND ")
	inList(where, "r.lifecycle_stage", viewStages(q.View))
	for i, c := range srch.Clauses {
		where.w(" AND ")
		if err := s.runClause(fjoin, where, c, i); err != nil {
			return nil, nil, err
		}
	}
	return fjoin, where, nil
}

var _ tracking.RunCounter = (*Store)(nil)

// CountRuns returns how many runs match q's experiments, filter and view
// (its order and page fields are ignored) with one SELECT COUNT(*) of
// the filter SearchRuns compiles. The web UI shows totals with it.
func (s *Store) CountRuns(ctx context.Context, q tracking.RunQuery) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	srch, err := tracking.ParseRunSearch(q.Filter, nil)
	if err != nil {
		return 0, err
	}
	fjoin, where, err := s.compileRunFilter(q, srch)
	if err != nil || where == nil {
		return 0, err
	}
	sel := (&sqlb{}).w("SELECT COUNT(*) FROM runs r").add(fjoin).w(" WHERE ").add(where)
	n := 0
	err = s.read(ctx, "count runs", func(t tx) error {
		return scanRows(ctx, t, sel.sql.String(), sel.args, func(rows *sql.Rows) error { return rows.Scan(&n) })
	})
	return n, err
}

// SearchExperiments returns a page of the experiments of the view that
// match the filter (name, creation_time, last_update_time, tags.<key>),
// ordered as MLflow orders them (see the order below).
func (s *Store) SearchExperiments(ctx context.Context, q tracking.ExperimentQuery) ([]*tracking.Experiment, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	srch, err := tracking.ParseExperimentSearch(q.Filter, q.OrderBy)
	if err != nil {
		return nil, "", err
	}
	max, err := tracking.CheckMaxResults(q.MaxResults)
	if err != nil {
		return nil, "", err
	}
	offset, err := tracking.DecodePageToken(q.PageToken)
	if err != nil {
		return nil, "", err
	}
	where, order := &sqlb{}, &sqlb{}
	inList(where, "e.lifecycle_stage", viewStages(q.View))
	for _, c := range srch.Clauses {
		where.w(" AND ")
		switch c.Key.Entity {
		case tracking.SearchAttribute:
			col, ok := expAttrCols[c.Key.Key]
			if !ok || c.Key.Key == "experiment_id" {
				return nil, "", fmt.Errorf("%w: experiments cannot be searched by %q", tracking.ErrInvalid, c.Key.Key)
			}
			if c.Numeric {
				err = intCmp(where, col, c)
			} else {
				err = s.strCmp(where, col, c)
			}
		case tracking.SearchTag:
			where.w("EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND ")
			s.keyEq(where, `t."key"`, c.Key.Key)
			where.w(" AND ")
			err = s.strCmp(where, "t.value", c)
			where.w(")")
		default:
			err = fmt.Errorf("%w: experiments cannot be searched by %s", tracking.ErrInvalid, c.Key)
		}
		if err != nil {
			return nil, "", err
		}
	}
	// MLflow's order (SearchExperimentsUtils.sort): the order_by keys, by
	// default creation_time DESC, experiment_id ASC; ties then go by
	// experiment_id DESC unless order_by names it. A missing time sorts
	// last in both directions.
	keys := srch.Order
	if len(keys) == 0 {
		keys = []tracking.SearchOrder{{Key: tracking.SearchKey{Entity: tracking.SearchAttribute, Key: "creation_time"}},
			{Key: tracking.SearchKey{Entity: tracking.SearchAttribute, Key: "experiment_id"}, Asc: true}}
	}
	named := false
	for _, o := range keys {
		named = named || o.Key.Entity == tracking.SearchAttribute && o.Key.Key == "experiment_id"
	}
	if !named {
		keys = append(keys, tracking.SearchOrder{Key: tracking.SearchKey{Entity: tracking.SearchAttribute, Key: "experiment_id"}})
	}
	for i, o := range keys {
		col, ok := expAttrCols[o.Key.Key]
		if o.Key.Entity != tracking.SearchAttribute || !ok {
			return nil, "", fmt.Errorf("%w: experiments cannot be ordered by %s", tracking.ErrInvalid, o.Key)
		}
		dir := " ASC"
		if !o.Asc {
			dir = " DESC"
		}
		if i > 0 {
			order.w(", ")
		}
		switch o.Key.Key {
		case "name":
			order.w(s.d.orderStr(col), dir)
		case "experiment_id":
			order.w(col, dir)
		default:
			order.w("CASE WHEN ", col, " IS NULL THEN 1 ELSE 0 END, ", col, dir)
		}
	}
	sel := &sqlb{}
	sel.w("SELECT e.", strings.ReplaceAll(expCols, ", ", ", e."), " FROM experiments e WHERE ").add(where).w(" ORDER BY ").add(order)
	sel.arg(" LIMIT ?", 1, max+1).arg(" OFFSET ?", 1, offset)
	var exps []*tracking.Experiment
	next := ""
	err = s.read(ctx, "search experiments", func(t tx) error {
		exps = exps[:0]
		err := scanRows(ctx, t, sel.sql.String(), sel.args, func(rows *sql.Rows) error {
			e, err := scanExperiment(rows)
			if err == nil {
				exps = append(exps, e)
			}
			return err
		})
		if err != nil {
			return err
		}
		next = ""
		if len(exps) > max {
			exps = exps[:max]
			next = tracking.EncodePageToken(offset + max)
		}
		return s.experimentTags(ctx, t, exps)
	})
	if err != nil {
		return nil, "", err
	}
	if exps == nil {
		exps = []*tracking.Experiment{}
	}
	return exps, next, nil
}

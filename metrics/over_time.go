package metrics

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/telltale-ml/telltale/dataset"
)

// ColumnOverTime is a column's values over time, in the reference and the
// current data: Evidently's ColumnValuePlot, and the "data in time" of its
// ColumnSummaryMetric. Rows are aggregated into calendar buckets of the
// mapping's datetime column (see the bucket rule in time_buckets.go: about
// 150 buckets, whatever the number of rows): a numerical column's count,
// mean and standard deviation per bucket, as pandas' groupby(period)
// .agg(["mean", "std"]); a categorical one's count of each category per
// bucket (the 10 most common over both datasets, the others summed as
// "other"). Rows with a missing timestamp are left out.
//
// Compute returns *OverTimeResult.
type ColumnOverTime struct {
	Column string `json:"column"`
}

// Name implements Metric.
func (m *ColumnOverTime) Name() string { return "ColumnOverTime" }

// Params implements Parameterized.
func (m *ColumnOverTime) Params() any { return m }

// OverTimeResult is a column over time.
type OverTimeResult struct {
	Column string `json:"column"`
	// Datetime is the mapping's datetime column.
	Datetime string `json:"datetime"`
	// Period is the bucket: year, quarter, month, week, day, hour or
	// minute.
	Period    string        `json:"period"`
	Current   *OverTimeSide `json:"current"`
	Reference *OverTimeSide `json:"reference,omitempty"`
}

// OverTimeSide is one dataset's buckets: their starts (RFC 3339, UTC,
// ascending; buckets without rows are absent) and, per bucket, the
// numerical column's statistics or the categories' counts.
type OverTimeSide struct {
	Start      []string           `json:"start"`
	Values     *SeriesStats       `json:"values,omitempty"`
	Categories []CategoryOverTime `json:"categories,omitempty"`
}

// CategoryOverTime is the number of rows of a category in each bucket.
type CategoryOverTime struct {
	Category string `json:"category"`
	Count    []int  `json:"count"`
}

// timeSetup finds the datetime column of each frame and the period.
type timeSetup struct {
	name   string
	period string
	frames []*dataset.Frame      // in.Frames()
	ts     []*dataset.TimeColumn // per frame
	cache  *Cache
}

// buckets returns the rows' buckets of frame i.
func (s *timeSetup) buckets(i int) ([]int32, []int64) {
	return s.cache.timeBuckets(s.frames[i], s.ts[i], s.period)
}

func newTimeSetup(in *Input, metric string) (*timeSetup, error) {
	name := in.Def().Datetime
	if name == "" {
		return nil, fmt.Errorf("%w: %s needs the mapping's datetime column (mapping: datetime)", ErrOption, metric)
	}
	s := &timeSetup{name: name, frames: in.Frames(), cache: in.Cache}
	for _, f := range s.frames {
		c, ok := f.Column(name)
		if !ok {
			return nil, &ColumnError{Metric: metric, Column: name, Err: ErrNoColumn}
		}
		tc, ok := c.(*dataset.TimeColumn)
		if !ok {
			return nil, &ColumnError{Metric: metric, Column: name, Err: fmt.Errorf("%w: the datetime column is %s", ErrColumnType, c.Type())}
		}
		s.ts = append(s.ts, tc)
	}
	lo, hi, ok := timeRangeOf(s.ts...)
	if !ok {
		return nil, fmt.Errorf("%s: %w: every timestamp of %q is missing", metric, ErrEmpty, name)
	}
	s.period = choosePeriod(lo, hi)
	return s, nil
}

// Compute implements Metric.
func (m *ColumnOverTime) Compute(ctx context.Context, in *Input) (Result, error) {
	if m.Column == "" {
		return nil, fmt.Errorf("%w: ColumnOverTime needs a column", ErrOption)
	}
	ts, err := newTimeSetup(in, m.Name())
	if err != nil {
		return nil, err
	}
	res := &OverTimeResult{Column: m.Column, Datetime: ts.name, Period: ts.period}
	frames := in.Frames()
	cols := make([]dataset.Column, len(frames))
	for i, f := range frames {
		c, ok := f.Column(m.Column)
		if !ok {
			return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: ErrNoColumn}
		}
		cols[i] = c
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	sides, err := columnOverTime(ts, cols)
	if err != nil {
		return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: err}
	}
	res.Current = sides[len(sides)-1]
	if len(sides) == 2 {
		res.Reference = sides[0]
	}
	return res, nil
}

// columnOverTime aggregates the column of each frame by bucket.
func columnOverTime(ts *timeSetup, cols []dataset.Column) ([]*OverTimeSide, error) {
	sides := make([]*OverTimeSide, len(cols))
	var top []string
	if _, ok := cols[0].(*dataset.StringColumn); ok {
		top = topLevels(cols, 10)
	}
	for i, c := range cols {
		idx, starts := ts.buckets(i)
		side := &OverTimeSide{Start: startsRFC3339(starts)}
		switch col := c.(type) {
		case *dataset.NumericColumn:
			st := bucketStats(idx, len(starts), col.Values())
			side.Values = &st
		case *dataset.StringColumn:
			side.Categories = bucketCategoryCounts(idx, len(starts), col, top)
		default:
			return nil, fmt.Errorf("%w: %s; want a numerical or categorical column", ErrColumnType, c.Type())
		}
		if i > 0 && c.Type() != cols[0].Type() {
			return nil, fmt.Errorf("%w: %s in the reference and %s in the current data", ErrColumnType, cols[0].Type(), c.Type())
		}
		sides[i] = side
	}
	return sides, nil
}

// topLevels returns the n most common values over the columns, by count
// then by value; "other" stands for the rest when there are more.
func topLevels(cols []dataset.Column, n int) []string {
	counts := map[string]int{}
	for _, c := range cols {
		sc := c.(*dataset.StringColumn)
		per := levelCounts(sc)
		for k, l := range sc.Levels() {
			counts[l] += per[k]
		}
	}
	levels := make([]string, 0, len(counts))
	for l, k := range counts {
		if k > 0 {
			levels = append(levels, l)
		}
	}
	sort.Slice(levels, func(a, b int) bool {
		if counts[levels[a]] != counts[levels[b]] {
			return counts[levels[a]] > counts[levels[b]]
		}
		return levels[a] < levels[b]
	})
	if len(levels) > n {
		levels = append(levels[:n:n], "other")
	}
	return levels
}

// bucketCategoryCounts counts each of top's categories per bucket; the last of
// top, when it is "other" beyond n real levels, takes the rest.
func bucketCategoryCounts(idx []int32, nb int, c *dataset.StringColumn, top []string) []CategoryOverTime {
	pos := map[string]int{}
	for i, l := range top {
		pos[l] = i
	}
	other := -1
	if len(top) > 0 && top[len(top)-1] == "other" {
		other = len(top) - 1
	}
	levelTo := make([]int, len(c.Levels()))
	for k, l := range c.Levels() {
		p, ok := pos[l]
		if !ok {
			p = other
		}
		levelTo[k] = p
	}
	out := make([]CategoryOverTime, len(top))
	for i, l := range top {
		out[i] = CategoryOverTime{Category: l, Count: make([]int, nb)}
	}
	for i, code := range c.Codes() {
		b := idx[i]
		if b < 0 || code < 0 {
			continue
		}
		if p := levelTo[code]; p >= 0 {
			out[p].Count[b]++
		}
	}
	return out
}

// Views implements Viewer: the mean (or each category's count) per bucket
// in both datasets, on a time axis.
func (r *OverTimeResult) Views() []View {
	if r == nil || r.Current == nil {
		return nil
	}
	v := &Lines{Title: r.Column + " over time (by " + r.Period + ")", XLabel: r.Datetime, XTime: true}
	sides := []struct {
		name string
		s    *OverTimeSide
	}{{"reference", r.Reference}, {"current", r.Current}}
	for _, side := range sides {
		if side.s == nil {
			continue
		}
		x := startsMillis(side.s.Start)
		if side.s.Values != nil {
			v.YLabel = "mean"
			v.Series = append(v.Series, LineSeries{Name: side.name, X: x, Y: side.s.Values.Mean})
		}
		for _, c := range side.s.Categories {
			v.YLabel = "rows"
			v.Series = append(v.Series, LineSeries{Name: side.name + ": " + c.Category, X: x, Y: floats(c.Count)})
		}
	}
	return []View{v}
}

// startsMillis parses RFC 3339 bucket starts into Unix milliseconds, for
// a time axis.
func startsMillis(starts []string) []Float {
	out := make([]Float, len(starts))
	for i, s := range starts {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			out[i] = Float(math.NaN())
			continue
		}
		out[i] = Float(t.UnixMilli())
	}
	return out
}

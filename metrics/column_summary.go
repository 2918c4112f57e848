package metrics

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/telltale-ml/telltale/dataset"
)

// ColumnSummary summarises one column, side by side for the reference and
// the current data (Evidently's ColumnSummaryMetric, unrounded and with
// shares in [0, 1] as its new API). Numerical columns also get the
// quantiles asked for in Quantiles and a histogram on bins shared by both
// sides; categorical columns the categories new in the current data and
// those gone from it.
//
// Compute returns *ColumnSummaryResult.
type ColumnSummary struct {
	Column string `json:"column"`
	// Quantiles are extra quantiles (each in [0, 1]) to compute for a
	// numerical column, beyond the quartiles.
	Quantiles []float64 `json:"quantiles,omitempty"`
}

// Name implements Metric.
func (m *ColumnSummary) Name() string { return "ColumnSummary" }

// Params implements Parameterized.
func (m *ColumnSummary) Params() any { return m }

// ColumnSummaryResult is the summary of one column.
type ColumnSummaryResult struct {
	Column string `json:"column"`
	// ColumnType is the current column's type: "numerical",
	// "categorical", "text" or "datetime".
	ColumnType string       `json:"column_type"`
	Current    *ColumnStats `json:"current"`
	// Reference is absent without reference data, and when the reference
	// has no such column or types it differently (Notes says so).
	Reference *ColumnStats `json:"reference,omitempty"`
	// Histogram is the numerical column's distribution on shared bins;
	// absent when no value is finite.
	Histogram *Histogram `json:"histogram,omitempty"`
	// Categories compares a categorical column's categories with the
	// reference's; absent without a comparable reference.
	Categories *CategoryChanges `json:"categories,omitempty"`
	// OverTime is the column over time (see ColumnOverTime), when the
	// mapping has a datetime column and the column is numerical or
	// categorical: Evidently's data_in_time.
	OverTime *OverTimeResult `json:"over_time,omitempty"`
	// Notes explain what could not be summarised: an all-missing column, a
	// column typed differently in the reference.
	Notes []string `json:"notes,omitempty"`
}

// CategoryChanges are the categories of the current data not in the
// reference (New) and those of the reference not in the current data
// (Unused, Evidently's unused_in_current_values); missing values are not
// categories. Both lists are sorted.
type CategoryChanges struct {
	NewCount    int      `json:"new_count"`
	UnusedCount int      `json:"unused_count"`
	New         []string `json:"new"`
	Unused      []string `json:"unused"`
}

// ReadsSummaries implements SummaryReader.
func (m *ColumnSummary) ReadsSummaries() {}

// Compute implements Metric. A column absent from the current data is an
// error; a column typed differently in the reference, or all missing, is
// summarised with a note.
func (m *ColumnSummary) Compute(ctx context.Context, in *Input) (Result, error) {
	if m.Column == "" {
		return nil, fmt.Errorf("%w: ColumnSummary needs a column", ErrOption)
	}
	for _, q := range m.Quantiles {
		if !(q >= 0 && q <= 1) {
			return nil, fmt.Errorf("%w: ColumnSummary: quantile %v is not in [0, 1]", ErrOption, q)
		}
	}
	if _, ok := in.ColumnType(m.Column); !ok {
		return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: ErrNoColumn}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if in.Summarized() {
		return summarizeColumnSummary(in, m.Column, m.Quantiles), nil
	}
	return summarizeColumn(in, m.Column, m.Quantiles), nil
}

// summarizeColumn summarises column name, present in the current frame.
func summarizeColumn(in *Input, name string, qs []float64) *ColumnSummaryResult {
	if in.Cache == nil { // share the sorts of this summary
		withCache := *in
		withCache.Cache = &Cache{}
		in = &withCache
	}
	cur, _ := in.Current.Column(name)
	r := &ColumnSummaryResult{Column: name, ColumnType: cur.Type().String()}
	r.Current = columnStats(in.Cache, in.Current, cur, qs)
	if r.Current.Count == 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("every value of column %q is missing in the current data", name))
	}
	var ref dataset.Column
	if in.Reference != nil {
		c, ok := in.Reference.Column(name)
		switch {
		case !ok:
			r.Notes = append(r.Notes, fmt.Sprintf("column %q is not in the reference data", name))
		case c.Type() != cur.Type():
			r.Notes = append(r.Notes, fmt.Sprintf("column %q is %s in the reference data and %s in the current data; the reference is not summarised", name, c.Type(), cur.Type()))
		default:
			ref = c
			r.Reference = columnStats(in.Cache, in.Reference, c, qs)
			if r.Reference.Count == 0 {
				r.Notes = append(r.Notes, fmt.Sprintf("every value of column %q is missing in the reference data", name))
			}
		}
	}
	switch c := cur.(type) {
	case *dataset.NumericColumn:
		var refView numericView
		var refSum float64
		if ref != nil {
			refView = in.Cache.numericView(in.Reference, ref.(*dataset.NumericColumn))
			refSum = float64(r.Reference.Sum)
		}
		r.Histogram = histogramOfViews(refView, in.Cache.numericView(in.Current, c), refSum, float64(r.Current.Sum), ref != nil)
	case *dataset.StringColumn:
		if rc, ok := ref.(*dataset.StringColumn); ok && c.Type() == dataset.Categorical {
			r.Categories = categoryChanges(rc, c)
		}
	}
	r.OverTime = summaryOverTime(in, name, cur, ref)
	return r
}

// summaryOverTime is ColumnOverTime's result for a summary: nil without a
// datetime column, for a text or datetime column, and for a column whose
// reference is not summarised.
func summaryOverTime(in *Input, name string, cur, ref dataset.Column) *OverTimeResult {
	def := in.Def()
	if def.Datetime == "" || name == def.Datetime || (cur.Type() != dataset.Numerical && cur.Type() != dataset.Categorical) {
		return nil
	}
	if in.Reference != nil && ref == nil {
		return nil
	}
	ts, err := newTimeSetup(in, "ColumnSummary")
	if err != nil {
		return nil
	}
	cols := []dataset.Column{cur}
	if ref != nil {
		cols = []dataset.Column{ref, cur}
	}
	sides, err := columnOverTime(ts, cols)
	if err != nil {
		return nil
	}
	r := &OverTimeResult{Column: name, Datetime: ts.name, Period: ts.period, Current: sides[len(sides)-1]}
	if len(sides) == 2 {
		r.Reference = sides[0]
	}
	return r
}

// columnStats summarises column c of frame f, with the extra quantiles
// qs of a numerical column. The statistics common to every caller are
// computed once per column of a cache and copied.
func columnStats(cache *Cache, f *dataset.Frame, c dataset.Column, qs []float64) *ColumnStats {
	st := cache.baseStats(f, c).clone()
	if len(qs) == 0 {
		return st
	}
	switch c := c.(type) {
	case *dataset.NumericColumn:
		st.Quantiles = cache.numericView(f, c).quantileMap(qs)
	case *dataset.StringColumn:
		if c.Type() == dataset.Categorical {
			st.Quantiles = categoryQuantiles(c, qs)
		}
	}
	return st
}

// computeStats summarises column c of frame f, without extra quantiles.
func computeStats(cache *Cache, f *dataset.Frame, c dataset.Column) *ColumnStats {
	rows := c.Len()
	st := &ColumnStats{Rows: rows, Missing: c.NullN(), Count: rows - c.NullN()}
	switch c := c.(type) {
	case *dataset.NumericColumn:
		ns, d := numericStats(cache.numericView(f, c), c.Values())
		st.NumericStats = ns
		st.Distinct = d.distinct
		if d.count > 0 {
			st.MostCommon, st.MostCommonCount = Float(d.mode), d.count
		}
	case *dataset.StringColumn:
		stringStats(st, c)
	case *dataset.TimeColumn:
		timeStats(st, c)
	}
	st.MissingShare = share(st.Missing, rows)
	st.DistinctShare = share(st.Distinct, rows)
	st.MostCommonShare = share(st.MostCommonCount, rows)
	return st
}

// share returns k/n, NaN when n is 0.
func share(k, n int) Float {
	if n == 0 {
		return Float(math.NaN())
	}
	return Float(float64(k) / float64(n))
}

// categoryChanges compares the categories present in ref and cur.
func categoryChanges(ref, cur *dataset.StringColumn) *CategoryChanges {
	present := func(c *dataset.StringColumn) map[string]bool {
		counts := levelCounts(c)
		out := make(map[string]bool, len(counts))
		for k, n := range counts {
			if n > 0 {
				out[c.Levels()[k]] = true
			}
		}
		return out
	}
	rs, cs := present(ref), present(cur)
	ch := &CategoryChanges{New: []string{}, Unused: []string{}}
	for v := range cs {
		if !rs[v] {
			ch.New = append(ch.New, v)
		}
	}
	for v := range rs {
		if !cs[v] {
			ch.Unused = append(ch.Unused, v)
		}
	}
	slices.Sort(ch.New)
	slices.Sort(ch.Unused)
	ch.NewCount, ch.UnusedCount = len(ch.New), len(ch.Unused)
	return ch
}

package metrics

import (
	"context"
	"fmt"
	"regexp"
	"slices"

	"github.com/telltale-ml/telltale/dataset"
)

// ValueList counts the values of a column in the list Values and those
// not in it (Evidently's legacy ColumnValueListMetric; InListValueCount and
// OutListValueCount in its new API). A missing value is not in the list:
// Out counts it and shares are over all rows, as Evidently counts (its
// test_data_quality_value_list_metric_success: [1, NaN, 1, 2] against
// [1, 2, 3] is 3 in and 1 out). Numbers compare as numbers, booleans as 1
// and 0, strings as strings (see valueSet: the list's 1 matches the
// category "1", false matches "False"). With no list, the list is the
// reference's distinct values, and reference data is needed.
//
// Compute returns *ValueCheckResult.
type ValueList struct {
	Column string `json:"column"`
	Values []any  `json:"values,omitempty"`
}

// Name implements Metric.
func (m *ValueList) Name() string { return "ValueList" }

// Params implements Parameterized.
func (m *ValueList) Params() any { return m }

// ReadsSummaries implements SummaryReader.
func (m *ValueList) ReadsSummaries() {}

// Compute implements Metric.
func (m *ValueList) Compute(ctx context.Context, in *Input) (Result, error) {
	values := m.Values
	if len(values) == 0 && in.Summarized() {
		if in.ReferenceSummary == nil {
			return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: fmt.Errorf("%w: no list of values given", ErrNoReference)}
		}
		c, ok := in.ReferenceSummary.Column(m.Column)
		if !ok {
			return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: fmt.Errorf("%w in the reference data", ErrNoColumn)}
		}
		var err error
		if values, err = summaryDistinctValues(c); err != nil {
			return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: err}
		}
	}
	if in.Summarized() {
		r, err := summarySideCounts(in, m.Name(), m.Column, true, func(c *dataset.ColumnSummary) (int, int, error) { return summaryCountIn(c, values) })
		if err != nil {
			return nil, err
		}
		r.Values = values
		return r, nil
	}
	if len(values) == 0 {
		if in.Reference == nil {
			return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: fmt.Errorf("%w: no list of values given", ErrNoReference)}
		}
		c, ok := in.Reference.Column(m.Column)
		if !ok {
			return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: fmt.Errorf("%w in the reference data", ErrNoColumn)}
		}
		var err error
		if values, err = distinctValues(in.Cache, in.Reference, c); err != nil {
			return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: err}
		}
	}
	r, err := sideCounts(in, m.Name(), m.Column, true, func(c dataset.Column) (int, error) { return countIn(c, values) })
	if err != nil {
		return nil, err
	}
	r.Values = values
	return r, nil
}

// distinctValues lists the distinct non-missing values of c, sorted.
func distinctValues(cache *Cache, f *dataset.Frame, c dataset.Column) ([]any, error) {
	var out []any
	switch c := c.(type) {
	case *dataset.NumericColumn:
		s := cache.SortedValues(f, c).Values
		for i, v := range s {
			if i == 0 || v != s[i-1] {
				out = append(out, Float(v))
			}
		}
	case *dataset.StringColumn:
		var levels []string
		for k, n := range levelCounts(c) {
			if n > 0 {
				levels = append(levels, c.Levels()[k])
			}
		}
		slices.Sort(levels)
		for _, l := range levels {
			out = append(out, l)
		}
	default:
		return nil, fmt.Errorf("%w: %s columns have no list of values", ErrColumnType, c.Type())
	}
	return out, nil
}

// CategoryCount counts the rows of a column equal to Category, and their
// share of the non-missing values (Evidently's CategoryCount; legacy
// ColumnCategoryMetric). Out counts the other non-missing values. The
// category matches as ValueList's values do: category false counts the
// rows spelled False, false, FALSE or 0, as pandas' column == False does
// (Evidently's test_category_count_binary_column).
//
// Compute returns *ValueCheckResult.
type CategoryCount struct {
	Column   string `json:"column"`
	Category any    `json:"category"`
}

// Name implements Metric.
func (m *CategoryCount) Name() string { return "CategoryCount" }

// Params implements Parameterized.
func (m *CategoryCount) Params() any { return m }

// ReadsSummaries implements SummaryReader.
func (m *CategoryCount) ReadsSummaries() {}

// Compute implements Metric.
func (m *CategoryCount) Compute(ctx context.Context, in *Input) (Result, error) {
	if m.Category == nil {
		return nil, fmt.Errorf("%w: CategoryCount needs a category", ErrOption)
	}
	if in.Summarized() {
		r, err := summarySideCounts(in, m.Name(), m.Column, false, func(c *dataset.ColumnSummary) (int, int, error) { return summaryCountIn(c, []any{m.Category}) })
		if err != nil {
			return nil, err
		}
		r.Category = m.Category
		return r, nil
	}
	r, err := sideCounts(in, m.Name(), m.Column, false, func(c dataset.Column) (int, error) { return countIn(c, []any{m.Category}) })
	if err != nil {
		return nil, err
	}
	r.Category = m.Category
	return r, nil
}

// ColumnRegExp counts the non-missing values of a categorical or text
// column that match the regular expression RegExp at their start, as
// Python's re.match and pandas Series.str.match do (Evidently's
// ColumnRegExpMetric); Out counts those that do not. The syntax is Go's
// (RE2), which agrees with Python's for the usual patterns but has no
// backreferences or lookarounds.
//
// Compute returns *ValueCheckResult.
type ColumnRegExp struct {
	Column string `json:"column"`
	RegExp string `json:"reg_exp"`
}

// Name implements Metric.
func (m *ColumnRegExp) Name() string { return "ColumnRegExp" }

// Params implements Parameterized.
func (m *ColumnRegExp) Params() any { return m }

// Compute implements Metric.
func (m *ColumnRegExp) Compute(ctx context.Context, in *Input) (Result, error) {
	re, err := regexp.Compile(`^(?:` + m.RegExp + `)`)
	if err != nil || m.RegExp == "" {
		return nil, fmt.Errorf("%w: ColumnRegExp: reg_exp %q: %v", ErrOption, m.RegExp, err)
	}
	r, err := sideCounts(in, m.Name(), m.Column, false, func(c dataset.Column) (int, error) {
		sc, ok := c.(*dataset.StringColumn)
		if !ok {
			return 0, fmt.Errorf("%w: %s, not categorical or text", ErrColumnType, c.Type())
		}
		k := 0
		for level, n := range levelCounts(sc) {
			if n > 0 && re.MatchString(sc.Levels()[level]) {
				k += n
			}
		}
		return k, nil
	})
	if err != nil {
		return nil, err
	}
	r.RegExp = m.RegExp
	return r, nil
}

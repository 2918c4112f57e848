package metrics

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/dataset"
)

// ValueCounts counts the values of one side that pass a check (In) and
// those that do not (Out). For ValueRange, CategoryCount and ColumnRegExp
// a missing value is neither: Out counts the other non-missing values and
// shares are over the non-missing values (Evidently's InRangeValueCount,
// CategoryCount, ...). For ValueList a missing value is not in the list:
// Out counts it, and shares are over all rows, as Evidently's
// ColumnValueListMetric counts. Shares are null when their denominator is
// 0.
type ValueCounts struct {
	Rows       int   `json:"rows"`
	NonMissing int   `json:"non_missing"`
	In         int   `json:"in"`
	InShare    Float `json:"in_share"`
	Out        int   `json:"out"`
	OutShare   Float `json:"out_share"`
	// InError is set when the counts come from a sketch: In (and so Out)
	// may be off by up to InError.
	InError int `json:"in_error,omitempty"`
}

// valueCounts returns the counts of a side of rows rows, nonMissing of
// them present, in of them passing; missingOut counts the missing values
// out and divides by rows.
func valueCounts(in, nonMissing, rows int, missingOut bool) ValueCounts {
	total := nonMissing
	if missingOut {
		total = rows
	}
	return ValueCounts{Rows: rows, NonMissing: nonMissing, In: in, Out: total - in,
		InShare: share(in, total), OutShare: share(total-in, total)}
}

// ValueCheckResult is the result of a value check on both sides.
type ValueCheckResult struct {
	Column    string       `json:"column"`
	Current   ValueCounts  `json:"current"`
	Reference *ValueCounts `json:"reference,omitempty"`
	// Left and Right are the range used (ValueRange), Values the list used
	// (ValueList), Category the category (CategoryCount), RegExp the
	// pattern (ColumnRegExp).
	Left     *Float `json:"left,omitempty"`
	Right    *Float `json:"right,omitempty"`
	Values   []any  `json:"values,omitempty"`
	Category any    `json:"category,omitempty"`
	RegExp   string `json:"reg_exp,omitempty"`
}

// sideCounts applies count (the number of present values that pass) to
// the column on each side; missingOut as for valueCounts.
func sideCounts(in *Input, metric, column string, missingOut bool, count func(dataset.Column) (int, error)) (*ValueCheckResult, error) {
	r := &ValueCheckResult{Column: column}
	c, ok := in.Current.Column(column)
	if !ok {
		return nil, &ColumnError{Metric: metric, Column: column, Err: ErrNoColumn}
	}
	k, err := count(c)
	if err != nil {
		return nil, &ColumnError{Metric: metric, Column: column, Err: err}
	}
	r.Current = valueCounts(k, c.Len()-c.NullN(), c.Len(), missingOut)
	// A reference without the column, or with another type, is left out.
	if in.Reference != nil {
		if c, ok := in.Reference.Column(column); ok {
			if k, err := count(c); err == nil {
				vc := valueCounts(k, c.Len()-c.NullN(), c.Len(), missingOut)
				r.Reference = &vc
			}
		}
	}
	return r, nil
}

// ValueRange counts the values of a numerical column inside the closed
// range [Left, Right] and outside it (Evidently's InRangeValueCount and
// OutRangeValueCount; legacy ColumnValueRangeMetric). Infinite values are
// values: outside any finite range. A categorical column whose values are
// all numbers (codes such as 0..5) is checked by its numbers. A bound left
// unset is the reference's minimum (Left) or maximum (Right) of finite
// values, as Evidently takes it (its test_data_quality_test_value_in_range);
// with neither bound set, reference data is needed. Without reference data
// a single unset bound leaves the range open on that side, where Evidently
// raises an error.
//
// Compute returns *ValueCheckResult.
type ValueRange struct {
	Column string   `json:"column"`
	Left   *float64 `json:"left,omitempty"`
	Right  *float64 `json:"right,omitempty"`
}

// Name implements Metric.
func (m *ValueRange) Name() string { return "ValueRange" }

// Params implements Parameterized.
func (m *ValueRange) Params() any { return m }

// Compute implements Metric.
func (m *ValueRange) Compute(ctx context.Context, in *Input) (Result, error) {
	lo, hi := math.Inf(-1), math.Inf(1)
	if m.Left != nil {
		lo = *m.Left
	}
	if m.Right != nil {
		hi = *m.Right
	}
	if (m.Left == nil || m.Right == nil) && (in.HasReference() || m.Left == nil && m.Right == nil) {
		refLo, refHi, err := m.referenceRange(in)
		if err != nil {
			return nil, err
		}
		if m.Left == nil {
			lo = refLo
		}
		if m.Right == nil {
			hi = refHi
		}
	}
	if lo > hi || math.IsNaN(lo) || math.IsNaN(hi) {
		return nil, fmt.Errorf("%w: ValueRange: left %v is above right %v", ErrOption, lo, hi)
	}
	var r *ValueCheckResult
	var err error
	if in.Summarized() {
		r, err = summarySideCounts(in, m.Name(), m.Column, false, func(c *dataset.ColumnSummary) (int, int, error) { return summaryInRange(c, lo, hi) })
	} else {
		r, err = m.countRows(in, lo, hi)
	}
	if err != nil {
		return nil, err
	}
	l, h := Float(lo), Float(hi)
	r.Left, r.Right = &l, &h
	return r, nil
}

// ReadsSummaries implements SummaryReader.
func (m *ValueRange) ReadsSummaries() {}

func (m *ValueRange) countRows(in *Input, lo, hi float64) (*ValueCheckResult, error) {
	return sideCounts(in, m.Name(), m.Column, false, func(c dataset.Column) (int, error) {
		k := 0
		switch c := c.(type) {
		case *dataset.NumericColumn:
			for _, v := range c.Values() {
				if v >= lo && v <= hi {
					k++
				}
			}
			return k, nil
		case *dataset.StringColumn:
			if nums, ok := categoryNumbers(c); ok {
				for level, n := range levelCounts(c) {
					if v := nums[level]; n > 0 && v >= lo && v <= hi {
						k += n
					}
				}
				return k, nil
			}
		}
		return 0, fmt.Errorf("%w: %s, not numerical (nor categorical with only numbers)", ErrColumnType, c.Type())
	})
}

// categoryNumbers returns the number each level of a categorical column
// spells when all its values are numbers (codes such as 0..5, which
// telltale types categorical and Evidently keeps numerical).
func categoryNumbers(c *dataset.StringColumn) ([]float64, bool) {
	if c.Type() != dataset.Categorical {
		return nil, false
	}
	return dataset.NumericLevels(c)
}

// referenceRange returns the reference's minimum and maximum finite value
// of the column.
func (m *ValueRange) referenceRange(in *Input) (lo, hi float64, err error) {
	if in.Summarized() && in.ReferenceSummary != nil {
		c, ok := in.ReferenceSummary.Column(m.Column)
		switch {
		case !ok:
			return 0, 0, &ColumnError{Metric: m.Name(), Column: m.Column, Err: fmt.Errorf("%w in the reference data", ErrNoColumn)}
		case c.Numeric != nil && c.Numeric.Count > 0:
			return c.Numeric.Min, c.Numeric.Max, nil
		case c.Categories != nil && c.Type == dataset.Categorical && c.Categories.Exact:
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, s := range c.Categories.Values {
				if v, ok := numberOf(s); ok && !math.IsInf(v, 0) {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
			if lo <= hi {
				return lo, hi, nil
			}
		}
		return 0, 0, &ColumnError{Metric: m.Name(), Column: m.Column, Err: fmt.Errorf("%w: the reference has no finite numbers to take a range from", ErrEmpty)}
	}
	if in.Reference == nil {
		return 0, 0, &ColumnError{Metric: m.Name(), Column: m.Column, Err: fmt.Errorf("%w: no range given", ErrNoReference)}
	}
	c, ok := in.Reference.Column(m.Column)
	if !ok {
		return 0, 0, &ColumnError{Metric: m.Name(), Column: m.Column, Err: fmt.Errorf("%w in the reference data", ErrNoColumn)}
	}
	var s []float64
	switch c := c.(type) {
	case *dataset.NumericColumn:
		s = in.Cache.SortedValues(in.Reference, c).Values
	case *dataset.StringColumn:
		nums, ok := categoryNumbers(c)
		if !ok {
			break
		}
		for level, n := range levelCounts(c) {
			if v := nums[level]; n > 0 && !math.IsInf(v, 0) {
				s = append(s, v)
			}
		}
		slices.Sort(s)
	}
	if s == nil && c.Type() != dataset.Numerical {
		return 0, 0, &ColumnError{Metric: m.Name(), Column: m.Column, Err: fmt.Errorf("%w: the reference column is %s, not numbers to take a range from", ErrColumnType, c.Type())}
	}
	if len(s) == 0 {
		return 0, 0, &ColumnError{Metric: m.Name(), Column: m.Column, Err: fmt.Errorf("%w: the reference column has no finite value", ErrEmpty)}
	}
	return s[0], s[len(s)-1], nil
}

// valueSet is a list of values that cells are matched against as pandas
// compares a column with Python values: numbers as numbers (a category
// that spells the number matches it: the list's 1 matches the categories
// "1" and "1.0"), booleans as the numbers 1 and 0 (Python's True == 1),
// so that true matches a category spelled True, true, TRUE or 1, and
// strings as strings (a numerical column also matches a string that
// spells one of its numbers).
type valueSet struct {
	nums map[float64]bool
	strs map[string]bool
	// strNums are the strings of the list that spell numbers.
	strNums map[float64]bool
}

func newValueSet(values []any) valueSet {
	s := valueSet{nums: map[float64]bool{}, strs: map[string]bool{}, strNums: map[float64]bool{}}
	for _, v := range values {
		switch v := v.(type) {
		case bool:
			if v {
				s.nums[1] = true
			} else {
				s.nums[0] = true
			}
		case float64:
			s.nums[v+0] = true
		case int:
			s.nums[float64(v)] = true
		case Float:
			s.nums[float64(v)+0] = true
		case string:
			s.strs[v] = true
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				s.strNums[f+0] = true
			}
		default:
			s.strs[fmt.Sprint(v)] = true
		}
	}
	return s
}

// number reports whether a numerical cell v is in the set.
func (s valueSet) number(v float64) bool { return s.nums[v+0] || s.strNums[v+0] }

// level reports whether a category l is in the set.
func (s valueSet) level(l string) bool {
	if s.strs[l] {
		return true
	}
	if len(s.nums) == 0 {
		return false
	}
	if f, err := strconv.ParseFloat(l, 64); err == nil {
		return s.nums[f+0]
	}
	switch strings.ToLower(l) {
	case "true":
		return s.nums[1]
	case "false":
		return s.nums[0]
	}
	return false
}

// countIn counts the present cells of c whose value is in values (see
// valueSet). Datetime columns are not supported.
func countIn(c dataset.Column, values []any) (int, error) {
	set := newValueSet(values)
	switch c := c.(type) {
	case *dataset.NumericColumn:
		k := 0
		for _, v := range c.Values() {
			if set.number(v) {
				k++
			}
		}
		return k, nil
	case *dataset.StringColumn:
		counts := levelCounts(c)
		k := 0
		for level, n := range counts {
			if n > 0 && set.level(c.Levels()[level]) {
				k += n
			}
		}
		return k, nil
	}
	return 0, fmt.Errorf("%w: %s columns have no list of values", ErrColumnType, c.Type())
}

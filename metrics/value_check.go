package metrics

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/telltale-ml/telltale/dataset"
)

// ValueCounts counts the non-missing values of one side that pass a check
// (In) and those that do not (Out); shares are over the non-missing values
// (Evidently's InRangeValueCount, InListValueCount, CategoryCount, ...),
// null when every value is missing.
type ValueCounts struct {
	NonMissing int   `json:"non_missing"`
	In         int   `json:"in"`
	InShare    Float `json:"in_share"`
	Out        int   `json:"out"`
	OutShare   Float `json:"out_share"`
}

func valueCounts(in, nonMissing int) ValueCounts {
	return ValueCounts{NonMissing: nonMissing, In: in, Out: nonMissing - in,
		InShare: share(in, nonMissing), OutShare: share(nonMissing-in, nonMissing)}
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

// sideCounts applies count to the column on each side.
func sideCounts(in *Input, metric, column string, count func(dataset.Column) (int, int, error)) (*ValueCheckResult, error) {
	r := &ValueCheckResult{Column: column}
	c, ok := in.Current.Column(column)
	if !ok {
		return nil, &ColumnError{Metric: metric, Column: column, Err: ErrNoColumn}
	}
	k, n, err := count(c)
	if err != nil {
		return nil, &ColumnError{Metric: metric, Column: column, Err: err}
	}
	r.Current = valueCounts(k, n)
	// A reference without the column, or with another type, is left out.
	if in.Reference != nil {
		if c, ok := in.Reference.Column(column); ok {
			if k, n, err := count(c); err == nil {
				vc := valueCounts(k, n)
				r.Reference = &vc
			}
		}
	}
	return r, nil
}

// ValueRange counts the values of a numerical column inside the closed
// range [Left, Right] and outside it (Evidently's InRangeValueCount and
// OutRangeValueCount; legacy ColumnValueRangeMetric). Infinite values are
// values: outside any finite range. With neither bound set, the range is
// the reference's [min, max] of finite values, and reference data is
// needed; a bound left unset is unbounded.
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
	if m.Left == nil && m.Right == nil {
		if in.Reference == nil {
			return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: fmt.Errorf("%w: no range given", ErrNoReference)}
		}
		c, ok := in.Reference.Column(m.Column)
		nc, isNum := c.(*dataset.NumericColumn)
		if !ok || !isNum {
			return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: fmt.Errorf("%w: no numerical reference column to take a range from", ErrColumnType)}
		}
		s := in.Cache.SortedValues(in.Reference, nc).Values
		if len(s) == 0 {
			return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: fmt.Errorf("%w: the reference column has no finite value", ErrEmpty)}
		}
		lo, hi = s[0], s[len(s)-1]
	}
	if lo > hi || math.IsNaN(lo) || math.IsNaN(hi) {
		return nil, fmt.Errorf("%w: ValueRange: left %v is above right %v", ErrOption, lo, hi)
	}
	r, err := sideCounts(in, m.Name(), m.Column, func(c dataset.Column) (int, int, error) {
		nc, ok := c.(*dataset.NumericColumn)
		if !ok {
			return 0, 0, fmt.Errorf("%w: %s, not numerical", ErrColumnType, c.Type())
		}
		k := 0
		for _, v := range nc.Values() {
			if v >= lo && v <= hi {
				k++
			}
		}
		return k, nc.Len() - nc.NullN(), nil
	})
	if err != nil {
		return nil, err
	}
	l, h := Float(lo), Float(hi)
	r.Left, r.Right = &l, &h
	return r, nil
}

// listKey turns a list entry or a cell into a comparable key: numbers as
// float64, everything else as its text.
func listKey(v any) any {
	switch v := v.(type) {
	case float64:
		return v + 0
	case int:
		return float64(v)
	case Float:
		return float64(v) + 0
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// numberOf returns v as a number when it is one or parses as one.
func numberOf(v any) (float64, bool) {
	switch k := listKey(v).(type) {
	case float64:
		return k, true
	case string:
		f, err := strconv.ParseFloat(k, 64)
		return f, err == nil
	}
	return 0, false
}

// textOf returns v as text: numbers in the shortest form that reads back.
func textOf(v any) string {
	if f, ok := listKey(v).(float64); ok {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// countIn counts the non-missing cells of c whose value is in the set
// values, and the non-missing cells. Numbers compare as numbers, strings
// as strings; a numerical column never equals a string that is not a
// number. Datetime columns are not supported.
func countIn(c dataset.Column, values []any) (int, int, error) {
	switch c := c.(type) {
	case *dataset.NumericColumn:
		set := map[float64]bool{}
		for _, v := range values {
			if f, ok := numberOf(v); ok {
				set[f+0] = true
			}
		}
		k := 0
		for _, v := range c.Values() {
			if set[v+0] {
				k++
			}
		}
		return k, c.Len() - c.NullN(), nil
	case *dataset.StringColumn:
		set := map[string]bool{}
		for _, v := range values {
			set[textOf(v)] = true
		}
		counts := categoryRowCounts(c)
		k := 0
		for level, n := range counts {
			if set[c.Levels()[level]] {
				k += n
			}
		}
		return k, c.Len() - c.NullN(), nil
	}
	return 0, 0, fmt.Errorf("%w: %s columns have no list of values", ErrColumnType, c.Type())
}

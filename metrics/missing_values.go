package metrics

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/telltale-ml/telltale/dataset"
)

// MissingValuesOptions say which values count as missing, as Evidently's
// missing_values and replace do (legacy DatasetMissingValuesMetric and
// ColumnMissingValuesMetric).
//
// Without MissingValues the list is DefaultMissingValues: null (a missing
// cell), the empty string and ±infinity. With MissingValues and Replace
// true (the default) the list is MissingValues alone; with Replace false
// it is the defaults followed by MissingValues. In a config file null
// stands for a missing cell, and "inf" and "-inf" (or YAML's .inf and
// -.inf) for the infinities; other values match as ValueList's values do:
// numbers as numbers (also against categories that spell them), booleans
// as 1 and 0, strings as strings.
type MissingValuesOptions struct {
	MissingValues MissingValueList `json:"missing_values,omitempty"`
	Replace       *bool            `json:"replace,omitempty"`
}

// MissingValueList is a list of values that mean "missing"; nil stands
// for a missing cell. It encodes ±infinity as the strings "inf" and
// "-inf", which JSON can hold.
type MissingValueList []any

// MarshalJSON implements json.Marshaler.
func (l MissingValueList) MarshalJSON() ([]byte, error) {
	out := make([]any, len(l))
	for i, v := range l {
		if f, ok := v.(float64); ok && math.IsInf(f, 0) {
			v = missingLabel(v)
		}
		out[i] = v
	}
	return json.Marshal(out)
}

// DefaultMissingValues returns Evidently's default list of missing
// values: the empty string, +inf, -inf and null (a missing cell).
func DefaultMissingValues() []any { return []any{"", math.Inf(1), math.Inf(-1), nil} }

// list returns the values that count as missing.
func (o *MissingValuesOptions) list() ([]any, error) {
	if o.MissingValues == nil {
		return DefaultMissingValues(), nil
	}
	if len(o.MissingValues) == 0 {
		return nil, fmt.Errorf("%w: missing_values must not be empty", ErrOption)
	}
	if o.Replace != nil && !*o.Replace {
		return append(DefaultMissingValues(), o.MissingValues...), nil
	}
	return o.MissingValues, nil
}

// missingLabel writes a missing value for people and for JSON keys: null,
// a string in double quotes, inf, -inf, a number, true or false.
func missingLabel(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(v)
	case float64:
		switch {
		case math.IsInf(v, 1):
			return "inf"
		case math.IsInf(v, -1):
			return "-inf"
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	case Float:
		return missingLabel(float64(v))
	case int:
		return strconv.Itoa(v)
	}
	return fmt.Sprint(v)
}

// missingMatcher finds, for a cell, the first entry of the list it
// matches.
type missingMatcher struct {
	values []any
	sets   []valueSet // one per entry; unused for the null entry
	null   int        // index of the null entry, -1 when there is none
	// nums maps a number to the first entry that matches it, for
	// numerical columns; infOnly says every key is infinite.
	nums    map[float64]int
	infOnly bool
}

func newMissingMatcher(values []any) *missingMatcher {
	m := &missingMatcher{values: values, null: -1, nums: map[float64]int{}, infOnly: true}
	m.sets = make([]valueSet, len(values))
	for i, v := range values {
		if v == nil {
			if m.null < 0 {
				m.null = i
			}
			continue
		}
		s := newValueSet([]any{v})
		m.sets[i] = s
		for _, keys := range []map[float64]bool{s.nums, s.strNums} {
			for k := range keys {
				if _, seen := m.nums[k]; !seen {
					m.nums[k] = i
					m.infOnly = m.infOnly && math.IsInf(k, 0)
				}
			}
		}
	}
	return m
}

// column counts the cells of c matching each entry, in counts (one per
// entry), and marks the rows with a missing cell in rows (nil: not
// wanted).
func (m *missingMatcher) column(c dataset.Column, counts []int, rows []bool) {
	if m.null >= 0 && c.NullN() > 0 {
		counts[m.null] += c.NullN()
		if rows != nil {
			for i := range rows {
				if c.IsNull(i) {
					rows[i] = true
				}
			}
		}
	}
	switch c := c.(type) {
	case *dataset.NumericColumn:
		if len(m.nums) == 0 {
			return
		}
		for i, v := range c.Values() {
			if v != v || m.infOnly && !math.IsInf(v, 0) {
				continue
			}
			if k, ok := m.nums[v+0]; ok {
				counts[k]++
				if rows != nil {
					rows[i] = true
				}
			}
		}
	case *dataset.StringColumn:
		entry := make([]int, len(c.Levels()))
		matched := false
		for l, level := range c.Levels() {
			entry[l] = -1
			for k, v := range m.values {
				if v != nil && m.sets[k].level(level) {
					entry[l], matched = k, true
					break
				}
			}
		}
		if !matched {
			return
		}
		if codes, ok := c.Codes16(); ok {
			countEntries(codes, entry, counts, rows)
		} else {
			countEntries(c.Codes(), entry, counts, rows)
		}
	}
}

// MissingValueCount is how many cells hold one missing value of the list.
type MissingValueCount struct {
	// Value is the missing value as missingLabel writes it: null, "",
	// inf, -inf, a number, or a string in double quotes.
	Value string `json:"value"`
	Count int    `json:"count"`
}

// ColumnMissing is the missing values of one column on one side.
type ColumnMissing struct {
	Column string `json:"column"`
	Rows   int    `json:"rows"`
	// Missing counts the cells that hold a missing value of the list;
	// MissingShare is Missing over Rows (null with no rows).
	Missing      int   `json:"missing"`
	MissingShare Float `json:"missing_share"`
	// DifferentMissingValues is the number of values of the list that
	// occur; Counts holds each value of the list, in list order.
	DifferentMissingValues int                 `json:"different_missing_values"`
	Counts                 []MissingValueCount `json:"counts"`
}

func columnMissing(m *missingMatcher, c dataset.Column, rows []bool) *ColumnMissing {
	counts := make([]int, len(m.values))
	m.column(c, counts, rows)
	out := &ColumnMissing{Column: c.Name(), Rows: c.Len(), Counts: make([]MissingValueCount, len(counts))}
	for i, n := range counts {
		out.Counts[i] = MissingValueCount{Value: missingLabel(m.values[i]), Count: n}
		out.Missing += n
		if n > 0 {
			out.DifferentMissingValues++
		}
	}
	out.MissingShare = share(out.Missing, out.Rows)
	return out
}

// countEntries counts, for each present code k with entry[k] >= 0, a cell
// of entry entry[k] in counts, and marks its row in rows (nil: not
// wanted).
func countEntries[T codeInt](codes []T, entry, counts []int, rows []bool) {
	for i, code := range codes {
		if code >= 0 && entry[code] >= 0 {
			counts[entry[code]]++
			if rows != nil {
				rows[i] = true
			}
		}
	}
}

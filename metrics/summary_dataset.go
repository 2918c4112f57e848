package metrics

import (
	"fmt"
	"math"
	"slices"

	"github.com/telltale-ml/telltale/dataset"
)

// summaryDatasetStats is datasetStats from a summary. Duplicated rows and
// columns compare whole rows and columns, which a sketch does not keep:
// they are listed in Unavailable and their tests report an error.
func summaryDatasetStats(s *dataset.Summary, consThr float64) *DatasetStats {
	rows, cols := s.Rows, len(s.Columns)
	d := &DatasetStats{Rows: rows, Columns: cols, ColumnsByType: map[string]int{},
		RowsWithMissing: s.RowsWithMissing, EmptyRows: s.EmptyRows,
		Unavailable: []string{"duplicated_rows", "duplicated_columns", "almost_duplicated_columns"}}
	d.Lists = DatasetLists{ColumnsWithMissing: []string{}, DuplicatedColumns: [][]string{},
		AlmostDuplicatedColumns: [][2]string{}, ConstantColumns: []string{}, AlmostConstantColumns: []string{}, EmptyColumns: []string{}}
	for _, c := range s.Columns {
		d.ColumnsByType[c.Type.String()]++
		d.MissingCells += c.Missing
		if c.Missing > 0 {
			d.Lists.ColumnsWithMissing = append(d.Lists.ColumnsWithMissing, c.Name)
		}
		if rows > 0 && c.Missing == rows {
			d.Lists.EmptyColumns = append(d.Lists.EmptyColumns, c.Name)
		}
		if c.Distinct <= 1 && c.DistinctError == 0 {
			d.Lists.ConstantColumns = append(d.Lists.ConstantColumns, c.Name)
		}
		if c.MostCommonCount > 0 && float64(c.MostCommonCount)/float64(rows) >= consThr {
			d.Lists.AlmostConstantColumns = append(d.Lists.AlmostConstantColumns, c.Name)
		}
	}
	d.MissingCellsShare = share(d.MissingCells, rows*cols)
	d.RowsWithMissingShare = share(d.RowsWithMissing, rows)
	d.ColumnsWithMissing = len(d.Lists.ColumnsWithMissing)
	d.ColumnsWithMissingShare = share(d.ColumnsWithMissing, cols)
	d.ConstantColumns = len(d.Lists.ConstantColumns)
	d.AlmostConstantColumns = len(d.Lists.AlmostConstantColumns)
	d.EmptyColumns = len(d.Lists.EmptyColumns)
	return d
}

// summaryColumnMissing is columnMissing from a column's summary: nulls,
// infinities and categories are counted exactly (categories beyond the
// sketch's exact limit within its bound, added to *bound); a finite
// number in the list matches the values equal to it, estimated from the
// distribution when it is not exact.
func summaryColumnMissing(m *missingMatcher, c *dataset.ColumnSummary, bound *int) *ColumnMissing {
	counts := make([]int, len(m.values))
	if m.null >= 0 {
		counts[m.null] += c.Missing
	}
	switch {
	case c.Numeric != nil:
		for v, k := range m.nums {
			switch {
			case math.IsInf(v, 1):
				counts[k] += c.Numeric.PosInf
			case math.IsInf(v, -1):
				counts[k] += c.Numeric.NegInf
			default:
				at, e1 := c.Numeric.CDF.At(v)
				below, e2 := c.Numeric.CDF.Below(v)
				counts[k] += int(math.Round(at - below))
				*bound += int(math.Ceil(e1 + e2))
			}
		}
	case c.Categories != nil:
		for i, level := range c.Categories.Values {
			for k, v := range m.values {
				if v != nil && m.sets[k].level(level) {
					counts[k] += c.Categories.Counts[i]
					break
				}
			}
		}
		if !c.Categories.Exact {
			*bound += c.Categories.CountError * len(m.values)
		}
	}
	out := &ColumnMissing{Column: c.Name, Rows: c.Rows, Counts: make([]MissingValueCount, len(counts))}
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

// summaryMissingStats is missingStats from a summary. The sketch counts
// the rows with a null exactly; the rows with another missing value of
// the list are bounded: at least the most of any one column, at most the
// sum over columns.
func summaryMissingStats(match *missingMatcher, s *dataset.Summary) *MissingValuesStats {
	st := &MissingValuesStats{Rows: s.Rows, Columns: len(s.Columns), ByColumn: make([]*ColumnMissing, 0, len(s.Columns))}
	total := make([]int, len(match.values))
	bound := 0
	lo, hi := s.RowsWithMissing, s.RowsWithMissing
	if match.null < 0 {
		lo, hi = 0, 0
	}
	for _, c := range s.Columns {
		cm := summaryColumnMissing(match, c, &bound)
		st.ByColumn = append(st.ByColumn, cm)
		st.Missing += cm.Missing
		if cm.Missing > 0 {
			st.ColumnsWithMissing++
		}
		other := cm.Missing
		if match.null >= 0 {
			other -= c.Missing
		}
		lo = max(lo, other)
		hi += other
		for i, vc := range cm.Counts {
			total[i] += vc.Count
		}
	}
	hi = min(hi+bound, s.Rows)
	st.RowsWithMissing = lo
	if lo != hi || bound > 0 {
		st.Approximate = &MissingBound{RowsWithMissing: [2]int{lo, hi}, CountError: bound}
	}
	st.finish(match, total)
	return st
}

// MissingBound says how far missing-value counts from a sketch may be
// from the rows': the rows with a missing value lie in RowsWithMissing
// (RowsWithMissing of the stats is its lower end), and the counts of
// values beyond the sketch's exact limits are short by at most CountError
// in all.
type MissingBound struct {
	RowsWithMissing [2]int `json:"rows_with_missing_interval"`
	CountError      int    `json:"count_error"`
}

// summarySideCounts is sideCounts from summaries: count returns the
// number of a column's present values that pass and the bound of its
// error.
func summarySideCounts(in *Input, metric, column string, missingOut bool, count func(*dataset.ColumnSummary) (int, int, error)) (*ValueCheckResult, error) {
	r := &ValueCheckResult{Column: column}
	c, ok := in.CurrentSummary.Column(column)
	if !ok {
		return nil, &ColumnError{Metric: metric, Column: column, Err: ErrNoColumn}
	}
	k, e, err := count(c)
	if err != nil {
		return nil, &ColumnError{Metric: metric, Column: column, Err: err}
	}
	r.Current = valueCounts(k, c.Rows-c.Missing, c.Rows, missingOut)
	r.Current.InError = e
	if in.ReferenceSummary != nil {
		if c, ok := in.ReferenceSummary.Column(column); ok {
			if k, e, err := count(c); err == nil {
				vc := valueCounts(k, c.Rows-c.Missing, c.Rows, missingOut)
				vc.InError = e
				r.Reference = &vc
			}
		}
	}
	return r, nil
}

// summaryInRange counts the values of a column in [lo, hi].
func summaryInRange(c *dataset.ColumnSummary, lo, hi float64) (int, int, error) {
	switch {
	case c.Numeric != nil:
		n := c.Numeric
		k := 0
		if math.IsInf(lo, -1) {
			k += n.NegInf
		}
		if math.IsInf(hi, 1) {
			k += n.PosInf
		}
		at, e1 := n.CDF.At(hi)
		below, e2 := n.CDF.Below(lo)
		return k + int(math.Round(math.Max(0, at-below))), int(math.Ceil(e1 + e2)), nil
	case c.Categories != nil && c.Type == dataset.Categorical && c.Categories.Exact:
		k := 0
		for i, s := range c.Categories.Values {
			v, ok := numberOf(s)
			if !ok {
				return 0, 0, fmt.Errorf("%w: %s, not numerical (nor categorical with only numbers)", ErrColumnType, c.Type)
			}
			if v >= lo && v <= hi {
				k += c.Categories.Counts[i]
			}
		}
		return k, 0, nil
	}
	return 0, 0, fmt.Errorf("%w: %s, not numerical (nor categorical with only numbers, counted exactly)", ErrColumnType, c.Type)
}

// summaryCountIn counts the values of a column in the list values.
func summaryCountIn(c *dataset.ColumnSummary, values []any) (int, int, error) {
	set := newValueSet(values)
	switch {
	case c.Numeric != nil:
		if !c.Numeric.CDF.Exact {
			return 0, 0, fmt.Errorf("the sketch keeps this column's values only up to its exact limit, so values in a list cannot be counted (%w)", ErrNeedsRows)
		}
		k, prev := 0, 0.0
		for i, v := range c.Numeric.CDF.Values {
			if set.number(v) {
				k += int(c.Numeric.CDF.Cum[i] - prev)
			}
			prev = c.Numeric.CDF.Cum[i]
		}
		for _, inf := range []struct {
			v float64
			n int
		}{{math.Inf(1), c.Numeric.PosInf}, {math.Inf(-1), c.Numeric.NegInf}} {
			if inf.n > 0 && set.number(inf.v) {
				k += inf.n
			}
		}
		return k, 0, nil
	case c.Categories != nil:
		k := 0
		for i, level := range c.Categories.Values {
			if set.level(level) {
				k += c.Categories.Counts[i]
			}
		}
		e := 0
		if !c.Categories.Exact {
			e = c.Categories.CountError * len(values)
		}
		return k, e, nil
	}
	return 0, 0, fmt.Errorf("%w: %s columns have no list of values", ErrColumnType, c.Type)
}

// summaryDistinctValues lists a column's distinct values, sorted, when the
// sketch knows them all.
func summaryDistinctValues(c *dataset.ColumnSummary) ([]any, error) {
	var out []any
	switch {
	case c.Numeric != nil && c.Numeric.CDF.Exact:
		for _, v := range c.Numeric.CDF.Values {
			out = append(out, Float(v))
		}
	case c.Categories != nil && c.Categories.Exact:
		vals := append([]string(nil), c.Categories.Values...)
		slices.Sort(vals)
		for _, v := range vals {
			out = append(out, v)
		}
	case c.Numeric != nil || c.Categories != nil:
		return nil, fmt.Errorf("the reference sketch keeps this column's values only up to its exact limit (%w)", ErrNeedsRows)
	default:
		return nil, fmt.Errorf("%w: %s columns have no list of values", ErrColumnType, c.Type)
	}
	return out, nil
}

// numberOf reads a category as a number, as dataset reads numbers.
func numberOf(s string) (float64, bool) {
	v, _, _, ok := dataset.ParseNumber([]byte(s))
	return v, ok
}

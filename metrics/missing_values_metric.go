package metrics

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
)

// DatasetMissingValues counts the missing values of every column, side by
// side for the reference and the current data: Evidently's legacy
// DatasetMissingValuesMetric, with its list of values that count as
// missing (see MissingValuesOptions; by default null, "", inf and -inf).
//
//	missing_share              = missing cells / (rows · columns)
//	rows_with_missing_share    = rows with a missing cell / rows
//	columns_with_missing_share = columns with a missing cell / columns
//	different_missing_values   = values of the list that occur
//
// Shares are null when their denominator is 0 (Evidently writes 0). This
// differs from DatasetSummary's missing cells, which are nulls only, as in
// Evidently's DatasetSummaryMetric.
//
// Compute returns *DatasetMissingValuesResult.
type DatasetMissingValues struct {
	MissingValuesOptions
}

// Name implements Metric.
func (m *DatasetMissingValues) Name() string { return "DatasetMissingValues" }

// Params implements Parameterized.
func (m *DatasetMissingValues) Params() any { return m }

// DatasetMissingValuesResult holds each side's missing values.
type DatasetMissingValuesResult struct {
	// MissingValues is the list used, as MissingValueCount.Value writes
	// each value.
	MissingValues []string            `json:"missing_values"`
	Current       *MissingValuesStats `json:"current"`
	Reference     *MissingValuesStats `json:"reference,omitempty"`
}

// MissingValuesStats are one side's missing values.
type MissingValuesStats struct {
	Rows                    int   `json:"rows"`
	Columns                 int   `json:"columns"`
	Missing                 int   `json:"missing"`
	MissingShare            Float `json:"missing_share"`
	RowsWithMissing         int   `json:"rows_with_missing"`
	RowsWithMissingShare    Float `json:"rows_with_missing_share"`
	ColumnsWithMissing      int   `json:"columns_with_missing"`
	ColumnsWithMissingShare Float `json:"columns_with_missing_share"`
	// DifferentMissingValues is the number of values of the list that
	// occur in some column; Counts holds each value of the list with its
	// number of cells, in list order.
	DifferentMissingValues int                 `json:"different_missing_values"`
	Counts                 []MissingValueCount `json:"counts"`
	// ByColumn holds each column's missing values, in frame order.
	ByColumn []*ColumnMissing `json:"by_column"`
	// Approximate is set when the counts come from a sketch and some are
	// estimates.
	Approximate *MissingBound `json:"approximate,omitempty"`
}

// Column returns the missing values of column name, nil when the side has
// no such column.
func (s *MissingValuesStats) Column(name string) *ColumnMissing {
	for _, c := range s.ByColumn {
		if c.Column == name {
			return c
		}
	}
	return nil
}

// ReadsSummaries implements SummaryReader.
func (m *DatasetMissingValues) ReadsSummaries() {}

// Compute implements Metric.
func (m *DatasetMissingValues) Compute(ctx context.Context, in *Input) (Result, error) {
	values, err := m.list()
	if err != nil {
		return nil, fmt.Errorf("DatasetMissingValues: %w", err)
	}
	match := newMissingMatcher(values)
	if in.Summarized() {
		r := &DatasetMissingValuesResult{MissingValues: labels(values), Current: summaryMissingStats(match, in.CurrentSummary)}
		if in.ReferenceSummary != nil {
			r.Reference = summaryMissingStats(match, in.ReferenceSummary)
		}
		return r, nil
	}
	r := &DatasetMissingValuesResult{MissingValues: labels(values), Current: missingStats(match, in.Current)}
	if in.Reference != nil {
		r.Reference = missingStats(match, in.Reference)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

func labels(values []any) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = missingLabel(v)
	}
	return out
}

func missingStats(match *missingMatcher, f *dataset.Frame) *MissingValuesStats {
	s := &MissingValuesStats{Rows: f.Len(), Columns: f.NumColumns(), ByColumn: make([]*ColumnMissing, 0, f.NumColumns())}
	rows := make([]bool, f.Len())
	total := make([]int, len(match.values))
	for _, c := range f.Columns() {
		cm := columnMissing(match, c, rows)
		s.ByColumn = append(s.ByColumn, cm)
		s.Missing += cm.Missing
		if cm.Missing > 0 {
			s.ColumnsWithMissing++
		}
		for i, vc := range cm.Counts {
			total[i] += vc.Count
		}
	}
	for _, r := range rows {
		if r {
			s.RowsWithMissing++
		}
	}
	s.finish(match, total)
	return s
}

// finish sets the counts of each missing marker (total, in the matcher's
// order), the number of markers seen and the three shares, from the
// counts already in s.
func (s *MissingValuesStats) finish(match *missingMatcher, total []int) {
	s.Counts = make([]MissingValueCount, len(total))
	for i, n := range total {
		s.Counts[i] = MissingValueCount{Value: missingLabel(match.values[i]), Count: n}
		if n > 0 {
			s.DifferentMissingValues++
		}
	}
	s.MissingShare = share(s.Missing, s.Rows*s.Columns)
	s.RowsWithMissingShare = share(s.RowsWithMissing, s.Rows)
	s.ColumnsWithMissingShare = share(s.ColumnsWithMissing, s.Columns)
}

// ColumnMissingValues counts the missing values of one column, side by
// side: Evidently's legacy ColumnMissingValuesMetric, with the list of
// MissingValuesOptions.
//
// Compute returns *ColumnMissingValuesResult.
type ColumnMissingValues struct {
	Column string `json:"column"`
	MissingValuesOptions
}

// Name implements Metric.
func (m *ColumnMissingValues) Name() string { return "ColumnMissingValues" }

// Params implements Parameterized.
func (m *ColumnMissingValues) Params() any { return m }

// ColumnMissingValuesResult holds the column's missing values on each
// side; Reference is absent without reference data or when the reference
// has no such column.
type ColumnMissingValuesResult struct {
	Column        string         `json:"column"`
	MissingValues []string       `json:"missing_values"`
	Current       *ColumnMissing `json:"current"`
	Reference     *ColumnMissing `json:"reference,omitempty"`
}

// ReadsSummaries implements SummaryReader.
func (m *ColumnMissingValues) ReadsSummaries() {}

// Compute implements Metric.
func (m *ColumnMissingValues) Compute(ctx context.Context, in *Input) (Result, error) {
	values, err := m.list()
	if err != nil {
		return nil, fmt.Errorf("ColumnMissingValues: %w", err)
	}
	match := newMissingMatcher(values)
	if in.Summarized() {
		c, ok := in.CurrentSummary.Column(m.Column)
		if !ok {
			return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: ErrNoColumn}
		}
		var bound int
		r := &ColumnMissingValuesResult{Column: m.Column, MissingValues: labels(values), Current: summaryColumnMissing(match, c, &bound)}
		if in.ReferenceSummary != nil {
			if rc, ok := in.ReferenceSummary.Column(m.Column); ok {
				r.Reference = summaryColumnMissing(match, rc, &bound)
			}
		}
		return r, nil
	}
	c, ok := in.Current.Column(m.Column)
	if !ok {
		return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: ErrNoColumn}
	}
	r := &ColumnMissingValuesResult{Column: m.Column, MissingValues: labels(values), Current: columnMissing(match, c, nil)}
	if in.Reference != nil {
		if rc, ok := in.Reference.Column(m.Column); ok {
			r.Reference = columnMissing(match, rc, nil)
		}
	}
	return r, nil
}

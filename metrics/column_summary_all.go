package metrics

import (
	"context"
	"errors"
	"fmt"

	"github.com/telltale-ml/telltale/internal/parallel"
)

// ColumnSummaries summarises many columns at once, each as ColumnSummary
// does, computing the columns in parallel: the metric behind the
// data-summary preset. A column that cannot be summarised gets a note in
// its own summary; it never fails the others.
//
// Compute returns *ColumnSummariesResult.
type ColumnSummaries struct {
	// Columns lists the columns to summarise, in order; empty means every
	// column of the current data, in frame order.
	Columns []string `json:"columns,omitempty"`
	// Quantiles are extra quantiles for the numerical columns.
	Quantiles []float64 `json:"quantiles,omitempty"`
}

// Name implements Metric.
func (m *ColumnSummaries) Name() string { return "ColumnSummaries" }

// Params implements Parameterized.
func (m *ColumnSummaries) Params() any { return m }

// ColumnSummariesResult holds one summary per column, in order.
type ColumnSummariesResult struct {
	Columns []*ColumnSummaryResult `json:"columns"`
}

// Column returns the summary of the column called name, nil when there is
// none.
func (r *ColumnSummariesResult) Column(name string) *ColumnSummaryResult {
	for _, c := range r.Columns {
		if c.Column == name {
			return c
		}
	}
	return nil
}

// ReadsSummaries implements SummaryReader.
func (m *ColumnSummaries) ReadsSummaries() {}

// Compute implements Metric. A listed column absent from the current data
// gets a summary with no statistics and a note.
func (m *ColumnSummaries) Compute(ctx context.Context, in *Input) (Result, error) {
	for _, q := range m.Quantiles {
		if !(q >= 0 && q <= 1) {
			return nil, fmt.Errorf("%w: ColumnSummaries: quantile %v is not in [0, 1]", ErrOption, q)
		}
	}
	names := m.Columns
	if len(names) == 0 {
		names = in.Names()
	}
	out := &ColumnSummariesResult{Columns: make([]*ColumnSummaryResult, len(names))}
	err := parallel.For(ctx, 0, len(names), func(i int) {
		name := names[i]
		if _, ok := in.ColumnType(name); !ok {
			out.Columns[i] = &ColumnSummaryResult{Column: name, ColumnType: "unknown",
				Notes: []string{fmt.Sprintf("column %q is not in the current data", name)}}
			return
		}
		if in.Summarized() {
			out.Columns[i] = summarizeColumnSummary(in, name, m.Quantiles)
			return
		}
		out.Columns[i] = summarizeColumn(in, name, m.Quantiles)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// A panic summarising one column (a bug) is a note on that column.
	var panics parallel.Panics
	if errors.As(err, &panics) {
		for _, p := range panics {
			name := names[p.Index]
			typ := "unknown"
			if c, ok := in.Current.Column(name); ok {
				typ = c.Type().String()
			}
			out.Columns[p.Index] = &ColumnSummaryResult{Column: name, ColumnType: typ,
				Notes: []string{fmt.Sprintf("column %q could not be summarised: %v: %v", name, ErrPanic, p)}}
		}
	}
	return out, nil
}

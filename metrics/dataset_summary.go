package metrics

import (
	"context"
	"errors"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/parallel"
)

// DatasetSummary describes a whole dataset, side by side for the reference
// and the current data: Evidently's DatasetSummaryMetric (and the new API's
// RowCount, ColumnCount, DatasetMissingValueCount, DuplicatedRowCount,
// ConstantColumnsCount, ... which read it), unrounded.
//
//   - missing cells are null or NaN; missing_cells_share = missing cells /
//     (rows · columns).
//   - duplicated rows repeat an earlier row exactly, missing values equal to
//     each other (pandas DataFrame.duplicated().sum()).
//   - duplicated columns are pairs of columns of the same type with equal
//     values, missing in the same rows (pandas Series.equals); almost
//     duplicated pairs have the same type and equal values in at least
//     AlmostDuplicatedThreshold of the rows, where a missing value equals
//     nothing (pandas (a == b).mean()). Exact duplicates are almost
//     duplicates too, as in Evidently. Both are counted in pairs, as
//     Evidently counts them (k equal columns are k(k-1)/2 pairs); the lists
//     name groups of equal columns and almost duplicated pairs, at most 100
//     of each. Equal columns are found by hashing each column, in time
//     linear in the cells (see duplicatedColumns).
//   - constant columns have at most one distinct non-missing value (an
//     all-missing column is constant, as in Evidently); almost constant
//     columns have one non-missing value in at least
//     AlmostConstantThreshold of all rows.
//   - empty rows and columns are missing in every cell.
//
// Compute returns *DatasetSummaryResult.
type DatasetSummary struct {
	// AlmostDuplicatedThreshold and AlmostConstantThreshold are in
	// [0.5, 1]; zero means Evidently's default 0.95.
	AlmostDuplicatedThreshold float64 `json:"almost_duplicated_threshold,omitempty"`
	AlmostConstantThreshold   float64 `json:"almost_constant_threshold,omitempty"`
}

// Name implements Metric.
func (m *DatasetSummary) Name() string { return "DatasetSummary" }

// Params implements Parameterized.
func (m *DatasetSummary) Params() any { return m }

// DatasetSummaryResult is the summary of the current data and, when given,
// of the reference.
type DatasetSummaryResult struct {
	Current   *DatasetStats `json:"current"`
	Reference *DatasetStats `json:"reference,omitempty"`
}

// DatasetStats is the summary of one dataset. The column counts come with
// the lists of columns (or column pairs) in Lists.
type DatasetStats struct {
	Rows              int            `json:"rows"`
	Columns           int            `json:"columns"`
	ColumnsByType     map[string]int `json:"columns_by_type"`
	MissingCells      int            `json:"missing_cells"`
	MissingCellsShare Float          `json:"missing_cells_share"`
	RowsWithMissing   int            `json:"rows_with_missing"`
	// RowsWithMissingShare and ColumnsWithMissingShare are over rows and
	// columns; null when there are none.
	RowsWithMissingShare    Float `json:"rows_with_missing_share"`
	ColumnsWithMissing      int   `json:"columns_with_missing"`
	ColumnsWithMissingShare Float `json:"columns_with_missing_share"`
	DuplicatedRows          int   `json:"duplicated_rows"`
	// DuplicatedColumns and AlmostDuplicatedColumns count column pairs, as
	// Evidently does: k equal columns are k(k-1)/2 pairs.
	// DuplicatedColumnGroups counts the groups of equal columns.
	DuplicatedColumns       int          `json:"duplicated_columns"`
	DuplicatedColumnGroups  int          `json:"duplicated_column_groups"`
	AlmostDuplicatedColumns int          `json:"almost_duplicated_columns"`
	ConstantColumns         int          `json:"constant_columns"`
	AlmostConstantColumns   int          `json:"almost_constant_columns"`
	EmptyRows               int          `json:"empty_rows"`
	EmptyColumns            int          `json:"empty_columns"`
	Lists                   DatasetLists `json:"lists"`
	// Unavailable names the fields (by their JSON names) that could not be
	// computed: from a sketch, the duplicated rows and columns, which
	// compare whole rows and columns. Their values are 0 and their tests
	// report an error.
	Unavailable []string `json:"unavailable,omitempty"`
}

// DatasetLists names the columns behind DatasetStats' counts, in frame
// order. DuplicatedColumns lists groups of equal columns (each in frame
// order) and AlmostDuplicatedColumns pairs, at most 100 of each: the counts
// in DatasetStats are complete, the lists a sample to look at.
type DatasetLists struct {
	ColumnsWithMissing      []string    `json:"columns_with_missing"`
	DuplicatedColumns       [][]string  `json:"duplicated_columns"`
	AlmostDuplicatedColumns [][2]string `json:"almost_duplicated_columns"`
	ConstantColumns         []string    `json:"constant_columns"`
	AlmostConstantColumns   []string    `json:"almost_constant_columns"`
	EmptyColumns            []string    `json:"empty_columns"`
}

func (m *DatasetSummary) thresholds() (dup, cons float64, err error) {
	dup, cons = m.AlmostDuplicatedThreshold, m.AlmostConstantThreshold
	if dup == 0 {
		dup = 0.95
	}
	if cons == 0 {
		cons = 0.95
	}
	for _, v := range []float64{dup, cons} {
		if !(v >= 0.5 && v <= 1) {
			return 0, 0, fmt.Errorf("%w: DatasetSummary: threshold %v is not in [0.5, 1]", ErrOption, v)
		}
	}
	return dup, cons, nil
}

// ReadsSummaries implements SummaryReader.
func (m *DatasetSummary) ReadsSummaries() {}

// Compute implements Metric.
func (m *DatasetSummary) Compute(ctx context.Context, in *Input) (Result, error) {
	dup, cons, err := m.thresholds()
	if err != nil {
		return nil, err
	}
	if in.Summarized() {
		r := &DatasetSummaryResult{Current: summaryDatasetStats(in.CurrentSummary, cons)}
		if in.ReferenceSummary != nil {
			r.Reference = summaryDatasetStats(in.ReferenceSummary, cons)
		}
		return r, nil
	}
	cache := in.Cache
	if cache == nil {
		cache = &Cache{}
	}
	r := &DatasetSummaryResult{}
	if r.Current, err = datasetStats(ctx, cache, in.Current, dup, cons); err != nil {
		return nil, err
	}
	if in.Reference != nil {
		if r.Reference, err = datasetStats(ctx, cache, in.Reference, dup, cons); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// allColumnStats returns the statistics of each column of f, in parallel;
// a panic in one column is an error naming it.
func allColumnStats(ctx context.Context, cache *Cache, f *dataset.Frame) ([]*ColumnStats, error) {
	stats := make([]*ColumnStats, f.NumColumns())
	err := parallel.For(ctx, 0, len(stats), func(i int) { stats[i] = cache.baseStats(f, f.Columns()[i]) })
	if cerr := ctx.Err(); cerr != nil {
		return nil, cerr
	}
	var p *parallel.PanicError
	if errors.As(err, &p) {
		return nil, fmt.Errorf("column %q: %w: %w", f.Columns()[p.Index].Name(), ErrPanic, p)
	}
	return stats, err
}

func datasetStats(ctx context.Context, cache *Cache, f *dataset.Frame, dupThr, consThr float64) (*DatasetStats, error) {
	rows, cols := f.Len(), f.NumColumns()
	s := &DatasetStats{Rows: rows, Columns: cols, ColumnsByType: map[string]int{}}
	s.Lists = DatasetLists{ColumnsWithMissing: []string{}, DuplicatedColumns: [][]string{},
		AlmostDuplicatedColumns: [][2]string{}, ConstantColumns: []string{}, AlmostConstantColumns: []string{}, EmptyColumns: []string{}}
	// The columns' statistics, in parallel; shared through the cache with
	// the column summaries.
	stats, err := allColumnStats(ctx, cache, f)
	if err != nil {
		return nil, err
	}
	perRow := make([]int32, rows)
	for i, c := range f.Columns() {
		s.ColumnsByType[c.Type().String()]++
		n := c.NullN()
		s.MissingCells += n
		if n > 0 {
			s.Lists.ColumnsWithMissing = append(s.Lists.ColumnsWithMissing, c.Name())
			countMissing(perRow, c)
		}
		if rows > 0 && n == rows {
			s.Lists.EmptyColumns = append(s.Lists.EmptyColumns, c.Name())
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		st := stats[i]
		if st.Distinct <= 1 {
			s.Lists.ConstantColumns = append(s.Lists.ConstantColumns, c.Name())
		}
		if st.MostCommonCount > 0 && float64(st.MostCommonCount)/float64(rows) >= consThr {
			s.Lists.AlmostConstantColumns = append(s.Lists.AlmostConstantColumns, c.Name())
		}
	}
	for _, k := range perRow {
		if k > 0 {
			s.RowsWithMissing++
		}
		if cols > 0 && int(k) == cols {
			s.EmptyRows++
		}
	}
	s.MissingCellsShare = share(s.MissingCells, rows*cols)
	s.RowsWithMissingShare = share(s.RowsWithMissing, rows)
	s.ColumnsWithMissing = len(s.Lists.ColumnsWithMissing)
	s.ColumnsWithMissingShare = share(s.ColumnsWithMissing, cols)
	s.DuplicatedRows = duplicatedRows(f)
	dup := duplicatedColumns(f, stats, dupThr)
	s.Lists.DuplicatedColumns, s.Lists.AlmostDuplicatedColumns = dup.exact, dup.almost
	s.DuplicatedColumns, s.DuplicatedColumnGroups, s.AlmostDuplicatedColumns = dup.exactPairs, dup.groups, dup.almostPairs
	s.ConstantColumns = len(s.Lists.ConstantColumns)
	s.AlmostConstantColumns = len(s.Lists.AlmostConstantColumns)
	s.EmptyColumns = len(s.Lists.EmptyColumns)
	return s, nil
}

// countMissing adds 1 to perRow[i] for each missing row i of c, with the
// concrete type's test inlined rather than an interface call per row.
func countMissing(perRow []int32, c dataset.Column) {
	switch c := c.(type) {
	case *dataset.NumericColumn:
		for i := range perRow {
			if c.IsNull(i) {
				perRow[i]++
			}
		}
	case *dataset.StringColumn:
		if codes, ok := c.Codes16(); ok {
			countMissingCodes(perRow, codes)
		} else {
			countMissingCodes(perRow, c.Codes())
		}
	case *dataset.TimeColumn:
		for i := range perRow {
			if c.IsNull(i) {
				perRow[i]++
			}
		}
	default:
		for i := range perRow {
			if c.IsNull(i) {
				perRow[i]++
			}
		}
	}
}

// countMissingCodes adds 1 to perRow[i] for each missing code i.
func countMissingCodes[T codeInt](perRow []int32, codes []T) {
	for i, k := range codes {
		if k < 0 {
			perRow[i]++
		}
	}
}

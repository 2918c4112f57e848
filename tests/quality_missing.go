package tests

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/metrics"
)

// missingTest is a test of one value of metrics.DatasetMissingValues, for
// the whole dataset (column false) or one column.
type missingTest struct {
	name, what string
	column     bool
	value      func(s *metrics.MissingValuesStats, c *metrics.ColumnMissing) float64
	// auto derives the condition from the reference side (nil without
	// reference data).
	auto func(cur, ref *metrics.MissingValuesStats, curCol, refCol *metrics.ColumnMissing) *Condition
}

// missingTable lists the missing-value tests, with Evidently's automatic
// conditions (legacy tests/data_integrity_tests.py): without reference
// data every one is = 0.
func missingTable() []missingTest {
	eq0 := &Condition{Eq: Ptr(0)}
	// lte: <= the reference's value; within: <= ref ± 10%; scaledWithin:
	// <= ref·n_cur/n_ref ± 10%.
	lte := func(get func(*metrics.MissingValuesStats, *metrics.ColumnMissing) float64) func(c, r *metrics.MissingValuesStats, cc, rc *metrics.ColumnMissing) *Condition {
		return func(c, r *metrics.MissingValuesStats, cc, rc *metrics.ColumnMissing) *Condition {
			if r == nil {
				return eq0
			}
			return &Condition{Lte: Ptr(get(r, rc))}
		}
	}
	within := func(get func(*metrics.MissingValuesStats, *metrics.ColumnMissing) float64) func(c, r *metrics.MissingValuesStats, cc, rc *metrics.ColumnMissing) *Condition {
		return func(c, r *metrics.MissingValuesStats, cc, rc *metrics.ColumnMissing) *Condition {
			if r == nil {
				return eq0
			}
			return approxLte(get(r, rc), 0.1)
		}
	}
	scaledWithin := func(get func(*metrics.MissingValuesStats, *metrics.ColumnMissing) float64) func(c, r *metrics.MissingValuesStats, cc, rc *metrics.ColumnMissing) *Condition {
		return func(c, r *metrics.MissingValuesStats, cc, rc *metrics.ColumnMissing) *Condition {
			if r == nil {
				return eq0
			}
			return approxLte(scaled(get(r, rc), c.Rows, r.Rows), 0.1)
		}
	}
	type get = func(*metrics.MissingValuesStats, *metrics.ColumnMissing) float64
	var (
		different get = func(s *metrics.MissingValuesStats, _ *metrics.ColumnMissing) float64 {
			return float64(s.DifferentMissingValues)
		}
		missing get = func(s *metrics.MissingValuesStats, _ *metrics.ColumnMissing) float64 { return float64(s.Missing) }
		share   get = func(s *metrics.MissingValuesStats, _ *metrics.ColumnMissing) float64 { return float64(s.MissingShare) }
		cols    get = func(s *metrics.MissingValuesStats, _ *metrics.ColumnMissing) float64 {
			return float64(s.ColumnsWithMissing)
		}
		colsShare get = func(s *metrics.MissingValuesStats, _ *metrics.ColumnMissing) float64 {
			return float64(s.ColumnsWithMissingShare)
		}
		rows get = func(s *metrics.MissingValuesStats, _ *metrics.ColumnMissing) float64 {
			return float64(s.RowsWithMissing)
		}
		rowsShare get = func(s *metrics.MissingValuesStats, _ *metrics.ColumnMissing) float64 {
			return float64(s.RowsWithMissingShare)
		}
		colDiff get = func(_ *metrics.MissingValuesStats, c *metrics.ColumnMissing) float64 {
			return float64(c.DifferentMissingValues)
		}
		colMiss  get = func(_ *metrics.MissingValuesStats, c *metrics.ColumnMissing) float64 { return float64(c.Missing) }
		colShare get = func(_ *metrics.MissingValuesStats, c *metrics.ColumnMissing) float64 { return float64(c.MissingShare) }
	)
	return []missingTest{
		{"NumberOfDifferentMissingValues", "Number of different missing values", false, different,
			func(c, r *metrics.MissingValuesStats, cc, rc *metrics.ColumnMissing) *Condition {
				if r == nil {
					return eq0
				}
				return &Condition{Eq: Ptr(different(r, nil))}
			}},
		{"NumberOfMissingValues", "Number of missing values", false, missing, scaledWithin(missing)},
		{"ShareOfMissingValues", "Share of missing values", false, share, within(share)},
		{"NumberOfColumnsWithMissingValues", "Number of columns with missing values", false, cols, lte(cols)},
		{"ShareOfColumnsWithMissingValues", "Share of columns with missing values", false, colsShare, lte(colsShare)},
		{"NumberOfRowsWithMissingValues", "Number of rows with missing values", false, rows, scaledWithin(rows)},
		{"ShareOfRowsWithMissingValues", "Share of rows with missing values", false, rowsShare, within(rowsShare)},
		{"ColumnNumberOfDifferentMissingValues", "Number of different missing values", true, colDiff, lte(colDiff)},
		{"ColumnNumberOfMissingValues", "Number of missing values", true, colMiss, scaledWithin(colMiss)},
		{"ColumnShareOfMissingValues", "Share of missing values", true, colShare, within(colShare)},
	}
}

// MissingValuesTest is one of Evidently's missing-value tests, all reading
// metrics.DatasetMissingValues with the test's missing_values and replace
// options (by default null, "", inf and -inf count as missing). Automatic
// conditions, without reference data → with it:
//
//   - NumberOfDifferentMissingValues: = 0 → = ref
//   - NumberOfMissingValues, NumberOfRowsWithMissingValues,
//     ColumnNumberOfMissingValues: = 0 → <= ref·n_cur/n_ref ± 10%
//   - ShareOfMissingValues, ShareOfRowsWithMissingValues,
//     ColumnShareOfMissingValues: = 0 → <= ref ± 10%
//   - NumberOfColumnsWithMissingValues, ShareOfColumnsWithMissingValues,
//     ColumnNumberOfDifferentMissingValues: = 0 → <= ref
//
// The Column… tests need Column; a column the reference lacks leaves them
// without an automatic condition (ERROR unless one is given).
type MissingValuesTest struct {
	Base
	Column string `json:"column,omitempty"`
	metrics.MissingValuesOptions
	kind int
}

func newMissingTest(name string) *MissingValuesTest {
	for i, d := range missingTable() {
		if d.name == name {
			return &MissingValuesTest{kind: i}
		}
	}
	panic("tests: unknown missing-value test " + name)
}

// Name implements Test.
func (t *MissingValuesTest) Name() string { return missingTable()[t.kind].name }

// Metric implements Test.
func (t *MissingValuesTest) Metric() metrics.Metric {
	return &metrics.DatasetMissingValues{MissingValuesOptions: t.MissingValuesOptions}
}

// Check implements Test.
func (t *MissingValuesTest) Check(ctx context.Context, result metrics.Result) Outcome {
	r, ok := result.(*metrics.DatasetMissingValuesResult)
	if !ok || r.Current == nil {
		return Outcome{Status: Error, Description: fmt.Sprintf("unexpected result %T", result), Value: nan()}
	}
	d := missingTable()[t.kind]
	what := d.what
	var cc, rc *metrics.ColumnMissing
	ref := r.Reference
	if d.column {
		if t.Column == "" {
			return Outcome{Status: Error, Description: t.Name() + " needs a column", Value: nan()}
		}
		if cc = r.Current.Column(t.Column); cc == nil {
			return Outcome{Status: Error, Description: fmt.Sprintf("column %s is not in the current data", t.Column), Value: nan()}
		}
		if ref != nil {
			if rc = ref.Column(t.Column); rc == nil {
				ref = nil
			}
		}
		what += " of column " + t.Column
	}
	var auto *Condition
	if ref != nil || r.Reference == nil {
		auto = d.auto(r.Current, ref, cc, rc)
	}
	return t.Decide(what, d.value(r.Current, cc), auto)
}

package tests

import (
	"context"
	"fmt"
	"slices"

	"github.com/telltale-ml/telltale/metrics"
)

// datasetTest is a test of one value of metrics.DatasetSummary: what names
// it, value reads it from one side, auto derives the condition (ref is nil
// without reference data).
type datasetTest struct {
	name, what string
	value      func(s *metrics.DatasetStats) float64
	auto       func(cur, ref *metrics.DatasetStats) *Condition
}

// datasetTable lists the dataset tests.
func datasetTable() []datasetTest {
	return []datasetTest{
		{"NumberOfRows", "Number of rows", func(s *metrics.DatasetStats) float64 { return float64(s.Rows) },
			func(c, r *metrics.DatasetStats) *Condition {
				if r == nil {
					return &Condition{Gt: Ptr(30)}
				}
				return approxEq(float64(r.Rows), 0.1)
			}},
		{"NumberOfColumns", "Number of columns", func(s *metrics.DatasetStats) float64 { return float64(s.Columns) },
			func(c, r *metrics.DatasetStats) *Condition {
				if r == nil {
					return &Condition{Gt: Ptr(0)}
				}
				return &Condition{Eq: Ptr(float64(r.Columns))}
			}},
		{"NumberOfConstantColumns", "Number of constant columns", func(s *metrics.DatasetStats) float64 { return float64(s.ConstantColumns) },
			lteRef(func(s *metrics.DatasetStats) int { return s.ConstantColumns })},
		{"NumberOfEmptyRows", "Number of empty rows", func(s *metrics.DatasetStats) float64 { return float64(s.EmptyRows) },
			scaledEq(func(s *metrics.DatasetStats) int { return s.EmptyRows })},
		{"NumberOfEmptyColumns", "Number of empty columns", func(s *metrics.DatasetStats) float64 { return float64(s.EmptyColumns) },
			lteRef(func(s *metrics.DatasetStats) int { return s.EmptyColumns })},
		{"NumberOfDuplicatedRows", "Number of duplicated rows", func(s *metrics.DatasetStats) float64 { return float64(s.DuplicatedRows) },
			scaledEq(func(s *metrics.DatasetStats) int { return s.DuplicatedRows })},
		{"NumberOfDuplicatedColumns", "Number of duplicated columns", func(s *metrics.DatasetStats) float64 { return float64(s.DuplicatedColumns) },
			lteRef(func(s *metrics.DatasetStats) int { return s.DuplicatedColumns })},
	}
}

// lteRef: eq 0 without reference, <= the reference's value with it.
func lteRef(get func(*metrics.DatasetStats) int) func(c, r *metrics.DatasetStats) *Condition {
	return func(c, r *metrics.DatasetStats) *Condition {
		if r == nil {
			return &Condition{Eq: Ptr(0)}
		}
		return &Condition{Lte: Ptr(float64(get(r)))}
	}
}

// scaledLte: eq 0 without reference, <= ref·n_cur/n_ref ± 10% with it.
func scaledLte(get func(*metrics.DatasetStats) int) func(c, r *metrics.DatasetStats) *Condition {
	return func(c, r *metrics.DatasetStats) *Condition {
		if r == nil {
			return &Condition{Eq: Ptr(0)}
		}
		return approxLte(scaled(float64(get(r)), c.Rows, r.Rows), 0.1)
	}
}

// scaledEq: eq 0 without reference, = ref·n_cur/n_ref ± 10% with it.
func scaledEq(get func(*metrics.DatasetStats) int) func(c, r *metrics.DatasetStats) *Condition {
	return func(c, r *metrics.DatasetStats) *Condition {
		if r == nil {
			return &Condition{Eq: Ptr(0)}
		}
		return approxEq(scaled(float64(get(r)), c.Rows, r.Rows), 0.1)
	}
}

// DatasetTest is one of the dataset-level data-quality tests, all reading
// metrics.DatasetSummary: NumberOfRows (auto: > 30, or = ref ± 10%),
// NumberOfColumns (> 0, or = ref), NumberOfConstantColumns,
// NumberOfEmptyColumns and NumberOfDuplicatedColumns (= 0, or <= ref),
// NumberOfEmptyRows and NumberOfDuplicatedRows (= 0, or
// = ref·n_cur/n_ref ± 10%). The auto condition applies when the test has
// none of its own. The missing-value tests are MissingValuesTest.
type DatasetTest struct {
	Base
	kind int
}

func newDatasetTest(name string) *DatasetTest {
	for i, d := range datasetTable() {
		if d.name == name {
			return &DatasetTest{kind: i}
		}
	}
	panic("tests: unknown dataset test " + name)
}

// Name implements Test.
func (t *DatasetTest) Name() string { return datasetTable()[t.kind].name }

// Metric implements Test.
func (t *DatasetTest) Metric() metrics.Metric { return &metrics.DatasetSummary{} }

// Check implements Test.
func (t *DatasetTest) Check(ctx context.Context, result metrics.Result) Outcome {
	r, ok := result.(*metrics.DatasetSummaryResult)
	if !ok || r.Current == nil {
		return Outcome{Status: Error, Description: fmt.Sprintf("unexpected result %T", result), Value: nan()}
	}
	d := datasetTable()[t.kind]
	field := map[string]string{"NumberOfDuplicatedRows": "duplicated_rows", "NumberOfDuplicatedColumns": "duplicated_columns"}[d.name]
	if field != "" && slices.Contains(r.Current.Unavailable, field) {
		return Outcome{Status: Error, Value: nan(),
			Description: fmt.Sprintf("%s is not available: it compares whole rows or columns, and the data was given as a sketch", d.what)}
	}
	return t.Decide(d.what, d.value(r.Current), d.auto(r.Current, r.Reference))
}

package tests

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/telltale-ml/telltale/metrics"
)

// columnTest is a test of one value of metrics.ColumnSummary.
type columnTest struct {
	name, what string
	value      func(s *metrics.ColumnStats) float64
	auto       func(cur, ref *metrics.ColumnStats) *Condition
}

func numStat(s *metrics.ColumnStats, f func(*metrics.NumericStats) metrics.Float) float64 {
	if s.NumericStats == nil {
		return math.NaN()
	}
	return float64(f(s.NumericStats))
}

// columnTable lists the column tests.
func columnTable() []columnTest {
	within10 := func(get func(*metrics.ColumnStats) float64) func(c, r *metrics.ColumnStats) *Condition {
		return func(c, r *metrics.ColumnStats) *Condition {
			if r == nil {
				return nil
			}
			return approxEq(get(r), 0.1)
		}
	}
	stat := func(f func(*metrics.NumericStats) metrics.Float) func(*metrics.ColumnStats) float64 {
		return func(s *metrics.ColumnStats) float64 { return numStat(s, f) }
	}
	mean := stat(func(n *metrics.NumericStats) metrics.Float { return n.Mean })
	minv := stat(func(n *metrics.NumericStats) metrics.Float { return n.Min })
	maxv := stat(func(n *metrics.NumericStats) metrics.Float { return n.Max })
	median := stat(func(n *metrics.NumericStats) metrics.Float { return n.Q50 })
	std := stat(func(n *metrics.NumericStats) metrics.Float { return n.Std })
	unique := func(s *metrics.ColumnStats) float64 { return float64(s.Distinct) }
	uniqueShare := func(s *metrics.ColumnStats) float64 { return float64(s.DistinctShare) }
	mostCommon := func(s *metrics.ColumnStats) float64 { return float64(s.MostCommonShare) }
	return []columnTest{
		{"ColumnValueMin", "Minimum", minv, func(c, r *metrics.ColumnStats) *Condition {
			if r == nil {
				return nil
			}
			return &Condition{Gte: Ptr(minv(r))}
		}},
		{"ColumnValueMax", "Maximum", maxv, func(c, r *metrics.ColumnStats) *Condition {
			if r == nil {
				return nil
			}
			return &Condition{Lte: Ptr(maxv(r))}
		}},
		{"ColumnValueMean", "Mean", mean, within10(mean)},
		{"ColumnValueMedian", "Median", median, within10(median)},
		{"ColumnValueStd", "Standard deviation", std, within10(std)},
		{"NumberOfUniqueValues", "Number of unique values", unique, func(c, r *metrics.ColumnStats) *Condition {
			if r == nil {
				return &Condition{Gt: Ptr(1)}
			}
			return approxEq(unique(r), 0.1)
		}},
		{"UniqueValuesShare", "Share of unique values", uniqueShare, within10(uniqueShare)},
		{"MostCommonValueShare", "Share of the most common value", mostCommon, func(c, r *metrics.ColumnStats) *Condition {
			if r == nil {
				return &Condition{Lt: Ptr(0.8)}
			}
			return approxEq(mostCommon(r), 0.1)
		}},
		// Evidently's TestColumnAllConstantValues fails a column with at
		// most one distinct value; TestColumnAllUniqueValues one whose
		// distinct values are fewer than its non-missing values.
		{"ColumnAllConstantValues", "Number of unique values", unique, func(c, r *metrics.ColumnStats) *Condition {
			return &Condition{Gt: Ptr(1)}
		}},
		{"ColumnAllUniqueValues", "Number of unique values", unique, func(c, r *metrics.ColumnStats) *Condition {
			return &Condition{Eq: Ptr(float64(c.Count))}
		}},
	}
}

// ColumnTest is one of the column data-quality tests, all reading
// metrics.ColumnSummary of Column (auto condition without reference →
// with reference): ColumnValueMin (none → >= ref min), ColumnValueMax (none → <= ref max),
// ColumnValueMean, ColumnValueMedian, ColumnValueStd and UniqueValuesShare
// (none → = ref ± 10%), NumberOfUniqueValues (> 1 → = ref ± 10%),
// MostCommonValueShare (< 0.8 → = ref ± 10%), ColumnAllConstantValues
// (the number of unique values > 1, as Evidently fails a constant column)
// and ColumnAllUniqueValues (the number of unique values = the number of
// non-missing values). With no condition and none derivable the outcome
// is ERROR. Statistics are unrounded (Evidently's
// legacy tests round to 2 decimals).
type ColumnTest struct {
	Base
	Column string `json:"column"`
	kind   int
}

func newColumnTest(name string) *ColumnTest {
	for i, d := range columnTable() {
		if d.name == name {
			return &ColumnTest{kind: i}
		}
	}
	panic("tests: unknown column test " + name)
}

// Name implements Test.
func (t *ColumnTest) Name() string { return columnTable()[t.kind].name }

// Metric implements Test.
func (t *ColumnTest) Metric() metrics.Metric { return &metrics.ColumnSummary{Column: t.Column} }

// Check implements Test.
func (t *ColumnTest) Check(ctx context.Context, result metrics.Result) Outcome {
	r, ok := result.(*metrics.ColumnSummaryResult)
	if !ok || r.Current == nil {
		return Outcome{Status: Error, Description: fmt.Sprintf("unexpected result %T", result), Value: nan()}
	}
	d := columnTable()[t.kind]
	return t.Decide(fmt.Sprintf("%s of column %s", d.what, t.Column), d.value(r.Current), d.auto(r.Current, r.Reference))
}

// ColumnQuantile tests the Quantile-quantile of a column's numbers (pandas
// linear interpolation): a numerical column, or a categorical column whose
// values are all numbers (such as codes 0..3, which telltale types
// categorical and Evidently still takes quantiles of). Any other column is
// an ERROR naming its type, and so is a quantile that is undefined because
// no value is present. Auto: none → = ref ± 10%.
type ColumnQuantile struct {
	Base
	Column   string  `json:"column"`
	Quantile float64 `json:"quantile"`
}

// Name implements Test.
func (t *ColumnQuantile) Name() string { return "ColumnQuantile" }

// Metric implements Test.
func (t *ColumnQuantile) Metric() metrics.Metric {
	return &metrics.ColumnSummary{Column: t.Column, Quantiles: []float64{t.Quantile}}
}

// Check implements Test.
func (t *ColumnQuantile) Check(ctx context.Context, result metrics.Result) Outcome {
	r, ok := result.(*metrics.ColumnSummaryResult)
	if !ok || r.Current == nil {
		return Outcome{Status: Error, Description: fmt.Sprintf("unexpected result %T", result), Value: nan()}
	}
	key := strconv.FormatFloat(t.Quantile, 'g', -1, 64)
	get := func(s *metrics.ColumnStats) (float64, bool) {
		q, ok := s.Quantiles[key]
		return float64(q), ok
	}
	what := fmt.Sprintf("Quantile %s of column %s", num(t.Quantile), t.Column)
	v, ok := get(r.Current)
	switch {
	case !ok:
		return Outcome{Status: Error, Value: nan(), Description: fmt.Sprintf(
			"%s cannot be computed: the column is %s and its values are not all numbers", what, r.ColumnType)}
	case math.IsNaN(v):
		return Outcome{Status: Error, Value: nan(), Description: fmt.Sprintf(
			"%s cannot be computed: the current data has no finite value in the column", what)}
	}
	var auto *Condition
	if r.Reference != nil {
		if rv, ok := get(r.Reference); ok && !math.IsNaN(rv) {
			auto = approxEq(rv, 0.1)
		}
	}
	return t.Decide(what, v, auto)
}

// MeanInNSigmas tests that a numerical column's current mean lies strictly
// within NSigmas (default 2) reference standard deviations of the
// reference mean: ref_mean - n·ref_std < mean < ref_mean + n·ref_std. It
// needs reference data unless a condition is given.
type MeanInNSigmas struct {
	Base
	Column  string  `json:"column"`
	NSigmas float64 `json:"n_sigmas,omitempty"`
}

// Name implements Test.
func (t *MeanInNSigmas) Name() string { return "MeanInNSigmas" }

// Metric implements Test.
func (t *MeanInNSigmas) Metric() metrics.Metric { return &metrics.ColumnSummary{Column: t.Column} }

// Check implements Test.
func (t *MeanInNSigmas) Check(ctx context.Context, result metrics.Result) Outcome {
	r, ok := result.(*metrics.ColumnSummaryResult)
	if !ok || r.Current == nil {
		return Outcome{Status: Error, Description: fmt.Sprintf("unexpected result %T", result), Value: nan()}
	}
	n := t.NSigmas
	if n == 0 {
		n = 2
	}
	mean := func(s *metrics.ColumnStats) float64 {
		return numStat(s, func(ns *metrics.NumericStats) metrics.Float { return ns.Mean })
	}
	var auto *Condition
	if r.Reference != nil && r.Reference.NumericStats != nil {
		m, s := mean(r.Reference), float64(r.Reference.Std)
		auto = &Condition{Gt: Ptr(m - n*s), Lt: Ptr(m + n*s)}
	}
	return t.Decide(fmt.Sprintf("Mean of column %s", t.Column), mean(r.Current), auto)
}

package sketch_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// The agreement of the report's other numbers (issue 16, parts 4 and 5):
// column summaries, the dataset summary and missing values computed from
// a sketch equal those computed from the rows where the sketch is exact,
// and are within their stated bounds where it is not.

var extraQuantiles = []float64{0.001, 0.01, 0.1, 0.9, 0.99, 0.999}

// summaryFrame: numerical columns (continuous with missing and infinite
// values, heavy-tailed, integer), categorical (many and few categories,
// missing), text and datetime.
func summaryFrame(t testing.TB, n int, seed uint64) *dataset.Frame {
	r := rand.New(rand.NewPCG(seed, 11))
	norm, heavy, ints := make([]float64, n), make([]float64, n), make([]float64, n)
	cats, few, text := make([]string, n), make([]string, n), make([]string, n)
	fewNull := make([]bool, n)
	ts, tsNull := make([]int64, n), make([]bool, n)
	for i := range n {
		switch {
		case i%89 == 0:
			norm[i] = math.NaN()
		case i%577 == 0:
			norm[i] = math.Inf(1 - 2*(i%2))
		default:
			norm[i] = r.NormFloat64()*3 + 1
		}
		heavy[i] = (r.Float64() - 0.5) / (r.Float64() + 1e-3)
		ints[i] = math.Floor(r.ExpFloat64() * 30)
		cats[i] = fmt.Sprintf("k%d", int(r.ExpFloat64()*400))
		few[i] = []string{"red", "green", "blue", "", "grey"}[r.IntN(5)]
		fewNull[i] = i%17 == 0
		text[i] = fmt.Sprintf("order %d shipped to %s", r.IntN(1e6), []string{"Oslo", "Lima", "Pune"}[r.IntN(3)])
		ts[i] = int64(r.IntN(20000)) * 3600e9
		tsNull[i] = i%23 == 0
	}
	return frame(t, fmt.Sprintf("summary-%d", seed),
		dataset.NewNumericColumn("norm", norm), dataset.NewNumericColumn("heavy", heavy), dataset.NewNumericColumn("ints", ints),
		dataset.NewStringColumn("cats", dataset.Categorical, cats, nil), dataset.NewStringColumn("few", dataset.Categorical, few, fewNull),
		dataset.NewStringColumn("text", dataset.Text, text, nil), dataset.NewTimeColumnNanos("ts", ts, tsNull, false))
}

func TestAgreeSummaries(t *testing.T) {
	frames := map[string]*dataset.Frame{"synthetic": summaryFrame(t, 60000, 1)}
	if path, ok := findData("../../shared/data/flights-3m.parquet", "/work/shared/data/flights-3m.parquet"); ok && !testing.Short() {
		frames["flights"] = readFrame(t, path)
	}
	for name, f := range frames {
		for _, os := range optionSets {
			t.Run(name+"/"+os.name, func(t *testing.T) {
				s := summaryOf(t, f, os.o)
				agreeColumns(t, f, s)
				agreeDataset(t, f, s)
			})
		}
	}
}

func compute(t *testing.T, m metrics.Metric, in *metrics.Input) metrics.Result {
	t.Helper()
	r, err := m.Compute(context.Background(), in)
	if err != nil {
		t.Fatalf("%s: %v", m.Name(), err)
	}
	return r
}

// agreeColumns compares ColumnSummary on the rows and on the sketch.
func agreeColumns(t *testing.T, f *dataset.Frame, s *dataset.Summary) {
	approx := 0
	for _, col := range f.Names() {
		m := &metrics.ColumnSummary{Column: col, Quantiles: extraQuantiles}
		e := compute(t, m, &metrics.Input{Current: f}).(*metrics.ColumnSummaryResult).Current
		a := compute(t, m, &metrics.Input{CurrentSummary: s}).(*metrics.ColumnSummaryResult).Current
		b := a.Approximate
		if b == nil {
			b = &metrics.StatsBound{}
		} else {
			approx++
		}
		label := col
		if a.Rows != e.Rows || a.Count != e.Count || a.Missing != e.Missing {
			t.Errorf("%s: rows/count/missing %d/%d/%d, exact %d/%d/%d", label, a.Rows, a.Count, a.Missing, e.Rows, e.Count, e.Missing)
		}
		if d := a.Distinct - e.Distinct; d < -b.DistinctError || d > b.DistinctError {
			t.Errorf("%s: distinct %d ± %d, exact %d", label, a.Distinct, b.DistinctError, e.Distinct)
		}
		if a.MostCommon != nil {
			if d := e.MostCommonCount - a.MostCommonCount; d < 0 || d > b.MostCommonCountError {
				t.Errorf("%s: most common count %d (short by at most %d), exact %d", label, a.MostCommonCount, b.MostCommonCountError, e.MostCommonCount)
			}
			if b.MostCommonCountError == 0 && fmt.Sprint(a.MostCommon) != fmt.Sprint(e.MostCommon) {
				t.Errorf("%s: most common %v, exact %v", label, a.MostCommon, e.MostCommon)
			}
		} else if e.MostCommonCount > b.MostCommonCountError {
			t.Errorf("%s: most common value unknown with its count at most %d, exact count %d", label, b.MostCommonCountError, e.MostCommonCount)
		}
		if e.NumericStats != nil {
			en, an := e.NumericStats, a.NumericStats
			close := func(what string, x, y metrics.Float, rel float64) {
				if math.Abs(float64(x-y)) > rel*math.Max(1, math.Abs(float64(y))) {
					t.Errorf("%s: %s %v, exact %v", label, what, x, y)
				}
			}
			close("mean", an.Mean, en.Mean, 1e-9)
			close("std", an.Std, en.Std, 1e-9)
			close("sum", an.Sum, en.Sum, 1e-9)
			close("min", an.Min, en.Min, 0)
			close("max", an.Max, en.Max, 0)
			if an.Infinite != en.Infinite || an.Zeros != en.Zeros {
				t.Errorf("%s: infinite/zeros %d/%d, exact %d/%d", label, an.Infinite, an.Zeros, en.Infinite, en.Zeros)
			}
			qs := map[string][2]metrics.Float{"0.25": {an.Q25, en.Q25}, "0.5": {an.Q50, en.Q50}, "0.75": {an.Q75, en.Q75}}
			for k, v := range e.Quantiles {
				qs[k] = [2]metrics.Float{a.Quantiles[k], v}
			}
			for k, v := range qs {
				got, want := float64(v[0]), float64(v[1])
				iv, ok := b.QuantileIntervals[k]
				if !ok {
					if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
						t.Errorf("%s: quantile %s = %v (exact sketch), true %v", label, k, got, want)
					}
					continue
				}
				lo, hi := float64(iv[0]), float64(iv[1])
				slack := 1e-9 * math.Max(1, math.Abs(want))
				if want < lo-slack || want > hi+slack || got < lo-slack || got > hi+slack {
					t.Errorf("%s: quantile %s = %v in [%v, %v], true %v", label, k, got, lo, hi, want)
				}
			}
		}
		if e.CategoricalStats != nil && a.CategoricalStats != nil {
			exact := map[string]int{}
			for _, vc := range e.CategoricalStats.Counts {
				exact[fmt.Sprint(vc.Value)] = vc.Count
			}
			for _, vc := range a.CategoricalStats.Counts {
				want, ok := exact[fmt.Sprint(vc.Value)]
				if !ok {
					continue // beyond the exact listing's length
				}
				if d := want - vc.Count; d < 0 || d > b.CategoryCountError {
					t.Errorf("%s: count of %v is %d (short by at most %d), exact %d", label, vc.Value, vc.Count, b.CategoryCountError, want)
				}
			}
		}
		if e.TextStats != nil && (a.TextStats == nil || *a.TextStats != *e.TextStats) {
			t.Errorf("%s: text statistics %+v, exact %+v", label, a.TextStats, e.TextStats)
		}
		if e.DatetimeStats != nil && (a.DatetimeStats == nil || *a.DatetimeStats.First != *e.DatetimeStats.First || *a.DatetimeStats.Last != *e.DatetimeStats.Last) {
			t.Errorf("%s: first/last instants differ", label)
		}
	}
	t.Logf("%d columns, %d with approximate statistics", len(f.Names()), approx)
}

// agreeDataset compares DatasetSummary and DatasetMissingValues.
func agreeDataset(t *testing.T, f *dataset.Frame, s *dataset.Summary) {
	e := compute(t, &metrics.DatasetSummary{}, &metrics.Input{Current: f}).(*metrics.DatasetSummaryResult).Current
	a := compute(t, &metrics.DatasetSummary{}, &metrics.Input{CurrentSummary: s}).(*metrics.DatasetSummaryResult).Current
	if a.Rows != e.Rows || a.Columns != e.Columns || a.MissingCells != e.MissingCells || a.ColumnsWithMissing != e.ColumnsWithMissing ||
		a.EmptyColumns != e.EmptyColumns || a.ConstantColumns != e.ConstantColumns || fmt.Sprint(a.ColumnsByType) != fmt.Sprint(e.ColumnsByType) {
		t.Errorf("dataset summary from the sketch %+v, exact %+v", a, e)
	}
	if len(a.Unavailable) == 0 {
		t.Error("the duplicated rows and columns are not marked unavailable")
	}
	em := compute(t, &metrics.DatasetMissingValues{}, &metrics.Input{Current: f}).(*metrics.DatasetMissingValuesResult).Current
	am := compute(t, &metrics.DatasetMissingValues{}, &metrics.Input{CurrentSummary: s}).(*metrics.DatasetMissingValuesResult).Current
	if am.Missing != em.Missing || am.Rows != em.Rows || am.ColumnsWithMissing != em.ColumnsWithMissing {
		t.Errorf("missing values from the sketch %d in %d columns, exact %d in %d", am.Missing, am.ColumnsWithMissing, em.Missing, em.ColumnsWithMissing)
	}
	lo, hi, countErr := am.RowsWithMissing, am.RowsWithMissing, 0
	if b := am.Approximate; b != nil {
		lo, hi, countErr = b.RowsWithMissing[0], b.RowsWithMissing[1], b.CountError
	}
	if em.RowsWithMissing < lo || em.RowsWithMissing > hi {
		t.Errorf("rows with missing values in [%d, %d] from the sketch, exact %d", lo, hi, em.RowsWithMissing)
	}
	exact := map[string]int{}
	for _, c := range em.Counts {
		exact[fmt.Sprint(c.Value)] = c.Count
	}
	for _, c := range am.Counts {
		if d := exact[fmt.Sprint(c.Value)] - c.Count; d < 0 || d > countErr {
			t.Errorf("missing value %v: %d cells from the sketch (short by at most %d), exact %d", c.Value, c.Count, countErr, exact[fmt.Sprint(c.Value)])
		}
	}
}

package metrics_test

import (
	"context"
	"encoding/json"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

type numericRef struct {
	Rows            int                 `json:"rows"`
	Count           int                 `json:"count"`
	Missing         int                 `json:"missing"`
	Distinct        int                 `json:"distinct"`
	MostCommonCount int                 `json:"most_common_count"`
	Infinite        int                 `json:"infinite"`
	Zeros           int                 `json:"zeros"`
	MostCommon      any                 `json:"most_common"`
	Mean            *float64            `json:"mean"`
	Std             *float64            `json:"std"`
	Min             *float64            `json:"min"`
	Max             *float64            `json:"max"`
	Q25             *float64            `json:"q25"`
	Q50             *float64            `json:"q50"`
	Q75             *float64            `json:"q75"`
	Sum             *float64            `json:"sum"`
	Quantiles       map[string]*float64 `json:"quantiles"`
}

type histRef struct {
	Edges     []float64 `json:"edges"`
	Current   []int     `json:"current"`
	Reference []int     `json:"reference"`
}

func checkNumeric(t *testing.T, want numericRef, got *metrics.ColumnStats) {
	t.Helper()
	assert.Equal(t, want.Rows, got.Rows, "rows")
	assert.Equal(t, want.Count, got.Count, "count")
	assert.Equal(t, want.Missing, got.Missing, "missing")
	assert.Equal(t, want.Distinct, got.Distinct, "distinct")
	assert.Equal(t, want.MostCommonCount, got.MostCommonCount, "most_common_count")
	assert.Equal(t, want.Infinite, got.Infinite, "infinite")
	assert.Equal(t, want.Zeros, got.Zeros, "zeros")
	rel(t, f64(float64(want.Missing)/float64(want.Rows)), got.MissingShare, "missing_share")
	rel(t, f64(float64(want.Distinct)/float64(want.Rows)), got.DistinctShare, "distinct_share")
	rel(t, f64(float64(want.MostCommonCount)/float64(want.Rows)), got.MostCommonShare, "most_common_share")
	switch mc := want.MostCommon.(type) {
	case nil:
		assert.Nil(t, got.MostCommon, "most_common")
	case float64:
		rel(t, &mc, got.MostCommon.(metrics.Float), "most_common")
	case string:
		b, _ := json.Marshal(got.MostCommon)
		assert.Equal(t, "null", string(b), "an infinite most_common encodes as null")
	}
	rel(t, want.Mean, got.Mean, "mean")
	rel(t, want.Std, got.Std, "std")
	rel(t, want.Min, got.Min, "min")
	rel(t, want.Max, got.Max, "max")
	rel(t, want.Q25, got.Q25, "q25")
	rel(t, want.Q50, got.Q50, "q50")
	rel(t, want.Q75, got.Q75, "q75")
	rel(t, want.Sum, got.Sum, "sum")
	for q, w := range want.Quantiles {
		rel(t, w, got.Quantiles[q], "quantile "+q)
	}
}

func checkHist(t *testing.T, want *histRef, got *metrics.Histogram) {
	t.Helper()
	if want == nil {
		assert.Nil(t, got)
		return
	}
	require.NotNil(t, got)
	require.Len(t, got.Edges, len(want.Edges))
	for i := range want.Edges {
		rel(t, &want.Edges[i], metrics.Float(got.Edges[i]), "edge "+strconv.Itoa(i))
	}
	assert.Equal(t, want.Current, got.Current, "current counts")
	assert.Equal(t, want.Reference, got.Reference, "reference counts")
}

func TestColumnSummaryNumericAgreesWithPandas(t *testing.T) {
	refs := qualityRefs(t)
	var cases map[string]struct {
		Values    []any      `json:"values"`
		Summary   numericRef `json:"summary"`
		Histogram *histRef   `json:"histogram"`
	}
	decode(t, refs["numeric"], &cases)
	require.NotEmpty(t, cases)
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			cur := frameOf(t, dataset.NewNumericColumn("x", fixtureFloats(t, c.Values)))
			m := &metrics.ColumnSummary{Column: "x", Quantiles: []float64{0.1, 0.9, 0.99}}
			res, err := m.Compute(context.Background(), &metrics.Input{Current: cur, Cache: &metrics.Cache{}})
			require.NoError(t, err)
			r := res.(*metrics.ColumnSummaryResult)
			assert.Equal(t, "numerical", r.ColumnType)
			checkNumeric(t, c.Summary, r.Current)
			checkHist(t, c.Histogram, r.Histogram)
			if c.Summary.Count == 0 {
				assert.NotEmpty(t, r.Notes, "an all-missing column has a note")
			}
			_, err = json.Marshal(r)
			require.NoError(t, err)
		})
	}
}

// bigColumn builds the 1,000,000-row column of quality_refs.py with the
// same IEEE operations.
func bigColumn() []float64 {
	x := make([]float64, 1_000_000)
	for i := range x {
		u := uint32(uint64(i) * 2654435761)
		x[i] = math.Floor((float64(u)/4294967296.0*100.0-50.0)*10.0) / 10.0
		if i%1000 == 7 {
			x[i] = math.NaN()
		}
	}
	return x
}

func TestColumnSummaryMillionRows(t *testing.T) {
	var big struct {
		Summary   numericRef `json:"summary"`
		Histogram *histRef   `json:"histogram"`
	}
	decode(t, qualityRefs(t)["big"], &big)
	cur := frameOf(t, dataset.NewNumericColumn("x", bigColumn()))
	m := &metrics.ColumnSummary{Column: "x", Quantiles: []float64{0.1, 0.9, 0.99}}
	res, err := m.Compute(context.Background(), &metrics.Input{Current: cur, Cache: &metrics.Cache{}})
	require.NoError(t, err)
	r := res.(*metrics.ColumnSummaryResult)
	checkNumeric(t, big.Summary, r.Current)
	checkHist(t, big.Histogram, r.Histogram)
}

func TestColumnSummarySharedBins(t *testing.T) {
	var p struct {
		Reference, Current []any
		Histogram          *histRef
	}
	decode(t, qualityRefs(t)["histogram_pair"], &p)
	in := &metrics.Input{
		Reference: frameOf(t, dataset.NewNumericColumn("x", fixtureFloats(t, p.Reference))),
		Current:   frameOf(t, dataset.NewNumericColumn("x", fixtureFloats(t, p.Current))),
	}
	res, err := (&metrics.ColumnSummary{Column: "x"}).Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.ColumnSummaryResult)
	require.NotNil(t, r.Reference)
	checkHist(t, p.Histogram, r.Histogram)
}

func TestColumnSummaryCategorical(t *testing.T) {
	var c struct {
		Reference, Current               []any
		ReferenceSummary, CurrentSummary struct {
			Rows, Count, Missing, Distinct int
			MostCommonCount                int `json:"most_common_count"`
			Counts                         map[string]int
		}
		New, Unused []string
	}
	raw := qualityRefs(t)["categorical"]
	decode(t, raw, &c)
	var sums map[string]json.RawMessage
	decode(t, raw, &sums)
	decode(t, sums["reference_summary"], &c.ReferenceSummary)
	decode(t, sums["current_summary"], &c.CurrentSummary)
	in := &metrics.Input{
		Reference: frameOf(t, fixtureStrings("c", dataset.Categorical, c.Reference)),
		Current:   frameOf(t, fixtureStrings("c", dataset.Categorical, c.Current)),
	}
	res, err := (&metrics.ColumnSummary{Column: "c"}).Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.ColumnSummaryResult)
	assert.Equal(t, "categorical", r.ColumnType)
	check := func(got *metrics.ColumnStats, want struct {
		Rows, Count, Missing, Distinct int
		MostCommonCount                int `json:"most_common_count"`
		Counts                         map[string]int
	}) {
		assert.Equal(t, want.Rows, got.Rows)
		assert.Equal(t, want.Count, got.Count)
		assert.Equal(t, want.Missing, got.Missing)
		assert.Equal(t, want.Distinct, got.Distinct)
		assert.Equal(t, want.MostCommonCount, got.MostCommonCount)
		counts := map[string]int{}
		for _, vc := range got.Counts {
			counts[vc.Value] = vc.Count
		}
		assert.Equal(t, want.Counts, counts)
		assert.Equal(t, want.MostCommonCount, got.Counts[0].Count)
		assert.Equal(t, got.Counts[0].Value, got.MostCommon)
		assert.Nil(t, got.NumericStats)
	}
	check(r.Current, c.CurrentSummary)
	check(r.Reference, c.ReferenceSummary)
	require.NotNil(t, r.Categories)
	assert.Equal(t, c.New, r.Categories.New)
	assert.Equal(t, c.Unused, r.Categories.Unused)
	assert.Equal(t, len(c.New), r.Categories.NewCount)
}

func TestColumnSummaryText(t *testing.T) {
	var c struct {
		Values                                    []any
		LengthMin, LengthMean, LengthMax          float64
		WordCountMin, WordCountMean, WordCountMax float64
	}
	raw := qualityRefs(t)["text"]
	var m map[string]json.RawMessage
	decode(t, raw, &m)
	decode(t, m["values"], &c.Values)
	for k, p := range map[string]*float64{"length_min": &c.LengthMin, "length_mean": &c.LengthMean, "length_max": &c.LengthMax,
		"word_count_min": &c.WordCountMin, "word_count_mean": &c.WordCountMean, "word_count_max": &c.WordCountMax} {
		decode(t, m[k], p)
	}
	cur := frameOf(t, fixtureStrings("t", dataset.Text, c.Values))
	res, err := (&metrics.ColumnSummary{Column: "t"}).Compute(context.Background(), &metrics.Input{Current: cur})
	require.NoError(t, err)
	r := res.(*metrics.ColumnSummaryResult)
	require.NotNil(t, r.Current.TextStats)
	rel(t, &c.LengthMin, r.Current.LengthMin, "length_min")
	rel(t, &c.LengthMean, r.Current.LengthMean, "length_mean")
	rel(t, &c.LengthMax, r.Current.LengthMax, "length_max")
	rel(t, &c.WordCountMin, r.Current.WordCountMin, "word_count_min")
	rel(t, &c.WordCountMean, r.Current.WordCountMean, "word_count_mean")
	rel(t, &c.WordCountMax, r.Current.WordCountMax, "word_count_max")
}

// A categorical column of numbers (codes that telltale types categorical)
// has the quantiles of its numbers, as pandas' Series.quantile of the
// integer column Evidently holds: the same as the numerical column of the
// same values.
func TestColumnSummaryQuantilesOfCategoricalNumbers(t *testing.T) {
	vals := []string{"3", "1", "", "10", "1", "2.5", "3", "1", "inf"}
	nulls := make([]bool, len(vals))
	nums := make([]float64, len(vals))
	for i, v := range vals {
		nulls[i] = v == ""
		nums[i], _ = strconv.ParseFloat(v, 64)
		if nulls[i] {
			nums[i] = math.NaN()
		}
	}
	f, err := dataset.New("t", dataset.NewStringColumn("c", dataset.Categorical, vals, nulls), dataset.NewNumericColumn("n", nums))
	require.NoError(t, err)
	qs := []float64{0, 0.1, 0.25, 0.5, 0.7, 0.99, 1}
	in := &metrics.Input{Current: f, Definition: &dataset.Definition{}}
	cat, err := (&metrics.ColumnSummary{Column: "c", Quantiles: qs}).Compute(context.Background(), in)
	require.NoError(t, err)
	num, err := (&metrics.ColumnSummary{Column: "n", Quantiles: qs}).Compute(context.Background(), in)
	require.NoError(t, err)
	assert.Equal(t, num.(*metrics.ColumnSummaryResult).Current.Quantiles, cat.(*metrics.ColumnSummaryResult).Current.Quantiles)
	assert.Len(t, cat.(*metrics.ColumnSummaryResult).Current.Quantiles, len(qs))

	g, err := dataset.New("t", dataset.NewStringColumn("c", dataset.Categorical, []string{"1", "a"}, nil))
	require.NoError(t, err)
	r, err := (&metrics.ColumnSummary{Column: "c", Quantiles: qs}).Compute(context.Background(), &metrics.Input{Current: g, Definition: &dataset.Definition{}})
	require.NoError(t, err)
	assert.Nil(t, r.(*metrics.ColumnSummaryResult).Current.Quantiles, "not all numbers")
}

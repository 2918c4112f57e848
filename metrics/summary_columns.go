package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/stattest"
)

// StatsBound says how far the values of a ColumnStats computed from a
// sketch may be from those of the rows: the distinct count within
// DistinctError, the most common value's count short by at most
// MostCommonCountError, each quantile inside its interval (keyed as
// ColumnStats.Quantiles, with "0.25", "0.5" and "0.75" for the quartiles),
// with probability Confidence. Counts not listed here are exact; the mean
// and standard deviation are exact up to rounding.
type StatsBound struct {
	DistinctError        int                 `json:"distinct_error"`
	MostCommonCountError int                 `json:"most_common_count_error"`
	QuantileIntervals    map[string][2]Float `json:"quantile_intervals,omitempty"`
	// CategoryCountError bounds how far each listed category's count may
	// be short (the counts beyond the sketch's exact limit).
	CategoryCountError int   `json:"category_count_error,omitempty"`
	Confidence         Float `json:"confidence"`
}

// summaryStats is computeStats (plus the extra quantiles qs) from a
// column's summary.
func summaryStats(c *dataset.ColumnSummary, qs []float64) *ColumnStats {
	rows := c.Rows
	st := &ColumnStats{Rows: rows, Missing: c.Missing, Count: rows - c.Missing, Distinct: c.Distinct, MostCommonCount: c.MostCommonCount}
	b := &StatsBound{DistinctError: c.DistinctError, MostCommonCountError: c.MostCommonError, Confidence: 1}
	switch {
	case c.Numeric != nil:
		n := c.Numeric
		nan := Float(math.NaN())
		ns := &NumericStats{Mean: nan, Std: nan, Min: nan, Max: nan, Q25: nan, Q50: nan, Q75: nan,
			Sum: Float(n.Mean * float64(n.Count)), Infinite: n.PosInf + n.NegInf, Zeros: n.Zeros}
		if n.Count == 0 {
			ns.Sum = 0
		} else {
			ns.Mean, ns.Min, ns.Max = Float(n.Mean), Float(n.Min), Float(n.Max)
			if n.Count > 1 {
				ns.Std = Float(math.Sqrt(n.M2 / float64(n.Count-1)))
			}
			if !n.CDF.Exact {
				b.Confidence = Float(n.CDF.Confidence)
				b.QuantileIntervals = map[string][2]Float{}
			}
			quant := func(p float64) Float {
				q, lo, hi := n.CDF.Quantile(p)
				if b.QuantileIntervals != nil {
					b.QuantileIntervals[strconv.FormatFloat(p, 'g', -1, 64)] = [2]Float{Float(lo), Float(hi)}
				}
				return Float(q)
			}
			ns.Q25, ns.Q50, ns.Q75 = quant(0.25), quant(0.5), quant(0.75)
			if len(qs) > 0 {
				st.Quantiles = map[string]Float{}
				for _, q := range qs {
					st.Quantiles[strconv.FormatFloat(q, 'g', -1, 64)] = quant(q)
				}
			}
		}
		st.NumericStats = ns
		if c.MostCommon != nil {
			st.MostCommon = Float(c.MostCommon.(float64))
		}
	case c.Categories != nil:
		cs := &CategoricalStats{Counts: []ValueCount{}}
		listed := 0
		for i, v := range c.Categories.Values {
			if i < maxListedCategories {
				cs.Counts = append(cs.Counts, ValueCount{Value: v, Count: c.Categories.Counts[i]})
				listed += c.Categories.Counts[i]
			}
		}
		cs.OtherCategories = max(0, c.Distinct-len(cs.Counts))
		cs.OtherCount = st.Count - listed
		st.CategoricalStats = cs
		if !c.Categories.Exact {
			b.CategoryCountError = c.Categories.CountError
		}
		if c.MostCommon != nil {
			st.MostCommon = c.MostCommon
		}
		if c.Type == dataset.Text && c.Text != nil {
			t := c.Text
			ts := &TextStats{LengthMin: nan(), LengthMean: nan(), LengthMax: nan(), WordCountMin: nan(), WordCountMean: nan(), WordCountMax: nan()}
			if t.N > 0 {
				ts.LengthMin, ts.LengthMax, ts.LengthMean = Float(t.LengthMin), Float(t.LengthMax), Float(float64(t.LengthSum)/float64(t.N))
				ts.WordCountMin, ts.WordCountMax, ts.WordCountMean = Float(t.WordCountMin), Float(t.WordCountMax), Float(float64(t.WordCountSum)/float64(t.N))
			}
			st.TextStats = ts
		}
		if c.Type == dataset.Categorical && len(qs) > 0 {
			st.Quantiles = summaryCategoryQuantiles(c.Categories, qs)
		}
	case c.Time != nil:
		ds := &DatetimeStats{}
		format := func(ns int64) string {
			t := time.Unix(0, ns).UTC()
			if c.Time.DateOnly {
				return t.Format(time.DateOnly)
			}
			return t.Format(time.RFC3339Nano)
		}
		if c.Time.Count > 0 {
			f, l := format(c.Time.First), format(c.Time.Last)
			ds.First, ds.Last = &f, &l
		}
		if c.MostCommon != nil {
			st.MostCommon = format(c.MostCommon.(int64))
		}
		st.DatetimeStats = ds
	}
	st.MissingShare = share(st.Missing, rows)
	st.DistinctShare = share(st.Distinct, rows)
	st.MostCommonShare = share(st.MostCommonCount, rows)
	if c.MostCommon == nil && c.MostCommonError > 0 {
		// Beyond a sketch's exact values the most common value is not
		// known (MostCommonCountError bounds its count).
		st.MostCommonShare = Float(math.NaN())
	}
	if b.DistinctError > 0 || b.MostCommonCountError > 0 || b.QuantileIntervals != nil || b.CategoryCountError > 0 {
		st.Approximate = b
	}
	return st
}

// summaryCategoryQuantiles takes the quantiles of a categorical column
// whose values are all numbers, from its exact counts.
func summaryCategoryQuantiles(c *dataset.CategorySummary, qs []float64) map[string]Float {
	if !c.Exact {
		return nil
	}
	cdf := dataset.CDF{Exact: true, Confidence: 1}
	type vc struct {
		v float64
		n int
	}
	var vals []vc
	for i, s := range c.Values {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return nil
		}
		vals = append(vals, vc{v, c.Counts[i]})
	}
	for i := 1; i < len(vals); i++ {
		for j := i; j > 0 && vals[j].v < vals[j-1].v; j-- {
			vals[j], vals[j-1] = vals[j-1], vals[j]
		}
	}
	var cum float64
	for _, x := range vals {
		cum += float64(x.n)
		cdf.Values = append(cdf.Values, x.v)
		cdf.Cum = append(cdf.Cum, cum)
		cdf.Err = append(cdf.Err, 0)
	}
	out := map[string]Float{}
	for _, q := range qs {
		v, _, _ := cdf.Quantile(q)
		out[strconv.FormatFloat(q, 'g', -1, 64)] = Float(v)
	}
	return out
}

// summarizeColumnSummary is summarizeColumn from summaries.
func summarizeColumnSummary(in *Input, name string, qs []float64) *ColumnSummaryResult {
	cur, _ := in.CurrentSummary.Column(name)
	r := &ColumnSummaryResult{Column: name, ColumnType: cur.Type.String(), Current: summaryStats(cur, qs)}
	if r.Current.Count == 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("every value of column %q is missing in the current data", name))
	}
	var ref *dataset.ColumnSummary
	if in.ReferenceSummary != nil {
		c, ok := in.ReferenceSummary.Column(name)
		switch {
		case !ok:
			r.Notes = append(r.Notes, fmt.Sprintf("column %q is not in the reference data", name))
		case c.Type != cur.Type:
			r.Notes = append(r.Notes, fmt.Sprintf("column %q is %s in the reference data and %s in the current data; the reference is not summarised", name, c.Type, cur.Type))
		default:
			ref = c
			r.Reference = summaryStats(c, qs)
		}
	}
	switch {
	case cur.Numeric != nil:
		r.Histogram = summaryColumnHistogram(ref, cur)
		r.Notes = append(r.Notes, "from a sketch: the histogram uses Sturges' bins (the sketch keeps no third moment for Doane's rule) and estimated counts")
	case cur.Categories != nil && ref != nil && cur.Type == dataset.Categorical && cur.Categories.Exact && ref.Categories.Exact:
		r.Categories = summaryCategoryChanges(ref.Categories, cur.Categories)
	}
	return r
}

func summaryColumnHistogram(ref, cur *dataset.ColumnSummary) *Histogram {
	a := cur.Numeric
	lo, hi, n := a.Min, a.Max, a.Count
	if ref != nil && ref.Numeric.Count > 0 {
		lo, hi, n = math.Min(lo, ref.Numeric.Min), math.Max(hi, ref.Numeric.Max), n+ref.Numeric.Count
	}
	if n == 0 || a.Count == 0 && ref == nil {
		return nil
	}
	if a.Count == 0 {
		lo, hi = ref.Numeric.Min, ref.Numeric.Max
	}
	edges := stattest.HistogramEdges(lo, hi, stattest.SturgesBins(n, lo, hi))
	ints := func(c *dataset.CDF) []int {
		counts, _ := binCounts(c, edges)
		out := make([]int, len(counts))
		for i, v := range counts {
			out[i] = int(math.Round(v))
		}
		return out
	}
	h := &Histogram{Edges: edges, Current: ints(&a.CDF)}
	if ref != nil {
		h.Reference = ints(&ref.Numeric.CDF)
	}
	return h
}

func summaryCategoryChanges(ref, cur *dataset.CategorySummary) *CategoryChanges {
	rs, cs := map[string]bool{}, map[string]bool{}
	for _, v := range ref.Values {
		rs[v] = true
	}
	for _, v := range cur.Values {
		cs[v] = true
	}
	ch := &CategoryChanges{New: []string{}, Unused: []string{}}
	for _, v := range cur.Values {
		if !rs[v] {
			ch.New = append(ch.New, v)
		}
	}
	for _, v := range ref.Values {
		if !cs[v] {
			ch.Unused = append(ch.Unused, v)
		}
	}
	slices.Sort(ch.New)
	slices.Sort(ch.Unused)
	ch.NewCount, ch.UnusedCount = len(ch.New), len(ch.Unused)
	return ch
}

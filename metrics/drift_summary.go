package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/stattest"
)

// DriftBound says how far a drift computed from sketches may be from the
// drift computed from the rows: the true statistic and score are within
// StatisticError and ScoreError of the reported ones, with probability
// Confidence (1 when the bounds are deterministic). Certain reports that
// the score is farther than ScoreError from the threshold, so the
// decision is the one the rows would give.
type DriftBound struct {
	StatisticError Float `json:"statistic_error"`
	ScoreError     Float `json:"score_error"`
	Confidence     Float `json:"confidence"`
	Certain        bool  `json:"certain"`
}

// maxExpand bounds the values a drift test expands from exact sketches
// to run on the values themselves.
const maxExpand = 2_000_000

// summaryColumn tests one column from the summaries.
func (d *drifter) summaryColumn(name string) ColumnDriftResult {
	r := ColumnDriftResult{Column: name, Statistic: nan(), PValue: nan(), Score: nan(), Threshold: nan()}
	fail := func(err error) ColumnDriftResult {
		r.err = err
		r.Error = err.Error()
		return r
	}
	rs, ok := d.in.ReferenceSummary.Column(name)
	if !ok {
		return fail(fmt.Errorf("%w in the reference data", ErrNoColumn))
	}
	cs, ok := d.in.CurrentSummary.Column(name)
	if !ok {
		return fail(fmt.Errorf("%w in the current data", ErrNoColumn))
	}
	if rs.Type != cs.Type {
		return fail(fmt.Errorf("%w: %s in the reference, %s in the current data", ErrColumnType, rs.Type, cs.Type))
	}
	r.ColumnType = rs.Type.String()
	switch rs.Type {
	case dataset.Numerical:
		d.summaryNumeric(&r, rs, cs)
	case dataset.Categorical:
		d.summaryCategorical(&r, rs, cs)
	case dataset.Text:
		r.err = fmt.Errorf("text drift trains a classifier on the texts, and a sketch keeps only counts (%w)", ErrNeedsRows)
	default:
		r.err = fmt.Errorf("%w: drift is tested on numerical, categorical and text columns, not %s", ErrColumnType, rs.Type)
	}
	if r.err != nil {
		r.Error = r.err.Error()
	}
	return r
}

func (d *drifter) summaryCategorical(r *ColumnDriftResult, rs, cs *dataset.ColumnSummary) {
	r.RowsUsed = Sides{rs.Rows - rs.Missing, cs.Rows - cs.Missing}
	r.RowsDropped = Sides{rs.Missing, cs.Missing}
	if r.RowsUsed.Reference == 0 || r.RowsUsed.Current == 0 {
		r.err = fmt.Errorf("%w: every value is missing in the %s data", ErrEmpty, sideName(r.RowsUsed.Reference == 0))
		return
	}
	for _, s := range []*dataset.ColumnSummary{rs, cs} {
		if !s.Categories.Exact {
			r.err = fmt.Errorf("the sketch of the %s data keeps only the most frequent categories of this column (it has about %d), and the categorical tests need every count (%w)",
				sideName(s == rs), s.Distinct, ErrNeedsRows)
			return
		}
	}
	idx := map[string]int{}
	var keys []string
	for _, s := range []*dataset.CategorySummary{rs.Categories, cs.Categories} {
		for _, v := range s.Values {
			if _, ok := idx[v]; !ok {
				idx[v] = 0
				keys = append(keys, v)
			}
		}
	}
	slices.Sort(keys)
	for i, k := range keys {
		idx[k] = i
	}
	counts := &stattest.Counts{Keys: keys, Reference: make([]int, len(keys)), Current: make([]int, len(keys))}
	for i, v := range rs.Categories.Values {
		counts.Reference[idx[v]] = rs.Categories.Counts[i]
	}
	for i, v := range cs.Categories.Values {
		counts.Current[idx[v]] = cs.Categories.Counts[i]
	}
	col := stattest.Column{Name: r.Column, Kind: stattest.Categorical, ReferenceRows: r.RowsUsed.Reference, Distinct: len(keys)}
	r.Distribution = categoryDistribution(counts, r.RowsUsed)
	d.run(r, col, stattest.CategoricalInput(counts))
}

// run resolves the test for col and runs it on in, exactly.
func (d *drifter) run(r *ColumnDriftResult, col stattest.Column, in stattest.Input) {
	test, thr, err := d.policy.Resolve(d.reg, col)
	if err != nil {
		r.err = err
		return
	}
	r.StatTest, r.StatTestName, r.Threshold = test.Name, test.DisplayName, Float(thr)
	res, err := test.Run(in, thr, d.topts)
	if err != nil {
		r.err = err
		return
	}
	r.Statistic, r.PValue, r.Score, r.Drifted = Float(res.Statistic), Float(res.PValue), Float(res.Score), VerdictOf(res.Drifted)
}

func (d *drifter) summaryNumeric(r *ColumnDriftResult, rs, cs *dataset.ColumnSummary) {
	a, b := rs.Numeric, cs.Numeric
	r.RowsUsed = Sides{a.Count, b.Count}
	r.RowsDropped = Sides{rs.Rows - a.Count, cs.Rows - b.Count}
	for _, s := range []struct {
		side string
		c    *dataset.ColumnSummary
	}{{"reference", rs}, {"current", cs}} {
		if s.c.Numeric.Count == 0 {
			r.err = fmt.Errorf("%w: no finite values in the %s data (%d missing, %d infinite dropped)",
				ErrEmpty, s.side, s.c.Missing, s.c.Numeric.PosInf+s.c.Numeric.NegInf)
			return
		}
	}
	exact := a.CDF.Exact && b.CDF.Exact
	distinct := max(rs.Distinct, cs.Distinct, 6) // beyond the exact values: many
	if exact {
		distinct = unionSize(a.CDF.Values, b.CDF.Values)
	}
	col := stattest.Column{Name: r.Column, Kind: stattest.Numerical, ReferenceRows: a.Count, Distinct: distinct}
	test, thr, err := d.policy.Resolve(d.reg, col)
	if err != nil {
		r.err = err
		return
	}
	r.StatTest, r.StatTestName, r.Threshold = test.Name, test.DisplayName, Float(thr)
	r.Distribution = summaryHistogram(a, b)
	if exact && a.Count+b.Count <= maxExpand {
		sa, err1 := stattest.NewSortedSample(expandCDF(a.CDF))
		sb, err2 := stattest.NewSortedSample(expandCDF(b.CDF))
		if err := cmpErr(err1, err2); err != nil {
			r.err = err
			return
		}
		d.run(r, col, stattest.NumericalInput(sa, sb))
		return
	}
	st, err := d.sketchStat(test, thr, rs, cs, exact)
	if err != nil {
		r.err = fmt.Errorf("%s: %w", test.Name, err)
		return
	}
	r.Statistic, r.PValue, r.Score = Float(st.stat), Float(st.p), Float(st.score)
	r.Drifted = VerdictOf(test.Drift.Drifted(st.score, thr))
	if st.scoreErr > 0 || st.statErr > 0 {
		conf := math.Min(a.CDF.Confidence, b.CDF.Confidence)
		if exact {
			conf = 1
		}
		r.Approximate = &DriftBound{StatisticError: Float(st.statErr), ScoreError: Float(st.scoreErr), Confidence: Float(conf),
			Certain: math.Abs(st.score-thr) > st.scoreErr}
	}
}

func cmpErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// expandCDF lists an exact CDF's values, each as often as it occurs.
func expandCDF(c dataset.CDF) []float64 {
	out := make([]float64, 0, int(c.Total()))
	prev := 0.0
	for i, v := range c.Values {
		for range int(c.Cum[i] - prev) {
			out = append(out, v)
		}
		prev = c.Cum[i]
	}
	return out
}

func unionSize(a, b []float64) int {
	n, i, j := 0, 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			i++
		case i == len(a) || b[j] < a[i]:
			j++
		default:
			i++
			j++
		}
		n++
	}
	return n
}

// summaryHistogram is histogramDistribution from the summaries: Sturges
// bins over the pooled range, with each side's estimated shares.
func summaryHistogram(a, b *dataset.NumericSummary) *Distribution {
	lo, hi := math.Min(a.Min, b.Min), math.Max(a.Max, b.Max)
	nb := stattest.SturgesBins(a.Count+b.Count, lo, hi)
	edges := stattest.HistogramEdges(lo, hi, nb)
	rs, _ := binCounts(&a.CDF, edges)
	cs, _ := binCounts(&b.CDF, edges)
	for i := range rs {
		rs[i] /= float64(a.Count)
		cs[i] /= float64(b.Count)
	}
	return &Distribution{Kind: "histogram", Edges: edges, Reference: rs, Current: cs}
}

// binCounts estimates the values of c in each bin of edges, as
// np.histogram bins them (half-open, the last closed), with the error
// bound of each count.
func binCounts(c *dataset.CDF, edges []float64) (counts, errs []float64) {
	nb := len(edges) - 1
	counts, errs = make([]float64, nb), make([]float64, nb)
	left, le := c.Below(edges[0])
	for i := 1; i <= nb; i++ {
		var right, re float64
		if i == nb {
			right, re = c.At(edges[nb])
		} else {
			right, re = c.Below(edges[i])
		}
		counts[i-1] = math.Max(right-left, 0)
		errs[i-1] = le + re
		left, le = right, re
	}
	return counts, errs
}

// exactCounts turns two exact CDFs into counts per distinct value, keyed
// in ascending numeric order (as the tests order a numerical column's
// values).
func exactCounts(a, b *dataset.CDF) *stattest.Counts {
	out := &stattest.Counts{}
	i, j := 0, 0
	var pa, pb float64
	for i < len(a.Values) || j < len(b.Values) {
		var v float64
		switch {
		case j == len(b.Values) || i < len(a.Values) && a.Values[i] < b.Values[j]:
			v = a.Values[i]
		default:
			v = b.Values[j]
		}
		ra, rb := 0, 0
		if i < len(a.Values) && a.Values[i] == v {
			ra = int(a.Cum[i] - pa)
			pa = a.Cum[i]
			i++
		}
		if j < len(b.Values) && b.Values[j] == v {
			rb = int(b.Cum[j] - pb)
			pb = b.Cum[j]
			j++
		}
		out.Keys = append(out.Keys, strconv.FormatFloat(v, 'g', -1, 64))
		out.Reference = append(out.Reference, ra)
		out.Current = append(out.Current, rb)
	}
	return out
}

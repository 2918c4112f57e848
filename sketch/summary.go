package sketch

import (
	"math"
	"strconv"

	"github.com/telltale-ml/telltale/dataset"
)

// SummaryOptions tune how Summary types the columns.
type SummaryOptions struct {
	// IntegerCardinality is the largest number of distinct values an
	// integer column may have and still be categorical, as
	// dataset.ReadOptions.IntegerCardinality: zero means 10, negative
	// means integer columns stay numerical. It applies only while the
	// column's values are known exactly.
	IntegerCardinality int
	// Types overrides the type of the named string columns (categorical
	// or text) and of integer columns (numerical or categorical).
	Types map[string]dataset.Type
}

// Summary returns what the metrics read: each column's counts,
// statistics, distribution and categories, with the error bound of every
// estimate. source names the data in messages.
//
// Column types follow dataset's inference where the sketch can: an
// integer column with at most IntegerCardinality distinct values (known
// exactly) is categorical; a string column is text when more than half of
// its values are distinct and they are 20 characters long on average, and
// categorical otherwise, unless its type was declared.
func (s *Sketch) Summary(source string, opts SummaryOptions) *dataset.Summary {
	card := opts.IntegerCardinality
	if card == 0 {
		card = 10
	}
	sum := &dataset.Summary{Source: source, Rows: int(s.rows), RowsWithMissing: int(s.rowsWithMissing), EmptyRows: int(s.emptyRows)}
	for _, c := range s.cols {
		var cs *dataset.ColumnSummary
		switch {
		case c.num != nil:
			want := opts.Types[c.name]
			asCat := want == dataset.Categorical || want == dataset.Unknown && c.num.integer && c.num.exact != nil &&
				card > 0 && len(c.num.exact.keys) <= card && c.num.posInf+c.num.negInf == 0
			if asCat && c.num.exact != nil {
				cs = c.num.categorical(c.name)
			} else {
				cs = c.num.summary(c.name)
			}
		case c.str != nil:
			cs = c.str.summary(c.name, opts.Types[c.name])
		default:
			cs = c.tm.summary(c.name)
		}
		sum.Columns = append(sum.Columns, cs)
	}
	return sum
}

func (c *numeric) summary(name string) *dataset.ColumnSummary {
	cs := &dataset.ColumnSummary{Name: name, Type: dataset.Numerical, Rows: int(c.rows), Missing: int(c.missing)}
	ns := &dataset.NumericSummary{
		Count: int(c.mom.n), PosInf: int(c.posInf), NegInf: int(c.negInf), Zeros: int(c.zero),
		Mean: c.mom.mean, M2: c.mom.m2, Min: c.mom.min, Max: c.mom.max, Integer: c.integer,
	}
	if c.mom.n == 0 {
		ns.Mean, ns.M2, ns.Min, ns.Max = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	}
	cs.Numeric = ns
	if !c.hist.empty() {
		w := math.Ldexp(1, c.hist.e)
		ns.Histogram = dataset.Histogram{Lo: c.hist.lo(), Width: w, Counts: make([]int, len(c.hist.counts))}
		for i, n := range c.hist.counts {
			ns.Histogram.Counts[i] = int(n)
		}
	}
	inf := 0
	if c.posInf > 0 {
		inf++
	}
	if c.negInf > 0 {
		inf++
	}
	if c.exact != nil {
		ns.CDF = exactCDF(c.exact.keys, c.exact.counts)
		cs.Distinct = len(c.exact.keys) + inf
		cs.MostCommon, cs.MostCommonCount = modeOf(c.exact.keys, c.exact.counts)
	} else {
		ns.CDF = c.sketchCDF()
		d := c.hll.estimate()
		cs.Distinct = int(math.Round(d)) + inf
		cs.DistinctError = int(math.Ceil(d * c.hll.relativeError()))
		// The most common value is not known: its count is at most the
		// fullest histogram bin's.
		for _, n := range c.hist.counts {
			cs.MostCommonError = max(cs.MostCommonError, int(n))
		}
	}
	// Infinite values can be the most common (pandas counts them).
	for _, v := range []struct {
		x float64
		n int64
	}{{math.Inf(-1), c.negInf}, {math.Inf(1), c.posInf}} {
		if int(v.n) > cs.MostCommonCount {
			cs.MostCommon, cs.MostCommonCount = v.x, int(v.n)
		}
	}
	return cs
}

// categorical presents an integer column with few values as categories,
// as dataset's type inference reads it.
func (c *numeric) categorical(name string) *dataset.ColumnSummary {
	cs := &dataset.ColumnSummary{Name: name, Type: dataset.Categorical, Rows: int(c.rows), Missing: int(c.missing)}
	keys := make([]string, len(c.exact.keys))
	for i, k := range c.exact.keys {
		keys[i] = strconv.FormatFloat(k, 'f', -1, 64)
	}
	cs.Categories = categorySummary(keys, c.exact.counts, true, 0)
	cs.Distinct = len(keys)
	if len(keys) > 0 {
		cs.MostCommon, cs.MostCommonCount = cs.Categories.Values[0], cs.Categories.Counts[0]
	}
	return cs
}

func modeOf(keys []float64, counts []int64) (any, int) {
	best := -1
	for i, n := range counts {
		if best < 0 || n > counts[best] {
			best = i
		}
	}
	if best < 0 {
		return nil, 0
	}
	return keys[best], int(counts[best])
}

func exactCDF(keys []float64, counts []int64) dataset.CDF {
	cdf := dataset.CDF{Values: append([]float64(nil), keys...), Cum: make([]float64, len(keys)), Err: make([]float64, len(keys)), Exact: true, Confidence: 1}
	var cum int64
	for i, n := range counts {
		cum += n
		cdf.Cum[i] = float64(cum)
	}
	return cdf
}

// sketchCDF combines the KLL estimate with the exact histogram: on each
// piece between KLL items and bin edges, the estimate is the KLL rank
// clamped to the counts before and through the bin, and its error is the
// smaller of the KLL bound and the bin's count.
func (c *numeric) sketchCDF() dataset.CDF {
	xs, ws := c.kll.weighted()
	eps := c.kll.rankError()
	h := c.hist
	n := float64(c.mom.n)
	// Breakpoints: KLL items, bin edges inside (min, max], the minimum and
	// the maximum.
	var pts []float64
	pts = append(pts, c.mom.min)
	for i := 1; i < len(h.counts); i++ {
		e := math.Ldexp(float64(h.off+int64(i)), h.e)
		if e > c.mom.min && e < c.mom.max {
			pts = append(pts, e)
		}
	}
	for _, x := range xs {
		if x > c.mom.min && x < c.mom.max {
			pts = append(pts, x)
		}
	}
	pts = append(pts, c.mom.max)
	sortFloats(pts, nil)
	pts, _ = runs(pts, pts[:0:0], nil)

	// Cumulative bin counts: before[i] = values in bins < i.
	before := make([]float64, len(h.counts)+1)
	for i, k := range h.counts {
		before[i+1] = before[i] + float64(k)
	}
	cdf := dataset.CDF{Values: pts, Cum: make([]float64, len(pts)), Err: make([]float64, len(pts)), Confidence: 1 - kllDelta}
	var r float64 // KLL rank: weight of items <= x
	j := 0
	for i, x := range pts {
		for j < len(xs) && xs[j] <= x {
			r += float64(ws[j])
			j++
		}
		b := binIndex(x, h.e) - h.off
		b = max(0, min(b, int64(len(h.counts)-1)))
		lo, hi := before[b], before[b+1]
		est := math.Max(lo, math.Min(hi, r))
		e := math.Min(eps, hi-lo)
		if i == len(pts)-1 { // the maximum: every value is at most it
			est, e = n, 0
		}
		cdf.Cum[i], cdf.Err[i] = est, e
	}
	return cdf
}

func (c *strs) summary(name string, want dataset.Type) *dataset.ColumnSummary {
	cs := &dataset.ColumnSummary{Name: name, Rows: int(c.rows), Missing: int(c.missing)}
	present := c.rows - c.missing
	if c.exact != nil {
		cs.Categories = categorySummary(c.exact.keys, c.exact.counts, true, 0)
		cs.Distinct = len(c.exact.keys)
	} else {
		keys, counts := c.hh.sorted()
		cs.Categories = categorySummary(keys, counts, false, int(c.hh.bound()))
		d := c.hll.estimate()
		cs.Distinct = int(math.Round(d))
		cs.DistinctError = int(math.Ceil(d * c.hll.relativeError()))
		cs.MostCommonError = int(c.hh.bound())
	}
	if len(cs.Categories.Values) > 0 {
		cs.MostCommon, cs.MostCommonCount = cs.Categories.Values[0], cs.Categories.Counts[0]
	}
	t := want
	if t != dataset.Categorical && t != dataset.Text {
		t = c.typ
	}
	if t != dataset.Categorical && t != dataset.Text {
		t = dataset.Categorical
		if present > 0 && float64(cs.Distinct)/float64(present) > 0.5 && float64(c.text.lenSum)/float64(c.text.n) >= 20 {
			t = dataset.Text
		}
	}
	cs.Type = t
	cs.Text = &dataset.TextSummary{N: int(c.text.n), LengthMin: int(c.text.lenMin), LengthMax: int(c.text.lenMax), LengthSum: int(c.text.lenSum),
		WordCountMin: int(c.text.wordMin), WordCountMax: int(c.text.wordMax), WordCountSum: int(c.text.wordSum)}
	return cs
}

// categorySummary sorts categories by decreasing count, ties by value.
func categorySummary(keys []string, counts []int64, exact bool, bound int) *dataset.CategorySummary {
	h := &heavy[string]{counts: make(map[string]int64, len(keys))}
	for i, k := range keys {
		h.counts[k] = counts[i]
	}
	ks, cs := h.sorted()
	out := &dataset.CategorySummary{Values: ks, Counts: make([]int, len(cs)), Exact: exact, CountError: bound}
	for i, n := range cs {
		out.Counts[i] = int(n)
	}
	return out
}

func (c *times) summary(name string) *dataset.ColumnSummary {
	cs := &dataset.ColumnSummary{Name: name, Type: dataset.Datetime, Rows: int(c.rows), Missing: int(c.missing)}
	cs.Time = &dataset.TimeSummary{Count: int(c.n), First: c.first, Last: c.last, DateOnly: c.dateOnly}
	if c.exact != nil {
		cs.Distinct = len(c.exact.keys)
		best := -1
		for i, n := range c.exact.counts {
			if best < 0 || n > c.exact.counts[best] {
				best = i
			}
		}
		if best >= 0 {
			cs.MostCommon, cs.MostCommonCount = c.exact.keys[best], int(c.exact.counts[best])
		}
		return cs
	}
	d := c.hll.estimate()
	cs.Distinct = int(math.Round(d))
	cs.DistinctError = int(math.Ceil(d * c.hll.relativeError()))
	cs.MostCommonError = int(c.n) // not known
	return cs
}

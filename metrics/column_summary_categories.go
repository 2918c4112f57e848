package metrics

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/dataset"
)

// maxListedCategories bounds the categories a summary lists; the rest are
// folded into OtherCategories and OtherCount.
const maxListedCategories = 1000

// CategoricalStats are the per-category counts of a categorical or text
// column: the most frequent first (ties in order of first appearance), at
// most 1000 of them.
type CategoricalStats struct {
	Counts []ValueCount `json:"counts"`
	// OtherCategories and OtherCount are the number of categories beyond
	// the listed ones and the rows they hold.
	OtherCategories int `json:"other_categories,omitempty"`
	OtherCount      int `json:"other_count,omitempty"`
}

// ValueCount is one category and its number of rows.
type ValueCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// DatetimeStats are the first and last instants of a datetime column, in
// RFC 3339 (a date alone for a date-only column); null when all missing.
type DatetimeStats struct {
	First *string `json:"first"`
	Last  *string `json:"last"`
}

// TextStats describe the values of a text column: their length in Unicode
// code points (pandas Series.str.len) and their number of words, the
// whitespace-separated fields (Python str.split(), with Go's
// unicode.IsSpace as the notion of whitespace). Means are over the
// non-missing values; all are null when every value is missing.
type TextStats struct {
	LengthMin     Float `json:"length_min"`
	LengthMean    Float `json:"length_mean"`
	LengthMax     Float `json:"length_max"`
	WordCountMin  Float `json:"word_count_min"`
	WordCountMean Float `json:"word_count_mean"`
	WordCountMax  Float `json:"word_count_max"`
}

// stringStats fills st for a categorical or text column.
func stringStats(st *ColumnStats, c *dataset.StringColumn) {
	counts := levelCounts(c)
	levels := c.Levels()
	order := make([]int, 0, len(levels))
	for k, n := range counts {
		if n > 0 {
			order = append(order, k)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return counts[b] - counts[a] })
	st.Distinct = len(order)
	if len(order) > 0 {
		st.MostCommon, st.MostCommonCount = levels[order[0]], counts[order[0]]
	}
	cs := &CategoricalStats{Counts: []ValueCount{}}
	for i, k := range order {
		if i < maxListedCategories {
			cs.Counts = append(cs.Counts, ValueCount{Value: levels[k], Count: counts[k]})
		} else {
			cs.OtherCategories++
			cs.OtherCount += counts[k]
		}
	}
	st.CategoricalStats = cs
	if c.Type() == dataset.Text {
		st.TextStats = textStats(levels, counts)
	}
}

// textStats computes TextStats from each distinct value and its count.
func textStats(levels []string, counts []int) *TextStats {
	nan := Float(math.NaN())
	ts := &TextStats{LengthMin: nan, LengthMean: nan, LengthMax: nan, WordCountMin: nan, WordCountMean: nan, WordCountMax: nan}
	var n, sumLen, sumWords float64
	minLen, maxLen, minW, maxW := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for k, c := range counts {
		if c == 0 {
			continue
		}
		l := float64(utf8.RuneCountInString(levels[k]))
		w := float64(len(strings.Fields(levels[k])))
		n += float64(c)
		sumLen += l * float64(c)
		sumWords += w * float64(c)
		minLen, maxLen = math.Min(minLen, l), math.Max(maxLen, l)
		minW, maxW = math.Min(minW, w), math.Max(maxW, w)
	}
	if n > 0 {
		ts.LengthMin, ts.LengthMean, ts.LengthMax = Float(minLen), Float(sumLen/n), Float(maxLen)
		ts.WordCountMin, ts.WordCountMean, ts.WordCountMax = Float(minW), Float(sumWords/n), Float(maxW)
	}
	return ts
}

// timeStats fills st for a datetime column.
func timeStats(st *ColumnStats, c *dataset.TimeColumn) {
	vals := c.UnixNanos()
	if c.NullN() > 0 {
		vals = make([]int64, 0, c.Len()-c.NullN())
		for i, v := range c.UnixNanos() {
			if !c.IsNull(i) {
				vals = append(vals, v)
			}
		}
	}
	ds := &DatetimeStats{}
	st.DatetimeStats = ds
	if len(vals) == 0 {
		return
	}
	format := func(ns int64) string {
		t := time.Unix(0, ns).UTC()
		if c.DateOnly() {
			return t.Format(time.DateOnly)
		}
		return t.Format(time.RFC3339Nano)
	}
	r := runsOf(vals)
	first, last := format(r.lo), format(r.hi)
	ds.First, ds.Last = &first, &last
	st.Distinct, st.MostCommonCount = r.distinct, r.modeCount
	st.MostCommon = format(r.mode)
}

// categoryQuantiles returns the p-quantiles, p in qs, of the numbers a
// categorical column spells when every present value is a number (as
// pandas computes Series.quantile of an integer column that telltale
// types categorical), by linear interpolation over the values sorted with
// their counts; nil when a value is not a number. Infinite values are
// dropped, as for a numerical column.
func categoryQuantiles(c *dataset.StringColumn, qs []float64) map[string]Float {
	nums, ok := dataset.NumericLevels(c)
	if !ok {
		return nil
	}
	counts := levelCounts(c)
	type run struct {
		v float64
		n int
	}
	var runs []run
	n := 0
	for k, cnt := range counts {
		if cnt > 0 && !math.IsInf(nums[k], 0) {
			runs = append(runs, run{nums[k], cnt})
			n += cnt
		}
	}
	slices.SortFunc(runs, func(a, b run) int { return cmp.Compare(a.v, b.v) })
	// at returns the i-th smallest value.
	at := func(i int) float64 {
		for _, r := range runs {
			if i < r.n {
				return r.v
			}
			i -= r.n
		}
		return math.NaN()
	}
	out := make(map[string]Float, len(qs))
	for _, p := range qs {
		q := math.NaN()
		if n > 0 {
			h := float64(n-1) * p
			i := int(math.Floor(h))
			if i >= n-1 {
				q = at(n - 1)
			} else {
				q = lerpQuantile(at(i), at(i+1), h-float64(i))
			}
		}
		out[strconv.FormatFloat(p, 'g', -1, 64)] = Float(q)
	}
	return out
}

package metrics

import (
	"maps"
	"math"
	"slices"
	"strconv"
)

// ColumnStats is the summary of one column on one side (reference or
// current). The fields common to every type come first; the embedded
// pointers add the fields of the column's type and are nil (absent from
// JSON) for the others.
//
// Shares are over all rows of the side, as Evidently's new API divides
// (missing_share = missing/rows, distinct_share = distinct/rows,
// most_common_share = count of the most common value / rows); they are
// null for a side with no rows.
type ColumnStats struct {
	// Rows is the number of rows; Count the number of non-missing values
	// (infinite values count: pandas Series.count).
	Rows         int   `json:"rows"`
	Count        int   `json:"count"`
	Missing      int   `json:"missing"`
	MissingShare Float `json:"missing_share"`
	// Distinct is the number of distinct non-missing values
	// (pandas Series.nunique(dropna=True)).
	Distinct      int   `json:"distinct"`
	DistinctShare Float `json:"distinct_share"`
	// MostCommon is the most frequent non-missing value (a number, a string
	// or an RFC 3339 time; null when every value is missing). Ties go to the
	// smallest number or time, or to the category seen first.
	MostCommon      any   `json:"most_common"`
	MostCommonCount int   `json:"most_common_count"`
	MostCommonShare Float `json:"most_common_share"`
	// Quantiles holds the quantiles asked for beyond the quartiles, keyed
	// by the quantile as written by strconv.FormatFloat(q, 'g', -1, 64):
	// of the finite values of a numerical column, and of the numbers of a
	// categorical column whose values are all numbers (a column of codes
	// such as 0, 1, 2, which Evidently also takes quantiles of). Absent
	// for other columns.
	Quantiles map[string]Float `json:"quantiles,omitempty"`

	*NumericStats
	*CategoricalStats
	*DatetimeStats
	*TextStats

	// Approximate is set when the statistics come from a sketch and some
	// are estimates: their error bounds.
	Approximate *StatsBound `json:"approximate,omitempty"`
}

// NumericStats are the statistics of a numerical column.
//
// Mean, Std, Min, Max, the quantiles and Sum are over the finite values:
// missing and infinite values are dropped first (infinite ones are counted
// in Infinite), where pandas would return ±inf or NaN. With no finite value
// they are null, except Sum, which is 0 as pandas' sum of nothing.
//
//	mean = Σx / n                         (pandas Series.mean)
//	std  = sqrt(Σ(x-mean)² / (n-1))       (pandas Series.std, ddof=1; null for n < 2)
//	q(p) = x[⌊h⌋] + (h-⌊h⌋)(x[⌊h⌋+1]-x[⌊h⌋]), h = (n-1)p over sorted x
//	                                      (pandas Series.quantile, interpolation='linear')
type NumericStats struct {
	Mean Float `json:"mean"`
	Std  Float `json:"std"`
	Min  Float `json:"min"`
	Max  Float `json:"max"`
	Q25  Float `json:"q25"`
	Q50  Float `json:"q50"`
	Q75  Float `json:"q75"`
	Sum  Float `json:"sum"`
	// Infinite counts +Inf and -Inf values; Zeros counts values equal to 0.
	Infinite int `json:"infinite"`
	Zeros    int `json:"zeros"`
}

// numericStats summarises a numerical column from its sorted finite values
// (v) and its raw values (needed only to split infinities by sign).
func numericStats(v numericView, raw []float64) (*NumericStats, distinctMode) {
	n := v.len()
	nan := Float(math.NaN())
	st := &NumericStats{Mean: nan, Std: nan, Min: nan, Max: nan, Q25: nan, Q50: nan, Q75: nan, Infinite: v.Infinite}
	sum := v.neumaierSum()
	st.Sum = Float(sum)
	if n > 0 {
		mean := sum / float64(n)
		st.Mean = Float(mean)
		st.Min, st.Max = Float(v.at(0)), Float(v.at(n-1))
		if n > 1 {
			st.Std = Float(math.Sqrt(v.sumSquaredDev(mean) / float64(n-1)))
		}
	}
	st.Q25, st.Q50, st.Q75 = Float(v.quantile(0.25)), Float(v.quantile(0.5)), Float(v.quantile(0.75))
	st.Zeros = v.atMost(0) - v.below(0)

	// Distinct values and the most common one, from runs of the sorted
	// values, then the infinities (-Inf sorts before, +Inf after).
	var d distinctMode
	var posInf, negInf int
	if v.Infinite > 0 {
		for _, x := range raw {
			if math.IsInf(x, 1) {
				posInf++
			} else if math.IsInf(x, -1) {
				negInf++
			}
		}
	}
	if negInf > 0 {
		d.observe(math.Inf(-1), negInf)
	}
	if v.runs != nil {
		r := v.runs.distinctMode()
		d.distinct += r.distinct
		if r.count > d.count {
			d.mode, d.count = r.mode, r.count
		}
	} else {
		x := v.Values
		for i := 0; i < n; {
			j := i + 1
			for j < n && x[j] == x[i] {
				j++
			}
			d.observe(x[i]+0, j-i) // +0 folds -0 into 0
			i = j
		}
	}
	if posInf > 0 {
		d.observe(math.Inf(1), posInf)
	}
	return st, d
}

// quantileMap returns the p-quantiles of v for p in qs, keyed as
// ColumnStats.Quantiles.
func (v numericView) quantileMap(qs []float64) map[string]Float {
	m := make(map[string]Float, len(qs))
	for _, q := range qs {
		m[strconv.FormatFloat(q, 'g', -1, 64)] = Float(v.quantile(q))
	}
	return m
}

// clone returns a copy of s that shares nothing mutable with it.
func (s *ColumnStats) clone() *ColumnStats {
	c := *s
	c.Quantiles = maps.Clone(s.Quantiles)
	if s.NumericStats != nil {
		ns := *s.NumericStats
		c.NumericStats = &ns
	}
	if s.CategoricalStats != nil {
		cs := *s.CategoricalStats
		cs.Counts = slices.Clone(cs.Counts)
		c.CategoricalStats = &cs
	}
	if s.DatetimeStats != nil {
		ds := *s.DatetimeStats
		for _, p := range []**string{&ds.First, &ds.Last} {
			if *p != nil {
				v := **p
				*p = &v
			}
		}
		c.DatetimeStats = &ds
	}
	if s.TextStats != nil {
		ts := *s.TextStats
		c.TextStats = &ts
	}
	return &c
}

// distinctMode counts distinct values and keeps the first most frequent.
type distinctMode struct {
	distinct int
	mode     float64
	count    int
}

func (d *distinctMode) observe(v float64, k int) {
	d.distinct++
	if k > d.count {
		d.mode, d.count = v, k
	}
}

// linearQuantile returns the p-quantile of sorted (ascending, no NaN) by linear
// interpolation, as pandas.Series.quantile(p, interpolation='linear') and
// numpy.quantile(method='linear'):
//
//	h = (n-1)·p;  q = x[⌊h⌋] + (h-⌊h⌋)·(x[⌊h⌋+1] - x[⌊h⌋])
//
// It returns NaN for an empty slice or p outside [0, 1].
func linearQuantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	h := float64(n-1) * p
	i := int(math.Floor(h))
	if i >= n-1 {
		return sorted[n-1]
	}
	return lerpQuantile(sorted[i], sorted[i+1], h-float64(i))
}

// lerpQuantile interpolates between neighbours lo and hi of a sorted
// sequence at fraction frac of the way, as numpy does.
func lerpQuantile(lo, hi, frac float64) float64 {
	if frac == 0 || lo == hi {
		return lo
	}
	// numpy's _lerp: a + (b-a)·t, switched to b - (b-a)·(1-t) for t ≥ 0.5.
	// When b - a overflows (numpy gives ±inf or nan), the convex form
	// a·(1-t) + b·t cannot.
	if math.IsInf(hi-lo, 0) {
		return lo*(1-frac) + hi*frac
	}
	if frac >= 0.5 {
		return hi - (hi-lo)*(1-frac)
	}
	return lo + (hi-lo)*frac
}

// neumaierSum is the compensated sum of x (Neumaier's variant of Kahan
// summation), accurate to about one rounding whatever the order.
func neumaierSum(x []float64) float64 {
	var s, c float64
	for _, v := range x {
		t := s + v
		if math.Abs(s) >= math.Abs(v) {
			c += (s - t) + v
		} else {
			c += (v - t) + s
		}
		s = t
	}
	return s + c
}

// sumSquaredDev returns Σ(x-mean)², compensated, with the correction term
// of the corrected two-pass algorithm (Chan, Golub and LeVeque 1983).
func sumSquaredDev(x []float64, mean float64) float64 {
	var s, c, d float64
	for _, v := range x {
		dv := v - mean
		d += dv
		sq := float64(dv * dv) // rounded, never fused into the sum (as valueRuns)
		t := s + sq
		if s >= sq {
			c += (s - t) + sq
		} else {
			c += (sq - t) + s
		}
		s = t
	}
	return math.Max(0, s+c-d*d/float64(len(x)))
}

// searchFloat returns the first index i with sorted[i] >= v.
func searchFloat(sorted []float64, v float64) int {
	lo, hi := 0, len(sorted)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if sorted[m] < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// searchAbove returns the first index i with sorted[i] > v.
func searchAbove(sorted []float64, v float64) int {
	lo, hi := 0, len(sorted)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if sorted[m] <= v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

package dataset

// Summary is a dataset known by per-column summaries instead of its rows:
// what package sketch derives from a sketch, for the metrics that can be
// computed without rows (drift, summaries, missing values). Counts are
// exact; values that are estimates carry the bound of their error.
type Summary struct {
	// Source names the data, for messages: the sketch file.
	Source string
	Rows   int
	// RowsWithMissing counts the rows with at least one missing value,
	// EmptyRows those with every value missing (exact).
	RowsWithMissing int
	EmptyRows       int
	Columns         []*ColumnSummary
	// Notes are remarks worth showing to a user.
	Notes []string
}

// Column returns the column called name.
func (s *Summary) Column(name string) (*ColumnSummary, bool) {
	for _, c := range s.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// Names returns the column names in order.
func (s *Summary) Names() []string {
	out := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		out[i] = c.Name
	}
	return out
}

// ColumnSummary summarises one column. Exactly one of Numeric, Categories
// (with Text for a text column) and Time is set, by Type.
type ColumnSummary struct {
	Name    string
	Type    Type
	Rows    int
	Missing int
	// Distinct is the number of distinct non-missing values; the true
	// number is within DistinctError of it (0: exact).
	Distinct      int
	DistinctError int
	// MostCommon is the most frequent non-missing value (float64, string,
	// or Unix nanoseconds as int64 for a datetime column), nil when there
	// is none or it is not known; MostCommonCount its count, which may be
	// short of the true count by up to MostCommonError. When MostCommon is
	// nil and MostCommonError is not 0, the value is not known and its
	// count is at most MostCommonError.
	MostCommon      any
	MostCommonCount int
	MostCommonError int

	Numeric    *NumericSummary
	Categories *CategorySummary
	Text       *TextSummary
	Time       *TimeSummary
}

// NumericSummary describes the finite values of a numerical column.
// Count, the infinite and zero counts, Min and Max are exact; Mean and M2
// (the sum of squared deviations from the mean) are exact up to
// floating-point rounding.
type NumericSummary struct {
	Count          int
	PosInf, NegInf int
	Zeros          int
	Mean, M2       float64
	Min, Max       float64
	// Integer reports that every value was read from integers.
	Integer bool
	// CDF is the distribution of the finite values.
	CDF CDF
	// Histogram counts the finite values on fixed bins (exact).
	Histogram Histogram
}

// Histogram is a histogram on equal-width bins: bin i holds the values in
// [Lo + i·Width, Lo + (i+1)·Width).
type Histogram struct {
	Lo, Width float64
	Counts    []int
}

// CDF is an estimate of the number of values at most x, for every x, with
// a bound on its error: a step function that is constant on
// [Values[i], Values[i+1]), 0 below Values[0] and Count from the last
// value on.
//
// For x in [Values[i], Values[i+1]) the estimate is Cum[i] and the true
// count differs from it by at most Err[i]; below Values[0] the count is 0
// and from the last value on it is the total (both exact: Values[0] is the
// minimum and the last value the maximum). Exact reports that every Err is
// 0: Values are then the distinct values and Cum their cumulative counts.
// The bounds hold with probability Confidence (1 for exact or
// deterministic bounds).
type CDF struct {
	Values     []float64
	Cum        []float64
	Err        []float64
	Exact      bool
	Confidence float64
}

// Total returns the number of values.
func (c *CDF) Total() float64 {
	if len(c.Cum) == 0 {
		return 0
	}
	return c.Cum[len(c.Cum)-1]
}

// At returns the estimated number of values at most x and its error bound.
func (c *CDF) At(x float64) (est, err float64) {
	i := c.segment(x)
	if i < 0 {
		return 0, 0
	}
	return c.Cum[i], c.Err[i]
}

// Below returns the estimated number of values less than x and its error
// bound.
func (c *CDF) Below(x float64) (est, err float64) {
	i := c.segment(x)
	if i >= 0 && c.Values[i] == x {
		i--
	}
	if i < 0 {
		return 0, 0
	}
	return c.Cum[i], c.Err[i]
}

// segment returns the index of the last value <= x, -1 when none is.
func (c *CDF) segment(x float64) int {
	lo, hi := 0, len(c.Values)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.Values[m] <= x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// MaxErr returns the largest error bound of the estimate.
func (c *CDF) MaxErr() float64 {
	var m float64
	for _, e := range c.Err {
		m = max(m, e)
	}
	return m
}

// OrderStat returns an estimate of the j-th smallest value (0-based) and
// an interval [lo, hi] that holds it.
func (c *CDF) OrderStat(j float64) (est, lo, hi float64) {
	first := func(ok func(i int) bool) float64 {
		for i := range c.Values {
			if ok(i) {
				return c.Values[i]
			}
		}
		return c.Values[len(c.Values)-1]
	}
	est = first(func(i int) bool { return c.Cum[i] >= j+1 })
	lo = first(func(i int) bool { return c.Cum[i]+c.Err[i] >= j+1 })
	hi = first(func(i int) bool { return c.Cum[i]-c.Err[i] >= j+1 })
	return est, lo, hi
}

// Quantile returns the p-quantile with linear interpolation between order
// statistics (pandas Series.quantile, interpolation='linear'):
// h = (n-1)p, q = x[⌊h⌋] + (h-⌊h⌋)(x[⌊h⌋+1]-x[⌊h⌋]); with an interval
// that holds the true value. It returns NaNs for an empty CDF.
func (c *CDF) Quantile(p float64) (q, lo, hi float64) {
	n := c.Total()
	if n == 0 {
		nan := 0.0
		nan /= nan
		return nan, nan, nan
	}
	h := (n - 1) * p
	f := float64(int64(h))
	a, alo, ahi := c.OrderStat(f)
	if h == f {
		return a, alo, ahi
	}
	b, blo, bhi := c.OrderStat(f + 1)
	t := h - f
	return a + t*(b-a), alo + t*(blo-alo), ahi + t*(bhi-ahi)
}

// CategorySummary holds the counts of a categorical or text column's
// values, most frequent first (ties by value). When Exact, every
// non-missing value is listed with its exact count. Otherwise the listed
// counts are Misra-Gries estimates: each true count is between Count and
// Count+CountError, and an unlisted value occurs at most CountError times.
type CategorySummary struct {
	Values     []string
	Counts     []int
	Exact      bool
	CountError int
}

// TextSummary are the exact length (in Unicode code points) and word-count
// statistics of a string column's non-missing values.
type TextSummary struct {
	N                          int
	LengthMin, LengthMax       int
	LengthSum                  int
	WordCountMin, WordCountMax int
	WordCountSum               int
}

// TimeSummary describes a datetime column: its first and last instants in
// Unix nanoseconds (exact), and whether every value was a date.
type TimeSummary struct {
	Count       int
	First, Last int64
	DateOnly    bool
}

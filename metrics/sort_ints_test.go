package metrics

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/telltale-ml/telltale/dataset"
)

// simpleRuns is runsOf the plain way: sort, then walk the runs.
func simpleRuns(vals []int64) intRuns {
	s := slices.Sorted(slices.Values(vals))
	var r intRuns
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j] == s[i] {
			j++
		}
		r.distinct++
		if j-i > r.modeCount {
			r.mode, r.modeCount = s[i], j-i
		}
		i = j
	}
	if len(s) > 0 {
		r.lo, r.hi = s[0], s[len(s)-1]
	}
	return r
}

// intCases draws integer columns that take each path: counting with step
// 1, counting on a grid (timestamps to the minute), radix sort over a wide
// range, and the extremes of int64.
func intCases(r *rand.Rand, n int) map[string][]int64 {
	out := map[string][]int64{}
	draw := func(name string, f func() int64) {
		v := make([]int64, n)
		for i := range v {
			v[i] = f()
		}
		out[name] = v
	}
	draw("small range", func() int64 { return r.Int64N(3000) - 1500 })
	draw("minute grid", func() int64 { return 978307260_000_000_000 + r.Int64N(100_000)*60_000_000_000 })
	draw("grid with an offender", func() int64 {
		if r.IntN(1000) == 0 {
			return 7 + r.Int64N(100)*1_000_000_007
		}
		return r.Int64N(100) * 1_000_000_007
	})
	draw("wide", func() int64 { return int64(r.Uint64()) })
	draw("extremes", func() int64 {
		return []int64{math.MinInt64, math.MaxInt64, 0, -1, 1 << 53, 1<<53 + 1}[r.IntN(6)]
	})
	draw("huge ties", func() int64 { return 1<<60 + r.Int64N(5) })
	return out
}

func TestRunsOfMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for _, n := range []int{0, 1, 2, 500, 70_000} {
		for name, vals := range intCases(r, n) {
			orig := slices.Clone(vals)
			if got, want := runsOf(vals), simpleRuns(vals); got != want {
				t.Errorf("n=%d %s: runsOf = %+v, want %+v", n, name, got, want)
			}
			if got, want := sortInts(vals), slices.Sorted(slices.Values(vals)); !slices.Equal(got, want) && n > 0 {
				t.Errorf("n=%d %s: sortInts differs from slices.Sort", n, name)
			}
			if !slices.Equal(vals, orig) {
				t.Fatalf("n=%d %s: input modified", n, name)
			}
		}
	}
}

func TestCountIntsTakesTheGrid(t *testing.T) {
	vals := []int64{100, 100 + 3*60, 100 + 7*60, 100 + 7*60}
	for range 17 {
		vals = append(vals, 100+60*50_000) // span 3M > 64K slots, step 60
	}
	c, ok := countInts(vals)
	if !ok || c.step != 60 || c.lo != 100 || len(c.counts) != 50_001 || c.counts[7] != 2 || c.counts[50_000] != 17 {
		t.Fatalf("countInts = lo %d, step %d, %d slots, ok %v", c.lo, c.step, len(c.counts), ok)
	}
	if _, ok := countInts([]int64{0, 1, 1 << 40}); ok {
		t.Fatal("countInts counted a span of 2^40 slots")
	}
}

func TestDivisorMatchesDivision(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for range 2000 {
		g := r.Uint64N(1<<uint(r.IntN(63))) + 1
		d := newDivisor(g)
		for range 20 {
			u := r.Uint64()
			if r.IntN(2) == 0 {
				u = (u / g) * g
			}
			q, ok := d.div(u)
			if ok != (u%g == 0) || ok && q != u/g {
				t.Fatalf("div(%d) by %d = %d, %v", u, g, q, ok)
			}
		}
	}
}

// simpleSortedColumn is sortFinite the plain way.
func simpleSortedColumn(col *dataset.NumericColumn) Sorted {
	v, nan, inf := simpleSortFinite(col.Values())
	return Sorted{Values: v, Missing: nan, Infinite: inf}
}

func TestSortFiniteMatchesSimple(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	n := 40_000
	check := func(name string, col *dataset.NumericColumn) {
		t.Helper()
		got, want := sortFinite(col, nil), simpleSortedColumn(col)
		if s := got.sorted(); s.Missing != want.Missing || s.Infinite != want.Infinite || !slices.Equal(s.Values, want.Values) {
			t.Errorf("%s: sortFinite differs from slices.Sort", name)
		}
		// Statistics from runs (an integer column of a small range) or
		// from the radix-sorted values equal those from walking the values
		// slices.Sort sorted, to the bit.
		qs := []float64{0, 0.1, 0.5, 0.999, 1}
		gs, gd := numericStats(got, col.Values())
		ws, wd := numericStats(numericView{Sorted: want}, col.Values())
		if gd != wd {
			t.Errorf("%s: distinct/mode %+v, want %+v", name, gd, wd)
		}
		if !sameStats(gs, ws) || !sameQuantiles(got.quantileMap(qs), numericView{Sorted: want}.quantileMap(qs)) {
			t.Errorf("%s: stats %+v, want %+v", name, gs, ws)
		}
		gh := histogramOfViews(got, got, float64(gs.Sum), float64(gs.Sum), true)
		wh := sharedHistogram(want.Values, want.Values, true)
		if !sameHistogram(gh, wh) {
			t.Errorf("%s: histogram %v, want %v", name, gh, wh)
		}
		if strings.HasPrefix(name, "small range") != (got.runs != nil) {
			t.Errorf("%s: counted as runs: %v", name, got.runs != nil)
		}
	}
	for name, vals := range intCases(r, n) {
		nulls := make([]bool, n)
		for i := range nulls {
			nulls[i] = r.IntN(10) == 0
		}
		check(name, dataset.NewIntColumn("x", slices.Clone(vals), nil))
		check(name+" with nulls", dataset.NewIntColumn("x", vals, nulls))
	}
	check("floats", dataset.NewNumericColumn("x", specialFloats(r, n)))
}

// sameQuantiles compares quantile maps bit for bit (NaN equal to NaN).
func sameQuantiles(a, b map[string]Float) bool {
	for k, v := range a {
		if math.Float64bits(float64(v)) != math.Float64bits(float64(b[k])) {
			return false
		}
	}
	return len(a) == len(b)
}

// sameStats compares NumericStats bit for bit (NaN equal to NaN).
func sameStats(a, b *NumericStats) bool {
	same := func(x, y Float) bool { return math.Float64bits(float64(x)) == math.Float64bits(float64(y)) }
	return same(a.Mean, b.Mean) && same(a.Std, b.Std) && same(a.Min, b.Min) &&
		same(a.Max, b.Max) && same(a.Q25, b.Q25) && same(a.Q50, b.Q50) && same(a.Q75, b.Q75) && same(a.Sum, b.Sum) &&
		a.Infinite == b.Infinite && a.Zeros == b.Zeros
}

func TestTimeStatsMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	n := 30_000
	for name, vals := range intCases(r, n) {
		times := make([]time.Time, n)
		nulls := make([]bool, n)
		var present []int64
		for i, v := range vals {
			times[i] = time.Unix(0, v)
			nulls[i] = r.IntN(8) == 0
			if !nulls[i] {
				present = append(present, v)
			}
		}
		col := dataset.NewTimeColumn("t", times, nulls)
		st := &ColumnStats{}
		timeStats(st, col)
		want := simpleRuns(present)
		format := func(ns int64) string { return time.Unix(0, ns).UTC().Format(time.RFC3339Nano) }
		if st.Distinct != want.distinct || st.MostCommonCount != want.modeCount || st.MostCommon != format(want.mode) ||
			*st.First != format(want.lo) || *st.Last != format(want.hi) {
			t.Errorf("%s: timeStats = %d distinct, %v ×%d, %s..%s; want %+v", name, st.Distinct, st.MostCommon,
				st.MostCommonCount, *st.First, *st.Last, want)
		}
	}
}

func TestCachedStatsAreCopies(t *testing.T) {
	f, err := dataset.New("t", dataset.NewNumericColumn("x", []float64{1, 2, 2}),
		dataset.NewStringColumn("s", dataset.Categorical, []string{"a", "b", "b"}, nil))
	if err != nil {
		t.Fatal(err)
	}
	in := &Input{Current: f, Cache: &Cache{}}
	m := &ColumnSummaries{Quantiles: []float64{0.5}}
	first, _ := m.Compute(context.Background(), in)
	a := first.(*ColumnSummariesResult)
	a.Column("x").Current.Mean = 99
	a.Column("x").Current.Quantiles["0.5"] = 99
	a.Column("s").Current.Counts[0].Count = 99
	second, _ := m.Compute(context.Background(), in)
	b := second.(*ColumnSummariesResult)
	if b.Column("x").Current.Mean != 5.0/3 || b.Column("x").Current.Quantiles["0.5"] != 2 || b.Column("s").Current.Counts[0].Count != 2 {
		t.Fatal("changing one summary changed the cached statistics")
	}
}

// sameHistogram compares histograms bit for bit (NaN edges equal).
func sameHistogram(a, b *Histogram) bool {
	if a == nil || b == nil {
		return a == b
	}
	bitsOf := func(x []float64) []uint64 {
		out := make([]uint64, len(x))
		for i, v := range x {
			out[i] = math.Float64bits(v)
		}
		return out
	}
	return slices.Equal(bitsOf(a.Edges), bitsOf(b.Edges)) && slices.Equal(a.Current, b.Current) && slices.Equal(a.Reference, b.Reference)
}

// narrowCases are columns for countNarrow's window: ranges that fit it
// from the first value, that widen it again and again, that need exactly
// the most slots or one more, outliers early and late, and the ends of
// int64.
func narrowCases(r *rand.Rand) map[string][]int64 {
	n := 40_000
	limit := int64(maxCountSlots(n))
	out := map[string][]int64{}
	draw := func(name string, f func(i int) int64) {
		v := make([]int64, n)
		for i := range v {
			v[i] = f(i)
		}
		out[name] = v
	}
	draw("narrow", func(int) int64 { return r.Int64N(100) + 7 })
	draw("growing", func(i int) int64 { return int64(i) * int64(i%2*2-1) })
	draw("span limit-1", func(i int) int64 { return []int64{5, 5 + limit - 1, 5 + r.Int64N(limit)}[i%3] })
	draw("span limit", func(i int) int64 { return []int64{5, 5 + limit, 5 + r.Int64N(limit)}[i%3] })
	draw("late outlier", func(i int) int64 {
		if i == n-1 {
			return 1 << 40
		}
		return r.Int64N(1000)
	})
	draw("late outlier within the limit", func(i int) int64 {
		if i == n-1 {
			return -limit + 1000
		}
		return r.Int64N(1000)
	})
	draw("MinInt64", func(int) int64 { return math.MinInt64 + r.Int64N(50) })
	draw("MaxInt64", func(int) int64 { return math.MaxInt64 - r.Int64N(50) })
	draw("both ends", func(i int) int64 { return []int64{math.MinInt64, math.MaxInt64}[i%2] })
	draw("one value", func(int) int64 { return -3 })
	// A window around the first value must not wrap past an end of int64
	// to take a value from the other end.
	draw("first near MaxInt64, then MinInt64", func(i int) int64 {
		return []int64{math.MaxInt64 - 10, math.MinInt64 + 5}[min(i, 1)]
	})
	draw("first near MinInt64, then MaxInt64", func(i int) int64 {
		return []int64{math.MinInt64 + 10, math.MaxInt64 - 5}[min(i, 1)]
	})
	return out
}

// TestCountNarrowIsCountSpan: countNarrow counts whenever the values span
// fewer slots than the limit (for these shapes, none of which widens the
// window more than maxWidenings times), and then as countSpan does.
func TestCountNarrowIsCountSpan(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	cases := narrowCases(r)
	for name, vals := range intCases(r, 30_000) {
		cases["intCases "+name] = vals
	}
	for name, vals := range cases {
		want, wantOK := countSpan(vals)
		got, ok := countNarrow(vals)
		if wantStep1 := wantOK && want.step == 1; ok != wantStep1 {
			t.Errorf("%s: countNarrow ok = %v, countSpan counted with step 1: %v", name, ok, wantStep1)
			continue
		}
		if ok && (got.lo != want.lo || got.step != want.step || !slices.Equal(got.counts, want.counts)) {
			t.Errorf("%s: countNarrow = lo %d, %d slots; countSpan = lo %d, %d slots", name, got.lo, len(got.counts), want.lo, len(want.counts))
		}
	}
}

func BenchmarkCountInts(b *testing.B) {
	r := rand.New(rand.NewPCG(6, 6))
	vals := make([]int64, 1_500_000)
	for i := range vals {
		vals[i] = int64(r.NormFloat64()*40) + 5 // delays in minutes
	}
	b.Run("countInts", func(b *testing.B) {
		for b.Loop() {
			countInts(vals)
		}
	})
	b.Run("countSpan", func(b *testing.B) {
		for b.Loop() {
			countSpan(vals)
		}
	})
}

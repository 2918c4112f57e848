package metrics

import (
	"sync"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/radixsort"
)

// Cache holds work that several metrics of one report share: each numerical
// column's finite values, sorted once, and each column's summary statistics.
// A Cache is safe for concurrent use; the zero value is ready. Values it
// returns must not be modified.
//
// Sorted copies of float columns are held weakly: metrics that use a
// column's sorted values at the same time, or one after the other before the
// garbage collector runs, share one sort, but the cache does not keep a
// second copy of every column alive for the whole report. A column asked
// for again after its copy was reclaimed is sorted again, to the same
// values.
type Cache struct {
	mu     sync.Mutex
	views  map[cacheKey]*weakEntry[numericView]
	sorted map[cacheKey]*weakEntry[Sorted]
	stats  map[cacheKey]*onceEntry[*ColumnStats]
	// buckets are each frame's rows by time bucket, keyed by the datetime
	// column and the period ("ts\x00week").
	buckets map[cacheKey]*onceEntry[bucketed]
	// descriptors are text descriptors' columns, keyed by the frame and
	// the descriptor's ID.
	descriptors map[cacheKey]*onceEntry[descriptorResult]
	// scratch is the working space of the sorts of float columns, lent
	// from one sort to the next.
	scratch scratchPool
}

// bucketed is each row's time bucket (-1 for a missing timestamp) and the
// buckets' starts.
type bucketed struct {
	idx    []int32
	starts []int64
}

// timeBuckets returns bucketIndex(ts, period) for the datetime column ts
// of frame f, computed once per frame, column and period.
func (c *Cache) timeBuckets(f *dataset.Frame, ts *dataset.TimeColumn, period string) ([]int32, []int64) {
	compute := func() bucketed {
		idx, starts := bucketIndex(ts, period)
		return bucketed{idx, starts}
	}
	if c == nil {
		b := compute()
		return b.idx, b.starts
	}
	b := cached(c, &c.buckets, cacheKey{f, ts.Name() + "\x00" + period}, compute)
	return b.idx, b.starts
}

type cacheKey struct {
	frame  *dataset.Frame
	column string
}

type onceEntry[T any] struct {
	once sync.Once
	v    T
}

// cached returns the value of key k in m (created under c.mu), computing it
// with compute the first time.
func cached[T any](c *Cache, m *map[cacheKey]*onceEntry[T], k cacheKey, compute func() T) T {
	c.mu.Lock()
	if *m == nil {
		*m = map[cacheKey]*onceEntry[T]{}
	}
	e, ok := (*m)[k]
	if !ok {
		e = &onceEntry[T]{}
		(*m)[k] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.v = compute() })
	return e.v
}

// Sorted is a numerical column's finite values in ascending order, with the
// counts of what was dropped to get them.
type Sorted struct {
	Values   []float64 // finite values, ascending
	Missing  int       // rows that were missing (null or NaN)
	Infinite int       // rows that were +Inf or -Inf
}

// Dropped returns the number of rows not in Values.
func (s Sorted) Dropped() int { return s.Missing + s.Infinite }

// SortedValues returns the sorted finite values of numerical column c of
// frame f. With a non-nil cache, each column is sorted once however many
// metrics ask; a nil cache sorts every time.
func (c *Cache) SortedValues(f *dataset.Frame, col *dataset.NumericColumn) Sorted {
	v := c.numericView(f, col)
	if c == nil || v.runs == nil {
		return v.sorted()
	}
	return cachedWeak(c, &c.sorted, cacheKey{f, col.Name()}, v.sorted)
}

// numericView returns the sorted finite values of numerical column c of
// frame f, as runs for an integer column counted by value: what
// SortedValues returns, without writing out every value.
func (c *Cache) numericView(f *dataset.Frame, col *dataset.NumericColumn) numericView {
	if c == nil {
		return sortFinite(col, nil)
	}
	return cachedWeak(c, &c.views, cacheKey{f, col.Name()}, func() numericView { return sortFinite(col, &c.scratch) })
}

// baseStats returns the statistics of column col of frame f without extra
// quantiles, computed once per column with a non-nil cache. The result is
// shared: copy it before changing it (see ColumnStats.clone).
func (c *Cache) baseStats(f *dataset.Frame, col dataset.Column) *ColumnStats {
	if c == nil {
		return computeStats(c, f, col)
	}
	return cached(c, &c.stats, cacheKey{f, col.Name()}, func() *ColumnStats { return computeStats(c, f, col) })
}

// asInt64s returns vals as int64: vals itself when they are.
func asInt64s[T integer](vals []T) []int64 {
	if v, ok := any(vals).([]int64); ok {
		return v
	}
	out := make([]int64, len(vals))
	for i, x := range vals {
		out[i] = int64(x)
	}
	return out
}

// sortFinite sorts the finite values of col: integer columns by counting
// or by radix sort of their exact values, others by radix sort of their
// float64 bits, with working space from pool when it is not nil. The
// result is the slices.Sort order of the finite values, except that -0
// always comes before +0.
func sortFinite(col *dataset.NumericColumn, pool *scratchPool) numericView {
	if ints, ok := col.Int16s(); ok {
		return sortIntColumn(col, ints)
	}
	if ints, ok := col.Int32s(); ok {
		return sortIntColumn(col, ints)
	}
	if ints, ok := col.Ints(); ok {
		return sortIntColumn(col, ints)
	}
	var scratch []uint64
	if pool != nil {
		scratch = pool.get()
		defer func() { pool.put(scratch) }()
	}
	vals, nan, inf := radixsort.SortFloats(col.Values(), &scratch)
	return numericView{Sorted: Sorted{Values: vals, Missing: nan, Infinite: inf}}
}

// sortIntColumn sorts the present values of integer column col, whose exact
// values are ints (in the bits the column holds them in): as runs when
// they span few slots, each exact as a float64, else radix sorted.
func sortIntColumn[T integer](col *dataset.NumericColumn, ints []T) numericView {
	v := numericView{Sorted: Sorted{Missing: col.NullN()}}
	present := ints
	if v.Missing > 0 {
		present = make([]T, 0, len(ints)-v.Missing)
		for i, x := range ints {
			if !col.IsNull(i) {
				present = append(present, x)
			}
		}
	}
	const exact = 1 << 53 // float64 holds every integer of [-exact, exact]
	if c, ok := countInts(present); ok && c.lo >= -exact && c.value(len(c.counts)-1) <= exact {
		v.runs = runsFromCounts(c)
		return v
	}
	sorted := sortInts(asInt64s(present))
	v.Values = make([]float64, len(sorted))
	for i, x := range sorted {
		v.Values[i] = float64(x)
	}
	return v
}

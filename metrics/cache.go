package metrics

import (
	"math"
	"slices"
	"sync"

	"github.com/telltale-ml/telltale/dataset"
)

// Cache holds work that several metrics of one report share: each numerical
// column's finite values, sorted once. A Cache is safe for concurrent use;
// the zero value is ready. Values it returns must not be modified.
type Cache struct {
	mu     sync.Mutex
	sorted map[cacheKey]*sortedEntry
}

type cacheKey struct {
	frame  *dataset.Frame
	column string
}

type sortedEntry struct {
	once sync.Once
	s    Sorted
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
	if c == nil {
		return sortFinite(col)
	}
	c.mu.Lock()
	if c.sorted == nil {
		c.sorted = map[cacheKey]*sortedEntry{}
	}
	k := cacheKey{f, col.Name()}
	e, ok := c.sorted[k]
	if !ok {
		e = &sortedEntry{}
		c.sorted[k] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.s = sortFinite(col) })
	return e.s
}

func sortFinite(col *dataset.NumericColumn) Sorted {
	vals := col.Values()
	out := make([]float64, 0, len(vals)-col.NullN())
	var s Sorted
	for _, v := range vals {
		switch {
		case math.IsNaN(v):
			s.Missing++
		case math.IsInf(v, 0):
			s.Infinite++
		default:
			out = append(out, v)
		}
	}
	slices.Sort(out)
	s.Values = out
	return s
}

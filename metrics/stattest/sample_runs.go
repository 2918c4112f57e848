package stattest

import (
	"fmt"
	"math"
	"sort"

	"github.com/telltale-ml/telltale/internal/repsum"
)

// runs is a sorted sample kept as its distinct values in ascending order
// and where each one's run ends: vals[k] fills positions ends[k-1] (0 for
// k = 0) to ends[k]-1. A column of integers counted by value gives it
// without one number being written per row.
type runs struct {
	vals []float64
	ends []int
}

// count returns the length of run k.
func (r *runs) count(k int) int {
	if k == 0 {
		return r.ends[0]
	}
	return r.ends[k] - r.ends[k-1]
}

// len returns the number of values.
func (r *runs) len() int {
	if len(r.ends) == 0 {
		return 0
	}
	return r.ends[len(r.ends)-1]
}

// prefix returns the number of values in the first k runs.
func (r *runs) prefix(k int) int {
	if k == 0 {
		return 0
	}
	return r.ends[k-1]
}

// NewRunsSample returns the sample whose sorted values are vals[k] repeated
// up to position ends[k] (exclusive; ends[k-1], or 0, is where run k
// starts): the distinct values in ascending order and the cumulative counts
// of their runs. Tests that walk the distinct values (wasserstein, ks, cvm,
// anderson, mannwhitney, ...) and the statistics read the runs as they are;
// the others write the values out once, at their first use. It returns
// ErrNotFinite for NaN or ±Inf and ErrBadInput if vals is not strictly
// increasing or ends not increasing. Neither slice may be modified afterwards.
func NewRunsSample(vals []float64, ends []int) (*Sample, error) {
	if len(vals) != len(ends) {
		return nil, fmt.Errorf("stattest: %w: %d values and %d run ends", ErrBadInput, len(vals), len(ends))
	}
	prev := 0
	for k, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("stattest: %w: %v", ErrNotFinite, v)
		}
		if k > 0 && !(v > vals[k-1]) {
			return nil, fmt.Errorf("stattest: %w: run values not increasing at run %d", ErrBadInput, k)
		}
		if ends[k] <= prev {
			return nil, fmt.Errorf("stattest: %w: run %d is empty or ends before it starts", ErrBadInput, k)
		}
		prev = ends[k]
	}
	return &Sample{runs: &runs{vals: vals, ends: ends}}, nil
}

// values returns the sorted values, written out at the first call for a
// sample of runs.
func (s *Sample) values() []float64 {
	if s.runs != nil {
		s.flatOnce.Do(func() {
			out := make([]float64, s.runs.len())
			start := 0
			for k, v := range s.runs.vals {
				fill := out[start:s.runs.ends[k]]
				for i := range fill {
					fill[i] = v
				}
				start = s.runs.ends[k]
			}
			s.sorted = out
		})
	}
	return s.sorted
}

// computeRunStats is computeStats over runs: the same sums, value after
// value in the same order (repsum takes the steps of a run in batches, to
// the same bits).
func (smp *Sample) computeRunStats() {
	r := smp.runs
	out := &smp.stats
	n := r.len()
	if n == 0 {
		return
	}
	var sum, comp float64
	for k, x := range r.vals {
		sum, comp = repsum.Neumaier(sum, comp, x, r.count(k))
	}
	out.mean = (sum + comp) / float64(n)
	out.distinct = len(r.vals)
	var ss, c float64
	for k, v := range r.vals {
		d := v - out.mean
		ss, c = repsum.Kahan(ss, c, float64(d*d), r.count(k)) // d*d rounded, as computeStats's d2
	}
	out.std = math.Sqrt(ss / float64(n))
}

// cursor walks a sample's distinct values in ascending order.
type cursor struct {
	vals []float64 // the sorted values, or the distinct values of runs
	ends []int     // runs: where each run ends; nil for sorted values
	i    int
	end  int // runs: where the previous run ended
}

func newCursor(s *Sample) cursor {
	if s.runs != nil {
		return cursor{vals: s.runs.vals, ends: s.runs.ends}
	}
	return cursor{vals: s.sorted}
}

func (c *cursor) done() bool { return c.i >= len(c.vals) }

// head returns the smaller of two cursors' current values, the next
// value of their union in ascending order; one of them may be done, not
// both.
func head(x, y *cursor) float64 {
	switch {
	case y.done():
		return x.value()
	case x.done():
		return y.value()
	}
	return min(x.value(), y.value())
}

// value returns the next distinct value; the cursor must not be done.
func (c *cursor) value() float64 { return c.vals[c.i] }

// take moves past the values equal to v at the cursor and returns how many
// there were.
func (c *cursor) take(v float64) int {
	if c.ends != nil {
		if c.i < len(c.vals) && c.vals[c.i] == v {
			k := c.ends[c.i] - c.end
			c.end = c.ends[c.i]
			c.i++
			return k
		}
		return 0
	}
	k := 0
	for c.i < len(c.vals) && c.vals[c.i] == v {
		c.i++
		k++
	}
	return k
}

// walkSamples visits every distinct value of the union of two samples in
// ascending order with how many times it occurs in each: walkDistinct,
// reading runs as they are.
func walkSamples(a, b *Sample, visit func(v float64, ca, cb int)) {
	if a.runs == nil && b.runs == nil {
		walkDistinct(a.sorted, b.sorted, visit)
		return
	}
	x, y := newCursor(a), newCursor(b)
	for !x.done() || !y.done() {
		v := head(&x, &y)
		visit(v, x.take(v), y.take(v))
	}
}

// HistogramCounts is the package's HistogramCounts of the sample's values,
// reading runs as they are.
func (s *Sample) HistogramCounts(dst, edges []float64) []float64 {
	if s.runs == nil {
		return HistogramCounts(dst, s.sorted, edges)
	}
	r := s.runs
	nb := len(edges) - 1
	dst = dst[:0]
	lower := func(e float64) int { return r.prefix(sort.SearchFloat64s(r.vals, e)) } // values < e
	prev := lower(edges[0])
	for i := 1; i <= nb; i++ {
		var next int
		if i == nb {
			next = r.prefix(sort.Search(len(r.vals), func(k int) bool { return r.vals[k] > edges[nb] }))
		} else {
			next = lower(edges[i])
		}
		dst = append(dst, float64(next-prev))
		prev = next
	}
	return dst
}

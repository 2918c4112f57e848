package stattest

import (
	"fmt"
	"math"
	"slices"
	"sync"
)

// Sample is one side of a numerical comparison: finite values sorted once,
// with the statistics tests reuse, computed at their first use. Build it
// with [NewSample] or [NewSortedSample]; it is immutable and safe for
// concurrent use.
type Sample struct {
	sorted   []float64 // the values; for a sample of runs, written out at first use
	runs     *runs     // a sample of runs (NewRunsSample); nil otherwise
	flatOnce sync.Once // writes out the values of runs
	once     sync.Once // computes the statistics below at their first use
	stats    sampleStats
}

// sampleStats are the statistics of a Sample, computed once, when a test
// first asks (many tests need none of them for one side).
type sampleStats struct {
	mean     float64
	std      float64 // population standard deviation (ddof=0), as np.std
	distinct int
}

// NewSample copies values and sorts the copy; the mean, standard deviation
// and number of distinct values are computed when first asked. The caller
// removes NaN and ±Inf first; a non-finite value returns ErrNotFinite. An
// empty slice gives an empty Sample (tests then return ErrEmpty).
func NewSample(values []float64) (*Sample, error) {
	s := slices.Clone(values)
	for _, v := range s {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("stattest: %w: %v", ErrNotFinite, v)
		}
	}
	slices.Sort(s)
	return newSorted(s), nil
}

// NewSortedSample wraps values already sorted in ascending order without
// copying them; the caller must not modify the slice afterwards. It returns
// ErrNotFinite for NaN or ±Inf and ErrBadInput if values are not sorted.
func NewSortedSample(sorted []float64) (*Sample, error) {
	if sortedFinite(sorted) {
		return newSorted(sorted), nil
	}
	// Find the first fault, as a check value by value would.
	for i, v := range sorted {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("stattest: %w: %v", ErrNotFinite, v)
		}
		if i > 0 && v < sorted[i-1] {
			return nil, fmt.Errorf("stattest: %w: values not sorted at index %d", ErrBadInput, i)
		}
	}
	return newSorted(sorted), nil
}

// MustSample is NewSample that panics on error, for tests and examples.
func MustSample(values []float64) *Sample {
	s, err := NewSample(values)
	if err != nil {
		panic(err)
	}
	return s
}

// sortedFinite reports, in one comparison a value, whether s is in
// ascending order with every value finite: each value is at least the one
// before (false for NaN) and the two ends are not infinite.
func sortedFinite(s []float64) bool {
	if len(s) == 0 {
		return true
	}
	if s[0] != s[0] || math.IsInf(s[0], 0) || math.IsInf(s[len(s)-1], 0) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !(s[i] >= s[i-1]) {
			return false
		}
	}
	return true
}

func newSorted(s []float64) *Sample { return &Sample{sorted: s} }

// computeStats computes the sample's statistics.
func (smp *Sample) computeStats() {
	if smp.runs != nil {
		smp.computeRunStats()
		return
	}
	s := smp.sorted
	out := &smp.stats
	n := len(s)
	if n == 0 {
		return
	}
	out.mean, out.distinct = meanDistinct(s)
	dev := newDevSum(s[0], out.mean)
	for _, v := range s {
		dev = dev.add(v, out.mean)
	}
	out.std = dev.std(n)
}

// devSum is the sum of the squared deviations of sorted values from their
// mean, Kahan-summed, a value at a time (computeStats, and cdfL1AndStd
// inside the merge of two samples): d*d is the same along a run of equal
// values, so it is computed where the value changes, but the summation
// steps stay one a value. Four fields, passed and returned by value, so
// that the compiler keeps them in registers.
type devSum struct{ last, d2, ss, c float64 }

// newDevSum starts the sum at the first value.
func newDevSum(first, mean float64) devSum {
	d := first - mean
	return devSum{last: first, d2: d * d}
}

// add takes the next value's squared deviation.
func (s devSum) add(v, mean float64) devSum {
	if v != s.last {
		s.last = v
		d := v - mean
		s.d2 = d * d
	}
	s.ss, s.c = kahanAdd(s.ss, s.c, s.d2)
	return s
}

// std is the population standard deviation of the n values taken.
func (s devSum) std(n int) float64 { return math.Sqrt(s.ss / float64(n)) }

// meanDistinct returns the mean of the sorted values s (not empty), by
// fsum's compensated sum, operation for operation, and the count of
// distinct values, in one pass.
func meanDistinct(s []float64) (mean float64, distinct int) {
	var sum, comp float64
	distinct = 1
	prev := s[0]
	for _, x := range s {
		if x != prev {
			distinct++
			prev = x
		}
		t := sum + x
		if math.Abs(sum) >= math.Abs(x) {
			comp += (sum - t) + x
		} else {
			comp += (x - t) + sum
		}
		sum = t
	}
	return (sum + comp) / float64(len(s)), distinct
}

// kahanAdd is one step of Kahan's summation: x added to the sum ss with
// the compensation c, the new sum and compensation returned.
func kahanAdd(ss, c, x float64) (float64, float64) {
	y := x - c
	t := ss + y
	return t, (t - ss) - y
}

// Len returns the number of values.
func (s *Sample) Len() int {
	if s.runs != nil {
		return s.runs.len()
	}
	return len(s.sorted)
}

// Sorted returns the sorted values (written out once for a sample of
// runs). The slice is shared: do not modify it.
func (s *Sample) Sorted() []float64 { return s.values() }

// Mean returns the arithmetic mean (0 for an empty sample).
func (s *Sample) Mean() float64 { s.once.Do(s.computeStats); return s.stats.mean }

// Std returns the population standard deviation (ddof=0, as np.std).
func (s *Sample) Std() float64 { s.once.Do(s.computeStats); return s.stats.std }

// Distinct returns the number of distinct values.
func (s *Sample) Distinct() int { s.once.Do(s.computeStats); return s.stats.distinct }

// Min returns the smallest value; it panics on an empty sample.
func (s *Sample) Min() float64 {
	if s.runs != nil {
		return s.runs.vals[0]
	}
	return s.sorted[0]
}

// Max returns the largest value; it panics on an empty sample.
func (s *Sample) Max() float64 {
	if s.runs != nil {
		return s.runs.vals[len(s.runs.vals)-1]
	}
	return s.sorted[len(s.sorted)-1]
}

// DistinctUnion returns the number of distinct values in the union of a and
// b, the u of Evidently's automatic choice.
func DistinctUnion(a, b *Sample) int {
	if a.runs != nil || b.runs != nil {
		n := 0
		walkSamples(a, b, func(float64, int, int) { n++ })
		return n
	}
	// walkDistinct's merge, counting, without a call per value.
	x, y := a.sorted, b.sorted
	i, j, n := 0, 0, 0
	for i < len(x) && j < len(y) {
		v := min(x[i], y[j])
		for i < len(x) && x[i] == v {
			i++
		}
		for j < len(y) && y[j] == v {
			j++
		}
		n++
	}
	return n + distinctSorted(x[i:]) + distinctSorted(y[j:])
}

// DistinctUnionUpTo is DistinctUnion counting no further than limit+1: it
// tells whether the union holds more than limit distinct values, the only
// question [Choose] asks (limit 5), without walking all of both samples.
func DistinctUnionUpTo(a, b *Sample, limit int) int {
	x, y := newCursor(a), newCursor(b)
	n := 0
	for (!x.done() || !y.done()) && n <= limit {
		v := head(&x, &y)
		x.take(v)
		y.take(v)
		n++
	}
	return n
}

// distinctSorted counts the distinct values of a sorted slice.
func distinctSorted(s []float64) int {
	n := 0
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			n++
		}
	}
	return n
}

// walkDistinct visits every distinct value of the union of two sorted slices
// in ascending order with how many times it occurs in each.
func walkDistinct(a, b []float64, visit func(v float64, ca, cb int)) {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var v float64
		switch {
		case j >= len(b):
			v = a[i]
		case i >= len(a):
			v = b[j]
		default:
			v = min(a[i], b[j])
		}
		ca, cb := 0, 0
		for i < len(a) && a[i] == v {
			i++
			ca++
		}
		for j < len(b) && b[j] == v {
			j++
			cb++
		}
		visit(v, ca, cb)
	}
}

// kthUnion returns the k-th smallest (0-based) value of the union of two
// sorted slices in O(log) time.
func kthUnion(a, b []float64, k int) float64 {
	for {
		if len(a) == 0 {
			return b[k]
		}
		if len(b) == 0 {
			return a[k]
		}
		if k == 0 {
			return min(a[0], b[0])
		}
		i := min(len(a), (k+1)/2)
		j := min(len(b), (k+1)/2)
		if a[i-1] <= b[j-1] {
			a = a[i:]
			k -= i
		} else {
			b = b[j:]
			k -= j
		}
	}
}

// fsum is a compensated (Neumaier) sum, at least as accurate as NumPy's
// pairwise summation.
func fsum(xs []float64) float64 {
	var s, c float64
	for _, x := range xs {
		t := s + x
		if math.Abs(s) >= math.Abs(x) {
			c += (s - t) + x
		} else {
			c += (x - t) + s
		}
		s = t
	}
	return s + c
}

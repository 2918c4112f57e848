package metrics

import (
	"math"

	"github.com/telltale-ml/telltale/internal/repsum"
	"github.com/telltale-ml/telltale/metrics/stattest"
)

// valueRuns is a sorted sequence of numbers kept as its distinct values in
// ascending order and where each one's run ends: vals[k] fills positions
// ends[k-1] (0 for k = 0) to ends[k]-1. Integer columns counted by value
// are summarised from it without writing out one number per row.
//
// Its sums repeat, run after run, the exact operations that the functions
// over a sorted slice (neumaierSum, sumSquaredDev, doaneEdges) perform
// element after element, so the results are the same to the bit; only the
// per-element work that depends on the value alone is done once per run.
type valueRuns struct {
	vals []float64
	ends []int
}

// runsFromCounts returns the runs of integer counts c, whose values must be
// exact as float64.
func runsFromCounts(c intCounts) *valueRuns {
	r := &valueRuns{}
	end := 0
	for k, m := range c.counts {
		if m == 0 {
			continue
		}
		end += int(m)
		r.vals = append(r.vals, float64(c.value(k)))
		r.ends = append(r.ends, end)
	}
	return r
}

// len returns the length of the sequence.
func (r *valueRuns) len() int {
	if len(r.ends) == 0 {
		return 0
	}
	return r.ends[len(r.ends)-1]
}

// count returns the length of run k.
func (r *valueRuns) count(k int) int {
	if k == 0 {
		return r.ends[0]
	}
	return r.ends[k] - r.ends[k-1]
}

// at returns element i of the sequence.
func (r *valueRuns) at(i int) float64 {
	lo, hi := 0, len(r.ends) // first run ending after i
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if r.ends[m] <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return r.vals[lo]
}

// below returns the number of elements < v (searchFloat), and atMost the
// number <= v (searchAbove).
func (r *valueRuns) below(v float64) int  { return r.prefix(searchFloat(r.vals, v)) }
func (r *valueRuns) atMost(v float64) int { return r.prefix(searchAbove(r.vals, v)) }

// prefix returns the number of elements in the first k runs.
func (r *valueRuns) prefix(k int) int {
	if k == 0 {
		return 0
	}
	return r.ends[k-1]
}

// materialize returns the sequence as a slice.
func (r *valueRuns) materialize() []float64 {
	out := make([]float64, r.len())
	start := 0
	for k, v := range r.vals {
		fill := out[start:r.ends[k]]
		for i := range fill {
			fill[i] = v
		}
		start = r.ends[k]
	}
	return out
}

// distinctMode returns the number of runs and the first longest one.
func (r *valueRuns) distinctMode() distinctMode {
	var d distinctMode
	for k, v := range r.vals {
		d.observe(v, r.count(k))
	}
	return d
}

// neumaierSum is neumaierSum of the sequence.
func (r *valueRuns) neumaierSum() float64 {
	var s, c float64
	for k, v := range r.vals {
		s, c = repsum.Neumaier(s, c, v, r.count(k))
	}
	return s + c
}

// sumSquaredDev is sumSquaredDev of the sequence. Its sum s of squares
// and their compensation c take the steps of neumaierSum, as s and the
// squares are never negative.
func (r *valueRuns) sumSquaredDev(mean float64) float64 {
	var s, c, d float64
	for k, v := range r.vals {
		dv := v - mean
		sq := float64(dv * dv)
		m := r.count(k)
		d = repsum.Add(d, dv, m)
		s, c = repsum.Neumaier(s, c, sq, m)
	}
	return math.Max(0, s+c-d*d/float64(r.len()))
}

// quantile is linearQuantile of the sequence.
func (r *valueRuns) quantile(p float64) float64 {
	n := r.len()
	if n == 0 || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	h := float64(n-1) * p
	i := int(math.Floor(h))
	if i >= n-1 {
		return r.vals[len(r.vals)-1]
	}
	return lerpQuantile(r.at(i), r.at(i+1), h-float64(i))
}

// numericView is a numerical column's finite values in ascending order,
// with the counts of what was dropped: as a slice (Values), or for an
// integer column counted by value as runs (Values nil).
type numericView struct {
	Sorted
	runs *valueRuns
}

// sliceView views sorted finite values.
func sliceView(sorted []float64) numericView { return numericView{Sorted: Sorted{Values: sorted}} }

// sample returns the view as a stattest sample: of runs for runs, which
// are not written out.
func (v numericView) sample() (*stattest.Sample, error) {
	if v.runs != nil {
		return stattest.NewRunsSample(v.runs.vals, v.runs.ends)
	}
	return stattest.NewSortedSample(v.Values)
}

// sorted returns the view as a Sorted, writing out runs.
func (v numericView) sorted() Sorted {
	s := v.Sorted
	if v.runs != nil {
		s.Values = v.runs.materialize()
	}
	return s
}

func (v numericView) len() int {
	if v.runs != nil {
		return v.runs.len()
	}
	return len(v.Values)
}

func (v numericView) at(i int) float64 {
	if v.runs != nil {
		return v.runs.at(i)
	}
	return v.Values[i]
}

func (v numericView) neumaierSum() float64 {
	if v.runs != nil {
		return v.runs.neumaierSum()
	}
	return neumaierSum(v.Values)
}

func (v numericView) sumSquaredDev(mean float64) float64 {
	if v.runs != nil {
		return v.runs.sumSquaredDev(mean)
	}
	return sumSquaredDev(v.Values, mean)
}

func (v numericView) quantile(p float64) float64 {
	if v.runs != nil {
		return v.runs.quantile(p)
	}
	return linearQuantile(v.Values, p)
}

// below returns the number of values < x, atMost the number <= x.
func (v numericView) below(x float64) int {
	if v.runs != nil {
		return v.runs.below(x)
	}
	return searchFloat(v.Values, x)
}

func (v numericView) atMost(x float64) int {
	if v.runs != nil {
		return v.runs.atMost(x)
	}
	return searchAbove(v.Values, x)
}

// addSquares returns m2 + Σ(x-mean)², added in order one value at a time,
// as doaneEdges does.
func (v numericView) addSquares(m2, mean float64) float64 {
	if v.runs != nil {
		for k, x := range v.runs.vals {
			d := x - mean
			m2 = repsum.Add(m2, float64(d*d), v.runs.count(k)) // float64(): rounded, never fused into the sum
		}
		return m2
	}
	for _, x := range v.Values {
		d := x - mean
		m2 += float64(d * d)
	}
	return m2
}

// addCubes returns m3 + Σ((x-mean)/sigma)³, added in order one value at a
// time, as doaneEdges does.
func (v numericView) addCubes(m3, mean, sigma float64) float64 {
	if v.runs != nil {
		for k, x := range v.runs.vals {
			d := (x - mean) / sigma
			m3 = repsum.Add(m3, float64(d*d*d), v.runs.count(k))
		}
		return m3
	}
	for _, x := range v.Values {
		d := (x - mean) / sigma
		m3 += float64(d * d * d)
	}
	return m3
}

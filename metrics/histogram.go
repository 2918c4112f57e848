package metrics

import (
	"math"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// Histogram is the distribution of a numerical column's finite values on
// bins shared by the reference and the current data, for charts. Edges
// holds len(Current)+1 bin edges; bin i holds Edges[i] <= x < Edges[i+1],
// the last bin also its right edge, as numpy.histogram.
type Histogram struct {
	Edges     []float64 `json:"edges"`
	Current   []int     `json:"current"`
	Reference []int     `json:"reference,omitempty"`
}

// sharedHistogram bins the sorted finite values of the current side and,
// when ref is non-nil, of the reference side, on the edges
// numpy.histogram_bin_edges(concat(ref, cur), bins='doane') gives. It
// returns nil when neither side has a finite value.
func sharedHistogram(ref, cur []float64, withRef bool) *Histogram {
	return sharedHistogramSums(ref, cur, neumaierSum(ref), neumaierSum(cur), withRef)
}

// sharedHistogramSums is sharedHistogram for a caller that has the sides'
// neumaierSum at hand (refSum is 0 without a reference).
func sharedHistogramSums(ref, cur []float64, refSum, curSum float64, withRef bool) *Histogram {
	return histogramOfViews(sliceView(ref), sliceView(cur), refSum, curSum, withRef)
}

// histogramOfViews is sharedHistogramSums of two views.
func histogramOfViews(ref, cur numericView, refSum, curSum float64, withRef bool) *Histogram {
	edges := doaneEdgesOfViews(ref, cur, refSum+curSum)
	if edges == nil {
		return nil
	}
	h := &Histogram{Edges: edges, Current: binView(cur, edges)}
	if withRef {
		h.Reference = binView(ref, edges)
	}
	return h
}

// doaneEdges returns the bin edges of numpy.histogram_bin_edges(x,
// bins='doane') for x the union of the two sorted slices:
//
//	width = ptp / (1 + log2 n + log2(1 + |g1|/σg1)),  σg1 = sqrt(6(n-2)/((n+1)(n+3)))
//	bins  = ceil(ptp / width) (1 when n <= 2 or x is constant)
//	edges = min + i·(max-min)/bins, the last edge max (numpy.linspace)
//
// g1 is the sample skewness Σ((x-mean)/σ)³/n with the population σ. A
// constant x gets one bin [x-0.5, x+0.5]. sum is neumaierSum(a) +
// neumaierSum(b).
//
// Where NumPy overflows (the range, the sum or the squares exceed the
// largest float, as with the ±1.8e308 sentinels some exporters write) the
// values are scaled by a power of two into [-1, 1], binned, and the edges
// scaled back: the count and the edges are what exact arithmetic gives,
// since the rule is scale-free and scaling by 2^k is exact.
func doaneEdges(a, b []float64, sum float64) []float64 {
	return doaneEdgesOfViews(sliceView(a), sliceView(b), sum)
}

// doaneEdgesOfViews is doaneEdges of two views.
func doaneEdgesOfViews(a, b numericView, sum float64) []float64 {
	n := a.len() + b.len()
	if n == 0 {
		return nil
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range []numericView{a, b} {
		if k := s.len(); k > 0 {
			lo, hi = math.Min(lo, s.at(0)), math.Max(hi, s.at(k-1))
		}
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi) {
		return nil // the views hold finite values; no bin holds ±Inf
	}
	if lo == hi {
		return []float64{lo - 0.5, hi + 0.5}
	}
	if math.IsInf(hi-lo, 0) || math.IsInf(sum, 0) || math.IsNaN(sum) {
		return scaledDoaneEdges(a, b, lo, hi)
	}
	bins := 1
	if n > 2 {
		mean := sum / float64(n)
		m2 := b.addSquares(a.addSquares(0, mean), mean)
		if math.IsInf(m2, 0) {
			return scaledDoaneEdges(a, b, lo, hi)
		}
		sigma := math.Sqrt(m2 / float64(n))
		if sigma > 0 {
			m3 := b.addCubes(a.addCubes(0, mean, sigma), mean, sigma)
			g1 := m3 / float64(n)
			fn := float64(n)
			sg1 := math.Sqrt(6 * (fn - 2) / ((fn + 1) * (fn + 3)))
			width := (hi - lo) / (1 + math.Log2(fn) + math.Log2(1+math.Abs(g1)/sg1))
			if width > 0 {
				bins = int(min(math.Ceil((hi-lo)/width), stattest.MaxBins))
			}
		}
	}
	return stattest.HistogramEdges(lo, hi, bins)
}

// scaledDoaneEdges is doaneEdgesOfViews of the values scaled by 2^-e, where
// 2^e bounds max(|lo|, |hi|), with the edges scaled back.
func scaledDoaneEdges(a, b numericView, lo, hi float64) []float64 {
	_, e := math.Frexp(max(math.Abs(lo), math.Abs(hi)))
	scaled := func(v numericView) []float64 {
		out := make([]float64, v.len())
		for i := range out {
			out[i] = math.Ldexp(v.at(i), -e)
		}
		return out
	}
	sa, sb := scaled(a), scaled(b)
	edges := doaneEdgesOfViews(sliceView(sa), sliceView(sb), neumaierSum(sa)+neumaierSum(sb))
	for i := range edges {
		edges[i] = math.Ldexp(edges[i], e)
	}
	edges[0], edges[len(edges)-1] = lo, hi
	return edges
}

// binSorted counts sorted values into the bins of edges, the last bin
// closed on the right; values outside the edges are not counted.
func binSorted(sorted, edges []float64) []int { return binView(sliceView(sorted), edges) }

// binView is binSorted of a view.
func binView(v numericView, edges []float64) []int {
	k := len(edges) - 1
	counts := make([]int, k)
	for i := range k {
		left := v.below(edges[i])
		var right int
		if i == k-1 {
			right = v.atMost(edges[k])
		} else {
			right = v.below(edges[i+1])
		}
		counts[i] = right - left
	}
	return counts
}

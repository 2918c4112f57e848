package metrics

import "math"

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
	if lo == hi {
		return []float64{lo - 0.5, hi + 0.5}
	}
	bins := 1
	if n > 2 {
		mean := sum / float64(n)
		m2 := b.addSquares(a.addSquares(0, mean), mean)
		sigma := math.Sqrt(m2 / float64(n))
		if sigma > 0 {
			m3 := b.addCubes(a.addCubes(0, mean, sigma), mean, sigma)
			g1 := m3 / float64(n)
			fn := float64(n)
			sg1 := math.Sqrt(6 * (fn - 2) / ((fn + 1) * (fn + 3)))
			width := (hi - lo) / (1 + math.Log2(fn) + math.Log2(1+math.Abs(g1)/sg1))
			if width > 0 {
				bins = int(math.Ceil((hi - lo) / width))
			}
		}
	}
	edges := make([]float64, bins+1)
	step := (hi - lo) / float64(bins)
	for i := range edges {
		edges[i] = float64(i)*step + lo
	}
	edges[bins] = hi
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

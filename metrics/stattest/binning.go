package stattest

import (
	"math"
	"sort"
)

// SturgesBins returns the number of bins NumPy's
// histogram_bin_edges(a, bins="sturges") uses for n values spanning
// [lo, hi]:
//
//	width = (hi - lo) / (log2(n) + 1)
//	bins  = ceil((hi - lo) / width)    (1 when hi == lo)
//
// It is written as NumPy writes it, so that it agrees with NumPy where the
// rounding of the division differs from ceil(log2(n) + 1). A range wider
// than the largest float (hi - lo overflows, as for -1e308 and 1e308, the
// sentinels some exporters write) is halved first: the ratio, and so the
// count, is the same, where NumPy would fail.
func SturgesBins(n int, lo, hi float64) int {
	ptp := hi - lo
	if math.IsInf(ptp, 0) {
		ptp = hi/2 - lo/2
	}
	width := ptp / (math.Log2(float64(n)) + 1)
	if !(width > 0) {
		return 1
	}
	return boundBins(math.Ceil(ptp / width))
}

// MaxBins bounds the number of bins a rule may give.
const MaxBins = 1 << 16

// boundBins converts a computed bin count to an int in [1, MaxBins]; NaN
// (an undefined width) gives 1.
func boundBins(b float64) int {
	if !(b >= 1) {
		return 1
	}
	return int(min(b, MaxBins))
}

// HistogramEdges returns nbins+1 equal-width edges over [lo, hi] as
// np.linspace does (edge i = lo + i*step, the last edge exactly hi). When
// lo == hi the range is widened to [lo-0.5, hi+0.5] as NumPy does. When
// hi - lo overflows, edge i is lo·(1-t) + hi·t with t = i/nbins, which
// cannot overflow (NumPy gives NaN edges there).
func HistogramEdges(lo, hi float64, nbins int) []float64 {
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	nbins = max(nbins, 1)
	edges := make([]float64, nbins+1)
	step := (hi - lo) / float64(nbins)
	wide := math.IsInf(hi-lo, 0)
	for i := range edges {
		if wide {
			t := float64(i) / float64(nbins)
			edges[i] = lo*(1-t) + hi*t
		} else {
			edges[i] = float64(i)*step + lo
		}
	}
	edges[0], edges[nbins] = lo, hi
	return edges
}

// HistogramCounts counts sorted values in the bins of edges as np.histogram
// does: bins are half-open [e_i, e_{i+1}) except the last, which is closed.
// Values outside [edges[0], edges[last]] are not counted. dst is reused if
// it has room.
func HistogramCounts(dst []float64, sorted, edges []float64) []float64 {
	nb := len(edges) - 1
	dst = dst[:0]
	lower := func(e float64) int { return sort.SearchFloat64s(sorted, e) } // first index >= e
	prev := lower(edges[0])
	for i := 1; i <= nb; i++ {
		var next int
		if i == nb {
			next = sort.Search(len(sorted), func(k int) bool { return sorted[k] > edges[nb] })
		} else {
			next = lower(edges[i])
		}
		dst = append(dst, float64(next-prev))
		prev = next
	}
	return dst
}

// binnedShares returns the reference and current shares per bucket that
// psi, kl_div and jensenshannon compare (Evidently's get_binned_data):
//
//   - numerical column whose reference has more than 20 distinct values:
//     Sturges bins over the pooled range, shares = counts / n;
//   - numerical column with opts.Bins > 0: that many equal-width bins;
//   - otherwise one bucket per distinct value of the union, share = count/n.
//
// With fillZeros, zero shares of each vector become min_nonzero/1e6 when
// min_nonzero <= 1e-4, else 1e-4.
func binnedShares(in Input, opts Options, fillZeros bool) (ref, cur []float64) {
	if in.Kind == Numerical {
		a, b := in.Reference, in.Current
		nb := 0
		if opts.Bins > 0 {
			nb = opts.Bins
		} else if a.Distinct() > 20 {
			nb = SturgesBins(a.Len()+b.Len(), min(a.Min(), b.Min()), max(a.Max(), b.Max()))
		}
		if nb > 0 {
			edges := HistogramEdges(min(a.Min(), b.Min()), max(a.Max(), b.Max()), nb)
			ref = a.HistogramCounts(nil, edges)
			cur = b.HistogramCounts(nil, edges)
			scale(ref, float64(a.Len()))
			scale(cur, float64(b.Len()))
		} else {
			f := freqFromSamples(a, b)
			ref, cur = f.ref, f.cur
			scale(ref, f.nRef)
			scale(cur, f.nCur)
		}
	} else {
		f := freqFromCounts(in.Counts)
		ref, cur = f.ref, f.cur
		scale(ref, f.nRef)
		scale(cur, f.nCur)
	}
	if fillZeros {
		FillZeroShares(ref)
		FillZeroShares(cur)
	}
	return ref, cur
}

func scale(xs []float64, n float64) {
	for i := range xs {
		xs[i] /= n
	}
}

// FillZeroShares replaces the zero shares of p, in place, as Evidently
// does before its PSI, KL and Jensen-Shannon tests: each zero becomes
// 1e-4, or min_nonzero/1e6 when the smallest nonzero share is at most
// 1e-4 (evidently/calculations/stattests/utils.py, get_binned_data with
// feel_zeroes=True). A p of zeros only is left as it is.
func FillZeroShares(p []float64) {
	m := math.Inf(1)
	for _, v := range p {
		if v != 0 && v < m {
			m = v
		}
	}
	if math.IsInf(m, 1) {
		return
	}
	fill := 1e-4
	if m <= 1e-4 {
		fill = m / 1e6
	}
	for i, v := range p {
		if v == 0 {
			p[i] = fill
		}
	}
}

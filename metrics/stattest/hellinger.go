package stattest

import "math"

// Hellinger returns the Hellinger distance from a Bhattacharyya
// coefficient, as Evidently does:
//
//	H = sqrt(1 - clip(BC, 0, 1))
func Hellinger(bc float64) float64 {
	return math.Sqrt(1 - math.Min(math.Max(bc, 0), 1))
}

// computeHellinger is Evidently's hellinger.
//
// Categorical: BC = Σ sqrt(p_ref·p_cur) over the union of categories with
// p = count/n.
//
// Numerical: edges = np.histogram_bin_edges(unique values of the union,
// "sturges") (so the bin count comes from the number of distinct values,
// not rows), h = density histograms of each side, and
//
//	BC = Σ sqrt(h_ref·h_cur) · (max edge - min edge)/(number of bins)
func computeHellinger(in Input, _ Options) (Stat, error) {
	var bc float64
	if in.Kind == Numerical {
		a, b := in.Reference, in.Current
		lo, hi := min(a.Min(), b.Min()), max(a.Max(), b.Max())
		nb := SturgesBins(DistinctUnion(a, b), lo, hi)
		edges := HistogramEdges(lo, hi, nb)
		h1 := a.HistogramCounts(nil, edges)
		h2 := b.HistogramCounts(nil, edges)
		width := (edges[nb] - edges[0]) / float64(nb)
		for i := range h1 {
			db := edges[i+1] - edges[i]
			if math.IsInf(width, 0) || math.IsInf(db, 0) {
				// The range overflows: the same sum with the widths
				// halved, which cancel in width/db.
				r := ((edges[nb]/2 - edges[0]/2) / float64(nb)) / (edges[i+1]/2 - edges[i]/2)
				bc += math.Sqrt(h1[i]/float64(a.Len())*(h2[i]/float64(b.Len()))) * r
				continue
			}
			p1 := h1[i] / db / float64(a.Len())
			p2 := h2[i] / db / float64(b.Len())
			bc += math.Sqrt(p1*p2) * width
		}
	} else {
		f := freqFromCounts(in.Counts)
		for i := range f.ref {
			bc += math.Sqrt(f.ref[i] / f.nRef * (f.cur[i] / f.nCur))
		}
	}
	return distanceStat(Hellinger(bc)), nil
}

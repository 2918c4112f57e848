package sketch

import "math"

// hist is a histogram of finite values on fixed dyadic bins: bin i holds
// the values in [(off+i)·2^e, (off+i+1)·2^e), and e is the smallest
// exponent for which the values' range spans at most maxBins bins (and
// no smaller than the spacing of float64 values at the largest magnitude).
// Widening the bins only ever joins neighbours in pairs, so a histogram
// can always be coarsened to a wider one exactly: merging adds counts
// after coarsening both to the wider width, and the histogram of the whole
// equals the merge of the parts' histograms bit for bit. Counts are exact.
type hist struct {
	maxBins int
	e       int
	off     int64
	counts  []int64
}

func newHist(maxBins int) *hist { return &hist{maxBins: maxBins} }

func (h *hist) empty() bool { return len(h.counts) == 0 }

// binIndex returns the absolute index of x's bin at exponent e.
func binIndex(x float64, e int) int64 {
	y := math.Floor(math.Ldexp(x, -e))
	if y == 0 && x < 0 {
		y = -1 // x·2^-e underflowed to -0
	}
	switch {
	case y >= 1<<62:
		return 1 << 62
	case y <= -(1 << 62):
		return -(1 << 62)
	}
	return int64(y)
}

// minExp is the smallest useful exponent for values up to maxAbs in
// magnitude: bins narrower than the spacing of float64 values there would
// only be empty.
func minExp(maxAbs float64) int {
	if maxAbs == 0 {
		return -1074
	}
	return max(math.Ilogb(maxAbs)-52, -1074)
}

// fits reports whether [lo, hi] spans at most maxBins bins at exponent e.
func (h *hist) fits(lo, hi float64, e int) bool {
	return binIndex(hi, e)-binIndex(lo, e) < int64(h.maxBins)
}

// exponentFor returns the smallest exponent >= from at which [lo, hi]
// fits.
func (h *hist) exponentFor(lo, hi float64, from int) int {
	e := max(from, minExp(math.Max(math.Abs(lo), math.Abs(hi))))
	if hi > lo {
		// Start near the answer: 2^e ≈ (hi-lo)/maxBins.
		guess := math.Ilogb((hi-lo)/float64(h.maxBins)) - 1
		e = max(e, guess)
	}
	for !h.fits(lo, hi, e) {
		e++
	}
	return e
}

// lo and hi return the lower edge of the first bin and the upper edge of
// the last.
func (h *hist) lo() float64 { return math.Ldexp(float64(h.off), h.e) }
func (h *hist) hi() float64 { return math.Ldexp(float64(h.off+int64(len(h.counts))), h.e) }

// coarsen widens the bins to exponent e >= h.e.
func (h *hist) coarsen(e int) {
	if h.empty() {
		h.e = max(h.e, e)
		return
	}
	if e <= h.e {
		return
	}
	shift := uint(min(e-h.e, 63))
	first := h.off >> shift
	last := (h.off + int64(len(h.counts)) - 1) >> shift
	out := make([]int64, last-first+1)
	for i, c := range h.counts {
		out[((h.off+int64(i))>>shift)-first] += c
	}
	h.e, h.off, h.counts = e, first, out
}

// cover makes the bins cover [lo, hi], coarsening as needed.
func (h *hist) cover(lo, hi float64) {
	if !h.empty() {
		lo, hi = math.Min(lo, h.lo()), math.Max(hi, math.Nextafter(h.hi(), math.Inf(-1)))
		h.coarsen(h.exponentFor(lo, hi, h.e))
	} else {
		h.e = h.exponentFor(lo, hi, -1074)
		h.off = binIndex(lo, h.e)
		h.counts = make([]int64, 1)
	}
	first, last := binIndex(lo, h.e), binIndex(hi, h.e)
	if first < h.off {
		grown := make([]int64, int64(len(h.counts))+h.off-first)
		copy(grown[h.off-first:], h.counts)
		h.counts, h.off = grown, first
	}
	if need := last - h.off + 1; need > int64(len(h.counts)) {
		h.counts = append(h.counts, make([]int64, need-int64(len(h.counts)))...)
	}
}

// addChunk counts finite values whose minimum and maximum are lo and hi.
func (h *hist) addChunk(xs []float64, lo, hi float64) {
	if len(xs) == 0 {
		return
	}
	h.cover(lo, hi)
	s := math.Ldexp(1, -h.e)
	off := float64(h.off)
	if s == 0 || math.IsInf(s, 0) || h.e < -1000 || h.e > 1000 {
		for _, x := range xs {
			h.counts[binIndex(x, h.e)-h.off]++
		}
		return
	}
	for _, x := range xs {
		i := int(math.Floor(x*s) - off)
		h.counts[i]++
	}
}

// merge adds o's counts.
func (h *hist) merge(o *hist) {
	if o.empty() {
		return
	}
	c := &hist{maxBins: o.maxBins, e: o.e, off: o.off, counts: append([]int64(nil), o.counts...)}
	if h.empty() {
		*h = *c
		return
	}
	e := max(h.e, c.e)
	h.coarsen(e)
	c.coarsen(e)
	h.cover(c.lo(), math.Nextafter(c.hi(), math.Inf(-1)))
	c.coarsen(h.e)
	for i, n := range c.counts {
		h.counts[c.off+int64(i)-h.off] += n
	}
}

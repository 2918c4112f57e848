package sketch

import (
	"math"
	"slices"
)

// kll is the quantile sketch of Karnin, Lang and Liberty ("Optimal
// Quantile Approximation in Streams", FOCS 2016, arXiv:1603.05346): a stack
// of compactors. Level h holds sorted items of weight 2^h; when a level
// holds more than its capacity
//
//	cap(h) = max(8, ⌈k·(2/3)^(H-1-h)⌉)     (H levels)
//
// it is compacted: one item is kept back when the count is odd, and of the
// others, sorted, every second one (the odd or the even positions, by a
// coin) moves up one level with twice the weight. A batch of values enters
// level 0 sorted as a whole, so it is halved level by level in one
// compaction per level (KLL's lazy compaction with a larger first buffer).
//
// # Error
//
// A compaction of level h changes the estimated rank of any value by 0 or
// ±2^h, the sign decided by the coin. The estimated rank is the true rank
// plus a sum of such independent, zero-mean terms, so by Hoeffding's
// inequality, with V = Σ 4^h over all compactions made (kept in the
// sketch, and added up when sketches merge),
//
//	P(|rank error at x| > t) <= 2·exp(-t² / (2V))
//
// for one x. For every x at once, a union bound over the left and right
// limits at m values of equal rank spacing (the estimate is monotone, so
// between them it errs by at most n/m more) gives, with probability 1-δ,
//
//	sup_x |rank error at x| <= min over m of  sqrt(2V·ln(4m/δ)) + n/m
//
// which RankError returns for δ = 0.01. With k = 2048 this is about 0.3%
// of n for 10^8 values.
//
// # Determinism
//
// The coins are not drawn from a generator: each is a hash of the level
// and the values being compacted, so the same input gives the same sketch,
// and merge(a, b) equals merge(b, a) bit for bit. The bound above treats
// the coins as fair and independent, which a hash of the data is unless
// the data were built against this hash.
type kll struct {
	k      int
	levels [][]float64
	n      int64   // total weight
	v      float64 // Σ 4^h over the compactions made
}

// kllDelta is the failure probability of the stated rank-error bound.
const kllDelta = 0.01

func newKLL(k int) *kll { return &kll{k: k, levels: [][]float64{nil}} }

func (s *kll) capacity(h int) int {
	depth := len(s.levels) - 1 - h
	c := int(math.Ceil(float64(s.k) * math.Pow(2.0/3.0, float64(depth))))
	return max(c, 8)
}

// addSorted adds values sorted ascending, each of weight 1.
func (s *kll) addSorted(xs []float64) {
	if len(xs) == 0 {
		return
	}
	s.levels[0] = mergeSorted(s.levels[0], xs)
	s.n += int64(len(xs))
	s.compress()
}

// addSampled adds sampled values (sorted), each standing for 2^h of the
// n values they were drawn from, one per run of 2^h (see
// numeric.addFinite), and rest (sorted) at weight 1.
func (s *kll) addSampled(sample []float64, h int, n int64, rest []float64) {
	for len(s.levels) <= h {
		s.levels = append(s.levels, nil)
	}
	s.levels[h] = mergeSorted(s.levels[h], sample)
	w := math.Ldexp(1, h)
	s.v += float64(len(sample)) * w * w
	s.n += n
	s.levels[0] = mergeSorted(s.levels[0], rest)
	s.n += int64(len(rest))
	s.compress()
}

// addWeighted adds value x with weight w, splitting w into powers of two
// placed at their levels: no compaction, so no error.
func (s *kll) addWeighted(x float64, w int64) {
	s.n += w
	for h := 0; w > 0; h++ {
		if w&1 == 1 {
			for len(s.levels) <= h {
				s.levels = append(s.levels, nil)
			}
			l := s.levels[h]
			i, _ := slices.BinarySearch(l, x)
			s.levels[h] = slices.Insert(l, i, x)
		}
		w >>= 1
	}
}

// merge adds o's items to s.
func (s *kll) merge(o *kll) {
	for len(s.levels) < len(o.levels) {
		s.levels = append(s.levels, nil)
	}
	for h, l := range o.levels {
		s.levels[h] = mergeSorted(s.levels[h], l)
	}
	s.n += o.n
	s.v += o.v
	s.compress()
}

// compress compacts levels over capacity until none is.
func (s *kll) compress() {
	for {
		over := -1
		for h := range s.levels {
			if len(s.levels[h]) > s.capacity(h) {
				over = h
				break
			}
		}
		if over < 0 {
			return
		}
		s.compact(over)
	}
}

func (s *kll) compact(h int) {
	if h+1 == len(s.levels) {
		s.levels = append(s.levels, nil)
	}
	buf := s.levels[h]
	var keep []float64
	if len(buf)%2 == 1 {
		keep = []float64{buf[len(buf)-1]}
		buf = buf[:len(buf)-1]
	}
	r := int(coin(h, buf) & 1)
	up := make([]float64, 0, len(buf)/2)
	for i := r; i < len(buf); i += 2 {
		up = append(up, buf[i])
	}
	s.levels[h] = keep
	s.levels[h+1] = mergeSorted(s.levels[h+1], up)
	w := math.Ldexp(1, h)
	s.v += w * w
}

// coin hashes a level and its values (SplitMix64's finaliser as the mixer).
func coin(h int, buf []float64) uint64 {
	x := mix64(uint64(h)*0x9e3779b97f4a7c15 ^ uint64(len(buf)))
	for _, v := range buf {
		x = mix64(x ^ math.Float64bits(v))
	}
	return x >> 63
}

// mix64 is the finaliser of SplitMix64 (Steele, Lea and Flood, 2014).
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// mergeSorted returns the sorted union of a and b; it may reuse a's memory.
func mergeSorted(a, b []float64) []float64 {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return append([]float64(nil), b...)
	}
	out := make([]float64, len(a)+len(b))
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if b[j] < a[i] {
			out[k] = b[j]
			j++
		} else {
			out[k] = a[i]
			i++
		}
		k++
	}
	k += copy(out[k:], a[i:])
	copy(out[k:], b[j:])
	return out
}

// rankError returns the bound on sup_x |estimated - true count of values
// <= x| that holds with probability 1-kllDelta (see the type's doc).
func (s *kll) rankError() float64 {
	if s.v == 0 {
		return 0
	}
	n := float64(s.n)
	best := n
	for m := 1.0; m <= 2*n; m *= 2 {
		e := math.Sqrt(2*s.v*math.Log(4*m/kllDelta)) + n/m
		best = math.Min(best, e)
	}
	return best
}

// weighted returns the retained items, sorted, and their weights.
func (s *kll) weighted() (xs []float64, ws []int64) {
	type item struct {
		x float64
		w int64
	}
	var items []item
	for h, l := range s.levels {
		for _, x := range l {
			items = append(items, item{x, int64(1) << h})
		}
	}
	slices.SortFunc(items, func(a, b item) int {
		switch {
		case a.x < b.x:
			return -1
		case a.x > b.x:
			return 1
		}
		return 0
	})
	for _, it := range items {
		if len(xs) > 0 && xs[len(xs)-1] == it.x {
			ws[len(ws)-1] += it.w
			continue
		}
		xs = append(xs, it.x)
		ws = append(ws, it.w)
	}
	return xs, ws
}

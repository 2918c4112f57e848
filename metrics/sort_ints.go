package metrics

import (
	"math"
	"math/bits"
	"slices"

	"github.com/telltale-ml/telltale/internal/radixsort"
)

// integer is the types integer columns hold their values in.
type integer interface{ int16 | int32 | int64 }

// intCounts are integer values counted by value: counts[k] is the number
// of values equal to lo + k·step. Step is the greatest common divisor of
// the values' distances from the smallest (1 when they span few slots
// anyway), so that values on a regular grid, such as timestamps to the
// minute, take one slot per grid point.
type intCounts struct {
	lo     int64
	step   uint64
	counts []uint32
}

// value returns the value of slot k.
func (c *intCounts) value(k int) int64 { return int64(uint64(c.lo) + uint64(k)*c.step) }

// maxCountSlots is the number of slots countInts accepts for n values: a
// count array no larger than twice the values, and at least 64K slots.
func maxCountSlots(n int) uint64 { return uint64(max(2*n, 1<<16)) }

// countInts counts vals by value when they span at most maxCountSlots(n)
// slots of their common step; ok is false when they span more (or vals is
// empty, or too long for 32-bit counts).
func countInts[T integer](vals []T) (c intCounts, ok bool) {
	n := len(vals)
	if n == 0 || uint64(n) > math.MaxUint32 {
		return c, false
	}
	if c, ok := countNarrow(vals); ok {
		return c, true
	}
	return countSpan(vals)
}

// countSpan is countInts in two passes: the range and the step of the
// values first (scanInts), then the counts.
func countSpan[T integer](vals []T) (c intCounts, ok bool) {
	n := len(vals)
	lo, hi, g := scanInts(vals)
	span := uint64(hi) - uint64(lo)
	limit := maxCountSlots(n)
	c.lo, c.step = lo, 1
	if span >= limit {
		c.step = g
		if span/c.step >= limit {
			return c, false
		}
	}
	c.counts = make([]uint32, span/c.step+1)
	if c.step == 1 {
		for _, v := range vals {
			c.counts[uint64(int64(v))-uint64(lo)]++
		}
		return c, true
	}
	d := newDivisor(c.step)
	for _, v := range vals {
		c.counts[d.quotient(uint64(int64(v))-uint64(lo))]++
	}
	return c, true
}

// countNarrow is countInts for values that span fewer than
// maxCountSlots(n) slots of step 1, in one pass instead of two (a pass
// for the range, then one to count): the counts start in a window of slots
// around the first value, and a value outside it widens the window (to
// twice what the values seen need, at most maxCountSlots(n) slots). ok is
// false, and countInts takes its two passes, once the values seen need
// more slots than that, or the window would widen a ninth time or again
// once at maxCountSlots(n) slots (values sorted or creeping outwards: each
// widening allocates and copies the window, and re-centred at the cap the
// spare slots would only halve each time); with ok true the result is
// countInts's.
func countNarrow[T integer](vals []T) (intCounts, bool) {
	limit := maxCountSlots(len(vals))
	size := min(uint64(4096), limit)
	lo := windowStart(int64(vals[0]), int64(vals[0]), size)
	counts := make([]uint32, size)
	widened := 0
	for i := 0; ; {
		for ; i < len(vals); i++ {
			k := uint64(int64(vals[i])) - uint64(lo)
			if k >= uint64(len(counts)) {
				break
			}
			counts[k]++
		}
		if i == len(vals) {
			break
		}
		if widened++; widened > maxWidenings || uint64(len(counts)) == limit {
			return intCounts{}, false
		}
		var ok bool
		if lo, counts, ok = widen(lo, counts, int64(vals[i]), limit); !ok {
			return intCounts{}, false
		}
	}
	first, last := occupied(counts)
	return intCounts{lo: lo + int64(first), step: 1, counts: counts[first : last+1]}, true
}

// occupied returns the first and last slots of counts that are not 0
// (counts holds at least one value).
func occupied(counts []uint32) (first, last int) {
	first = slices.IndexFunc(counts, func(m uint32) bool { return m != 0 })
	last = len(counts) - 1
	for counts[last] == 0 {
		last--
	}
	return first, last
}

// maxWidenings is how many times countNarrow widens its window before it
// leaves the values to countSpan: values in random order show their range
// in two or three.
const maxWidenings = 8

// widen returns a window of counts starting at lo that holds the counts
// given (starting at lo0) and a slot for v, of twice the slots the values
// need and at most limit; ok is false when they need more than limit.
func widen(lo0 int64, counts []uint32, v int64, limit uint64) (lo int64, out []uint32, ok bool) {
	first, last := occupied(counts)
	dataLo, dataHi := min(lo0+int64(first), v), max(lo0+int64(last), v)
	need := uint64(dataHi) - uint64(dataLo) + 1 // wraps to 0 for the whole int64 range
	if need == 0 || need > limit {
		return 0, nil, false
	}
	size := min(2*need, limit)
	lo = windowStart(dataLo, dataHi, size)
	out = make([]uint32, size)
	copy(out[uint64(lo0+int64(first))-uint64(lo):], counts[first:last+1])
	return lo, out, true
}

// windowStart returns where a window of size slots (at least hi-lo+1)
// starts so that it holds lo..hi with the spare slots shared on both
// sides, and no slot lies outside int64.
func windowStart(lo, hi int64, size uint64) int64 {
	spare := size - (uint64(hi) - uint64(lo) + 1)
	below := spare / 2
	if uint64(lo)-1<<63 < below { // lo - MinInt64, exactly
		below = uint64(lo) - 1<<63
	}
	start := int64(uint64(lo) - below)
	if uint64(math.MaxInt64)-uint64(start) < size-1 { // the window's last slot past MaxInt64
		start = int64(uint64(math.MaxInt64) - (size - 1))
	}
	return start
}

// scanInts returns the smallest and largest of vals (not empty) and the
// greatest common divisor of their differences (1 when all are equal).
// Past the first few values the divisor is usually 1 or divides every
// value, and then each value costs a comparison or a multiplication: see
// divisor.
func scanInts[T integer](vals []T) (lo, hi int64, g uint64) {
	v0 := int64(vals[0])
	lo, hi = v0, v0
	var d divisor
	i := 0
	for ; i < len(vals) && g != 1; i++ {
		v := int64(vals[i])
		lo, hi = min(lo, v), max(hi, v)
		var u uint64 // |v - v0|, exactly
		if v >= v0 {
			u = uint64(v) - uint64(v0)
		} else {
			u = uint64(v0) - uint64(v)
		}
		switch {
		case u == 0:
		case g == 0:
			g, d = u, newDivisor(u)
		default:
			if _, ok := d.div(u); !ok {
				g = gcd(g, u)
				d = newDivisor(g)
			}
		}
	}
	for _, v := range vals[i:] {
		lo, hi = min(lo, int64(v)), max(hi, int64(v))
	}
	return lo, hi, max(g, 1)
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// divisor divides exactly by g = d·2^shift, d odd, with a multiplication
// by d's inverse modulo 2^64 (Hacker's Delight, 10-16): u is a multiple
// of g iff its low shift bits are 0 and (u>>shift)·inv <= MaxUint64/d, and
// then that product is the quotient.
type divisor struct {
	shift uint
	inv   uint64
	lim   uint64
}

func newDivisor(g uint64) divisor {
	t := uint(bits.TrailingZeros64(g))
	d := g >> t
	inv := d // correct to 3 bits for odd d; each Newton step doubles that
	for range 5 {
		inv *= 2 - d*inv
	}
	return divisor{shift: t, inv: inv, lim: math.MaxUint64 / d}
}

// quotient returns u/g for a multiple u of g.
func (q divisor) quotient(u uint64) uint64 { return (u >> q.shift) * q.inv }

// div returns u/g and true when g divides u, false otherwise.
func (q divisor) div(u uint64) (uint64, bool) {
	if u&(1<<q.shift-1) != 0 {
		return 0, false
	}
	x := (u >> q.shift) * q.inv
	return x, x <= q.lim
}

// sortInts returns vals in ascending order (vals itself is not modified):
// counted when they span few slots, else radix sorted.
func sortInts(vals []int64) []int64 {
	if c, ok := countInts(vals); ok {
		out := make([]int64, 0, len(vals))
		for k, m := range c.counts {
			v := c.value(k)
			for range m {
				out = append(out, v)
			}
		}
		return out
	}
	keys := make([]uint64, len(vals))
	for i, v := range vals {
		keys[i] = radixsort.IntKey(v)
	}
	keys = radixsort.Sort(keys, make([]uint64, len(vals)))
	out := make([]int64, len(keys))
	for i, k := range keys {
		out[i] = radixsort.KeyInt(k)
	}
	return out
}

// intRuns summarises integer values: how many there are distinct, the
// smallest and largest, and the smallest of the most frequent with its
// count.
type intRuns struct {
	distinct  int
	lo, hi    int64
	mode      int64
	modeCount int
}

// runsOf returns the intRuns of vals (all zero for no values), from counts
// when the values span few slots, else from a radix sort.
func runsOf(vals []int64) intRuns {
	var r intRuns
	if len(vals) == 0 {
		return r
	}
	if c, ok := countInts(vals); ok {
		for k, m := range c.counts {
			if m == 0 {
				continue
			}
			r.distinct++
			if int(m) > r.modeCount {
				r.mode, r.modeCount = c.value(k), int(m)
			}
		}
		r.lo, r.hi = c.lo, c.value(len(c.counts)-1)
		return r
	}
	s := sortInts(vals)
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j] == s[i] {
			j++
		}
		r.distinct++
		if j-i > r.modeCount {
			r.mode, r.modeCount = s[i], j-i
		}
		i = j
	}
	r.lo, r.hi = s[0], s[len(s)-1]
	return r
}

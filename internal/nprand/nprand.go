// Package nprand reproduces the random streams of NumPy's legacy
// RandomState (numpy/random/mtrand.pyx, numpy 1.24), so that telltale can
// take the same random decisions as Evidently does through NumPy and
// scikit-learn: a seeded train/test split, random scores for a bootstrap.
//
// The generator is MT19937 (Matsumoto and Nishimura 1998) seeded as
// RandomState(seed) seeds it from an integer (init_genrand); the draws are
// those of RandomState's methods: random_sample (53-bit doubles),
// permutation (Fisher-Yates from the end, with the masked rejection
// sampling of random_interval) and randint. A Source is not safe for
// concurrent use.
package nprand

// n and m are MT19937's state size and shift.
const (
	n         = 624
	m         = 397
	matrixA   = 0x9908b0df
	upperMask = 0x80000000
	lowerMask = 0x7fffffff
)

// Source is an MT19937 generator in the state RandomState(seed) gives it.
type Source struct {
	mt  [n]uint32
	pos int
}

// New returns the generator of numpy.random.RandomState(seed).
func New(seed uint32) *Source {
	s := &Source{}
	s.mt[0] = seed
	for i := 1; i < n; i++ {
		s.mt[i] = 1812433253*(s.mt[i-1]^(s.mt[i-1]>>30)) + uint32(i)
	}
	s.pos = n
	return s
}

// Uint32 returns the next 32-bit output (genrand_int32).
func (s *Source) Uint32() uint32 {
	if s.pos >= n {
		s.generate()
	}
	y := s.mt[s.pos]
	s.pos++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// generate refills the state.
func (s *Source) generate() {
	mag := [2]uint32{0, matrixA}
	var y uint32
	i := 0
	for ; i < n-m; i++ {
		y = s.mt[i]&upperMask | s.mt[i+1]&lowerMask
		s.mt[i] = s.mt[i+m] ^ y>>1 ^ mag[y&1]
	}
	for ; i < n-1; i++ {
		y = s.mt[i]&upperMask | s.mt[i+1]&lowerMask
		s.mt[i] = s.mt[i+m-n] ^ y>>1 ^ mag[y&1]
	}
	y = s.mt[n-1]&upperMask | s.mt[0]&lowerMask
	s.mt[n-1] = s.mt[m-1] ^ y>>1 ^ mag[y&1]
	s.pos = 0
}

// Float64 returns a double in [0, 1) with 53 random bits, as
// RandomState.random_sample draws it (genrand_res53):
//
//	(a>>5 · 2^26 + b>>6) / 2^53
func (s *Source) Float64() float64 {
	a, b := s.Uint32()>>5, s.Uint32()>>6
	return (float64(a)*67108864 + float64(b)) / 9007199254740992
}

// Interval returns an integer in [0, max] by masked rejection sampling,
// as NumPy's random_interval (used by shuffle and permutation): draws of
// the smallest all-ones mask covering max, until one is <= max. max must
// be below 2^32.
func (s *Source) Interval(max uint32) uint32 {
	if max == 0 {
		return 0
	}
	mask := max
	mask |= mask >> 1
	mask |= mask >> 2
	mask |= mask >> 4
	mask |= mask >> 8
	mask |= mask >> 16
	for {
		if v := s.Uint32() & mask; v <= max {
			return v
		}
	}
}

// Permutation returns RandomState.permutation(k): 0..k-1 shuffled from
// the last position down, swapping position i with Interval(i). k must be
// below 2^32.
func (s *Source) Permutation(k int) []int {
	p := make([]int, k)
	for i := range p {
		p[i] = i
	}
	for i := k - 1; i >= 1; i-- {
		j := int(s.Interval(uint32(i)))
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// Randint returns RandomState.randint(low, high) for a range of at most
// 2^32 values: low plus a masked draw in [0, high-1-low]. It panics when
// high <= low or the range is wider.
func (s *Source) Randint(low, high int64) int64 {
	if high <= low || high-1-low > 0xffffffff {
		panic("nprand: Randint range must hold 1 to 2^32 values")
	}
	return low + int64(s.Interval(uint32(high-1-low)))
}

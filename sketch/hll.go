package sketch

import (
	"math"
	"math/bits"
)

// hll is a HyperLogLog distinct-count sketch (Flajolet, Fusy, Gandouet and
// Meunier, "HyperLogLog: the analysis of a near-optimal cardinality
// estimation algorithm", AofA 2007) with the 64-bit hash of HyperLogLog++
// (Heule, Nunkesser and Hall, EDBT 2013), so no large-range correction is
// needed, and, instead of HyperLogLog++'s empirical bias tables, the
// improved estimator of Ertl ("New cardinality estimation algorithms for
// HyperLogLog sketches", 2017, arXiv:1702.01284, Algorithm 6), which is
// unbiased from small to large counts. Its relative standard error is about
// 1.04/sqrt(m) with m = 2^p registers; hllBound states three of them
// (about 99.7% of estimates fall within it).
//
// Merging takes the register-wise maximum: it is exact, associative and
// commutative, and the sketch of the whole equals the merge of the parts'
// sketches bit for bit.
type hll struct {
	p    uint8
	regs []uint8
}

func newHLL(p uint8) *hll { return &hll{p: p, regs: make([]uint8, 1<<p)} }

func (s *hll) add(hash uint64) {
	q := 64 - uint(s.p)
	i := hash >> q
	w := hash << s.p
	r := uint8(min(uint(bits.LeadingZeros64(w)), q) + 1)
	if r > s.regs[i] {
		s.regs[i] = r
	}
}

func (s *hll) merge(o *hll) {
	for i, r := range o.regs {
		if r > s.regs[i] {
			s.regs[i] = r
		}
	}
}

// estimate is Ertl's improved estimator.
func (s *hll) estimate() float64 {
	q := 64 - int(s.p)
	m := float64(len(s.regs))
	c := make([]float64, q+2)
	for _, r := range s.regs {
		c[r]++
	}
	z := m * hllTau(1-c[q+1]/m)
	for k := q; k >= 1; k-- {
		z = 0.5 * (z + c[k])
	}
	z += m * hllSigma(c[0]/m)
	return m * m / (2 * math.Ln2 * z)
}

// relativeError is the stated bound on |estimate - true| / true.
func (s *hll) relativeError() float64 { return 3 * 1.04 / math.Sqrt(float64(len(s.regs))) }

func hllSigma(x float64) float64 {
	if x == 1 {
		return math.Inf(1)
	}
	y, z := 1.0, x
	for {
		x *= x
		prev := z
		z += x * y
		y += y
		if z == prev {
			return z
		}
	}
}

func hllTau(x float64) float64 {
	if x == 0 || x == 1 {
		return 0
	}
	y, z := 1.0, 1-x
	for {
		x = math.Sqrt(x)
		prev := z
		y *= 0.5
		z -= (1 - x) * (1 - x) * y
		if z == prev {
			return z / 3
		}
	}
}

// hashFloat hashes a value's bits (-0 as 0).
func hashFloat(x float64) uint64 {
	if x == 0 {
		x = 0
	}
	return mix64(math.Float64bits(x) ^ 0x5bd1e9955bd1e995)
}

// hashString is FNV-1a (64-bit) followed by the SplitMix64 finaliser, which
// spreads FNV's weak high bits.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return mix64(h)
}

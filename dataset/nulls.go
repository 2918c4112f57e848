package dataset

import "math/bits"

// nullMask marks missing rows, one bit per row. A nil mask means no row is
// missing.
type nullMask []uint64

func newNullMask(n int) nullMask { return make(nullMask, (n+63)/64) }

func (m nullMask) set(i int) { m[i>>6] |= 1 << (uint(i) & 63) }

func (m nullMask) isSet(i int) bool {
	return m != nil && m[i>>6]&(1<<(uint(i)&63)) != 0
}

// any reports whether a row is set.
func (m nullMask) any() bool {
	for _, w := range m {
		if w != 0 {
			return true
		}
	}
	return false
}

func (m nullMask) count() int {
	n := 0
	for _, w := range m {
		n += bits.OnesCount64(w)
	}
	return n
}

// maskFromBools returns the mask of the true entries of nulls, or nil when
// there are none.
func maskFromBools(nulls []bool) nullMask {
	var m nullMask
	for i, null := range nulls {
		if null {
			if m == nil {
				m = newNullMask(len(nulls))
			}
			m.set(i)
		}
	}
	return m
}

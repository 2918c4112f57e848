package dataset

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
)

// bitRows is a growable set of rows, one bit a row.
type bitRows struct {
	w []uint64
}

func (m *bitRows) reset() { m.w = m.w[:0] }

// none reports that no row was ever set (a false "some" only costs a
// caller its shortcut).
func (m *bitRows) none() bool { return len(m.w) == 0 }

func (m *bitRows) set(i int) {
	for len(m.w) <= i>>6 {
		m.w = append(m.w, 0)
	}
	m.w[i>>6] |= 1 << (uint(i) & 63)
}

func (m *bitRows) isSet(i int) bool {
	return i>>6 < len(m.w) && m.w[i>>6]&(1<<(uint(i)&63)) != 0
}

// each calls f with each row in the set, in increasing order.
func (m *bitRows) each(f func(i int)) {
	for k, w := range m.w {
		for w != 0 {
			f(k<<6 + bits.TrailingZeros64(w))
			w &= w - 1
		}
	}
}

// mask returns the set as a nullMask of n rows, nil when empty.
func (m *bitRows) mask(n int) nullMask {
	any := false
	for _, w := range m.w {
		any = any || w != 0
	}
	if !any {
		return nil
	}
	out := newNullMask(n)
	copy(out, m.w)
	return out
}

// localDict gives dictionary codes to the strings of one chunk, in order
// of first appearance. It is an open-addressing hash table over the levels,
// cheaper than a map[string]int32 for the millions of lookups of a file's
// categorical columns: a string of at most 8 bytes, most categories, is
// packed into a word, hashed with a seeded mix and compared as a word.
type localDict struct {
	seed   maphash.Seed
	mix    uint64   // the seed of the short strings' hash
	slots  []int32  // level + 1 per slot, 0 when empty; a power of two long
	hashes []uint64 // the hash of each level
	words  []uint64 // each level packed into a word, when it has at most 8 bytes
	levels []string
	// recent remembers short levels lately found by knownShort, each at
	// the top 6 bits of its packed word times an odd constant: a column
	// of a few levels, the common case, finds nearly every field there
	// with a multiplication and two comparisons, rather than the hash and
	// the probe of the table. An entry is only a hint, taken when its word
	// and length are the field's; levels that share an entry (as levels
	// may be made to) take turns in it and go by the table as before.
	recent [64]recentLevel
}

// recentLevel is an entry of localDict.recent: a level of n bytes (0: the
// entry is empty) packed into w, and its code.
type recentLevel struct {
	w    uint64
	code int32
	n    int32
}

// recentSlot returns the entry of localDict.recent for a packed word.
func (d *localDict) recentSlot(w uint64) *recentLevel {
	return &d.recent[w*0x9E3779B97F4A7C15>>58]
}

func (d *localDict) reset() {
	clear(d.slots)
	clear(d.recent[:])
	d.hashes = d.hashes[:0]
	d.words = d.words[:0]
	d.levels = d.levels[:0]
}

// pack packs a string of at most 8 bytes into a word, first byte lowest.
// When b's array holds 8 bytes from b's start (a field inside a chunk, most
// often), they are loaded as one word and the bytes past b masked off:
// no loop over the bytes, whose exit a field's varying length would have
// mispredicted.
func pack(b []byte) uint64 {
	if cap(b) >= 8 {
		return binary.LittleEndian.Uint64(b[:8]) & (1<<(8*uint(len(b))) - 1) // len 8: 1<<64 is 0, the mask all ones
	}
	var w uint64
	for i, c := range b {
		w |= uint64(c) << (8 * uint(i))
	}
	return w
}

// shortHash hashes a packed string of n bytes: splitmix64's finalizer of
// the word mixed with the table's random seed and the length.
func (d *localDict) shortHash(w uint64, n int) uint64 {
	h := w ^ d.mix ^ uint64(n)<<56*0x9E3779B97F4A7C15
	h = (h ^ h>>30) * 0xBF58476D1CE4E5B9
	h = (h ^ h>>27) * 0x94D049BB133111EB
	return h ^ h>>31
}

// code returns the code of b; only a new level allocates.
func (d *localDict) code(b []byte) int32 {
	if d.slots == nil {
		d.init()
	}
	mask := len(d.slots) - 1
	if len(b) <= 8 {
		w := pack(b)
		h := d.shortHash(w, len(b))
		slot, k := d.findShort(w, h, len(b))
		if k < 0 {
			return d.insert(slot, h, w, string(b))
		}
		return k
	}
	h := maphash.Bytes(d.seed, b)
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := d.slots[i]
		if s == 0 {
			return d.insert(i, h, 0, string(b))
		}
		if k := s - 1; d.hashes[k] == h && d.levels[k] == string(b) {
			return k
		}
	}
}

// findShort looks up the level packed in w (n bytes, hash h): its code,
// or -1 and the empty slot where it would go. The table is never full,
// so the probe ends.
func (d *localDict) findShort(w, h uint64, n int) (slot int, code int32) {
	mask := len(d.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := d.slots[i]
		if s == 0 {
			return i, -1
		}
		if k := s - 1; d.hashes[k] == h && d.words[k] == w && len(d.levels[k]) == n {
			return i, k
		}
	}
}

// codeString is code for a string, which becomes the level as it is.
func (d *localDict) codeString(str string) int32 {
	if d.slots == nil {
		d.init()
	}
	mask := len(d.slots) - 1
	var h, w uint64
	if len(str) <= 8 {
		for i := 0; i < len(str); i++ {
			w |= uint64(str[i]) << (8 * uint(i))
		}
		h = d.shortHash(w, len(str))
	} else {
		h = maphash.String(d.seed, str)
	}
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := d.slots[i]
		if s == 0 {
			return d.insert(i, h, w, str)
		}
		if k := s - 1; d.hashes[k] == h && d.levels[k] == str {
			return k
		}
	}
}

func (d *localDict) init() {
	d.seed = maphash.MakeSeed()
	d.mix = maphash.Comparable(d.seed, 0)
	d.slots = make([]int32, 64)
}

// insert adds level str of hash h (and packed word w) at empty slot i,
// growing the table to keep it at most half full.
func (d *localDict) insert(i int, h, w uint64, str string) int32 {
	k := int32(len(d.levels))
	d.levels = append(d.levels, str)
	d.hashes = append(d.hashes, h)
	d.words = append(d.words, w)
	if 2*len(d.levels) <= len(d.slots) {
		d.slots[i] = k + 1
		return k
	}
	d.slots = make([]int32, 2*len(d.slots))
	mask := len(d.slots) - 1
	for j, hj := range d.hashes {
		p := int(hj) & mask
		for d.slots[p] != 0 {
			p = (p + 1) & mask
		}
		d.slots[p] = int32(j) + 1
	}
	return k
}

// intSet collects distinct integers until there are more than its limit.
type intSet struct {
	limit int
	over  bool
	small []int64 // up to smallSetMax values, searched linearly
	big   map[int64]struct{}
}

const smallSetMax = 32

func (s *intSet) reset(limit int) {
	s.limit, s.over = limit, limit < 0
	s.small = s.small[:0]
	clear(s.big)
}

func (s *intSet) len() int { return len(s.small) + len(s.big) }

func (s *intSet) add(v int64) {
	if s.over {
		return
	}
	if s.limit < smallSetMax {
		for _, x := range s.small {
			if x == v {
				return
			}
		}
		s.small = append(s.small, v)
	} else {
		if s.big == nil {
			s.big = make(map[int64]struct{})
		}
		s.big[v] = struct{}{}
	}
	s.over = s.len() > s.limit
}

func (s *intSet) merge(t *intSet) {
	if s.over {
		return
	}
	if t.over {
		s.over = true
		return
	}
	for _, v := range t.small {
		s.add(v)
	}
	for v := range t.big {
		s.add(v)
	}
}

// seg is an array that grows without copying: past its capacity it starts
// a new segment, and flat joins the segments once, at the end. Allocated
// at the right size from the start, it is one plain slice.
type seg[T any] struct {
	done [][]T
	cur  []T
	n    int
}

// reserve allocates room for n elements, if nothing is allocated yet.
func (s *seg[T]) reserve(n int) {
	if s.cur == nil && s.done == nil {
		s.cur = make([]T, 0, n)
	}
}

// room makes sure k more elements fit in the current segment.
func (s *seg[T]) room(k int) {
	if len(s.cur)+k <= cap(s.cur) {
		return
	}
	if len(s.cur) > 0 {
		s.done = append(s.done, s.cur)
	}
	s.cur = make([]T, 0, max(k, s.n/2, 1<<14))
}

func (s *seg[T]) push(v T) {
	if len(s.cur) == cap(s.cur) {
		s.room(1)
	}
	s.cur = append(s.cur, v)
	s.n++
}

func (s *seg[T]) pushAll(v []T) {
	s.room(len(v))
	s.cur = append(s.cur, v...)
	s.n += len(v)
}

// flat returns the elements as one slice, joining the segments.
func (s *seg[T]) flat() []T {
	if len(s.done) == 0 {
		if s.cur == nil {
			return []T{}
		}
		return s.cur
	}
	out := make([]T, 0, s.n)
	for _, d := range s.done {
		out = append(out, d...)
	}
	out = append(out, s.cur...)
	s.done, s.cur = nil, out
	return out
}

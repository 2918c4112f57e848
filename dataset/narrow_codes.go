package dataset

// Dictionary codes in 16 bits.
//
// A categorical column of at most 32,768 levels, the common case, holds its
// codes in int16: half the memory of int32, which on a one-shot read is
// memory the kernel must first zero, and half the bytes every later pass
// (counting categories, hashing rows) reads. The readers choose the width
// as they build a column:
//
//   - CSV: the column starts in 16 bits and moves to 32 when a chunk
//     brings the 32,769th level (codeSeg);
//   - Parquet strings: the merged dictionaries of the row groups, read
//     before the values, decide; a column with a row group that has no
//     dictionary makes its levels as it goes and is read in 32 bits. A
//     row group whose plain values (a writer's fallback when its
//     dictionary grows too large) outgrow 16 bits goes on in 32 bits of
//     its own, and the column is moved to 32 when it is finished
//     (pqGroupDict.wide, mergeDicts);
//   - Parquet booleans: 16 bits;
//   - a column converted to categorical (Convert: the few integers a
//     Parquet column of them holds, by the type inference rule) is written
//     in 16 bits when its levels fit.
//
// Where a column moves from 16 to 32 bits, both are held for a moment (6
// bytes a row); the limits on the decoded size count 4.

// maxNarrowLevels is the most levels codes in 16 bits can index.
const maxNarrowLevels = 1 << 15

// codes32 returns the codes in 32 bits for a pass that reads them once
// (conversions): of a column held in 16 bits, a copy that the column does
// not keep. (The one Codes keeps is read only through its sync.Once.)
func (c *StringColumn) codes32() []int32 {
	if c.codes16 == nil {
		return c.codes
	}
	return convertInts[int32](c.codes16)
}

// usedCodes marks in used the levels some code holds and returns how many.
func usedCodes[T narrowInt](codes []T, used []bool) int {
	n := 0
	for _, k := range codes {
		if k >= 0 && !used[k] {
			used[k] = true
			n++
		}
	}
	return n
}

// takeCodes returns the codes of rows, in order, and how many are missing.
func takeCodes[T narrowInt](codes []T, rows []int) ([]T, int) {
	out := make([]T, len(rows))
	nullN := 0
	for i, r := range rows {
		out[i] = codes[r]
		if out[i] < 0 {
			nullN++
		}
	}
	return out, nullN
}

// remapCodes replaces each present code k by remap[k], in place; -1
// stays -1.
func remapCodes[T narrowInt](codes []T, remap []int32) {
	for i, k := range codes {
		if k >= 0 {
			codes[i] = T(remap[k])
		}
	}
}

// codeSeg gathers the codes of a column a reader builds: in 16 bits while
// its levels fit, then in 32.
type codeSeg struct {
	c16  seg[int16]
	c32  seg[int32]
	wide bool
}

// reserve allocates room for n codes, if nothing is allocated yet.
func (s *codeSeg) reserve(n int) {
	if s.wide {
		s.c32.reserve(n)
	} else {
		s.c16.reserve(n)
	}
}

// pushMissing appends n missing rows.
func (s *codeSeg) pushMissing(n int) {
	if s.wide {
		for range n {
			s.c32.push(-1)
		}
		return
	}
	for range n {
		s.c16.push(-1)
	}
}

// pushRemapped appends codes through remap (a chunk's code to the
// column's); levels is how many levels the column has with them.
func (s *codeSeg) pushRemapped(codes, remap []int32, levels int) {
	if !s.wide && levels > maxNarrowLevels {
		s.widen()
	}
	if s.wide {
		pushRemapped(&s.c32, codes, remap)
	} else {
		pushRemapped(&s.c16, codes, remap)
	}
}

func pushRemapped[T narrowInt](s *seg[T], codes, remap []int32) {
	s.room(len(codes))
	for _, k := range codes {
		if k >= 0 {
			k = remap[k]
		}
		s.push(T(k))
	}
}

// widen moves the codes so far to 32 bits.
func (s *codeSeg) widen() {
	codes := convertInts[int32](s.c16.flat())
	s.c32 = seg[int32]{cur: codes, n: len(codes)}
	s.c16 = seg[int16]{}
	s.wide = true
}

// set replaces the codes with codes, of a column of levels levels.
func (s *codeSeg) set(codes []int32, levels int) {
	s.wide = levels > maxNarrowLevels
	if s.wide {
		s.c32, s.c16 = seg[int32]{cur: codes, n: len(codes)}, seg[int16]{}
		return
	}
	narrow := convertInts[int16](codes)
	s.c16, s.c32 = seg[int16]{cur: narrow, n: len(narrow)}, seg[int32]{}
}

// column returns the column of the codes.
func (s *codeSeg) column(name string, typ Type, levels []string, nullN int) *StringColumn {
	if s.wide {
		return newStringColumn(name, typ, s.c32.flat(), levels, nullN)
	}
	return newStringColumn(name, typ, s.c16.flat(), levels, nullN)
}

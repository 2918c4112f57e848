package metrics

import (
	"math"
	"slices"

	"github.com/telltale-ml/telltale/dataset"
)

// mixColumn mixes each row's cell of c into h[i], so that equal rows
// (missing equal to missing, -0 equal to 0) get equal hashes.
func mixColumn(h []uint64, c dataset.Column) {
	mix := func(i int, k uint64) {
		x := (h[i] ^ k) * 0x100000001b3
		x ^= x >> 29
		x *= 0xbf58476d1ce4e5b9
		h[i] = x ^ x>>32
	}
	switch c := c.(type) {
	case *dataset.NumericColumn:
		for i, v := range c.Values() {
			if math.IsNaN(v) {
				mix(i, 0x7ff8000000000001)
			} else {
				mix(i, math.Float64bits(v+0))
			}
		}
	case *dataset.StringColumn:
		for i, k := range c.Codes() {
			mix(i, uint64(int64(k)))
		}
	case *dataset.TimeColumn:
		for i, v := range c.UnixNanos() {
			if c.IsNull(i) {
				mix(i, 0x8000000000000001)
			} else {
				mix(i, uint64(v))
			}
		}
	}
}

// cellsEqual reports whether rows i and j of c are equal, missing equal to
// missing (as pandas duplicated compares).
func cellsEqual(c dataset.Column, i, j int) bool {
	switch c := c.(type) {
	case *dataset.NumericColumn:
		a, b := c.Values()[i], c.Values()[j]
		return a == b || math.IsNaN(a) && math.IsNaN(b)
	case *dataset.StringColumn:
		return c.Codes()[i] == c.Codes()[j]
	case *dataset.TimeColumn:
		if c.IsNull(i) || c.IsNull(j) {
			return c.IsNull(i) == c.IsNull(j)
		}
		return c.UnixNanos()[i] == c.UnixNanos()[j]
	}
	return false
}

// duplicatedRows counts the rows equal to an earlier row. Rows are
// hashed and the hashes sorted; only the rows whose hash occurs more than
// once are then grouped and compared cell by cell, so a hash collision
// never counts as a duplicate.
func duplicatedRows(f *dataset.Frame) int {
	rows, cols := f.Len(), f.Columns()
	if rows < 2 || len(cols) == 0 {
		return 0
	}
	h := make([]uint64, rows)
	for i := range h {
		h[i] = 14695981039346656037
	}
	for _, c := range cols {
		mixColumn(h, c)
	}
	sorted := slices.Clone(h)
	slices.Sort(sorted)
	repeated := map[uint64][]int32{}
	for i := 1; i < rows; i++ {
		if sorted[i] == sorted[i-1] {
			repeated[sorted[i]] = nil
		}
	}
	if len(repeated) == 0 {
		return 0
	}
	for i, x := range h {
		if g, ok := repeated[x]; ok {
			repeated[x] = append(g, int32(i))
		}
	}
	rowEqual := func(a, b int32) bool {
		for _, c := range cols {
			if !cellsEqual(c, int(a), int(b)) {
				return false
			}
		}
		return true
	}
	dups := 0
	for _, group := range repeated {
		// A row is a duplicate if it equals a distinct row before it
		// (almost always the group's first).
		var reps []int32
		for _, r := range group {
			dup := false
			for _, p := range reps {
				if rowEqual(p, r) {
					dup = true
					break
				}
			}
			if dup {
				dups++
			} else {
				reps = append(reps, r)
			}
		}
	}
	return dups
}

// duplicatedColumns returns the pairs of columns that are equal, and those
// equal in at least thr of the rows (see DatasetSummary).
func duplicatedColumns(f *dataset.Frame, thr float64) (exact, almost [][2]string) {
	exact, almost = [][2]string{}, [][2]string{}
	cols, rows := f.Columns(), f.Len()
	if rows == 0 {
		return exact, almost
	}
	allowed := rows - int(math.Ceil(thr*float64(rows)-1e-9)) // mismatches allowed for "almost"
	for i, a := range cols {
		for _, b := range cols[i+1:] {
			if a.Type() != b.Type() {
				continue
			}
			eq := pairEqual(a, b)
			same, mismatches := true, 0
			for r := 0; r < rows; r++ {
				e, bothMissing := eq(r)
				if !e && !bothMissing {
					same = false
				}
				if !e || bothMissing {
					mismatches++
					if mismatches > allowed && !same {
						break
					}
				}
			}
			if same {
				exact = append(exact, [2]string{a.Name(), b.Name()})
			}
			if mismatches <= allowed {
				almost = append(almost, [2]string{a.Name(), b.Name()})
			}
		}
	}
	return exact, almost
}

// pairEqual returns a function telling, for row r, whether a and b hold
// the same present value, and whether both are missing.
func pairEqual(a, b dataset.Column) func(r int) (equal, bothMissing bool) {
	switch a := a.(type) {
	case *dataset.StringColumn:
		b := b.(*dataset.StringColumn)
		index := make(map[string]int32, len(b.Levels()))
		for k, l := range b.Levels() {
			index[l] = int32(k)
		}
		toB := make([]int32, len(a.Levels()))
		for k, l := range a.Levels() {
			if kb, ok := index[l]; ok {
				toB[k] = kb
			} else {
				toB[k] = -2
			}
		}
		ca, cb := a.Codes(), b.Codes()
		return func(r int) (bool, bool) {
			if ca[r] < 0 || cb[r] < 0 {
				return false, ca[r] < 0 && cb[r] < 0
			}
			return toB[ca[r]] == cb[r], false
		}
	default:
		return func(r int) (bool, bool) {
			na, nb := a.IsNull(r), b.IsNull(r)
			if na || nb {
				return false, na && nb
			}
			return cellsEqual2(a, b, r), false
		}
	}
}

// cellsEqual2 compares row r of two numerical or two datetime columns.
func cellsEqual2(a, b dataset.Column, r int) bool {
	switch a := a.(type) {
	case *dataset.NumericColumn:
		return a.Values()[r] == b.(*dataset.NumericColumn).Values()[r]
	case *dataset.TimeColumn:
		return a.UnixNanos()[r] == b.(*dataset.TimeColumn).UnixNanos()[r]
	}
	return false
}

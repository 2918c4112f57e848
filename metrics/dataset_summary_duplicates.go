package metrics

import (
	"math"
	"slices"

	"github.com/telltale-ml/telltale/dataset"
)

// maxListed bounds the groups and pairs DatasetLists names; the counts are
// always complete. A wide one-hot table has millions of duplicated pairs.
const maxListed = 100

// columnDuplicates is what DatasetSummary reports about equal columns.
type columnDuplicates struct {
	exactPairs, almostPairs int        // counts of column pairs, as Evidently's
	groups                  int        // groups of two or more equal columns
	exact                   [][]string // at most maxListed groups
	almost                  [][2]string
}

// duplicatedColumns finds the columns that are equal (pandas
// Series.equals: the same type, equal in every row, missing where the
// other is missing) and the pairs equal in at least thr of the rows
// (Evidently's almost duplicated: same type, (a == b).mean() >= thr, a
// missing cell never equal). Counts are of pairs, as Evidently counts
// them: a group of k equal columns is k(k-1)/2 pairs.
//
// It is linear in the cells for equal columns, where a pairwise scan was
// quadratic (3,000 constant columns were 4.5 million pairs): each column
// is hashed, columns with equal hashes are checked cell by cell against
// their group's first column (so a collision never merges columns), and
// the almost-duplicate pairs are found between groups (see almostPairs).
func duplicatedColumns(f *dataset.Frame, stats []*ColumnStats, thr float64) columnDuplicates {
	d := columnDuplicates{exact: [][]string{}, almost: [][2]string{}}
	cols, rows := f.Columns(), f.Len()
	if rows == 0 || len(cols) < 2 {
		return d
	}
	groups := equalColumnGroups(cols, rows)
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		d.groups++
		d.exactPairs += len(g) * (len(g) - 1) / 2
		if len(d.exact) < maxListed {
			names := make([]string, len(g))
			for i, c := range g {
				names[i] = cols[c].Name()
			}
			d.exact = append(d.exact, names)
		}
	}

	allowed := rows - int(math.Ceil(thr*float64(rows)-1e-9)) // mismatches allowed for "almost"
	a := almostPairs(cols, stats, groups, rows, allowed)
	d.almostPairs = a.count
	for _, p := range a.listed {
		d.almost = append(d.almost, [2]string{cols[p[0]].Name(), cols[p[1]].Name()})
	}
	return d
}

// equalColumnGroups groups the indices of equal columns, each group in
// frame order and the groups in the order of their first column.
func equalColumnGroups(cols []dataset.Column, rows int) [][]int {
	byHash := map[uint64][]int{}
	var order []uint64
	for i, c := range cols {
		h := columnHash(c, rows)
		if _, ok := byHash[h]; !ok {
			order = append(order, h)
		}
		byHash[h] = append(byHash[h], i)
	}
	var groups [][]int
	for _, h := range order {
		var sub [][]int // the candidates split by a cell-by-cell check
		for _, i := range byHash[h] {
			placed := false
			for k, g := range sub {
				if columnsEqual(cols[g[0]], cols[i], rows) {
					sub[k] = append(g, i)
					placed = true
					break
				}
			}
			if !placed {
				sub = append(sub, []int{i})
			}
		}
		groups = append(groups, sub...)
	}
	slices.SortFunc(groups, func(a, b []int) int { return a[0] - b[0] })
	return groups
}

// columnHash hashes c's type and its values in row order, equal for
// columns that columnsEqual finds equal: a missing cell hashes the same
// whatever the column, -0 as 0, a category by its label.
func columnHash(c dataset.Column, rows int) uint64 {
	h := mix(14695981039346656037, uint64(c.Type())+1)
	const missing = 0x7ff8000000000001
	switch c := c.(type) {
	case *dataset.NumericColumn:
		for i, v := range c.Values()[:rows] {
			k := math.Float64bits(v + 0) // +0 folds -0 into 0
			if v != v || c.IsNull(i) {
				k = missing
			}
			h = mix(h, k)
		}
	case *dataset.StringColumn:
		levels := make([]uint64, len(c.Levels()))
		for k, l := range c.Levels() {
			levels[k] = stringHash(l)
		}
		if codes, ok := c.Codes16(); ok {
			h = mixLevels(h, codes[:rows], levels, missing)
		} else {
			h = mixLevels(h, c.Codes()[:rows], levels, missing)
		}
	case *dataset.TimeColumn:
		for i, v := range c.UnixNanos()[:rows] {
			k := uint64(v)
			if c.IsNull(i) {
				k = missing
			}
			h = mix(h, k)
		}
	default:
		for i := range rows {
			if c.IsNull(i) {
				h = mix(h, missing)
			} else {
				h = mix(h, uint64(i))
			}
		}
	}
	return fmix64(h)
}

// stringHash is FNV-1a of s.
func stringHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// columnsEqual reports whether a and b have the same type and, in every
// row, equal values or both a missing value (pandas Series.equals).
func columnsEqual(a, b dataset.Column, rows int) bool {
	if a.Type() != b.Type() {
		return false
	}
	eq := pairEqual(a, b)
	for r := range rows {
		if e, both := eq(r); !e && !both {
			return false
		}
	}
	return true
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
		a16, aNarrow := a.Codes16()
		b16, bNarrow := b.Codes16()
		switch {
		case aNarrow && bNarrow:
			return codesEqual(a16, b16, toB)
		case aNarrow:
			return codesEqual(a16, b.Codes(), toB)
		case bNarrow:
			return codesEqual(a.Codes(), b16, toB)
		}
		return codesEqual(a.Codes(), b.Codes(), toB)
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

// mixLevels mixes the hash of each row's level (missing for a missing row)
// into h.
func mixLevels[T codeInt](h uint64, codes []T, levels []uint64, missing uint64) uint64 {
	for _, k := range codes {
		if k < 0 {
			h = mix(h, missing)
		} else {
			h = mix(h, levels[k])
		}
	}
	return h
}

// codesEqual is pairEqual for two string columns, in the bits each holds
// its codes in; toB maps a's codes to b's (-2 for a level b lacks).
func codesEqual[A, B codeInt](ca []A, cb []B, toB []int32) func(r int) (bool, bool) {
	return func(r int) (bool, bool) {
		ka, kb := int32(ca[r]), int32(cb[r])
		if ka < 0 || kb < 0 {
			return false, ka < 0 && kb < 0
		}
		return toB[ka] == kb, false
	}
}

package metrics

import (
	"slices"
	"sort"

	"github.com/telltale-ml/telltale/dataset"
)

// almostResult is the almost-duplicated column pairs: their count and at
// most maxListed of them (column indices, sorted).
type almostResult struct {
	count  int
	listed [][2]int
}

// groupSummary is what the bounds of almostEqual need of a group of equal
// columns.
type groupSummary struct {
	members []int // column indices, in frame order
	col     dataset.Column
	stats   *ColumnStats
	mode    any // the most common value, comparable with ==; nil when unusable
	modeN   int // its count
	spread  int // present values other than the mode
}

// almostPairs counts the pairs of columns (of one type) with at most
// allowed mismatching rows, a row where either is missing being a
// mismatch, given the groups of equal columns. Two columns of a group
// mismatch where both are missing; two groups are compared through their
// first columns, and the pair counts for every pair of their members.
//
// Most pairs of groups are decided without a scan, from each column's most
// common value (mode) and its count c, out of p present values:
//
//   - same mode: at least ca + cb - rows rows are equal, so the pair is
//     almost equal when 2·rows - ca - cb <= allowed. Such pairs are counted
//     in bulk (groups sorted by c), not one by one.
//   - different modes: at most (pa - ca) + (pb - cb) rows are equal, so
//     only groups whose spreads p - c add up to rows - allowed can be
//     almost equal. With groups sorted by spread, the others are never
//     visited: constant and one-hot columns cost nothing.
//
// The remaining pairs are scanned by almostEqual, which stops at the first
// mismatch over allowed. Columns of many distinct values each (where no
// bound decides) still cost a scan per pair of groups.
func almostPairs(cols []dataset.Column, stats []*ColumnStats, groups [][]int, rows, allowed int) almostResult {
	var r almostResult
	full := func() bool { return len(r.listed) == maxListed }
	list := func(a, b *groupSummary) {
		for _, x := range a.members {
			for _, y := range b.members {
				if len(r.listed) == maxListed {
					return
				}
				r.listed = append(r.listed, [2]int{min(x, y), max(x, y)})
			}
		}
	}
	add := func(n int) { r.count += n }
	check := func(a, b *groupSummary) {
		if almostEqual(a.col, b.col, a.stats, b.stats, rows, allowed) {
			add(len(a.members) * len(b.members))
			list(a, b)
		}
	}

	byType := map[dataset.Type][]*groupSummary{}
	var types []dataset.Type
	for _, g := range groups {
		c := cols[g[0]]
		s := &groupSummary{members: g, col: c}
		if stats != nil {
			s.stats = stats[g[0]]
		}
		if s.stats != nil && comparableModes(c) && s.stats.MostCommonCount > 0 {
			s.mode, s.modeN = s.stats.MostCommon, s.stats.MostCommonCount
			s.spread = rows - c.NullN() - s.modeN
		}
		// Members of a group differ only where both are missing.
		if k := len(g); k > 1 && c.NullN() <= allowed {
			r.count += k * (k - 1) / 2
			for x := 0; x < k && len(r.listed) < maxListed; x++ {
				for y := x + 1; y < k && len(r.listed) < maxListed; y++ {
					r.listed = append(r.listed, [2]int{g[x], g[y]})
				}
			}
		}
		if _, ok := byType[c.Type()]; !ok {
			types = append(types, c.Type())
		}
		byType[c.Type()] = append(byType[c.Type()], s)
	}

	for _, typ := range types {
		var withMode, noMode []*groupSummary
		buckets := map[any][]*groupSummary{}
		var keys []any
		for _, s := range byType[typ] {
			if s.mode == nil {
				noMode = append(noMode, s)
				continue
			}
			withMode = append(withMode, s)
			if _, ok := buckets[s.mode]; !ok {
				keys = append(keys, s.mode)
			}
			buckets[s.mode] = append(buckets[s.mode], s)
		}
		// Groups whose mode cannot be used meet every other group.
		for i, a := range noMode {
			for _, b := range noMode[i+1:] {
				check(a, b)
			}
			for _, b := range withMode {
				check(a, b)
			}
		}
		for _, k := range keys {
			sameMode(buckets[k], rows, allowed, add, list, full, check)
		}
		differentModes(withMode, rows, allowed, check)
	}
	slices.SortFunc(r.listed, func(p, q [2]int) int {
		if p[0] != q[0] {
			return p[0] - q[0]
		}
		return p[1] - q[1]
	})
	return r
}

// sameMode handles the pairs of groups that share their mode: those with
// ca + cb >= 2·rows - allowed are almost equal for certain, and are
// counted in bulk (prefix sums of the group sizes) and listed while the
// list has room; the others are checked one by one.
func sameMode(b []*groupSummary, rows, allowed int, add func(int), list func(a, b *groupSummary), full func() bool, check func(a, b *groupSummary)) {
	sort.SliceStable(b, func(i, j int) bool { return b[i].modeN > b[j].modeN })
	sizes := make([]int, len(b)+1) // sizes[i] = members of b[:i]
	for i, g := range b {
		sizes[i+1] = sizes[i] + len(g.members)
	}
	need := 2*rows - allowed
	for i, a := range b {
		// b[i+1:k] are certain: modeN is decreasing.
		k := i + 1 + sort.Search(len(b)-i-1, func(j int) bool { return a.modeN+b[i+1+j].modeN < need })
		add(len(a.members) * (sizes[k] - sizes[i+1]))
		for _, c := range b[i+1 : k] {
			if full() {
				break
			}
			list(a, c)
		}
		for _, c := range b[k:] {
			check(a, c)
		}
	}
}

// differentModes checks the pairs of groups with different modes whose
// spreads add up to at least rows - allowed; no other such pair can be
// almost equal.
func differentModes(b []*groupSummary, rows, allowed int, check func(a, b *groupSummary)) {
	b = slices.Clone(b)
	sort.SliceStable(b, func(i, j int) bool { return b[i].spread < b[j].spread })
	need := rows - allowed
	for i, a := range b {
		lo := sort.Search(len(b), func(j int) bool { return a.spread+b[j].spread >= need })
		for _, c := range b[max(i+1, lo):] {
			if c.mode != a.mode {
				check(a, c)
			}
		}
	}
}

// almostEqual reports whether a and b (of one type) have at most allowed
// mismatching rows, a row where either is missing being a mismatch. The
// columns' statistics bound the count first:
//
//	equal rows <= min(present_a, present_b)
//	equal rows <= min(c_a, present_b - c_b) + present_a - c_a   (modes differ)
//	equal rows >= c_a + c_b - rows                               (same mode)
//
// with c the count of the column's most common value; only a pair the
// bounds leave open is scanned.
func almostEqual(a, b dataset.Column, sa, sb *ColumnStats, rows, allowed int) bool {
	pa, pb := rows-a.NullN(), rows-b.NullN()
	equalMax := min(pa, pb)
	if sa != nil && sb != nil && comparableModes(a) {
		ca, cb := sa.MostCommonCount, sb.MostCommonCount
		if ca > 0 && cb > 0 {
			if sa.MostCommon == sb.MostCommon {
				if rows-max(0, ca+cb-rows) <= allowed {
					return true
				}
			} else {
				equalMax = min(equalMax, min(ca, pb-cb)+pa-ca, min(cb, pa-ca)+pb-cb)
			}
		}
	}
	if rows-equalMax > allowed {
		return false
	}
	eq := pairEqual(a, b)
	mismatches := 0
	for r := range rows {
		if e, _ := eq(r); !e {
			mismatches++
			if mismatches > allowed {
				return false
			}
		}
	}
	return true
}

// comparableModes reports whether ColumnStats.MostCommon of columns of c's
// kind compare with == exactly as their cells do: numbers (-0 folded into
// 0) and categories, not times (formatted, by day for date-only columns).
func comparableModes(c dataset.Column) bool {
	switch c.(type) {
	case *dataset.NumericColumn, *dataset.StringColumn:
		return true
	}
	return false
}

package sketch

import (
	"cmp"
	"slices"
)

// values counts each distinct value exactly: keys sorted ascending, with
// their counts. Columns keep it while they have few distinct values; the
// merge of two is exact.
type values[K cmp.Ordered] struct {
	keys   []K
	counts []int64
}

// addSorted adds distinct keys sorted ascending with their counts.
func (v *values[K]) addSorted(keys []K, counts []int64) {
	if len(keys) == 0 {
		return
	}
	if len(v.keys) == 0 {
		v.keys = append(v.keys[:0], keys...)
		v.counts = append(v.counts[:0], counts...)
		return
	}
	nk := make([]K, 0, len(v.keys)+len(keys))
	nc := make([]int64, 0, len(v.keys)+len(keys))
	i, j := 0, 0
	for i < len(v.keys) || j < len(keys) {
		switch {
		case j == len(keys) || i < len(v.keys) && cmp.Less(v.keys[i], keys[j]):
			nk, nc = append(nk, v.keys[i]), append(nc, v.counts[i])
			i++
		case i == len(v.keys) || cmp.Less(keys[j], v.keys[i]):
			nk, nc = append(nk, keys[j]), append(nc, counts[j])
			j++
		default:
			nk, nc = append(nk, keys[j]), append(nc, v.counts[i]+counts[j])
			i++
			j++
		}
	}
	v.keys, v.counts = nk, nc
}

// addUnsorted adds distinct keys in any order with their counts.
func (v *values[K]) addUnsorted(keys []K, counts []int64) {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(keys[a], keys[b]) })
	sk := make([]K, len(keys))
	sc := make([]int64, len(keys))
	for i, j := range idx {
		sk[i], sc[i] = keys[j], counts[j]
	}
	v.addSorted(sk, sc)
}

func (v *values[K]) clone() *values[K] {
	return &values[K]{keys: slices.Clone(v.keys), counts: slices.Clone(v.counts)}
}

// runs returns the distinct values of sorted xs and their counts, reusing
// keys and counts.
func runs[K cmp.Ordered](xs []K, keys []K, counts []int64) ([]K, []int64) {
	keys, counts = keys[:0], counts[:0]
	for i := 0; i < len(xs); {
		j := i + 1
		for j < len(xs) && xs[j] == xs[i] {
			j++
		}
		keys = append(keys, xs[i])
		counts = append(counts, int64(j-i))
		i = j
	}
	return keys, counts
}

package sketch

import (
	"cmp"
	"slices"
)

// heavy is the Misra-Gries frequent-items summary (Misra and Gries,
// "Finding repeated elements", Science of Computer Programming 2(2), 1982)
// with at most k counters, merged as in Agarwal, Cormode, Huang, Phillips,
// Wei and Yi ("Mergeable summaries", PODS 2012, section 3): add the
// counters, then subtract the (k+1)-th largest count from all and drop
// those left at zero or below. For every item, with N the number of values
// summarised and N̂ the sum of the counters,
//
//	f̂ <= f <= f̂ + (N - N̂)/(k+1)
//
// (f̂ = 0 for an item without a counter), for any order of updates and
// merges. A batch of values enters as the exact summary of its counts.
type heavy[K cmp.Ordered] struct {
	k      int
	n      int64 // N: values summarised
	counts map[K]int64
}

func newHeavy[K cmp.Ordered](k int) *heavy[K] {
	return &heavy[K]{k: k, counts: map[K]int64{}}
}

// addCounts adds a batch given as distinct keys and their counts. The
// batch is first reduced to its own k largest counts (a summary of the
// batch with the same guarantee), so a batch of distinct values costs no
// map operations.
func (h *heavy[K]) addCounts(keys []K, counts []int64) {
	var n int64
	for _, c := range counts {
		n += c
	}
	h.n += n
	cut := int64(0)
	if len(keys) > h.k {
		cut = kthLargest(counts, h.k+1)
	}
	for i, key := range keys {
		if c := counts[i] - cut; c > 0 {
			h.counts[key] += c
		}
	}
	h.prune()
}

func (h *heavy[K]) merge(o *heavy[K]) {
	h.n += o.n
	for key, c := range o.counts {
		h.counts[key] += c
	}
	h.prune()
}

func (h *heavy[K]) prune() {
	if len(h.counts) <= h.k {
		return
	}
	cs := make([]int64, 0, len(h.counts))
	for _, c := range h.counts {
		cs = append(cs, c)
	}
	cut := kthLargest(cs, h.k+1)
	for key, c := range h.counts {
		if c <= cut {
			delete(h.counts, key)
		} else {
			h.counts[key] = c - cut
		}
	}
}

// bound returns (N - N̂)/(k+1), the most any count is underestimated.
func (h *heavy[K]) bound() int64 {
	var sum int64
	for _, c := range h.counts {
		sum += c
	}
	return (h.n - sum + int64(h.k)) / int64(h.k+1) // rounded up
}

// sorted returns the counted keys, by decreasing count, ties by key.
func (h *heavy[K]) sorted() ([]K, []int64) {
	keys := make([]K, 0, len(h.counts))
	for k := range h.counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b K) int {
		if c := cmp.Compare(h.counts[b], h.counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	counts := make([]int64, len(keys))
	for i, k := range keys {
		counts[i] = h.counts[k]
	}
	return keys, counts
}

// kthLargest returns the k-th largest of xs (1-based), 0 when xs has
// fewer than k values. It keeps the k largest seen in a small sorted
// slice, so values no larger than the k-th so far cost one comparison.
func kthLargest(xs []int64, k int) int64 {
	if k > len(xs) {
		return 0
	}
	top := make([]int64, 0, k) // ascending
	for _, x := range xs {
		if len(top) == k {
			if x <= top[0] {
				continue
			}
			copy(top, top[1:])
			top = top[:k-1]
		}
		i, _ := slices.BinarySearch(top, x)
		top = slices.Insert(top, i, x)
	}
	return top[0]
}

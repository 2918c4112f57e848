package metrics

import (
	"runtime"
	"testing"
)

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestCountIntsSortedColumnWaste: on a sorted column (ids, times) the
// values move out of countNarrow's window again and again. Its windows
// must not cost more than a bounded try before countSpan's two passes:
// with each window re-centred at the cap, the spare slots halve at every
// widening and a new window of maxCountSlots(n) slots is allocated each
// time (log₂ n of them: 254 MB and 8× countSpan's time at 1.5M rows of
// step 3).
func TestCountIntsSortedColumnWaste(t *testing.T) {
	const n = 300_000
	for _, step := range []int64{1, 3} {
		vals := make([]int64, n)
		for i := range vals {
			vals[i] = int64(i) * step
		}
		span := allocated(func() { countSpan(vals) })
		ints := allocated(func() { countInts(vals) })
		want, _ := countSpan(vals)
		if got, ok := countInts(vals); !ok || got.lo != want.lo || got.step != want.step || len(got.counts) != len(want.counts) {
			t.Errorf("sorted, step %d: countInts = lo %d step %d, %d slots (ok %v); countSpan = lo %d step %d, %d slots",
				step, got.lo, got.step, len(got.counts), ok, want.lo, want.step, len(want.counts))
		}
		if ints > span+2<<20 {
			t.Errorf("sorted, step %d, %d rows: countInts allocated %d bytes, countSpan %d", step, n, ints, span)
		}
	}
}

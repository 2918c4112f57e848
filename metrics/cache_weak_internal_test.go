package metrics

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
)

// TestCacheSortedHeldWeakly: metrics asking for a column's sorted values
// while another holds them share one sort; once none holds them the cache
// lets the garbage collector reclaim them, and asking again gives the same
// values.
func TestCacheSortedHeldWeakly(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vals := make([]float64, 100_000)
	for i := range vals {
		vals[i] = rng.NormFloat64()
	}
	col := dataset.NewNumericColumn("x", vals)
	f, err := dataset.New("t", col)
	if err != nil {
		t.Fatal(err)
	}
	var c Cache
	a := c.SortedValues(f, col)
	b := c.SortedValues(f, col)
	if &a.Values[0] != &b.Values[0] {
		t.Fatal("two uses at once sorted twice")
	}
	want := slices.Clone(a.Values)
	if !slices.IsSorted(want) || len(want) != len(vals) {
		t.Fatal("not the sorted values")
	}
	a, b = Sorted{}, Sorted{}
	runtime.GC()
	runtime.GC()
	key := cacheKey{f, "x"}
	if p := c.views[key].p.Value(); p != nil {
		t.Fatal("the cache keeps the sorted copy alive")
	}
	d := c.SortedValues(f, col)
	if !slices.Equal(d.Values, want) {
		t.Fatal("sorted again, the values differ")
	}
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
}

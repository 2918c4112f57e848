package metrics

import (
	"runtime"
	"slices"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"

	"github.com/telltale-ml/telltale/dataset"
)

func TestCacheKeep(t *testing.T) {
	col := func() *dataset.NumericColumn {
		vals := make([]float64, 1000)
		for i := range vals {
			vals[i] = float64((i * 7) % 1000)
		}
		return dataset.NewNumericColumn("x", vals)
	}
	ref, _ := dataset.New("ref", col())
	cur, _ := dataset.New("cur", col())
	c := &Cache{}
	for _, f := range []*dataset.Frame{ref, cur} {
		nc, _ := f.Column("x")
		assert.True(t, slices.IsSorted(c.SortedValues(f, nc.(*dataset.NumericColumn)).Values))
		c.baseStats(f, nc)
	}
	assert.Len(t, c.views, 2)
	assert.Len(t, c.stats, 2)
	c.Keep(ref)
	assert.Len(t, c.views, 1)
	assert.Len(t, c.stats, 1)
	for k := range c.views {
		assert.Same(t, ref, k.frame)
	}
	// The kept work is still served, from the same sort even after the
	// collector ran.
	nc, _ := ref.Column("x")
	first := c.SortedValues(ref, nc.(*dataset.NumericColumn)).Values
	assert.Len(t, first, 1000)
	firstAt := uintptr(unsafe.Pointer(&first[0])) // not a reference
	first = nil
	runtime.GC()
	runtime.GC()
	again := c.SortedValues(ref, nc.(*dataset.NumericColumn)).Values
	assert.Equal(t, firstAt, uintptr(unsafe.Pointer(&again[0])), "the kept sort was reclaimed and sorted again")
	// Time buckets and descriptor columns are let go too.
	c.buckets = map[cacheKey]*onceEntry[bucketed]{{ref, "a"}: {}, {cur, "a"}: {}}
	c.descriptors = map[cacheKey]*onceEntry[descriptorResult]{{ref, "a"}: {}, {cur, "a"}: {}}
	c.Keep(ref)
	assert.Len(t, c.buckets, 1)
	assert.Len(t, c.descriptors, 1)
	var nilCache *Cache
	nilCache.Keep(ref)
}

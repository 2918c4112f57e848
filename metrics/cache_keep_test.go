package metrics

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/telltale-ml/telltale/dataset"
)

func TestCacheKeep(t *testing.T) {
	col := func() *dataset.NumericColumn { return dataset.NewNumericColumn("x", []float64{3, 1, 2}) }
	ref, _ := dataset.New("ref", col())
	cur, _ := dataset.New("cur", col())
	c := &Cache{}
	for _, f := range []*dataset.Frame{ref, cur} {
		nc, _ := f.Column("x")
		assert.Equal(t, []float64{1, 2, 3}, c.SortedValues(f, nc.(*dataset.NumericColumn)).Values)
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
	// The kept work is still served.
	nc, _ := ref.Column("x")
	assert.Equal(t, []float64{1, 2, 3}, c.SortedValues(ref, nc.(*dataset.NumericColumn)).Values)
	// Time buckets and descriptor columns are let go too.
	c.buckets = map[cacheKey]*onceEntry[bucketed]{{ref, "a"}: {}, {cur, "a"}: {}}
	c.descriptors = map[cacheKey]*onceEntry[descriptorResult]{{ref, "a"}: {}, {cur, "a"}: {}}
	c.Keep(ref)
	assert.Len(t, c.buckets, 1)
	assert.Len(t, c.descriptors, 1)
	var nilCache *Cache
	nilCache.Keep(ref)
}

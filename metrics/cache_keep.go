package metrics

import "github.com/telltale-ml/telltale/dataset"

// Keep drops the work cached for every frame but those given. A program
// that runs report after report against one reference (the monitor, over
// a moving window) shares one Cache between them and calls Keep(reference)
// after each: the reference's columns are sorted and summarised once, and
// the windows' work is let go.
func (c *Cache) Keep(frames ...*dataset.Frame) {
	if c == nil {
		return
	}
	keep := func(k cacheKey) bool {
		for _, f := range frames {
			if k.frame == f {
				return true
			}
		}
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	prune(c.views, keep)
	prune(c.sorted, keep)
	prune(c.stats, keep)
	prune(c.buckets, keep)
	prune(c.descriptors, keep)
}

// prune deletes the entries of m whose key keep rejects.
func prune[T any](m map[cacheKey]*onceEntry[T], keep func(cacheKey) bool) {
	for k := range m {
		if !keep(k) {
			delete(m, k)
		}
	}
}

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
	for k := range c.views {
		if !keep(k) {
			delete(c.views, k)
		}
	}
	for k := range c.sorted {
		if !keep(k) {
			delete(c.sorted, k)
		}
	}
	for k := range c.stats {
		if !keep(k) {
			delete(c.stats, k)
		}
	}
}

package metrics

import "sync"

// scratchPool lends the sorts of float columns their working space: a
// sort of a million values needs 8 MB besides its result, and making it
// anew for every column cleared 8 MB each time and gave the collector as
// much more to reclaim. It keeps at most scratchKept slices (as many as
// columns are sorted at once, on a machine of that many cores), the
// largest given back.
type scratchPool struct {
	mu   sync.Mutex
	free [][]uint64
}

const scratchKept = 4

// get returns the largest slice kept (nil when none), which the caller
// owns until it puts it back.
func (p *scratchPool) get() []uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	best := -1
	for i, s := range p.free {
		if best < 0 || cap(s) > cap(p.free[best]) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	s := p.free[best]
	p.free = append(p.free[:best], p.free[best+1:]...)
	return s
}

// put gives s back; past scratchKept slices the smallest is dropped.
func (p *scratchPool) put(s []uint64) {
	if cap(s) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free = append(p.free, s[:0])
	if len(p.free) > scratchKept {
		small := 0
		for i, t := range p.free {
			if cap(t) < cap(p.free[small]) {
				small = i
			}
		}
		p.free = append(p.free[:small], p.free[small+1:]...)
	}
}

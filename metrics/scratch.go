package metrics

import (
	"sync"
	"unsafe"
	"weak"
)

// scratchPool lends the sorts of float columns their working space: a
// sort of a million values needs 8 MB besides its result, and making it
// anew for every column cleared 8 MB each time and gave the collector as
// much more to reclaim. It keeps at most scratchKept slices (as many as
// columns are sorted at once, on a machine of that many cores), the
// largest given back, and keeps them weakly, as the Cache keeps sorted
// values: a Cache that lives long (the monitor's) holds no memory for
// sorts once the collector wants it back.
type scratchPool struct {
	mu   sync.Mutex
	free []weakScratch
}

// weakScratch is a slice of uint64 held weakly: its first element and
// its capacity.
type weakScratch struct {
	p   weak.Pointer[uint64]
	cap int
}

const scratchKept = 4

// get returns the largest slice kept that the collector has not taken
// (nil when none), which the caller owns until it puts it back.
func (p *scratchPool) get() []uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	var best []uint64
	at := -1
	live := p.free[:0]
	for _, w := range p.free {
		v := w.p.Value()
		if v == nil {
			continue // reclaimed
		}
		live = append(live, w)
		if at < 0 || w.cap > cap(best) {
			best, at = unsafe.Slice(v, w.cap)[:0], len(live)-1
		}
	}
	p.free = live
	if at < 0 {
		return nil
	}
	p.free = append(p.free[:at], p.free[at+1:]...)
	return best
}

// put gives s back; past scratchKept slices the smallest is dropped.
func (p *scratchPool) put(s []uint64) {
	if cap(s) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.free = append(p.free, weakScratch{weak.Make(&s[:1][0]), cap(s)})
	if len(p.free) > scratchKept {
		small := 0
		for i, w := range p.free {
			if w.cap < p.free[small].cap {
				small = i
			}
		}
		p.free = append(p.free[:small], p.free[small+1:]...)
	}
}

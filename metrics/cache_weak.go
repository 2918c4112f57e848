package metrics

import (
	"sync"
	"unsafe"
	"weak"
)

// weakEntry is a cache entry whose bulky part (a sorted copy of a column)
// the garbage collector may reclaim once no caller holds it.
type weakEntry[T any] struct {
	mu     sync.Mutex
	valid  bool
	strong T                     // the value without its sorted values
	p      weak.Pointer[float64] // the first of its sorted values
	n      int                   // how many there are
	isNil  bool                  // the values were nil
	pinned bool                  // Keep asked to hold the values
	held   []float64             // the values, held strongly once pinned
}

// pin holds the entry's values strongly from now on (see Cache.Keep).
func (e *weakEntry[T]) pin() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.pinned = true
	if e.valid && e.n > 0 {
		if p := e.p.Value(); p != nil {
			e.held = unsafe.Slice(p, e.n)
		}
	}
}

// weakHolder is a value whose sorted values a weakEntry holds weakly:
// splitValues takes them out, joinValues puts them back.
type weakHolder[T any] interface {
	splitValues() (T, []float64)
	joinValues(v []float64) T
}

func (s Sorted) splitValues() (Sorted, []float64) { v := s.Values; s.Values = nil; return s, v }
func (s Sorted) joinValues(v []float64) Sorted    { s.Values = v; return s }

func (nv numericView) splitValues() (numericView, []float64) {
	v := nv.Values
	nv.Values = nil
	return nv, v
}

func (nv numericView) joinValues(v []float64) numericView { nv.Values = v; return nv }

// cachedWeak returns the value of key k in m (created under c.mu),
// computing it when it was never computed or its values were reclaimed.
// Computing again gives the same values: the cache changes memory, not
// results.
func cachedWeak[T weakHolder[T]](c *Cache, m *map[cacheKey]*weakEntry[T], k cacheKey, compute func() T) T {
	c.mu.Lock()
	if *m == nil {
		*m = map[cacheKey]*weakEntry[T]{}
	}
	e, ok := (*m)[k]
	if !ok {
		e = &weakEntry[T]{}
		(*m)[k] = e
	}
	c.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.valid {
		switch {
		case e.isNil:
			return e.strong.joinValues(nil)
		case e.n == 0:
			return e.strong.joinValues([]float64{})
		}
		if p := e.p.Value(); p != nil {
			return e.strong.joinValues(unsafe.Slice(p, e.n))
		}
	}
	v := compute()
	strong, vals := v.splitValues()
	e.strong, e.n, e.isNil, e.valid = strong, len(vals), vals == nil, true
	if len(vals) > 0 {
		e.p = weak.Make(&vals[0])
		if e.pinned {
			e.held = vals
		}
	}
	return v
}

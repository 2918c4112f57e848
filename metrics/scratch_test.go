package metrics

import (
	"runtime"
	"testing"
)

func TestScratchPoolKeepsTheLargest(t *testing.T) {
	var p scratchPool
	if s := p.get(); s != nil {
		t.Fatalf("empty pool gave a slice of %d", cap(s))
	}
	p.put(nil)
	kept := make([][]uint64, 0, 5) // strong references: nothing is reclaimed
	for _, n := range []int{3, 9, 1, 7, 5} {
		s := make([]uint64, n)
		kept = append(kept, s)
		p.put(s)
	}
	var got []int
	for s := p.get(); s != nil; s = p.get() {
		if len(s) != 0 {
			t.Fatalf("a slice of length %d, want 0", len(s))
		}
		got = append(got, cap(s))
	}
	if want := []int{9, 7, 5, 3}; len(got) != len(want) || got[0] != 9 || got[1] != 7 || got[2] != 5 || got[3] != 3 {
		t.Fatalf("capacities %v, want %v (the largest first, the smallest dropped)", got, want)
	}
	runtime.KeepAlive(kept)
}

// TestScratchPoolLetsGo checks that the pool holds its slices weakly: once
// nothing else refers to them, a collection takes them, and get returns
// nil rather than memory the collector reclaimed.
func TestScratchPoolLetsGo(t *testing.T) {
	var p scratchPool
	p.put(make([]uint64, 1<<20))
	p.put(make([]uint64, 1<<10))
	runtime.GC()
	runtime.GC()
	if s := p.get(); s != nil {
		t.Fatalf("after a collection the pool still gave a slice of %d", cap(s))
	}
	if len(p.free) != 0 {
		t.Fatalf("%d reclaimed entries left in the pool", len(p.free))
	}
}

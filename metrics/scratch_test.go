package metrics

import "testing"

func TestScratchPoolKeepsTheLargest(t *testing.T) {
	var p scratchPool
	if s := p.get(); s != nil {
		t.Fatalf("empty pool gave a slice of %d", cap(s))
	}
	p.put(nil)
	for _, n := range []int{3, 9, 1, 7, 5} {
		p.put(make([]uint64, n))
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
}

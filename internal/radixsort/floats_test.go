package radixsort

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"
)

// TestSortFloatsBothPaths checks SortFloats against slices.Sort of the
// finite values' keys, bit for bit (so -0 before +0), on sizes either side
// of msdMinKeys, for values that spread over their top digits (the fused
// sortMSD path, conversions done per bucket) and values that crowd a few
// (Sort, then one conversion pass), with NaN and ±Inf mixed in.
func TestSortFloatsBothPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 9))
	draws := map[string]func() float64{
		"normal":    func() float64 { return r.NormFloat64() * 3 },
		"six-digit": func() float64 { return float64(float32(r.NormFloat64()*40 + 100)) },
		"few":       func() float64 { return float64(r.IntN(5)) / 2 },
		"zeros":     func() float64 { return math.Copysign(0, float64(r.IntN(2))-0.5) },
		"wide":      func() float64 { return math.Ldexp(r.Float64()-0.5, r.IntN(2000)-1000) },
	}
	for name, draw := range draws {
		for _, n := range []int{0, 1, 255, 300, msdMinKeys - 1, msdMinKeys, msdMinKeys + 4097} {
			vals := make([]float64, n)
			for i := range vals {
				switch r.IntN(200) {
				case 0:
					vals[i] = math.NaN()
				case 1:
					vals[i] = math.Inf(1 - 2*r.IntN(2))
				default:
					vals[i] = draw()
				}
			}
			checkSortFloats(t, fmt.Sprintf("%s n=%d", name, n), vals)
		}
	}
}

// TestSpreadCountsAgreesWithSample checks that the exact test SortFloats
// uses takes the MSD path for values that spread and not for those that
// crowd, as spreadByTop's sample does.
func TestSpreadCountsAgreesWithSample(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, c := range []struct {
		name   string
		draw   func() float64
		spread bool
	}{
		{"normal", r.NormFloat64, true},
		{"integers to 1000", func() float64 { return float64(r.IntN(1000)) }, true}, // 16 buckets a binade past 16
		{"four integers", func() float64 { return float64(r.IntN(4)) }, false},
		{"one value", func() float64 { return 2.5 }, false},
	} {
		n := msdMinKeys + 1000
		keys := make([]uint64, n)
		tops := make([]uint32, msdBuckets)
		for i := range keys {
			keys[i] = FloatKey(c.draw())
			tops[keys[i]>>msdShift]++
		}
		if got := spreadCounts(tops, n); got != c.spread || spreadByTop(keys) != c.spread {
			t.Errorf("%s: spreadCounts = %v, spreadByTop = %v, want %v", c.name, got, spreadByTop(keys), c.spread)
		}
	}
}

// checkSortFloats compares SortFloats(vals) with slices.Sort of the finite
// values' keys, bit for bit, and checks that vals is left as it was.
func checkSortFloats(t *testing.T, name string, vals []float64) {
	t.Helper()
	orig := slices.Clone(vals)
	var want []uint64
	wnan, winf := 0, 0
	for _, v := range vals {
		switch {
		case math.IsNaN(v):
			wnan++
		case math.IsInf(v, 0):
			winf++
		default:
			want = append(want, FloatKey(v))
		}
	}
	slices.Sort(want)
	same := func(how string, got []float64, nan, inf int) {
		t.Helper()
		if nan != wnan || inf != winf || len(got) != len(want) {
			t.Fatalf("%s, %s: %d values, %d NaN, %d Inf; want %d, %d, %d", name, how, len(got), nan, inf, len(want), wnan, winf)
		}
		for i, k := range want {
			if math.Float64bits(got[i]) != math.Float64bits(KeyFloat(k)) {
				t.Fatalf("%s, %s: position %d: %v, want %v", name, how, i, got[i], KeyFloat(k))
			}
		}
	}
	got, nan, inf := SortFloats(vals, nil)
	same("no scratch", got, nan, inf)
	// With scratch lent, too short, just long enough and longer: the
	// result is right, and sorting other values with the scratch given
	// back leaves it so (the two never share memory).
	for _, extra := range []int{-1, 0, 5} {
		scratch := make([]uint64, max(len(want)+extra, 0))
		for i := range scratch {
			scratch[i] = uint64(i) * 0x9E3779B97F4A7C15
		}
		got, nan, inf := SortFloats(vals, &scratch)
		other := make([]float64, len(vals))
		for i, v := range vals {
			other[i] = -v // as many distinct values: the same path
		}
		SortFloats(other, &scratch)
		clear(scratch[:cap(scratch)])
		same(fmt.Sprintf("scratch of %d", len(want)+extra), got, nan, inf)
	}
	for i := range vals {
		if math.Float64bits(vals[i]) != math.Float64bits(orig[i]) {
			t.Fatalf("%s: input modified at %d", name, i)
		}
	}
}

// FuzzSortFloats sorts floats drawn from the fuzzer's numbers: a count (up
// to past msdMinKeys, so both of SortFloats' paths run), a number of
// binades and of mantissas to draw from, and shares of NaN, ±Inf and
// signed zeros; compared with slices.Sort by checkSortFloats.
func FuzzSortFloats(f *testing.F) {
	f.Add(uint32(msdMinKeys+10), uint16(12), uint16(0), uint8(3), uint64(1))
	f.Add(uint32(msdMinKeys+70_000), uint16(1), uint16(4), uint8(0), uint64(2))
	f.Add(uint32(1000), uint16(2000), uint16(100), uint8(200), uint64(3))
	f.Fuzz(func(t *testing.T, n uint32, binades, mantissas uint16, special uint8, seed uint64) {
		r := rand.New(rand.NewPCG(seed, uint64(n)))
		ms := make([]uint64, int(mantissas)+1)
		for i := range ms {
			ms[i] = r.Uint64N(1 << 52)
		}
		vals := make([]float64, int(n)%(msdMinKeys+100_000))
		for i := range vals {
			switch x := r.IntN(256); {
			case x < int(special)/4:
				vals[i] = [4]float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1)}[x%4]
			default:
				e := uint64(1023 + r.IntN(int(binades)%2046+1) - int(binades)%2046/2)
				vals[i] = math.Float64frombits(uint64(r.IntN(2))<<63 | e<<52 | ms[r.IntN(len(ms))])
			}
		}
		checkSortFloats(t, "fuzz", vals)
	})
}

// TestSortFew checks the counting sort at and past fewMax distinct keys:
// at fewMax it sorts, one more and it gives up with the keys as they were,
// the extra key first, last or in the middle.
func TestSortFew(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, distinct := range []int{1, 2, fewMax, fewMax + 1} {
		for _, where := range []string{"first", "middle", "last"} {
			values := make([]uint64, distinct)
			for i := range values {
				values[i] = r.Uint64()>>uint(r.IntN(58))&^63 | uint64(i) // distinct by the low bits
			}
			keys := make([]uint64, 10_000)
			for i := range keys {
				keys[i] = values[r.IntN(max(distinct-1, 1))]
			}
			at := map[string]int{"first": 0, "middle": len(keys) / 2, "last": len(keys) - 1}[where]
			keys[at] = values[distinct-1]
			orig := slices.Clone(keys)
			ok := sortFew(keys)
			switch {
			case ok != (distinct <= fewMax):
				t.Fatalf("%d distinct, the last %s: sortFew = %v", distinct, where, ok)
			case ok && !slices.Equal(keys, slices.Sorted(slices.Values(orig))):
				t.Fatalf("%d distinct, the last %s: not sorted", distinct, where)
			case !ok && !slices.Equal(keys, orig):
				t.Fatalf("%d distinct, the last %s: keys changed though sortFew gave up", distinct, where)
			}
		}
	}
}

// TestSortFloatsLeavesLargeScratch checks that a scratch more than twice
// as long as the values is neither taken nor replaced: the result, which
// may be the slice lent, would otherwise keep all of a large column's
// scratch alive for a few values (a column of the current window sorted
// after one of a large reference). A scratch at most twice as long is
// still lent and given back.
func TestSortFloatsLeavesLargeScratch(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	inside := func(got []float64, s []uint64) bool {
		p := uintptr(unsafe.Pointer(unsafe.SliceData(got)))
		base := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
		return p >= base && p < base+8*uintptr(cap(s))
	}
	for _, n := range []int{0, 10, 256, 300, 5000, 100_000} {
		vals := make([]float64, n)
		for i := range vals {
			vals[i] = r.NormFloat64()
		}
		big := make([]uint64, 2*n+1)
		scratch := big
		got, _, _ := SortFloats(vals, &scratch)
		if inside(got, big) {
			t.Errorf("n=%d: the result lives in the lent scratch of %d", n, cap(big))
		}
		if unsafe.SliceData(scratch) != unsafe.SliceData(big) || cap(scratch) != cap(big) {
			t.Errorf("n=%d: the scratch of %d was replaced by one of %d", n, cap(big), cap(scratch))
		}
		checkSortFloats(t, fmt.Sprintf("n=%d", n), vals)
		if n < 256 {
			continue // sortFew and Sort's slices.Sort leave keys in place
		}
		fit := make([]uint64, 2*n)
		scratch = fit
		got, _, _ = SortFloats(vals, &scratch)
		if inside(got, scratch) {
			t.Errorf("n=%d: the result shares memory with the scratch given back", n)
		}
		if !inside(got, fit) && unsafe.SliceData(scratch) != unsafe.SliceData(fit) {
			t.Errorf("n=%d: a scratch of %d was neither used nor given back", n, cap(fit))
		}
	}
}

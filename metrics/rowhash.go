package metrics

import (
	"math"
	"math/bits"
	"runtime"
	"sync"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/parallel"
)

// duplicatedRows counts the rows equal to an earlier row, missing equal to
// missing and -0 to 0 (pandas DataFrame.duplicated().sum()).
//
// Each row gets a 64-bit hash, mixed column by column. The rows are then
// split into buckets by the top bits of their hash, keeping row order, and
// each bucket goes through a small open-addressing table of the first row
// of each distinct value: a row whose hash matches a table entry is
// compared with it cell by cell, so a hash collision never counts as a
// duplicate. Hashing, bucketing and the tables run in parallel.
func duplicatedRows(f *dataset.Frame) int {
	rows, cols := f.Len(), f.Columns()
	if rows < 2 || len(cols) == 0 {
		return 0
	}
	h := rowHashes(cols, rows)
	defer putScratch(h)
	return countDuplicates(h, newRowComparer(cols))
}

// rowHashes returns a hash of each row of cols, equal for rows that
// rowComparer finds equal, in a buffer from scratch.
func rowHashes(cols []dataset.Column, rows int) []uint64 {
	h := getScratch(rows)
	const block = 1 << 14 // rows hashed together, while their hashes stay in cache
	parallelRanges(rows, parallelism(rows), func(_, lo, hi int) {
		for b := lo; b < hi; b += block {
			hb := h[b:min(b+block, hi)]
			for i := range hb {
				hb[i] = 14695981039346656037
			}
			for _, c := range cols {
				mixColumn(hb, c, b)
			}
			for i, x := range hb {
				hb[i] = fmix64(x)
			}
		}
	})
	return h
}

// mix mixes cell k into the row hash h. Each step is a bijection of h, so
// rows that differ in one cell always hash apart; fmix64 then spreads the
// bits for bucketing.
func mix(h, k uint64) uint64 {
	x := (h ^ k) * 0x9e3779b97f4a7c15
	return x ^ x>>32
}

// fmix64 is MurmurHash3's 64-bit finalizer.
func fmix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	return x ^ x>>33
}

// mixColumn mixes rows off, off+1, ... of c into h.
func mixColumn(h []uint64, c dataset.Column, off int) {
	switch c := c.(type) {
	case *dataset.NumericColumn:
		for i, v := range c.Values()[off : off+len(h)] {
			k := math.Float64bits(v + 0) // +0 folds -0 into 0
			if v != v {
				k = 0x7ff8000000000001
			}
			h[i] = mix(h[i], k)
		}
	case *dataset.StringColumn:
		if codes, ok := c.Codes16(); ok {
			mixCodes(h, codes[off:off+len(h)])
		} else {
			mixCodes(h, c.Codes()[off:off+len(h)])
		}
	case *dataset.TimeColumn:
		vals := c.UnixNanos()[off : off+len(h)]
		if c.NullN() == 0 {
			for i, v := range vals {
				h[i] = mix(h[i], uint64(v))
			}
			return
		}
		for i, v := range vals {
			k := uint64(v)
			if c.IsNull(off + i) {
				k = 0x8000000000000001
			}
			h[i] = mix(h[i], k)
		}
	}
}

// scratch holds large buffers between uses (hashes and bucketed keys of
// duplicatedRows), to spare clearing and faulting in tens of megabytes per
// summary. It holds no state a caller can see.
var scratch sync.Pool

// getScratch returns a buffer of n values, not cleared; putScratch gives it
// back.
func getScratch(n int) []uint64 {
	if p, ok := scratch.Get().(*[]uint64); ok {
		if cap(*p) >= n {
			return (*p)[:n]
		}
		scratch.Put(p)
	}
	return make([]uint64, n)
}

func putScratch(b []uint64) { scratch.Put(&b) }

// rowComparer compares rows of a frame cell by cell, missing equal to
// missing (as pandas duplicated compares).
type rowComparer struct {
	floats  [][]float64
	codes16 [][]int16 // the codes of string columns held in 16 bits
	codes   [][]int32 // and of the others
	times   []*dataset.TimeColumn
}

func newRowComparer(cols []dataset.Column) *rowComparer {
	r := &rowComparer{}
	for _, c := range cols {
		switch c := c.(type) {
		case *dataset.NumericColumn:
			r.floats = append(r.floats, c.Values())
		case *dataset.StringColumn:
			if c16, ok := c.Codes16(); ok {
				r.codes16 = append(r.codes16, c16)
			} else {
				r.codes = append(r.codes, c.Codes())
			}
		case *dataset.TimeColumn:
			r.times = append(r.times, c)
		}
	}
	return r
}

// equal reports whether rows a and b are equal.
func (r *rowComparer) equal(a, b int) bool {
	for _, c := range r.codes16 {
		if c[a] != c[b] {
			return false
		}
	}
	for _, c := range r.codes {
		if c[a] != c[b] {
			return false
		}
	}
	for _, v := range r.floats {
		if x, y := v[a], v[b]; x != y && (x == x || y == y) {
			return false
		}
	}
	for _, c := range r.times {
		na, nb := c.IsNull(a), c.IsNull(b)
		if na != nb || !na && c.UnixNanos()[a] != c.UnixNanos()[b] {
			return false
		}
	}
	return true
}

// countDuplicates counts the rows whose hash h[i] matches an earlier row's
// and which eq finds equal to it.
func countDuplicates(h []uint64, eq *rowComparer) int {
	n := len(h)
	// key = the hash's top bits, then the row; rowBits is chosen so that no
	// key is all ones, the empty slot of the tables below.
	rowBits := uint(bits.Len(uint(n)))
	rowMask := uint64(1)<<rowBits - 1
	// Buckets of about 2048 to 4096 rows (tables that stay in cache), by the
	// top bits of the hash.
	bucketBits := uint(min(bits.Len(uint(n>>12)), 16, max(0, 56-int(rowBits))))
	nb := 1 << bucketBits
	shift := 64 - bucketBits // bucket of hash x: x >> shift (0 when bucketBits is 0)

	// Count each worker's rows per bucket, then scatter each worker's rows
	// into its own range of each bucket, so rows stay in order.
	workers := parallelism(n)
	hist := make([][]int, workers)
	parallelRanges(n, workers, func(w, lo, hi int) {
		c := make([]int, nb)
		for _, x := range h[lo:hi] {
			c[x>>shift]++
		}
		hist[w] = c
	})
	starts := make([]int, nb+1)
	offs := make([][]int, workers)
	for w := range offs {
		offs[w] = make([]int, nb)
	}
	sum := 0
	for b := range nb {
		starts[b] = sum
		for w := range workers {
			offs[w][b] = sum
			sum += hist[w][b]
		}
	}
	starts[nb] = sum
	keys := getScratch(n)
	defer putScratch(keys)
	parallelRanges(n, workers, func(w, lo, hi int) {
		o := offs[w]
		for i, x := range h[lo:hi] {
			b := x >> shift
			keys[o[b]] = x&^rowMask | uint64(lo+i)
			o[b]++
		}
	})

	// Deduplicate bucket by bucket.
	dups := make([]int, workers)
	parallelRanges(nb, workers, func(w, lo, hi int) {
		largest := 0
		for b := lo; b < hi; b++ {
			largest = max(largest, starts[b+1]-starts[b])
		}
		table := make([]uint64, 1<<bits.Len(uint(2*largest)))
		for i := range table {
			table[i] = ^uint64(0)
		}
		d := 0
		for b := lo; b < hi; b++ {
			part := keys[starts[b]:starts[b+1]]
			size := 1 << bits.Len(uint(2*len(part)))
			mask := uint64(size - 1)
			t := table[:size]
			for _, k := range part {
				tag := k >> rowBits
				for s := tag & mask; ; s = (s + 1) & mask {
					e := t[s]
					if e == ^uint64(0) {
						t[s] = k
						break
					}
					if e>>rowBits == tag && eq.equal(int(e&rowMask), int(k&rowMask)) {
						d++
						break
					}
				}
			}
			for i := range t {
				t[i] = ^uint64(0)
			}
		}
		dups[w] = d
	})
	total := 0
	for _, d := range dups {
		total += d
	}
	return total
}

// parallelism returns the number of goroutines worth using for n items.
func parallelism(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n/(1<<15)))
}

// parallelRanges splits [0, n) into p contiguous ranges and calls
// fn(w, lo, hi) for each range w in its own goroutine.
func parallelRanges(n, p int, fn func(w, lo, hi int)) {
	if p <= 1 {
		fn(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	panics := make([]*parallel.PanicError, p)
	for w := range p {
		lo, hi := w*n/p, (w+1)*n/p
		wg.Go(func() {
			defer func() { panics[w] = parallel.Recovered(recover(), w) }()
			fn(w, lo, hi)
		})
	}
	wg.Wait()
	// A panic in a range goes on in the caller's goroutine, where the
	// metric's own recovery (report's, or the caller's) sees it, with the
	// stack where it happened.
	for _, pe := range panics {
		if pe != nil {
			panic(pe)
		}
	}
}

// mixCodes mixes each row's code into h.
func mixCodes[T codeInt](h []uint64, codes []T) {
	for i, k := range codes {
		h[i] = mix(h[i], uint64(int64(k)))
	}
}

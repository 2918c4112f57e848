package metrics

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/telltale-ml/telltale/dataset"
)

// simpleDuplicatedRows counts duplicated rows the plain way: a map from
// each row's text (missing as its own token, -0 as 0).
func simpleDuplicatedRows(f *dataset.Frame) int {
	seen := map[string]bool{}
	dups := 0
	var b strings.Builder
	for i := range f.Len() {
		b.Reset()
		for _, c := range f.Columns() {
			switch {
			case c.IsNull(i):
				b.WriteString("<missing>")
			default:
				if nc, ok := c.(*dataset.NumericColumn); ok {
					b.WriteString(strconv.FormatFloat(nc.Values()[i]+0, 'g', -1, 64))
				} else {
					b.WriteString(strconv.Quote(c.Format(i)))
				}
			}
			b.WriteByte('|')
		}
		if seen[b.String()] {
			dups++
		}
		seen[b.String()] = true
	}
	return dups
}

// duplicateFrame draws n rows with few distinct values per column, so that
// many rows repeat, with NaN, ±0, ±Inf, huge values and missing values.
func duplicateFrame(t *testing.T, r *rand.Rand, n int) *dataset.Frame {
	fl := make([]float64, n)
	ints := make([]int64, n)
	strs := make([]string, n)
	times := make([]time.Time, n)
	nulls := make([]bool, n)
	tnulls := make([]bool, n)
	special := []float64{math.NaN(), math.Copysign(0, -1), 0, math.Inf(1), math.Inf(-1), 1e308, 5e-324, 1.5}
	for i := range n {
		fl[i] = special[r.IntN(len(special))]
		ints[i] = []int64{math.MinInt64, -1, 7, 1 << 60}[r.IntN(4)]
		strs[i] = []string{"a", "b", ""}[r.IntN(3)]
		times[i] = time.Unix(int64(r.IntN(3))*60, 0)
		nulls[i] = r.IntN(5) == 0
		tnulls[i] = r.IntN(4) == 0
	}
	f, err := dataset.New("dups",
		dataset.NewNumericColumn("f", fl),
		dataset.NewIntColumn("i", ints, nulls),
		dataset.NewStringColumn("s", dataset.Categorical, strs, nulls),
		dataset.NewTimeColumn("t", times, tnulls))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestDuplicatedRowsMatchesSimple(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, n := range []int{0, 1, 2, 100, 5000, 150_000} { // 150,000: several buckets, two workers
		f := duplicateFrame(t, r, n)
		want := simpleDuplicatedRows(f)
		if got := duplicatedRows(f); got != want {
			t.Errorf("n=%d: duplicatedRows = %d, want %d", n, got, want)
		}
		if n >= 5000 && (want == 0 || want == n-1) {
			t.Errorf("n=%d: the fixture should have some but not all rows duplicated (%d)", n, want)
		}
	}
}

// With every hash equal, only the cell-by-cell comparison tells rows apart:
// collisions must not count as duplicates.
func TestDuplicatedRowsSurvivesCollisions(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for _, n := range []int{3, 2000} {
		f := duplicateFrame(t, r, n)
		for _, h := range [][]uint64{make([]uint64, n), constantHashes(n, ^uint64(0))} {
			if got, want := countDuplicates(h, newRowComparer(f.Columns())), simpleDuplicatedRows(f); got != want {
				t.Errorf("n=%d, hash %x: countDuplicates = %d, want %d", n, h[0], got, want)
			}
		}
	}
}

func constantHashes(n int, h uint64) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = h
	}
	return out
}

// Rows that are nearly all equal land in one bucket; the count stays exact.
func TestDuplicatedRowsOneBigBucket(t *testing.T) {
	n := 100_000
	vals := make([]float64, n)
	codes := make([]string, n)
	for i := range vals {
		codes[i] = "x"
		if i%10_000 == 3 {
			vals[i] = float64(i) // 10 distinct rows beside the repeated one
		}
	}
	f, err := dataset.New("same", dataset.NewNumericColumn("v", vals),
		dataset.NewStringColumn("s", dataset.Categorical, codes, nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := duplicatedRows(f), n-11; got != want {
		t.Errorf("duplicatedRows = %d, want %d", got, want)
	}
}

package metrics

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
)

// TestLevelCounts: the four tables add up to one count a level, missing
// rows dropped, for every length's remainder of four.
func TestLevelCounts(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	levels := []string{"a", "b", "c"}
	for n := range 13 {
		codes := make([]int32, n)
		want := make([]int, len(levels))
		for i := range codes {
			codes[i] = int32(r.IntN(len(levels)+1)) - 1
			if codes[i] >= 0 {
				want[codes[i]]++
			}
		}
		c, err := dataset.NewCodedColumn("x", dataset.Categorical, slices.Clone(codes), levels)
		if err != nil {
			t.Fatal(err)
		}
		if got := levelCounts(c); !slices.Equal(got, want) {
			t.Errorf("codes %v: levelCounts = %v, want %v", codes, got, want)
		}
	}
}

// TestCodesBothWidths: the passes over every code (category counts,
// missing rows, row hashes, column hashes, missing-value matches) give
// the same for a column held in 16 bits (as the readers build it) and in
// 32 (as NewCodedColumn does).
func TestCodesBothWidths(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 32))
	levels := []string{"a", "b", "unknown", "d"}
	var b strings.Builder
	b.WriteString("x,y\n")
	const n = 1001
	codes := make([]int32, n)
	for i := range codes {
		codes[i] = int32(r.IntN(len(levels)+1)) - 1
		if codes[i] >= 0 {
			b.WriteString(levels[codes[i]])
		}
		fmt.Fprintf(&b, ",%d\n", i)
	}
	f, err := dataset.ReadCSV(context.Background(), strings.NewReader(b.String()), "x.csv",
		&dataset.ReadOptions{Types: map[string]dataset.Type{"x": dataset.Categorical}})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := f.Column("x")
	narrow := c.(*dataset.StringColumn)
	if _, ok := narrow.Codes16(); !ok {
		t.Fatal("the reader's column is not held in 16 bits")
	}
	// The same column in 32 bits, its levels in the reader's order.
	index := map[string]int32{}
	for k, l := range narrow.Levels() {
		index[l] = int32(k)
	}
	wideCodes := make([]int32, n)
	for i, k := range codes {
		wideCodes[i] = -1
		if k >= 0 {
			wideCodes[i] = index[levels[k]]
		}
	}
	wide, err := dataset.NewCodedColumn("x", dataset.Categorical, wideCodes, slices.Clone(narrow.Levels()))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := wide.Codes16(); ok {
		t.Fatal("NewCodedColumn's column is held in 16 bits")
	}

	// None of them writes the 16-bit codes out in 32 (4 bytes a row).
	m := newMissingMatcher([]any{"unknown", nil})
	ca, ra := make([]int, 2), make([]bool, n)
	pa, ha := make([]int32, n), make([]uint64, n-7)
	if b := allocated(func() {
		levelCounts(narrow)
		countMissing(pa, narrow)
		mixColumn(ha, narrow, 7)
		columnHash(narrow, n)
		m.column(narrow, ca, ra)
		newRowComparer([]dataset.Column{narrow})
		pairEqual(narrow, narrow)
	}); b >= 4*n {
		t.Errorf("the passes over a column in 16 bits allocated %d bytes, as many as writing it out in 32", b)
	}
	present := n - narrow.NullN()
	values := allocated(func() { stringValues(narrow) })
	var like []string // what stringValues must allocate: its result
	if out := allocated(func() { like = make([]string, 0, present) }); values >= out+2*n || cap(like) != present {
		t.Errorf("stringValues allocated %d bytes, its result %d: it wrote the codes out in 32 bits", values, out)
	}
	if a, b := stringValues(narrow), stringValues(wide); !slices.Equal(a, b) {
		t.Error("stringValues differs")
	}
	for _, pair := range [][2]*dataset.StringColumn{{narrow, narrow}, {narrow, wide}, {wide, narrow}} {
		got, want := pairEqual(pair[0], pair[1]), pairEqual(wide, wide)
		for r := range n {
			e1, m1 := got(r)
			e2, m2 := want(r)
			if e1 != e2 || m1 != m2 {
				t.Fatalf("pairEqual row %d: %v %v, in 32 bits %v %v", r, e1, m1, e2, m2)
			}
		}
	}
	if a, b := levelCounts(narrow), levelCounts(wide); !slices.Equal(a, b) {
		t.Errorf("levelCounts: %v in 16 bits, %v in 32", a, b)
	}
	pb := make([]int32, n)
	countMissing(pb, wide)
	if !slices.Equal(pa, pb) {
		t.Error("countMissing differs")
	}
	hb := make([]uint64, n-7)
	mixColumn(hb, wide, 7)
	if !slices.Equal(ha, hb) {
		t.Error("mixColumn differs")
	}
	if a, b := columnHash(narrow, n), columnHash(wide, n); a != b {
		t.Errorf("columnHash: %x in 16 bits, %x in 32", a, b)
	}
	cb, rb := make([]int, 2), make([]bool, n)
	m.column(wide, cb, rb)
	if !slices.Equal(ca, cb) || !slices.Equal(ra, rb) || ca[0] == 0 {
		t.Errorf("missing values: %v %v in 16 bits, %v in 32", ca, ra[:8], cb)
	}
}

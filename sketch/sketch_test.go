package sketch

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
)

// testFrame returns n rows of a continuous column, an integer column, a
// categorical column with many categories, a small categorical, a text
// column and a datetime column, with missing and infinite values.
func testFrame(t testing.TB, n int, seed uint64) *dataset.Frame {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	cont := make([]float64, n)
	ints := make([]int64, n)
	intNull := make([]bool, n)
	cats := make([]string, n)
	small := make([]string, n)
	smallNull := make([]bool, n)
	text := make([]string, n)
	ts := make([]int64, n)
	tsNull := make([]bool, n)
	for i := range n {
		switch {
		case i%97 == 0:
			cont[i] = math.NaN()
		case i%501 == 0:
			cont[i] = math.Inf(1 - 2*(i%2))
		default:
			cont[i] = r.NormFloat64()*10 + 3
		}
		ints[i] = int64(r.IntN(300)) - 50
		intNull[i] = i%13 == 0
		cats[i] = fmt.Sprintf("c%d", int(math.Floor(math.Abs(r.NormFloat64())*800)))
		small[i] = []string{"a", "b", "c"}[r.IntN(3)]
		smallNull[i] = i%7 == 0
		text[i] = fmt.Sprintf("the quick brown fox %d jumps", r.IntN(1000000))
		ts[i] = int64(r.IntN(5000)) * 86400e9
		tsNull[i] = i%11 == 0
	}
	f, err := dataset.New("test",
		dataset.NewNumericColumn("cont", cont),
		dataset.NewIntColumn("ints", ints, intNull),
		dataset.NewStringColumn("cats", dataset.Categorical, cats, nil),
		dataset.NewStringColumn("small", dataset.Categorical, small, smallNull),
		dataset.NewStringColumn("text", dataset.Text, text, nil),
		dataset.NewTimeColumnNanos("ts", ts, tsNull, true),
	)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func rowsRange(lo, hi int) []int {
	out := make([]int, hi-lo)
	for i := range out {
		out[i] = lo + i
	}
	return out
}

// splits cuts f into parts at random places.
func splits(t testing.TB, f *dataset.Frame, parts int, r *rand.Rand) []*dataset.Frame {
	cuts := []int{0, f.Len()}
	for range parts - 1 {
		cuts = append(cuts, r.IntN(f.Len()+1))
	}
	slices.Sort(cuts)
	var out []*dataset.Frame
	for i := 1; i < len(cuts); i++ {
		p, err := f.Take(rowsRange(cuts[i-1], cuts[i]))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func mustOf(t testing.TB, f *dataset.Frame, o Options) *Sketch {
	t.Helper()
	s, err := Of(context.Background(), f, o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func encode(t testing.TB, s *Sketch) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := s.Encode(&b, []string{"x"}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func mergeAll(t testing.TB, o Options, parts ...*Sketch) *Sketch {
	t.Helper()
	m, _ := New(o)
	for _, p := range parts {
		if err := m.Merge(p); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func TestDeterministicBytes(t *testing.T) {
	f := testFrame(t, 20000, 1)
	a, b := encode(t, mustOf(t, f, Options{})), encode(t, mustOf(t, f, Options{}))
	if !bytes.Equal(a, b) {
		t.Fatal("two sketches of the same frame differ")
	}
	t.Logf("%d rows, 6 columns: %d bytes", f.Len(), len(a))
}

func TestRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 50, 30000} {
		f := testFrame(t, n, 2)
		s := mustOf(t, f, Options{ExactValues: 100, Categories: 100})
		b := encode(t, s)
		d, src, err := Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if !slices.Equal(src, []string{"x"}) {
			t.Fatalf("sources %v", src)
		}
		if !bytes.Equal(encode(t, d), b) {
			t.Fatalf("n=%d: decode(encode(s)) encodes differently", n)
		}
	}
}

func TestMergeCommutes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	f := testFrame(t, 40000, 3)
	o := Options{ExactValues: 200, Categories: 200, K: 256}
	for trial := range 5 {
		ps := splits(t, f, 2, r)
		a, b := mustOf(t, ps[0], o), mustOf(t, ps[1], o)
		ab, ba := mergeAll(t, o, a, b), mergeAll(t, o, b, a)
		if !bytes.Equal(encode(t, ab), encode(t, ba)) {
			t.Fatalf("trial %d: merge(a, b) != merge(b, a)", trial)
		}
	}
}

// TestSplitsAgree sketches random splits of a frame, merges the parts in
// random groupings and checks every part of the result against the
// sketch of the whole: exact parts equal, moments equal to rounding, and
// the distributions within their stated bounds of the true ones.
func TestSplitsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	f := testFrame(t, 60000, 4)
	o := Options{ExactValues: 200, Categories: 300, K: 256, HeavyHitters: 32}
	whole := mustOf(t, f, o)
	for trial := range 6 {
		ps := splits(t, f, 2+r.IntN(6), r)
		sk := make([]*Sketch, len(ps))
		for i, p := range ps {
			sk[i] = mustOf(t, p, o)
		}
		// Merge in a random tree: associativity within the bounds.
		for len(sk) > 1 {
			i := r.IntN(len(sk) - 1)
			m := mergeAll(t, o, sk[i], sk[i+1])
			sk = append(sk[:i], append([]*Sketch{m}, sk[i+2:]...)...)
		}
		checkAgainstData(t, fmt.Sprintf("trial %d", trial), sk[0], whole, f)
	}
	checkAgainstData(t, "whole", whole, whole, f)
}

func checkAgainstData(t *testing.T, label string, got, whole *Sketch, f *dataset.Frame) {
	t.Helper()
	gs, ws := got.Summary("got", SummaryOptions{}), whole.Summary("whole", SummaryOptions{})
	if gs.Rows != ws.Rows || gs.RowsWithMissing != ws.RowsWithMissing || gs.EmptyRows != ws.EmptyRows {
		t.Fatalf("%s: row counts %+v vs %+v", label, gs, ws)
	}
	for _, name := range f.Names() {
		g, _ := gs.Column(name)
		w, _ := ws.Column(name)
		if g.Rows != w.Rows || g.Missing != w.Missing || g.Type != w.Type {
			t.Fatalf("%s: %s: counts or type differ", label, name)
		}
		col, _ := f.Column(name)
		switch c := col.(type) {
		case *dataset.NumericColumn:
			if g.Numeric == nil {
				continue // the integer column, categorical by inference
			}
			checkNumeric(t, label+": "+name, g.Numeric, w.Numeric, c)
		case *dataset.StringColumn:
			checkCategories(t, label+": "+name, g, c)
		}
		if d := math.Abs(float64(g.Distinct - trueDistinct(col))); d > float64(g.DistinctError) {
			t.Errorf("%s: %s: distinct %d±%d, true %d", label, name, g.Distinct, g.DistinctError, trueDistinct(col))
		}
	}
	// Exact parts of the sketches are equal bit for bit.
	for i, c := range got.cols {
		wc := whole.cols[i]
		if c.num != nil {
			if !slices.Equal(c.num.hist.counts, wc.num.hist.counts) || c.num.hist.e != wc.num.hist.e || c.num.hist.off != wc.num.hist.off {
				t.Errorf("%s: %s: histograms differ", label, c.name)
			}
			if (c.num.hll == nil) != (wc.num.hll == nil) || c.num.hll != nil && !slices.Equal(c.num.hll.regs, wc.num.hll.regs) {
				t.Errorf("%s: %s: HyperLogLogs differ", label, c.name)
			}
		}
		if c.str != nil && c.str.text != wc.str.text {
			t.Errorf("%s: %s: text statistics differ", label, c.name)
		}
	}
}

func trueDistinct(c dataset.Column) int {
	seen := map[string]bool{}
	for i := range c.Len() {
		if !c.IsNull(i) {
			seen[c.Format(i)] = true
		}
	}
	return len(seen)
}

func checkNumeric(t *testing.T, label string, g, w *dataset.NumericSummary, c *dataset.NumericColumn) {
	t.Helper()
	var fin []float64
	for _, x := range c.Values() {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			fin = append(fin, x)
		}
	}
	slices.Sort(fin)
	if g.Count != len(fin) || g.Min != fin[0] || g.Max != fin[len(fin)-1] || g.Zeros != w.Zeros || g.PosInf != w.PosInf {
		t.Fatalf("%s: count/min/max/zeros wrong", label)
	}
	if math.Abs(g.Mean-w.Mean) > 1e-12*math.Max(1, math.Abs(w.Mean)) || math.Abs(g.M2-w.M2) > 1e-10*w.M2 {
		t.Errorf("%s: moments %v %v vs %v %v", label, g.Mean, g.M2, w.Mean, w.M2)
	}
	// The CDF's bounds hold at every breakpoint and between.
	for i, x := range g.CDF.Values {
		for _, q := range []float64{x, math.Nextafter(x, math.Inf(-1))} {
			est, e := g.CDF.At(q)
			j, _ := slices.BinarySearch(fin, math.Nextafter(q, math.Inf(1)))
			if math.Abs(est-float64(j)) > e+1e-9 {
				t.Fatalf("%s: CDF at %v (point %d): %v±%v, true %d", label, q, i, est, e, j)
			}
		}
	}
}

func checkCategories(t *testing.T, label string, g *dataset.ColumnSummary, c *dataset.StringColumn) {
	t.Helper()
	truth := map[string]int{}
	for i := range c.Len() {
		if v, ok := c.Value(i); ok {
			truth[v]++
		}
	}
	cs := g.Categories
	listed := map[string]bool{}
	for i, v := range cs.Values {
		listed[v] = true
		if d := truth[v] - cs.Counts[i]; d < 0 || d > cs.CountError {
			t.Fatalf("%s: count of %q is %d, true %d, bound %d", label, v, cs.Counts[i], truth[v], cs.CountError)
		}
	}
	for v, n := range truth {
		if !listed[v] && n > cs.CountError {
			t.Fatalf("%s: %q (count %d > bound %d) not listed", label, v, n, cs.CountError)
		}
	}
	if cs.Exact && len(cs.Values) != len(truth) {
		t.Fatalf("%s: exact categories incomplete", label)
	}
}

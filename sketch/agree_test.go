package sketch_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/sketch"
)

// The agreement of drift computed from sketches with drift computed from
// the rows (issue 16, part 5): for every test a sketch supports, the
// score from the sketches is within its stated bound of the exact score,
// and the decision is the exact one wherever the exact score is farther
// than the bound from the threshold.

var numTests = []string{"ks", "wasserstein", "ed", "psi", "kl_div", "jensenshannon", "t_test", "chisquare", "z", "hellinger",
	"anderson", "cramer_von_mises", "mannw", "es", "empirical_mmd"}
var catTests = []string{"chisquare", "z", "jensenshannon", "kl_div", "psi", "hellinger", "TVD", "g_test", "fisher_exact"}

// optionSets sketch with the defaults and with small sketches, so that
// the bounds are exercised on every data set.
var optionSets = []struct {
	name string
	o    sketch.Options
}{
	{"default", sketch.Options{}},
	{"small", sketch.Options{K: 128, Bins: 128, ExactValues: 32, Categories: 64, HeavyHitters: 16}},
}

type tally struct {
	compared, certain, approx, needsRows int
	// byTest counts, per test, the scores that were exact, approximate
	// (with a bound) and refused (ErrNeedsRows): the README's table.
	byTest map[string]*[3]int
}

func (tl *tally) count(test string, i int) {
	if tl.byTest == nil {
		tl.byTest = map[string]*[3]int{}
	}
	if tl.byTest[test] == nil {
		tl.byTest[test] = new([3]int)
	}
	tl.byTest[test][i]++
}

func summaryOf(t testing.TB, f *dataset.Frame, o sketch.Options) *dataset.Summary {
	t.Helper()
	s, err := sketch.Of(context.Background(), f, o)
	if err != nil {
		t.Fatal(err)
	}
	// The frames were typed by the reader already: keep their types.
	return s.Summary(f.Source(), sketch.SummaryOptions{IntegerCardinality: -1})
}

// agree compares every column of ref and cur under every supported test.
func agree(t *testing.T, ref, cur *dataset.Frame, cols []string) {
	for _, os := range optionSets {
		rs, cs := summaryOf(t, ref, os.o), summaryOf(t, cur, os.o)
		var tl tally
		for _, col := range cols {
			c, _ := cur.Column(col)
			tests := catTests
			if c.Type() == dataset.Numerical {
				tests = numTests
			} else if c.Type() != dataset.Categorical {
				continue
			}
			for _, test := range tests {
				agreeOne(t, fmt.Sprintf("%s/%s/%s", os.name, col, test), ref, cur, rs, cs, col, test, &tl)
			}
		}
		t.Logf("%s: %d scores compared, %d approximate, %d decisions certain, %d tests need the rows", os.name, tl.compared, tl.approx, tl.certain, tl.needsRows)
		for _, test := range append(append([]string{}, numTests...), catTests...) {
			if c := tl.byTest[test]; c != nil {
				t.Logf("%s: %-16s exact %3d  approximate %3d  refused %3d", os.name, test, c[0], c[1], c[2])
			}
		}
	}
}

func agreeOne(t *testing.T, label string, ref, cur *dataset.Frame, rs, cs *dataset.Summary, col, test string, tl *tally) {
	t.Helper()
	ctx := context.Background()
	m := &metrics.ColumnDrift{Column: col, DriftOptions: metrics.DriftOptions{StatTest: test}}
	er, err := m.Compute(ctx, &metrics.Input{Reference: ref, Current: cur})
	if err != nil {
		return // undefined on the rows too (a constant column, ...)
	}
	ar, err := m.Compute(ctx, &metrics.Input{ReferenceSummary: rs, CurrentSummary: cs})
	if errors.Is(err, metrics.ErrNeedsRows) {
		tl.needsRows++
		tl.count(test, 2)
		return
	}
	if err != nil {
		t.Errorf("%s: exact %v, from sketches: %v", label, er.(*metrics.ColumnDriftResult).Score, err)
		return
	}
	e, a := er.(*metrics.ColumnDriftResult), ar.(*metrics.ColumnDriftResult)
	tl.compared++
	bound := 0.0
	if a.Approximate != nil {
		bound = float64(a.Approximate.ScoreError)
		tl.approx++
		tl.count(test, 1)
	} else {
		tl.count(test, 0)
	}
	es, as, thr := float64(e.Score), float64(a.Score), float64(e.Threshold)
	tol := 1e-9*math.Max(1, math.Abs(es)) + 1e-12
	if math.Abs(as-es) > bound+tol && !(math.IsInf(es, 1) && math.IsInf(as, 1)) {
		t.Errorf("%s: score from sketches %v, exact %v: differ by %v, more than the bound %v", label, as, es, math.Abs(as-es), bound)
	}
	if math.Abs(es-thr) > bound+tol {
		tl.certain++
		if a.Drifted != e.Drifted {
			t.Errorf("%s: decision from sketches %v, exact %v (score %v, exact %v, bound %v, threshold %v)", label, a.Drifted, e.Drifted, as, es, bound, thr)
		}
	}
}

func frame(t testing.TB, name string, cols ...dataset.Column) *dataset.Frame {
	f, err := dataset.New(name, cols...)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestAgreeSynthetic: continuous, heavy-tailed, integer and categorical
// columns of 100,000 rows, some drifted.
func TestAgreeSynthetic(t *testing.T) {
	if testing.Short() {
		t.Skip("agreement on 2 x 100,000 rows")
	}
	make1 := func(seed uint64, shift float64) *dataset.Frame {
		r := rand.New(rand.NewPCG(seed, 1))
		n := 100000
		norm, logn, ints, small, unif := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		cats, bin := make([]string, n), make([]string, n)
		for i := range n {
			norm[i] = r.NormFloat64() + shift
			logn[i] = math.Exp(r.NormFloat64()*1.5 + shift)
			ints[i] = math.Floor(r.ExpFloat64() * (40 + 10*shift))
			small[i] = float64(r.IntN(4 + int(shift*2)))
			unif[i] = r.Float64() + shift*0.02
			cats[i] = fmt.Sprintf("k%d", int(r.ExpFloat64()*(20+10*shift)))
			bin[i] = []string{"on", "off"}[boolInt(r.Float64() < 0.5+shift*0.05)]
		}
		return frame(t, fmt.Sprintf("synthetic-%d", seed),
			dataset.NewNumericColumn("norm", norm), dataset.NewNumericColumn("lognormal", logn),
			dataset.NewNumericColumn("ints", ints), dataset.NewNumericColumn("small", small), dataset.NewNumericColumn("uniform", unif),
			dataset.NewStringColumn("cats", dataset.Categorical, cats, nil), dataset.NewStringColumn("bin", dataset.Categorical, bin, nil))
	}
	ref := make1(1, 0)
	for _, shift := range []float64{0, 0.05, 0.5} {
		t.Run(fmt.Sprintf("shift=%v", shift), func(t *testing.T) {
			agree(t, ref, make1(2, shift), ref.Names())
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// findData returns the first of the paths that exists.
func findData(paths ...string) (string, bool) {
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
	}
	return "", false
}

// TestAgreeBenchmark: the benchmark's wide data set (shared/bench/gen_data.py;
// .ci/run writes it, or set TELLTALE_BENCH_DATA to its directory).
func TestAgreeBenchmark(t *testing.T) {
	dirs := []string{os.Getenv("TELLTALE_BENCH_DATA"), "/work/benchdata"}
	var refPath, curPath string
	for _, size := range []string{"10k", "100k"} {
		for _, d := range dirs {
			if d == "" {
				continue
			}
			if p, ok := findData(filepath.Join(d, "wide_"+size+"_ref.csv")); ok {
				if q, ok := findData(filepath.Join(d, "wide_"+size+"_cur.csv")); ok {
					refPath, curPath = p, q
					break
				}
			}
		}
		if refPath != "" {
			break
		}
	}
	if refPath == "" {
		t.Skip("no benchmark data: python3 shared/bench/gen_data.py --sets wide --sizes 10000 --out DIR and set TELLTALE_BENCH_DATA=DIR")
	}
	ref, cur := readFrame(t, refPath), readFrame(t, curPath)
	agree(t, ref, cur, ref.Names())
}

func readFrame(t testing.TB, path string) *dataset.Frame {
	t.Helper()
	f, err := dataset.Read(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestAgreeFlights: flights-3m.parquet, January against February.
func TestAgreeFlights(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 3 million rows")
	}
	path, ok := findData("../../shared/data/flights-3m.parquet", "/work/shared/data/flights-3m.parquet")
	if !ok {
		t.Skip("flights-3m.parquet not found (shared/data beside the repository)")
	}
	f := readFrame(t, path)
	var tc *dataset.TimeColumn
	for _, c := range f.Columns() {
		if c, ok := c.(*dataset.TimeColumn); ok {
			tc = c
			break
		}
	}
	var r1, r2 []int
	for i := range f.Len() {
		if tm, ok := tc.Time(i); ok {
			switch tm.Month() {
			case 1:
				r1 = append(r1, i)
			case 2:
				r2 = append(r2, i)
			}
		}
	}
	ref, err := f.Take(r1)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := f.Take(r2)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("flights: %d January rows, %d February rows, columns %v", ref.Len(), cur.Len(), f.Names())
	agree(t, ref, cur, f.Names())
}

// TestAgreeStatFixtures: the numerical samples and categorical counts of
// metrics/stattest/testdata/refs.json (SciPy's reference values).
func TestAgreeStatFixtures(t *testing.T) {
	b, err := os.ReadFile("../metrics/stattest/testdata/refs.json")
	if err != nil {
		t.Fatal(err)
	}
	var rf struct {
		Samples map[string]map[string]json.RawMessage `json:"samples"`
		Cases   []struct {
			Name, Test, Kind, Sample string
			Counts                   *struct {
				Keys     []string
				Ref, Cur []int
			}
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &rf); err != nil {
		t.Fatal(err)
	}
	done := map[string]bool{}
	for _, c := range rf.Cases {
		var ref, cur *dataset.Frame
		switch {
		case c.Kind == "num" && !done[c.Sample]:
			done[c.Sample] = true
			ref = frame(t, "ref", dataset.NewNumericColumn("x", expandSample(t, rf.Samples[c.Sample]["ref"])))
			cur = frame(t, "cur", dataset.NewNumericColumn("x", expandSample(t, rf.Samples[c.Sample]["cur"])))
		case c.Kind == "cat" && c.Counts != nil:
			var rv, cv []string
			for i, k := range c.Counts.Keys {
				for range c.Counts.Ref[i] {
					rv = append(rv, k)
				}
				for range c.Counts.Cur[i] {
					cv = append(cv, k)
				}
			}
			ref = frame(t, "ref", dataset.NewStringColumn("x", dataset.Categorical, rv, nil))
			cur = frame(t, "cur", dataset.NewStringColumn("x", dataset.Categorical, cv, nil))
		default:
			continue
		}
		t.Run(c.Name+"/"+c.Sample, func(t *testing.T) { agree(t, ref, cur, []string{"x"}) })
	}
}

// expandSample mirrors expand() of internal/testdata/gen/stattest_refs.py
// (as metrics/stattest's refs_test.go does): a list of values, or a
// splitmix64 generator spec.
func expandSample(t testing.TB, raw json.RawMessage) []float64 {
	var vals []float64
	if json.Unmarshal(raw, &vals) == nil {
		return vals
	}
	g := struct {
		Kind                 string
		Seed                 uint64
		N                    int
		Shift, Scale, Levels float64
	}{Scale: 1}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	state := g.Seed
	next := func() float64 {
		state += 0x9E3779B97F4A7C15
		z := state
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ^ (z >> 27)) * 0x94D049BB133111EB
		z ^= z >> 31
		return float64(z>>11) * 0x1p-53
	}
	out := make([]float64, g.N)
	for i := range out {
		var v float64
		switch g.Kind {
		case "uniform":
			v = next()
		case "irwin":
			var s float64
			for range 12 {
				s += next()
			}
			v = s - 6
		case "ratio":
			u, w := next(), next()
			v = (u - 0.5) / (w + 0.001)
		case "int":
			v = math.Floor(next() * g.Levels)
		default:
			t.Fatalf("unknown generator %q", g.Kind)
		}
		out[i] = g.Shift + g.Scale*v
	}
	return out
}

package beam_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/parquet-go/parquet-go"

	tbeam "github.com/telltale-ml/telltale/beam"
	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/sketch"
)

func TestMain(m *testing.M) {
	flag.Parse()
	tbeam.Register()
	beam.Init()
	os.Exit(m.Run())
}

type row struct {
	X float64  `parquet:"x"`
	K int64    `parquet:"k"`
	C *string  `parquet:"c,optional"`
	Y *float64 `parquet:"y,optional"`
}

// writeParts writes the rows split into CSV and Parquet files of uneven
// sizes, and returns the values of x, for the true distribution.
func writeParts(t *testing.T, dir string) []float64 {
	r := rand.New(rand.NewPCG(16, 6))
	sizes := []int{5000, 1, 12000, 700, 9000, 3000}
	var xs []float64
	for part, n := range sizes {
		rows := make([]row, n)
		for i := range rows {
			x := math.Round(r.NormFloat64()*1e6) / 1e3
			rows[i] = row{X: x, K: int64(r.IntN(7))}
			xs = append(xs, x)
			if r.IntN(10) > 0 {
				c := fmt.Sprintf("cat%d", int(r.ExpFloat64()*5))
				rows[i].C = &c
			}
			if r.IntN(4) > 0 {
				y := float64(r.IntN(100))
				rows[i].Y = &y
			}
		}
		var path string
		var data []byte
		if part%2 == 0 {
			path = filepath.Join(dir, fmt.Sprintf("part-%d.parquet", part))
			var b bytes.Buffer
			w := parquet.NewGenericWriter[row](&b, parquet.MaxRowsPerRowGroup(2500))
			if _, err := w.Write(rows); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			data = b.Bytes()
		} else {
			path = filepath.Join(dir, fmt.Sprintf("part-%d.csv", part))
			var b strings.Builder
			b.WriteString("x,k,c,y\n")
			for _, rw := range rows {
				c, y := "", ""
				if rw.C != nil {
					c = *rw.C
				}
				if rw.Y != nil {
					y = fmt.Sprint(*rw.Y)
				}
				fmt.Fprintf(&b, "%v,%d,%s,%s\n", rw.X, rw.K, c, y)
			}
			data = []byte(b.String())
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(xs)
	return xs
}

// TestPipelineOnPrism runs the pipeline on Beam's Prism runner (in
// process, loopback) over split files and checks that its sketch equals
// the single-process sketch of the same files: exact parts equal, moments
// equal to rounding, and both distributions within their bounds of the
// true one.
func TestPipelineOnPrism(t *testing.T) {
	dir := t.TempDir()
	xs := writeParts(t, dir)
	out := filepath.Join(t.TempDir(), "out.sketch")
	o := tbeam.Options{ChunkRows: 1000, Types: map[string]string{"k": "numerical"}}

	p, s := beam.NewPipelineWithRoot()
	tbeam.Write(s, out, tbeam.Sketch(s, filepath.Join(dir, "part-*"), o))
	if _, err := prism.Execute(context.Background(), p); err != nil {
		t.Fatalf("prism: %v", err)
	}
	got, src, err := sketch.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(src) != 6 {
		t.Fatalf("sources %v", src)
	}

	// The single-process sketch of the same files.
	want, _ := sketch.New(sketch.Options{})
	files, _ := filepath.Glob(filepath.Join(dir, "part-*"))
	slices.Sort(files)
	for _, f := range files {
		if err := want.AddFile(context.Background(), f, &dataset.ReadOptions{Types: map[string]dataset.Type{"k": dataset.Numerical}}, dataset.ScanOptions{Rows: 1000}); err != nil {
			t.Fatal(err)
		}
	}
	gs, ws := got.Summary("beam", sketch.SummaryOptions{}), want.Summary("local", sketch.SummaryOptions{})
	if gs.Rows != ws.Rows || gs.Rows != len(xs) || gs.RowsWithMissing != ws.RowsWithMissing || gs.EmptyRows != ws.EmptyRows {
		t.Fatalf("rows: beam %d (%d with missing), local %d (%d), true %d", gs.Rows, gs.RowsWithMissing, ws.Rows, ws.RowsWithMissing, len(xs))
	}
	for _, w := range ws.Columns {
		g, ok := gs.Column(w.Name)
		if !ok {
			t.Fatalf("column %q missing from the pipeline's sketch", w.Name)
		}
		if g.Type != w.Type || g.Rows != w.Rows || g.Missing != w.Missing || g.Distinct != w.Distinct || g.MostCommonCount != w.MostCommonCount {
			t.Errorf("%s: beam %+v, local %+v", w.Name, *g, *w)
		}
		switch {
		case w.Categories != nil:
			if !slices.Equal(g.Categories.Values, w.Categories.Values) || !slices.Equal(g.Categories.Counts, w.Categories.Counts) {
				t.Errorf("%s: categories differ", w.Name)
			}
		case w.Numeric != nil:
			gn, wn := g.Numeric, w.Numeric
			if gn.Count != wn.Count || gn.Min != wn.Min || gn.Max != wn.Max || gn.Zeros != wn.Zeros ||
				!slices.Equal(gn.Histogram.Counts, wn.Histogram.Counts) || gn.Histogram.Lo != wn.Histogram.Lo {
				t.Errorf("%s: exact parts differ", w.Name)
			}
			if math.Abs(gn.Mean-wn.Mean) > 1e-12*math.Max(1, math.Abs(wn.Mean)) || math.Abs(gn.M2-wn.M2) > 1e-10*wn.M2 {
				t.Errorf("%s: moments %v %v, local %v %v", w.Name, gn.Mean, gn.M2, wn.Mean, wn.M2)
			}
			if w.Name == "x" {
				if gn.CDF.Exact {
					t.Errorf("x should exceed the exact limit")
				}
				for _, sum := range []*dataset.NumericSummary{gn, wn} {
					checkCDF(t, sum.CDF, xs)
				}
			} else if !slices.Equal(gn.CDF.Values, wn.CDF.Values) || !slices.Equal(gn.CDF.Cum, wn.CDF.Cum) {
				t.Errorf("%s: exact distributions differ", w.Name)
			}
		}
	}
}

// checkCDF checks the CDF's bounds against the true values.
func checkCDF(t *testing.T, c dataset.CDF, sorted []float64) {
	t.Helper()
	for _, x := range c.Values {
		est, e := c.At(x)
		j, _ := slices.BinarySearch(sorted, math.Nextafter(x, math.Inf(1)))
		if math.Abs(est-float64(j)) > e+1e-9 {
			t.Fatalf("CDF at %v: %v±%v, true %d", x, est, e, j)
		}
	}
}

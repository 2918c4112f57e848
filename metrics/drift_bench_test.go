package metrics_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

const flightsPath = "../../shared/data/flights-3m.parquet"

// loadFlights reads flights-3m.parquet and returns it with the time one
// read took (the best of three).
func loadFlights(b *testing.B) (*dataset.Frame, time.Duration) {
	if _, err := os.Stat(flightsPath); err != nil {
		b.Skipf("flights-3m.parquet not found at %s: %v", flightsPath, err)
	}
	var f *dataset.Frame
	best := time.Duration(1 << 62)
	for i := 0; i < 3; i++ {
		start := time.Now()
		var err error
		f, err = dataset.Read(context.Background(), flightsPath, nil)
		if err != nil {
			b.Fatal(err)
		}
		best = min(best, time.Since(start))
	}
	return f, best
}

// splitMonths returns the rows of two calendar months (1-based) of the
// datetime column.
func splitMonths(b *testing.B, f *dataset.Frame, col string, m1, m2 int) (*dataset.Frame, *dataset.Frame) {
	c, _ := f.Column(col)
	tc := c.(*dataset.TimeColumn)
	var r1, r2 []int
	for i := 0; i < f.Len(); i++ {
		t, ok := tc.Time(i)
		if !ok {
			continue
		}
		switch int(t.Month()) {
		case m1:
			r1 = append(r1, i)
		case m2:
			r2 = append(r2, i)
		}
	}
	a, err := f.Take(r1)
	if err != nil {
		b.Fatal(err)
	}
	z, err := f.Take(r2)
	if err != nil {
		b.Fatal(err)
	}
	return a, z
}

// BenchmarkDataDriftFlights runs DataDrift over the columns of
// flights-3m.parquet, January as the reference and February as the current
// data, and reports its time as a ratio to loading the whole file
// ("x_load"; the target is at most 2).
func BenchmarkDataDriftFlights(b *testing.B) {
	f, load := loadFlights(b)
	ref, cur := splitMonths(b, f, "date", 1, 2)
	def := &dataset.Definition{Datetime: "date"}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		in := &metrics.Input{Reference: ref, Current: cur, Definition: def, Cache: &metrics.Cache{}}
		if _, err := (&metrics.DataDrift{}).Compute(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
	per := time.Since(start) / time.Duration(b.N)
	b.ReportMetric(float64(per)/float64(load), "x_load")
	b.ReportMetric(float64(ref.Len()+cur.Len()), "rows")
}

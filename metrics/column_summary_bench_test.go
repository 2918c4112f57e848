package metrics_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// BenchmarkSummaryFlights summarises every column of flights-3m.parquet
// (ColumnSummaries and DatasetSummary sharing one Cache, as a report runs
// them) and reports the time as a ratio to loading the file (x_load), with
// the best of three loads (load_ms).
func BenchmarkSummaryFlights(b *testing.B) {
	const path = "/work/shared/data/flights-3m.parquet"
	if _, err := os.Stat(path); err != nil {
		b.Skipf("flights-3m.parquet not found: %v", err)
	}
	var f *dataset.Frame
	load := time.Duration(1 << 62)
	for range 3 {
		start := time.Now()
		var err error
		if f, err = dataset.Read(context.Background(), path, nil); err != nil {
			b.Fatal(err)
		}
		load = min(load, time.Since(start))
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		in := &metrics.Input{Current: f, Definition: &dataset.Definition{}, Cache: &metrics.Cache{}}
		for _, m := range []metrics.Metric{&metrics.ColumnSummaries{}, &metrics.DatasetSummary{}} {
			if _, err := m.Compute(context.Background(), in); err != nil {
				b.Fatal(err)
			}
		}
	}
	per := time.Since(start) / time.Duration(b.N)
	b.ReportMetric(float64(per)/float64(load), "x_load")
	b.ReportMetric(float64(load)/1e6, "load_ms")
}

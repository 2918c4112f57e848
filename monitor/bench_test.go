package monitor_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/monitor"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
)

// The benchmark data: 30 columns, 20 numerical (num_00..num_19) and 10
// categorical (cat_00..cat_09), as /work/shared/bench/gen_data.py's wide
// set; drift in the current rows' first columns.
const (
	benchNum = 20
	benchCat = 10
)

func benchColumns() []string {
	var cols []string
	for i := 0; i < benchNum; i++ {
		cols = append(cols, fmt.Sprintf("num_%02d", i))
	}
	for i := 0; i < benchCat; i++ {
		cols = append(cols, fmt.Sprintf("cat_%02d", i))
	}
	return cols
}

// benchRows returns n rows as CSV (with a header) and as JSON lines.
func benchRows(n int, seed uint64, shift float64) (csv, jsonl []byte) {
	r := rand.New(rand.NewPCG(seed, 7))
	cols := benchColumns()
	var c, j strings.Builder
	c.WriteString(strings.Join(cols, ",") + "\n")
	num := make([]byte, 0, 32)
	for i := 0; i < n; i++ {
		j.WriteByte('{')
		for k, name := range cols {
			if k > 0 {
				c.WriteByte(',')
				j.WriteByte(',')
			}
			j.WriteString(`"` + name + `":`)
			if k < benchNum {
				v := r.NormFloat64()*float64(k+1) + float64(k)
				if k < 5 {
					v += shift * float64(k+1)
				}
				num = strconv.AppendFloat(num[:0], v, 'f', 4, 64)
				c.Write(num)
				j.Write(num)
				continue
			}
			level := "v" + strconv.Itoa(r.IntN(3+k-benchNum))
			c.WriteString(level)
			j.WriteString(`"` + level + `"`)
		}
		c.WriteByte('\n')
		j.WriteString("}\n")
	}
	return []byte(c.String()), []byte(j.String())
}

func benchMonitor(b *testing.B, window int) *monitor.Monitor {
	b.Helper()
	refCSV, _ := benchRows(10000, 1, 0)
	ref, err := dataset.ReadCSV(context.Background(), strings.NewReader(string(refCSV)), "ref.csv", nil)
	if err != nil {
		b.Fatal(err)
	}
	m, err := monitor.New(monitor.Config{Name: "bench", Reference: ref, Window: monitor.Window{Rows: window},
		Report: &report.Report{Presets: []presets.Preset{&presets.DataDrift{}}}}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// benchIngest posts batches of 1,000 rows and reports rows per second.
// Run with -cpu 1 for the one-core figure the goal is stated in.
func benchIngest(b *testing.B, format monitor.Format) {
	m := benchMonitor(b, 10000)
	const batch = 1000
	bodies := make([][]byte, 8)
	size := 0
	for i := range bodies {
		csv, jsonl := benchRows(batch, uint64(100+i), 0.5)
		bodies[i] = jsonl
		if format == monitor.FormatCSV {
			bodies[i] = csv
		}
		size += len(bodies[i])
	}
	b.SetBytes(int64(size / len(bodies)))
	b.ResetTimer()
	start, cpu := time.Now(), cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := m.Ingest(bodies[i%len(bodies)], format); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/time.Since(start).Seconds(), "rows/s")
	b.ReportMetric(float64(b.N*batch)/(cpuTime()-cpu).Seconds(), "rows/cpu-s")
}

// cpuTime returns the CPU time the process used so far (user and system):
// on a loaded machine, rows per CPU-second is what one core would do.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkIngestJSONLines(b *testing.B) { benchIngest(b, monitor.FormatJSON) }
func BenchmarkIngestCSV(b *testing.B)       { benchIngest(b, monitor.FormatCSV) }

// BenchmarkRecomputeDataDrift recomputes the data-drift preset over a full
// window of 10,000 rows of 30 columns (the goal: under 50 ms).
func BenchmarkRecomputeDataDrift(b *testing.B) {
	m := benchMonitor(b, 10000)
	_, cur := benchRows(10000, 2, 0.5)
	if _, err := m.Ingest(cur, monitor.FormatJSON); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu := cpuTime()
	defer func() { b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op") }()
	for i := 0; i < b.N; i++ {
		res, err := m.Recompute(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 && res.Current.Len() != 10000 {
			b.Fatalf("window of %d rows", res.Current.Len())
		}
	}
}

// BenchmarkWindowCopy is the part of a recomputation that holds the
// window's lock: copying 10,000 rows of 30 columns into a frame.
func BenchmarkWindowCopy(b *testing.B) {
	m := benchMonitor(b, 10000)
	_, cur := benchRows(10000, 2, 0.5)
	if _, err := m.Ingest(cur, monitor.FormatJSON); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu := cpuTime()
	defer func() { b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op") }()
	for i := 0; i < b.N; i++ {
		if _, err := m.Window(); err != nil {
			b.Fatal(err)
		}
	}
}

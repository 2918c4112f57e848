package dataset

import (
	"os"
	"testing"
)

// BenchmarkTokenizeWide tokenizes the first 32 MB of the wide benchmark
// file (gen_data.py --sets wide; BENCH_WIDE_CSV, default
// /work/benchdata/wide_1m_ref.csv) in 4 MB chunks on one goroutine: the
// per-field cost of the CSV reader without the I/O, the gathering into
// columns and the second core.
func BenchmarkTokenizeWide(b *testing.B) {
	path := os.Getenv("BENCH_WIDE_CSV")
	if path == "" {
		path = "/work/benchdata/wide_1m_ref.csv"
	}
	f, err := os.Open(path)
	if err != nil {
		b.Skipf("no wide benchmark data (%v): run ../shared/bench/gen_data.py --sets wide", err)
	}
	defer f.Close()
	src, err := newSource(b.Context(), f, -1, path, &ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	h, err := readHeader(src, path, 0, 64<<10)
	if err != nil {
		b.Fatal(err)
	}
	t, err := newTokenizer(path, h, &ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	data, _, err := src.fill(h.rest, 32<<20)
	if err != nil {
		b.Fatal(err)
	}
	var chunks [][]byte
	for len(data) > 0 {
		n := min(len(data), chunkBytes)
		cut := lastBreak(data[:n], t.delim)
		if cut == 0 {
			break
		}
		chunks = append(chunks, data[:cut])
		data = data[cut:]
	}
	b.SetBytes(32 << 20)
	c := &csvChunk{}
	for b.Loop() {
		for _, d := range chunks {
			c.data = d
			t.tokenize(c)
			if c.err != nil {
				b.Fatalf("%v: chunk starts %q", c.err, d[:min(len(d), 200)])
			}
		}
	}
}

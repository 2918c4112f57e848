package dataset_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
)

// slowMarker is a missing marker made of number characters.
const slowMarker = "+-+."

// FuzzReadCSV reads arbitrary bytes as CSV: no panic, and a frame read
// without error is consistent.
func FuzzReadCSV(f *testing.F) {
	for _, tc := range csvCases {
		f.Add(tc.in, byte(0), false)
	}
	f.Add("a;b\n1;2\n", byte(';'), true)
	f.Add("a\tb\n\"x\"\t\n", byte('\t'), false)
	f.Fuzz(func(t *testing.T, in string, delim byte, noMissing bool) {
		opts := &dataset.ReadOptions{Delimiter: delim, Workers: 2}
		if noMissing {
			opts.MissingValues = []string{}
		}
		fr, err := readCSV(in, opts)
		if err != nil {
			return
		}
		if err := consistent(fr); err != nil {
			t.Fatal(err)
		}
		// A missing marker that looks like a number turns off the fast
		// numeric path: the reading must be the same.
		if !noMissing && !strings.Contains(in, slowMarker) {
			slow := &dataset.ReadOptions{Delimiter: delim, Workers: 1,
				MissingValues: append(dataset.DefaultMissingValues(), slowMarker)}
			fs, err := readCSV(in, slow)
			if err != nil {
				t.Fatalf("fast path read, slow path failed: %v", err)
			}
			if a, b := dump(fr), dump(fs); !slices.Equal(a, b) {
				t.Fatalf("fast path %q, slow path %q", a, b)
			}
		}
		// Cut into chunks of a few bytes, so that chunks are joined and
		// columns change their mode between chunks, the reading is the
		// same, notes included.
		small := *opts
		small.Workers = 3
		fc, err := readCSV(in, dataset.WithChunkBytes(&small, 1+len(in)%7))
		if err != nil {
			t.Fatalf("read whole, failed in small chunks: %v", err)
		}
		if a, b := dump(fr), dump(fc); !slices.Equal(a, b) {
			t.Fatalf("whole %q, in small chunks %q", a, b)
		}
		if a, b := fr.Notes(), fc.Notes(); !slices.Equal(a, b) {
			t.Fatalf("notes whole %q, in small chunks %q", a, b)
		}
		// A column inferred as strings holds the texts of the file, which
		// reading it as categorical gives too.
		for _, c := range fr.Columns() {
			if c.Type() != dataset.Categorical && c.Type() != dataset.Text {
				continue
			}
			as := *opts
			as.Types = map[string]dataset.Type{c.Name(): dataset.Categorical}
			fs, err := readCSV(in, &as)
			if err != nil {
				t.Fatalf("column %q as categorical: %v", c.Name(), err)
			}
			g, _ := fs.Column(c.Name())
			for i := range c.Len() {
				if c.IsNull(i) != g.IsNull(i) || c.Format(i) != g.Format(i) {
					t.Fatalf("column %q row %d: inferred %q, as categorical %q", c.Name(), i, c.Format(i), g.Format(i))
				}
			}
		}
		// Every column converts to categorical and back to its type.
		for _, c := range fr.Columns() {
			s, err := dataset.Convert(c, dataset.Categorical)
			if err != nil {
				t.Fatalf("column %q to categorical: %v", c.Name(), err)
			}
			if _, err := dataset.Convert(s, c.Type()); err != nil && c.Type() != dataset.Datetime {
				t.Fatalf("column %q back to %v: %v", c.Name(), c.Type(), err)
			}
		}
	})
}

// FuzzReadJSON reads arbitrary bytes as JSON: no panic, and a frame read
// without error is consistent.
func FuzzReadJSON(f *testing.F) {
	for _, tc := range jsonCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fr, err := readJSON(in, nil)
		if err != nil {
			return
		}
		if err := consistent(fr); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzReadCSVGzip reads gzip streams: a valid stream reads as the plain
// data does; a truncated or damaged one is an error or a frame, never a
// panic, and memory stays bounded by the limits.
func FuzzReadCSVGzip(f *testing.F) {
	for _, tc := range csvCases {
		f.Add(tc.in, uint16(0), uint16(0), byte(0))
	}
	f.Add("x,y\n1,2\n3,4\n", uint16(10), uint16(0), byte(0))
	f.Add("x,y\n1,2\n3,4\n", uint16(0), uint16(12), byte(0x40))
	f.Fuzz(func(t *testing.T, in string, cut, at uint16, flip byte) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(in))
		zw.Close()
		z := buf.Bytes()
		intact := true
		if cut > 0 && int(cut) < len(z) {
			z, intact = z[:cut], false
		}
		if flip != 0 && int(at) < len(z) {
			z[at] ^= flip
			intact = false
		}
		opts := &dataset.ReadOptions{Workers: 2, MaxInputBytes: 1 << 20}
		fz, errz := dataset.ReadCSV(context.Background(), bytes.NewReader(z), "t.csv.gz", opts)
		if errz == nil {
			if err := consistent(fz); err != nil {
				t.Fatal(err)
			}
		}
		if !intact {
			return
		}
		fp, errp := readCSV(in, opts)
		if (errp == nil) != (errz == nil) {
			t.Fatalf("plain: %v; gzip: %v", errp, errz)
		}
		if errp == nil && !slices.Equal(dump(fp), dump(fz)) {
			t.Fatalf("plain %q, gzip %q", dump(fp), dump(fz))
		}
	})
}

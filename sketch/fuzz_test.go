package sketch

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"testing"
)

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// FuzzDecode feeds Decode arbitrary bytes (seeded with real sketches and
// their JSON): it must return a sketch or an error, never panic, and a
// sketch it accepts must summarise, merge and encode without panicking.
func FuzzDecode(f *testing.F) {
	for _, n := range []int{0, 3, 400} {
		s := mustOf(f, testFrame(f, n, 9), Options{ExactValues: 16, Categories: 16, K: 16, HeavyHitters: 4, HLLPrecision: 4, Bins: 8})
		var b bytes.Buffer
		s.Encode(&b, nil)
		f.Add(b.Bytes())
	}
	f.Add(gz([]byte(`{"format":"telltale.sketch/v1","options":{"k":16,"bins":8,"exact_values":16,"categories":16,"heavy_hitters":4,"hll_precision":4},"sources":[],"rows":1,"rows_with_missing":0,"empty_rows":0,"columns":[{"name":"x","numerical":{"integer":false,"rows":1,"missing":0,"pos_inf":0,"neg_inf":0,"zeros":0,"count":1,"mean":1,"m2":0,"min":1,"max":1,"histogram":{"exp":-52,"offset":4503599627370496,"counts":[1]},"exact":{"values":[1],"counts":[1]}}}]}`)))
	f.Add([]byte("not gzip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _, err := Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		s.Summary("fuzz", SummaryOptions{})
		m, _ := New(s.Options())
		if err := m.Merge(s); err != nil {
			t.Fatal(err)
		}
		if err := m.Merge(s); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := m.Encode(&b, nil); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzDecodeJSON fuzzes the JSON inside the gzip layer (FuzzDecode's
// mutations rarely get past gzip's checksum): seeded with the JSON of
// real sketches, every input is compressed and decoded. A sketch Decode
// accepts must summarise and merge without panicking, and encode to bytes
// that decode again to the same encoding (the checks hold for what the
// encoder writes).
func FuzzDecodeJSON(f *testing.F) {
	for _, n := range []int{0, 3, 400, 3000} {
		s := mustOf(f, testFrame(f, n, 9), Options{ExactValues: 16, Categories: 16, K: 16, HeavyHitters: 4, HLLPrecision: 4, Bins: 8})
		var b bytes.Buffer
		s.Encode(&b, []string{"seed.csv"})
		zr, err := gzip.NewReader(&b)
		if err != nil {
			f.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte(`{"format":"telltale.sketch/v1"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, src, err := Decode(bytes.NewReader(gz(data)))
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error not wrapping ErrFormat: %v", err)
			}
			return
		}
		s.Summary("fuzz", SummaryOptions{})
		var b1 bytes.Buffer
		if err := s.Encode(&b1, src); err != nil {
			t.Fatal(err)
		}
		s2, src2, err := Decode(bytes.NewReader(b1.Bytes()))
		if err != nil {
			t.Fatalf("an accepted sketch re-encodes to a file Decode refuses: %v", err)
		}
		var b2 bytes.Buffer
		if err := s2.Encode(&b2, src2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
			t.Fatal("encode(decode(encode(s))) differs from encode(s)")
		}
		m, _ := New(s.Options())
		if err := m.Merge(s); err != nil {
			t.Fatal(err)
		}
		if err := m.Merge(s2); err != nil {
			t.Fatal(err)
		}
	})
}

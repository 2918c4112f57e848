package sketch

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
)

// FormatV1 names the file format Encode writes (see doc.go and
// schema.json).
const FormatV1 = "telltale.sketch/v1"

// MaxFileSize bounds the decompressed size of a sketch file Decode reads.
const MaxFileSize = 256 << 20

// ErrFormat marks a file that is not a valid sketch.
var ErrFormat = errors.New("not a valid telltale sketch")

// file is the JSON document inside a sketch file.
type file struct {
	Format          string       `json:"format"`
	Options         Options      `json:"options"`
	Sources         []string     `json:"sources"`
	Rows            int64        `json:"rows"`
	RowsWithMissing int64        `json:"rows_with_missing"`
	EmptyRows       int64        `json:"empty_rows"`
	Columns         []fileColumn `json:"columns"`
}

type fileColumn struct {
	Name      string       `json:"name"`
	Numerical *fileNumeric `json:"numerical,omitempty"`
	String    *fileString  `json:"string,omitempty"`
	Datetime  *fileTime    `json:"datetime,omitempty"`
}

type fileNumeric struct {
	Integer   bool                 `json:"integer"`
	Rows      int64                `json:"rows"`
	Missing   int64                `json:"missing"`
	PosInf    int64                `json:"pos_inf"`
	NegInf    int64                `json:"neg_inf"`
	Zeros     int64                `json:"zeros"`
	Count     int64                `json:"count"`
	Mean      float64              `json:"mean"`
	M2        float64              `json:"m2"`
	Min       float64              `json:"min"`
	Max       float64              `json:"max"`
	Histogram *fileHist            `json:"histogram,omitempty"`
	Exact     *fileValues[float64] `json:"exact,omitempty"`
	KLL       *fileKLL             `json:"kll,omitempty"`
	HLL       []byte               `json:"hll,omitempty"`
	Heavy     *fileValues[float64] `json:"heavy,omitempty"`
}

type fileHist struct {
	Exp    int     `json:"exp"`
	Offset int64   `json:"offset"`
	Counts []int64 `json:"counts"`
}

type fileValues[K any] struct {
	N      int64   `json:"n,omitempty"` // heavy hitters: values summarised
	Values []K     `json:"values"`
	Counts []int64 `json:"counts"`
}

type fileKLL struct {
	N        int64       `json:"n"`
	Variance float64     `json:"variance"`
	Levels   [][]float64 `json:"levels"`
}

type fileString struct {
	Type    string              `json:"type,omitempty"`
	Rows    int64               `json:"rows"`
	Missing int64               `json:"missing"`
	Text    fileText            `json:"text"`
	Exact   *fileValues[string] `json:"exact,omitempty"`
	HLL     []byte              `json:"hll,omitempty"`
	Heavy   *fileValues[string] `json:"heavy,omitempty"`
}

type fileText struct {
	N       int64 `json:"n"`
	LenMin  int64 `json:"length_min"`
	LenMax  int64 `json:"length_max"`
	LenSum  int64 `json:"length_sum"`
	WordMin int64 `json:"words_min"`
	WordMax int64 `json:"words_max"`
	WordSum int64 `json:"words_sum"`
}

type fileTime struct {
	Rows     int64              `json:"rows"`
	Missing  int64              `json:"missing"`
	DateOnly bool               `json:"date_only"`
	Count    int64              `json:"count"`
	First    int64              `json:"first"`
	Last     int64              `json:"last"`
	Exact    *fileValues[int64] `json:"exact,omitempty"`
	HLL      []byte             `json:"hll,omitempty"`
}

// Encode writes s as a sketch file: gzip-compressed JSON (FormatV1). The
// same sketch gives the same bytes.
func (s *Sketch) Encode(w io.Writer, sources []string) error {
	f := file{Format: FormatV1, Options: s.opts, Sources: canonicalSources(sources), Rows: s.rows,
		RowsWithMissing: s.rowsWithMissing, EmptyRows: s.emptyRows, Columns: []fileColumn{}}
	for _, c := range s.cols {
		fc := fileColumn{Name: c.name}
		switch {
		case c.num != nil:
			fc.Numerical = c.num.file()
		case c.str != nil:
			fc.String = c.str.file()
		default:
			fc.Datetime = c.tm.file()
		}
		f.Columns = append(f.Columns, fc)
	}
	js, err := json.Marshal(&f)
	if err != nil {
		return fmt.Errorf("sketch: encoding: %w", err)
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(js); err != nil {
		return err
	}
	return zw.Close()
}

func canonicalSources(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	out = slices.Compact(out)
	if out == nil {
		out = []string{}
	}
	return out
}

func (c *numeric) file() *fileNumeric {
	f := &fileNumeric{Integer: c.integer, Rows: c.rows, Missing: c.missing, PosInf: c.posInf, NegInf: c.negInf,
		Zeros: c.zero, Count: c.mom.n}
	if c.mom.n > 0 {
		f.Mean, f.M2, f.Min, f.Max = c.mom.mean, c.mom.m2, c.mom.min, c.mom.max
	}
	if !c.hist.empty() {
		f.Histogram = &fileHist{Exp: c.hist.e, Offset: c.hist.off, Counts: c.hist.counts}
	}
	if c.exact != nil {
		f.Exact = &fileValues[float64]{Values: nonNil(c.exact.keys), Counts: nonNil(c.exact.counts)}
		return f
	}
	levels := make([][]float64, len(c.kll.levels))
	for i, l := range c.kll.levels {
		levels[i] = nonNil(l)
	}
	f.KLL = &fileKLL{N: c.kll.n, Variance: c.kll.v, Levels: levels}
	f.HLL = c.hll.regs
	return f
}

func (c *strs) file() *fileString {
	f := &fileString{Rows: c.rows, Missing: c.missing, Text: fileText{N: c.text.n, LenMin: c.text.lenMin, LenMax: c.text.lenMax,
		LenSum: c.text.lenSum, WordMin: c.text.wordMin, WordMax: c.text.wordMax, WordSum: c.text.wordSum}}
	if c.typ != 0 {
		f.Type = c.typ.String()
	}
	if c.exact != nil {
		f.Exact = &fileValues[string]{Values: nonNil(c.exact.keys), Counts: nonNil(c.exact.counts)}
		return f
	}
	f.HLL = c.hll.regs
	keys, counts := c.hh.sorted()
	f.Heavy = &fileValues[string]{N: c.hh.n, Values: nonNil(keys), Counts: nonNil(counts)}
	return f
}

func (c *times) file() *fileTime {
	f := &fileTime{Rows: c.rows, Missing: c.missing, DateOnly: c.dateOnly, Count: c.n, First: c.first, Last: c.last}
	if c.exact != nil {
		f.Exact = &fileValues[int64]{Values: nonNil(c.exact.keys), Counts: nonNil(c.exact.counts)}
		return f
	}
	f.HLL = c.hll.regs
	return f
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Decode reads a sketch file, checking every size and invariant, so that
// a file from an untrusted source gives an error wrapping ErrFormat, never
// a panic or an unbounded allocation. It returns the sketch and the
// sources recorded in the file.
func Decode(r io.Reader) (*Sketch, []string, error) {
	br := bufio.NewReader(r)
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, nil, fmt.Errorf("sketch: %w: not gzip data (%v)", ErrFormat, err)
	}
	data, err := io.ReadAll(io.LimitReader(zr, MaxFileSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("sketch: %w: %v", ErrFormat, err)
	}
	if len(data) > MaxFileSize {
		return nil, nil, fmt.Errorf("sketch: %w: more than %d bytes decompressed", ErrFormat, MaxFileSize)
	}
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("sketch: %w: %v", ErrFormat, err)
	}
	if f.Format != FormatV1 {
		return nil, nil, fmt.Errorf("sketch: %w: format %q, want %q", ErrFormat, f.Format, FormatV1)
	}
	s, err := fromFile(&f)
	if err != nil {
		return nil, nil, fmt.Errorf("sketch: %w: %v", ErrFormat, err)
	}
	return s, f.Sources, nil
}

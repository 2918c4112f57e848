package dataset_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

const (
	flightsFile  = "../../shared/data/flights-3m.parquet"
	penguinsPath = "../../shared/data/penguins.json"
)

// flightsPath returns the path of flights-3m.parquet, skipping tb when the
// file is absent.
func flightsPath(tb testing.TB) string {
	tb.Helper()
	if _, err := os.Stat(flightsFile); err != nil {
		tb.Skipf("flights-3m.parquet not found at %s (the shared data directory is not beside the repo): %v", flightsFile, err)
	}
	return flightsFile
}

// readCSV reads s as CSV named "t.csv".
func readCSV(s string, opts *dataset.ReadOptions) (*dataset.Frame, error) {
	return dataset.ReadCSV(context.Background(), strings.NewReader(s), "t.csv", opts)
}

// dump renders f one line a column: `name:type [v1 v2 ∅]`, ∅ for a missing
// value, values as Format gives them.
func dump(f *dataset.Frame) []string {
	out := make([]string, 0, f.NumColumns())
	for _, c := range f.Columns() {
		vals := make([]string, c.Len())
		for i := range vals {
			if c.IsNull(i) {
				vals[i] = "∅"
			} else {
				vals[i] = c.Format(i)
			}
		}
		out = append(out, fmt.Sprintf("%s:%s %q", c.Name(), c.Type(), vals))
	}
	return out
}

// checkConsistent checks the invariants every frame keeps: equal column
// lengths, unique names, NullN matching IsNull, NaN exactly where a
// numerical value is missing, codes within levels, missing times zero.
func checkConsistent(tb testing.TB, f *dataset.Frame) {
	tb.Helper()
	if err := consistent(f); err != nil {
		tb.Fatal(err)
	}
}

func consistent(f *dataset.Frame) error {
	names := map[string]bool{}
	if len(f.Columns()) != f.NumColumns() {
		return fmt.Errorf("NumColumns %d, Columns %d", f.NumColumns(), len(f.Columns()))
	}
	for _, c := range f.Columns() {
		if names[c.Name()] {
			return fmt.Errorf("duplicate column %q", c.Name())
		}
		names[c.Name()] = true
		if g, ok := f.Column(c.Name()); !ok || g != c {
			return fmt.Errorf("Column(%q) does not return the column", c.Name())
		}
		if c.Len() != f.Len() {
			return fmt.Errorf("column %q has %d rows, the frame %d", c.Name(), c.Len(), f.Len())
		}
		nulls := 0
		for i := range c.Len() {
			if c.IsNull(i) {
				nulls++
			}
		}
		if nulls != c.NullN() {
			return fmt.Errorf("column %q: NullN %d, IsNull counts %d", c.Name(), c.NullN(), nulls)
		}
		switch c := c.(type) {
		case *dataset.NumericColumn:
			if c.Type() != dataset.Numerical {
				return fmt.Errorf("column %q: numeric column of type %v", c.Name(), c.Type())
			}
			ints, isInt := c.Ints()
			if isInt && len(ints) != c.Len() {
				return fmt.Errorf("column %q: %d ints for %d rows", c.Name(), len(ints), c.Len())
			}
			for i, v := range c.Values() {
				if math.IsNaN(v) != c.IsNull(i) {
					return fmt.Errorf("column %q row %d: value %v, null %v", c.Name(), i, v, c.IsNull(i))
				}
				if isInt && !c.IsNull(i) && float64(ints[i]) != v {
					return fmt.Errorf("column %q row %d: int %d, float %v", c.Name(), i, ints[i], v)
				}
			}
		case *dataset.StringColumn:
			if c.Type() != dataset.Categorical && c.Type() != dataset.Text {
				return fmt.Errorf("column %q: string column of type %v", c.Name(), c.Type())
			}
			if len(c.Codes()) != c.Len() {
				return fmt.Errorf("column %q: %d codes for %d rows", c.Name(), len(c.Codes()), c.Len())
			}
			if c16, ok := c.Codes16(); ok {
				for i, k := range c16 {
					if int32(k) != c.Codes()[i] {
						return fmt.Errorf("column %q row %d: code %d in 16 bits, %d in 32", c.Name(), i, k, c.Codes()[i])
					}
				}
			}
			seen := map[string]bool{}
			for _, l := range c.Levels() {
				if seen[l] {
					return fmt.Errorf("column %q: level %q twice", c.Name(), l)
				}
				seen[l] = true
			}
			for i, k := range c.Codes() {
				if k < -1 || int(k) >= len(c.Levels()) {
					return fmt.Errorf("column %q row %d: code %d, %d levels", c.Name(), i, k, len(c.Levels()))
				}
				if (k < 0) != c.IsNull(i) {
					return fmt.Errorf("column %q row %d: code %d, null %v", c.Name(), i, k, c.IsNull(i))
				}
			}
		case *dataset.TimeColumn:
			if len(c.UnixNanos()) != c.Len() {
				return fmt.Errorf("column %q: %d times for %d rows", c.Name(), len(c.UnixNanos()), c.Len())
			}
			var lo, hi int64
			present := false
			for i, v := range c.UnixNanos() {
				if c.IsNull(i) {
					if v != 0 {
						return fmt.Errorf("column %q row %d: missing but holds %d", c.Name(), i, v)
					}
					continue
				}
				if !present || v < lo {
					lo = v
				}
				if !present || v > hi {
					hi = v
				}
				present = true
			}
			if l, h, ok := c.Range(); ok != present || l != lo || h != hi {
				return fmt.Errorf("column %q: Range %d, %d, %v; the present instants span %d, %d, %v", c.Name(), l, h, ok, lo, hi, present)
			}
		default:
			return fmt.Errorf("column %q: unknown column type %T", c.Name(), c)
		}
	}
	return nil
}

// mustCSV reads s as CSV, requiring success and a consistent frame.
func mustCSV(tb testing.TB, s string, opts *dataset.ReadOptions) *dataset.Frame {
	tb.Helper()
	f, err := readCSV(s, opts)
	require.NoError(tb, err)
	checkConsistent(tb, f)
	return f
}

// forgeFooter rewrites the footer of a Parquet file with edit.
func forgeFooter(t *testing.T, data []byte, edit func(*format.FileMetaData)) []byte {
	t.Helper()
	n := int(binary.LittleEndian.Uint32(data[len(data)-8:]))
	footer := data[len(data)-8-n : len(data)-8]
	var md format.FileMetaData
	require.NoError(t, thrift.Unmarshal(&thrift.CompactProtocol{}, footer, &md))
	edit(&md)
	forged, err := thrift.Marshal(&thrift.CompactProtocol{}, &md)
	require.NoError(t, err)
	out := append([]byte{}, data[:len(data)-8-n]...)
	out = append(out, forged...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(forged)))
	return append(out, "PAR1"...)
}

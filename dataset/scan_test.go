package dataset_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

// scanAll scans path and returns each column's values as text, the
// chunks' sizes, and the types of the first chunk.
func scanAll(t *testing.T, path string, rows int) (map[string][]string, []int, error) {
	t.Helper()
	out := map[string][]string{}
	var sizes []int
	err := dataset.Scan(context.Background(), path, nil, dataset.ScanOptions{Rows: rows}, func(f *dataset.Frame) error {
		sizes = append(sizes, f.Len())
		for _, c := range f.Columns() {
			for i := range c.Len() {
				out[c.Name()] = append(out[c.Name()], c.Format(i))
			}
		}
		return nil
	})
	return out, sizes, err
}

func wholeValues(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := dataset.Read(context.Background(), path, &dataset.ReadOptions{IntegerCardinality: -1})
	require.NoError(t, err)
	out := map[string][]string{}
	for _, c := range f.Columns() {
		for i := range c.Len() {
			out[c.Name()] = append(out[c.Name()], c.Format(i))
		}
	}
	return out
}

func TestScanParquetByRowGroup(t *testing.T) {
	rows := make([]pqRow, pqRows)
	for i := range rows {
		rows[i] = pqFixtureRow(i)
	}
	path := filepath.Join(t.TempDir(), "t.parquet")
	require.NoError(t, os.WriteFile(path, writeParquet(t, rows, parquet.MaxRowsPerRowGroup(300), parquet.PageBufferSize(512)), 0o644))
	got, sizes, err := scanAll(t, path, 0)
	require.NoError(t, err)
	require.Equal(t, []int{300, 300, 300, pqRows - 900}, sizes)
	require.Equal(t, wholeValues(t, path), got)
}

func TestScanCSVInChunks(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b,c,d\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "%d,%g,\"x%d\ny\",2024-01-%02d\n", i, float64(i)/3, i%7, 1+i%28)
	}
	path := filepath.Join(t.TempDir(), "t.csv")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	for _, rows := range []int{1, 7, 300, 5000} {
		got, sizes, err := scanAll(t, path, rows)
		require.NoError(t, err)
		require.Equal(t, wholeValues(t, path), got, "rows=%d", rows)
		require.Equal(t, min(rows, 1000), sizes[0])
	}
}

func TestScanCSVErrorLine(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b\n")
	for i := range 500 {
		v := fmt.Sprint(i)
		if i == 400 {
			v = "oops"
		}
		fmt.Fprintf(&b, "%s,%d\n", v, i)
	}
	path := filepath.Join(t.TempDir(), "t.csv")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	_, _, err := scanAll(t, path, 100)
	require.Error(t, err)
	require.Contains(t, err.Error(), "t.csv:402")
	require.Contains(t, err.Error(), `"a"`)
	require.Contains(t, err.Error(), "--type a=categorical", "says how to read the column otherwise")
	var pe *dataset.ParseError
	require.ErrorAs(t, err, &pe)
}

func TestScanJSONLines(t *testing.T) {
	var b strings.Builder
	for i := range 250 {
		fmt.Fprintf(&b, "{\"x\": %d, \"s\": \"v%d\"}\n", i, i%3)
	}
	path := filepath.Join(t.TempDir(), "t.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	got, sizes, err := scanAll(t, path, 100)
	require.NoError(t, err)
	require.Equal(t, []int{100, 100, 50}, sizes)
	require.Equal(t, wholeValues(t, path), got)
}

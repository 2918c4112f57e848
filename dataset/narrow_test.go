package dataset_test

import (
	"encoding/binary"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

// narrowRow has integer columns for each width a column can be held in.
type narrowRow struct {
	Small  int64  `parquet:"small"`                // in 16 bits
	Edge   int64  `parquet:"edge"`                 // MinInt16 and MaxInt16 themselves
	Mid    int64  `parquet:"mid"`                  // in 32 bits
	Big    int64  `parquet:"big"`                  // in 64 only
	I32    int32  `parquet:"i32"`                  // physical INT32 past 16 bits
	OSmall *int64 `parquet:"osmall,optional,dict"` // missing rows, dictionary pages
	OMid   *int64 `parquet:"omid,optional"`        // missing rows, plain pages
}

func narrowRows(n int) []narrowRow {
	rows := make([]narrowRow, n)
	for i := range rows {
		r := &rows[i]
		r.Small = int64(i%700) - 350
		r.Edge = []int64{math.MinInt16, math.MaxInt16, int64(i)}[i%3]
		r.Mid = int64(i) * 40_000 * int64(i%2*2-1)
		r.Big = int64(i) << 40
		r.I32 = int32(i) * 100_000
		if i%5 != 0 {
			s, m := int64(i%300)-150, int64(i)*70_000
			r.OSmall, r.OMid = &s, &m
		}
	}
	return rows
}

// widths returns the bits each integer column of f is held in.
func widths(f *dataset.Frame) map[string]int {
	out := map[string]int{}
	for _, c := range f.Columns() {
		n, ok := c.(*dataset.NumericColumn)
		if !ok {
			continue
		}
		_, is16 := n.Int16s()
		_, is32 := n.Int32s()
		switch {
		case is16:
			out[c.Name()] = 16
		case is32:
			out[c.Name()] = 32
		default:
			out[c.Name()] = 64
		}
	}
	return out
}

// checkNarrowValues checks every integer column of f against rows.
func checkNarrowValues(t *testing.T, f *dataset.Frame, rows []narrowRow) {
	t.Helper()
	checkConsistent(t, f)
	want := map[string]func(r narrowRow) (int64, bool){
		"small":  func(r narrowRow) (int64, bool) { return r.Small, true },
		"edge":   func(r narrowRow) (int64, bool) { return r.Edge, true },
		"mid":    func(r narrowRow) (int64, bool) { return r.Mid, true },
		"big":    func(r narrowRow) (int64, bool) { return r.Big, true },
		"i32":    func(r narrowRow) (int64, bool) { return int64(r.I32), true },
		"osmall": func(r narrowRow) (int64, bool) { return deref(r.OSmall) },
		"omid":   func(r narrowRow) (int64, bool) { return deref(r.OMid) },
	}
	for name, get := range want {
		c, ok := f.Column(name)
		require.True(t, ok, name)
		n := c.(*dataset.NumericColumn)
		ints, ok := n.Ints()
		require.True(t, ok, name)
		for i, r := range rows {
			v, present := get(r)
			if n.IsNull(i) == present || present && ints[i] != v {
				t.Fatalf("%s row %d: read %d (missing %v), wrote %d (present %v)", name, i, ints[i], n.IsNull(i), v, present)
			}
		}
	}
}

func deref(p *int64) (int64, bool) {
	if p == nil {
		return 0, false
	}
	return *p, true
}

// TestReadParquetNarrowInts: integer columns that the statistics of every
// row group (or their physical type) bound to 16 or 32 bits are held so,
// over several row groups and pages, with missing rows, dictionary and
// plain pages, and give the values written.
func TestReadParquetNarrowInts(t *testing.T) {
	rows := narrowRows(2000)
	data := writeParquet(t, rows, parquet.MaxRowsPerRowGroup(300), parquet.PageBufferSize(512))
	for _, workers := range []int{1, 3} {
		f, err := readParquet(data, &dataset.ReadOptions{Workers: workers})
		require.NoError(t, err)
		assert.Equal(t, map[string]int{"small": 16, "edge": 16, "mid": 32, "big": 64, "i32": 32, "osmall": 16, "omid": 32}, widths(f))
		checkNarrowValues(t, f, rows)

		// A narrow column's rows taken keep its width and values.
		take := []int{1999, 0, 5, 5, 1234}
		g, err := f.Take(take)
		require.NoError(t, err)
		assert.Equal(t, widths(f), widths(g))
		picked := make([]narrowRow, len(take))
		for i, r := range take {
			picked[i] = rows[r]
		}
		checkNarrowValues(t, g, picked)

		// Distinct counts the narrow values as the wide ones.
		for _, name := range []string{"small", "osmall", "mid", "i32"} {
			c, _ := f.Column(name)
			ints, _ := c.(*dataset.NumericColumn).Ints()
			var present []int64
			for i, v := range ints {
				if !c.IsNull(i) {
					present = append(present, v)
				}
			}
			slices.Sort(present)
			assert.Equal(t, len(slices.Compact(present)), dataset.Distinct(c), name)
		}
	}
}

// TestReadParquetNarrowIntsConcurrentInts: Ints writes a narrow column's
// values out once, whatever the goroutines asking (go test -race).
func TestReadParquetNarrowIntsConcurrentInts(t *testing.T) {
	rows := narrowRows(500)
	f, err := readParquet(writeParquet(t, rows), nil)
	require.NoError(t, err)
	c, _ := f.Column("small")
	n := c.(*dataset.NumericColumn)
	var wg sync.WaitGroup
	got := make([][]int64, 4)
	for i := range got {
		wg.Go(func() {
			got[i], _ = n.Ints()
			_ = n.Values()
			_ = n.Integer()
			_ = n.Len()
		})
	}
	wg.Wait()
	for _, g := range got[1:] {
		assert.Same(t, &got[0][0], &g[0])
	}
}

// TestReadParquetNarrowIntsWrongStatistics: statistics that claim a
// narrower range than the values (a writer's bug, or a forged file) make
// the column read again in 64 bits, with the values written, whether its
// columns were allocated at once or grew page by page.
func TestReadParquetNarrowIntsWrongStatistics(t *testing.T) {
	lie := func(names ...string) func(md *format.FileMetaData) {
		return func(md *format.FileMetaData) {
			for g := range md.RowGroups {
				for j := range md.RowGroups[g].Columns {
					m := &md.RowGroups[g].Columns[j].MetaData
					if slices.Contains(names, m.PathInSchema[0]) {
						m.Statistics.MinValue = binary.LittleEndian.AppendUint64(nil, 0)
						m.Statistics.MaxValue = binary.LittleEndian.AppendUint64(nil, 9)
					}
				}
			}
		}
	}
	rows := narrowRows(2000)
	data := writeParquet(t, rows, parquet.MaxRowsPerRowGroup(300), parquet.PageBufferSize(512))
	forged := forgeFooter(t, data, lie("mid", "omid", "big", "osmall"))
	// An INT32 column whose statistics lie is read again in its own 32 bits.
	forged = forgeFooter(t, forged, func(md *format.FileMetaData) {
		for g := range md.RowGroups {
			for j := range md.RowGroups[g].Columns {
				if m := &md.RowGroups[g].Columns[j].MetaData; m.PathInSchema[0] == "i32" {
					m.Statistics.MinValue = binary.LittleEndian.AppendUint32(nil, 0)
					m.Statistics.MaxValue = binary.LittleEndian.AppendUint32(nil, 9)
				}
			}
		}
	})
	f, err := readParquet(forged, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"small": 16, "edge": 16, "mid": 64, "big": 64, "i32": 32, "osmall": 16, "omid": 64}, widths(f))
	checkNarrowValues(t, f, rows)

	// Statistics that say nothing of some row group leave the column in
	// its physical width.
	forged = forgeFooter(t, data, func(md *format.FileMetaData) {
		md.RowGroups[2].Columns[0].MetaData.Statistics = format.Statistics{}
	})
	f, err = readParquet(forged, nil)
	require.NoError(t, err)
	assert.Equal(t, 64, widths(f)["small"])
	checkNarrowValues(t, f, rows)

	// A file that packs far more rows than bytes has its columns grow as
	// pages come: a column read again starts over.
	type run struct {
		V int64 `parquet:"v,dict"`
	}
	many := make([]run, 300_000)
	for i := range many {
		many[i].V = 100_000 + int64(i/100_000)
	}
	data = writeParquet(t, many)
	require.Less(t, len(data)*64, len(many), "the file must be small enough for its columns to grow")
	forged = forgeFooter(t, data, lie("v"))
	f, err = readParquet(forged, &dataset.ReadOptions{IntegerCardinality: -1})
	require.NoError(t, err)
	c, _ := f.Column("v")
	ints, isInt := c.(*dataset.NumericColumn).Ints()
	require.True(t, isInt)
	assert.Equal(t, map[string]int{"v": 64}, widths(f))
	for i, v := range ints {
		if v != many[i].V {
			t.Fatalf("row %d: read %d, wrote %d", i, v, many[i].V)
		}
	}
}

package dataset_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

// codeBits returns the bits each string column of f holds its codes in,
// checking that Codes16 and Codes agree.
func codeBits(t *testing.T, f *dataset.Frame) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, c := range f.Columns() {
		sc, ok := c.(*dataset.StringColumn)
		if !ok {
			continue
		}
		out[c.Name()] = 32
		if c16, ok := sc.Codes16(); ok {
			out[c.Name()] = 16
			wide := sc.Codes()
			require.Len(t, wide, len(c16))
			for i, k := range c16 {
				require.Equal(t, int32(k), wide[i], "%s row %d", c.Name(), i)
			}
		}
	}
	return out
}

// codesTable is a column of few levels, one of exactly 32,768 (the most
// 16 bits index), one of 32,769 whose last row brings the level that does
// not fit, and one of 40,000 with missing rows, as their expected values
// ("" where missing, as levelsOf gives them).
func codesTable(rows int) map[string][]string {
	cols := map[string][]string{"few": {}, "edge": {}, "over": {}, "many": {}}
	for i := range rows {
		cols["few"] = append(cols["few"], []string{"a", "b", "c"}[i%3])
		cols["edge"] = append(cols["edge"], fmt.Sprintf("e%d", i%32768))
		over := fmt.Sprintf("o%d", i%32768)
		if i == rows-1 {
			over = "the 32769th"
		}
		cols["over"] = append(cols["over"], over)
		many := "" // missing
		if i%7 != 0 {
			many = fmt.Sprintf("m%d", i%40000)
		}
		cols["many"] = append(cols["many"], many)
	}
	return cols
}

func TestCodesWidthCSV(t *testing.T) {
	const rows = 50_000
	want := codesTable(rows)
	var b strings.Builder
	b.WriteString("few,edge,over,many\n")
	for i := range rows {
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", want["few"][i], want["edge"][i], want["over"][i], want["many"][i])
	}
	types := map[string]dataset.Type{"few": dataset.Categorical, "edge": dataset.Categorical, "over": dataset.Categorical, "many": dataset.Categorical}
	// One chunk, and many: the column moves to 32 bits as the chunk that
	// brings its 32,769th level is appended.
	for _, chunk := range []int{0, 64 << 10} {
		opts := &dataset.ReadOptions{Workers: 2, Types: types}
		if chunk > 0 {
			opts = dataset.WithChunkBytes(opts, chunk)
		}
		f := mustCSV(t, b.String(), opts)
		assert.Equal(t, map[string]int{"few": 16, "edge": 16, "over": 32, "many": 32}, codeBits(t, f), "chunk %d", chunk)
		for name, vals := range want {
			assert.Equal(t, vals, levelsOf(t, f, name), "%s, chunk %d", name, chunk)
		}
	}
}

// A column of numbers then words becomes strings as the words come, and a
// categorical column of few integers is made of their texts at the end:
// both in 16 bits.
func TestCodesWidthCSVFromNumbers(t *testing.T) {
	var b strings.Builder
	b.WriteString("mixed,small\n")
	for i := range 30_000 {
		mixed := fmt.Sprint(i % 50)
		if i >= 20_000 {
			mixed = fmt.Sprintf("w%d", i%40)
		}
		fmt.Fprintf(&b, "%s,%d\n", mixed, i%4)
	}
	f := mustCSV(t, b.String(), dataset.WithChunkBytes(&dataset.ReadOptions{Workers: 2}, 32<<10))
	assert.Equal(t, map[string]int{"mixed": 16, "small": 16}, codeBits(t, f))
	mixed := levelsOf(t, f, "mixed")
	assert.Equal(t, "49", mixed[19_999])
	assert.Equal(t, "w0", mixed[20_000])
	assert.Equal(t, "3", levelsOf(t, f, "small")[29_999])
}

type codesRow struct {
	Few  string  `parquet:"few,dict"`
	Edge string  `parquet:"edge,dict"`
	Over string  `parquet:"over,dict"`
	Many *string `parquet:"many,optional,dict"`
}

func codesRows(want map[string][]string) []codesRow {
	rows := make([]codesRow, len(want["few"]))
	for i := range rows {
		rows[i] = codesRow{Few: want["few"][i], Edge: want["edge"][i], Over: want["over"][i]}
		if m := want["many"][i]; m != "" {
			rows[i].Many = &m
		}
	}
	return rows
}

func TestCodesWidthParquet(t *testing.T) {
	want := codesTable(50_000)
	for _, tc := range []struct {
		name string
		opts []parquet.WriterOption
		bits map[string]int
	}{
		// Every row group has a dictionary: the merged dictionaries decide.
		{"dictionaries", []parquet.WriterOption{parquet.MaxRowsPerRowGroup(12_000), parquet.PageBufferSize(4096)},
			map[string]int{"few": 16, "edge": 16, "over": 32, "many": 32}},
		// Dictionaries that overflow into plain pages: each row group
		// makes its own levels, and one whose levels outgrow 16 bits goes
		// on in 32, which the whole column then takes.
		{"plain fallback", []parquet.WriterOption{parquet.MaxRowsPerRowGroup(50_000), parquet.DictionaryMaxBytes(1000), parquet.PageBufferSize(4096)},
			map[string]int{"few": 16, "edge": 16, "over": 32, "many": 32}},
		{"plain fallback, groups", []parquet.WriterOption{parquet.MaxRowsPerRowGroup(9_000), parquet.DictionaryMaxBytes(1000), parquet.PageBufferSize(4096)},
			map[string]int{"few": 16, "edge": 16, "over": 32, "many": 32}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := writeParquet(t, codesRows(want), tc.opts...)
			for _, workers := range []int{1, 3} {
				f, err := readParquet(data, &dataset.ReadOptions{Workers: workers})
				require.NoError(t, err)
				checkConsistent(t, f)
				assert.Equal(t, tc.bits, codeBits(t, f))
				for name, vals := range want {
					assert.Equal(t, vals, levelsOf(t, f, name), name)
				}
			}
		})
	}
}

// A column with no dictionary at all makes its levels as it goes: it is
// read in 32 bits, whatever they come to.
func TestCodesWidthParquetPlain(t *testing.T) {
	type plainRow struct {
		S string `parquet:"s"`
	}
	rows := make([]plainRow, 1000)
	for i := range rows {
		rows[i].S = fmt.Sprint("p", i%5)
	}
	f, err := readParquet(writeParquet(t, rows), nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"s": 32}, codeBits(t, f))
	assert.Equal(t, "p4", levelsOf(t, f, "s")[999])
}

// Take, Convert and the canonical spelling of numbers keep a column's
// codes in 16 bits and its values.
func TestCodes16Kept(t *testing.T) {
	in := "n,s\n1.0,x\n2,y\n,x\n1,z\n"
	f := mustCSV(t, in, &dataset.ReadOptions{Types: map[string]dataset.Type{"n": dataset.Categorical}})
	require.Equal(t, map[string]int{"n": 16, "s": 16}, codeBits(t, f))

	taken, err := f.Take([]int{3, 2, 0})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"n": 16, "s": 16}, codeBits(t, taken))
	assert.Equal(t, []string{"z", "x", "x"}, levelsOf(t, taken, "s"))
	assert.Equal(t, []string{"1", "", "1.0"}, levelsOf(t, taken, "n"))

	s, _ := f.Column("s")
	text, err := dataset.Convert(s, dataset.Text)
	require.NoError(t, err)
	_, narrow := text.(*dataset.StringColumn).Codes16()
	assert.True(t, narrow)
	assert.Equal(t, dataset.Text, text.Type())

	n, _ := f.Column("n")
	num, err := dataset.Convert(n, dataset.Numerical)
	require.NoError(t, err)
	vals := num.(*dataset.NumericColumn).Values()
	assert.Equal(t, []float64{1, 2, 1}, []float64{vals[0], vals[1], vals[3]})
	assert.True(t, num.IsNull(2))

	// Read as a pair, "1.0" and "1" are one category, spelled "1".
	ref, cur, err := dataset.Align(f, mustCSV(t, "n,s\n1,x\n", &dataset.ReadOptions{Types: map[string]dataset.Type{"n": dataset.Categorical}}), dataset.PairOptions{})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"n": 16, "s": 16}, codeBits(t, ref))
	assert.Equal(t, []string{"1", "2", "", "1"}, levelsOf(t, ref, "n"))
	assert.Equal(t, []string{"1"}, levelsOf(t, cur, "n"))
}

// A Parquet file's booleans, and a column of few integers the type
// inference makes categorical, hold their codes in 16 bits too.
func TestCodesWidthParquetFewLevels(t *testing.T) {
	type row struct {
		B bool   `parquet:"b"`
		K int64  `parquet:"k"`
		O *bool  `parquet:"o,optional"`
		S string `parquet:"s,dict"`
	}
	rows := make([]row, 100)
	for i := range rows {
		rows[i] = row{B: i%2 == 0, K: int64(i % 3), S: fmt.Sprint("s", i%4)}
		if i%3 != 0 {
			o := i%5 == 0
			rows[i].O = &o
		}
	}
	f, err := readParquet(writeParquet(t, rows), nil)
	require.NoError(t, err)
	checkConsistent(t, f)
	assert.Equal(t, map[string]int{"b": 16, "k": 16, "o": 16, "s": 16}, codeBits(t, f))
	assert.Equal(t, []string{"true", "false", "true"}, levelsOf(t, f, "b")[:3])
	assert.Equal(t, []string{"0", "1", "2", "0"}, levelsOf(t, f, "k")[:4])
	assert.Equal(t, []string{"", "false", "false", "", "false", "true"}, levelsOf(t, f, "o")[:6])
}

// Columns are safe for concurrent use: Codes writing the 32-bit codes out
// while Convert reads the column (run with -race).
func TestCodes16Concurrent(t *testing.T) {
	var b strings.Builder
	b.WriteString("n\n")
	for i := range 1000 {
		fmt.Fprintln(&b, []string{"1", "2", "3"}[i%3])
	}
	for range 20 {
		f, err := readCSV(b.String(), &dataset.ReadOptions{Types: map[string]dataset.Type{"n": dataset.Categorical}})
		require.NoError(t, err)
		c, _ := f.Column("n")
		sc := c.(*dataset.StringColumn)
		_, narrow := sc.Codes16()
		require.True(t, narrow)
		var wg sync.WaitGroup
		wg.Go(func() { _ = sc.Codes() })
		wg.Go(func() {
			if _, err := dataset.Convert(sc, dataset.Numerical); err != nil {
				t.Error(err)
			}
		})
		wg.Wait()
	}
}

// A file that claims more rows than its bytes plausibly hold is read with
// columns that grow page by page (not allocated at once): its codes are
// held in 16 bits all the same.
func TestCodesWidthParquetGrowing(t *testing.T) {
	type row struct {
		S string  `parquet:"s,dict,zstd"`
		B bool    `parquet:"b,zstd"`
		O *string `parquet:"o,optional,dict,zstd"`
	}
	const n = 400_000
	rows := make([]row, n)
	for i := range rows {
		rows[i] = row{S: fmt.Sprint("v", i/100_000), B: i < 200_000}
		if i < 100_000 || i >= 150_000 {
			o := fmt.Sprint("o", i/150_000)
			rows[i].O = &o
		}
	}
	data := writeParquet(t, rows, parquet.MaxRowsPerRowGroup(150_000))
	require.Less(t, len(data)*64, n, "the file must claim more than 64 rows a byte: %d bytes", len(data))
	for _, workers := range []int{1, 3} {
		f, err := readParquet(data, &dataset.ReadOptions{Workers: workers})
		require.NoError(t, err)
		checkConsistent(t, f)
		assert.Equal(t, map[string]int{"s": 16, "b": 16, "o": 16}, codeBits(t, f))
		s, b, o := levelsOf(t, f, "s"), levelsOf(t, f, "b"), levelsOf(t, f, "o")
		for _, i := range []int{0, 99_999, 100_000, 149_999, 150_000, 199_999, 200_000, n - 1} {
			want := rows[i]
			assert.Equal(t, want.S, s[i], "s row %d", i)
			assert.Equal(t, fmt.Sprint(want.B), b[i], "b row %d", i)
			wo := ""
			if want.O != nil {
				wo = *want.O
			}
			assert.Equal(t, wo, o[i], "o row %d", i)
		}
	}
}

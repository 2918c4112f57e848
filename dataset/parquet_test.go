package dataset_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

type pqRow struct {
	I32 int32      `parquet:"i32"`
	I64 int64      `parquet:"i64"`
	F32 float32    `parquet:"f32"`
	F64 float64    `parquet:"f64"`
	B   bool       `parquet:"b"`
	S   string     `parquet:"s"`
	SD  string     `parquet:"sd,dict"`
	D   int32      `parquet:"d,date"`
	TMs int64      `parquet:"tms,timestamp(millisecond)"`
	TUs int64      `parquet:"tus,timestamp(microsecond)"`
	TNs int64      `parquet:"tns,timestamp(nanosecond)"`
	T   time.Time  `parquet:"t"`
	OI  *int64     `parquet:"oi,optional"`
	OI2 *int32     `parquet:"oi2,optional,dict"`
	OF  *float64   `parquet:"of,optional"`
	OF2 *float32   `parquet:"of2,optional,dict"`
	OS  *string    `parquet:"os,optional"`
	OSD *string    `parquet:"osd,optional,dict"`
	OB  *bool      `parquet:"ob,optional"`
	OT  *time.Time `parquet:"ot,optional,timestamp(microsecond)"`
	OD  *int32     `parquet:"od,optional,date"`
	ID  int64      `parquet:"id,dict"`
	FD  float64    `parquet:"fd,dict"`
	Nil *string    `parquet:"nil,optional"`
}

const pqRows = 1000

var pqBase = time.Date(2024, 3, 1, 12, 30, 15, 123456789, time.UTC)

func pqFixtureRow(i int) pqRow {
	r := pqRow{
		I32: int32(i - 500), I64: int64(i) * 1_000_000_007,
		F32: float32(i) / 4, F64: float64(i) / 3,
		B: i%3 == 0, S: fmt.Sprintf("s%d", i), SD: fmt.Sprintf("k%d", i%7),
		D:   int32(19000 + i),
		TMs: pqBase.Add(time.Duration(i) * time.Hour).UnixMilli(),
		TUs: pqBase.Add(time.Duration(i) * time.Minute).UnixMicro(),
		TNs: pqBase.Add(time.Duration(i) * time.Second).UnixNano(),
		T:   pqBase.Add(time.Duration(i) * time.Millisecond),
		ID:  int64(i % 40), FD: float64(i%30) + 0.5,
	}
	if i%4 != 0 {
		v, v2, f, f2, s, s2, b := int64(i), int32(i%50), float64(i)*1.5, float32(i%20), fmt.Sprint("o", i), fmt.Sprint("d", i%5), i%2 == 0
		r.OI, r.OI2, r.OF, r.OF2, r.OS, r.OSD, r.OB = &v, &v2, &f, &f2, &s, &s2, &b
		ts := pqBase.Add(time.Duration(i) * time.Microsecond)
		r.OT = &ts
		d := int32(i)
		r.OD = &d
	}
	return r
}

func writeParquet[T any](t testing.TB, rows []T, opts ...parquet.WriterOption) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[T](&buf, opts...)
	_, err := w.Write(rows)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func readParquet(data []byte, opts *dataset.ReadOptions) (*dataset.Frame, error) {
	return dataset.ReadParquet(context.Background(), bytes.NewReader(data), int64(len(data)), "t.parquet", opts)
}

func TestReadParquetTypes(t *testing.T) {
	rows := make([]pqRow, pqRows)
	for i := range rows {
		rows[i] = pqFixtureRow(i)
	}
	// Several row groups, several pages per column chunk.
	data := writeParquet(t, rows, parquet.MaxRowsPerRowGroup(300), parquet.PageBufferSize(512))
	pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	require.Len(t, pf.RowGroups(), 4)

	for _, workers := range []int{1, 3} {
		f, err := readParquet(data, &dataset.ReadOptions{Workers: workers})
		require.NoError(t, err)
		checkConsistent(t, f)
		require.Equal(t, pqRows, f.Len())
		assert.Equal(t, "t.parquet", f.Source())

		col := func(name string) dataset.Column {
			c, ok := f.Column(name)
			require.True(t, ok, name)
			return c
		}
		num := func(name string) *dataset.NumericColumn {
			c, ok := col(name).(*dataset.NumericColumn)
			require.True(t, ok, "%s is %T", name, col(name))
			return c
		}
		str := func(name string) *dataset.StringColumn {
			c, ok := col(name).(*dataset.StringColumn)
			require.True(t, ok, "%s is %T", name, col(name))
			return c
		}
		tim := func(name string) *dataset.TimeColumn {
			c, ok := col(name).(*dataset.TimeColumn)
			require.True(t, ok, "%s is %T", name, col(name))
			return c
		}
		wantTypes := map[string]dataset.Type{
			"i32": dataset.Numerical, "i64": dataset.Numerical, "f32": dataset.Numerical, "f64": dataset.Numerical,
			"b": dataset.Categorical, "s": dataset.Categorical, "sd": dataset.Categorical, "d": dataset.Datetime,
			"tms": dataset.Datetime, "tus": dataset.Datetime, "tns": dataset.Datetime, "t": dataset.Datetime,
			"oi": dataset.Numerical, "oi2": dataset.Numerical, "of": dataset.Numerical, "of2": dataset.Numerical,
			"os": dataset.Categorical, "osd": dataset.Categorical, "ob": dataset.Categorical, "ot": dataset.Datetime,
			"od": dataset.Datetime, "id": dataset.Numerical, "fd": dataset.Numerical, "nil": dataset.Categorical,
		}
		for name, typ := range wantTypes {
			assert.Equal(t, typ, col(name).Type(), name)
		}
		assert.Equal(t, len(wantTypes), f.NumColumns())

		i32, _ := num("i32").Ints()
		i64, _ := num("i64").Ints()
		id, _ := num("id").Ints()
		oi, _ := num("oi").Ints()
		oi2, ok := num("oi2").Ints()
		require.True(t, ok)
		assert.Equal(t, 250, num("oi").NullN())
		assert.Equal(t, 250, str("os").NullN())
		assert.Equal(t, 250, str("ob").NullN())
		assert.Equal(t, 250, tim("ot").NullN())
		assert.Equal(t, pqRows, str("nil").NullN())
		assert.Equal(t, 0, num("i64").NullN())
		assert.Equal(t, []string{"k0", "k1", "k2", "k3", "k4", "k5", "k6"}, str("sd").Levels())
		for i, r := range rows {
			require.Equal(t, int64(r.I32), i32[i])
			require.Equal(t, r.I64, i64[i])
			require.Equal(t, float64(r.F32), num("f32").Values()[i])
			require.Equal(t, r.F64, num("f64").Values()[i])
			require.Equal(t, fmt.Sprint(r.B), str("b").Format(i))
			require.Equal(t, r.S, str("s").Format(i))
			require.Equal(t, r.SD, str("sd").Format(i))
			require.Equal(t, time.Unix(int64(r.D)*86400, 0).UTC().Format(time.DateOnly), tim("d").Format(i))
			tm, _ := tim("tms").Time(i)
			require.Equal(t, r.TMs, tm.UnixMilli())
			tu, _ := tim("tus").Time(i)
			require.Equal(t, r.TUs, tu.UnixMicro())
			tn, _ := tim("tns").Time(i)
			require.Equal(t, r.TNs, tn.UnixNano())
			tt, _ := tim("t").Time(i)
			require.True(t, r.T.Equal(tt), "row %d: %v != %v", i, r.T, tt)
			require.Equal(t, r.ID, id[i])
			require.Equal(t, r.FD, num("fd").Values()[i])
			if r.OI == nil {
				require.True(t, num("oi").IsNull(i))
				require.True(t, num("oi2").IsNull(i))
				require.True(t, math.IsNaN(num("of").Values()[i]))
				require.True(t, num("of2").IsNull(i))
				require.True(t, str("os").IsNull(i))
				require.True(t, str("osd").IsNull(i))
				require.True(t, str("ob").IsNull(i))
				require.True(t, tim("ot").IsNull(i))
				require.True(t, tim("od").IsNull(i))
				continue
			}
			require.Equal(t, *r.OI, oi[i])
			require.Equal(t, int64(*r.OI2), oi2[i])
			require.Equal(t, *r.OF, num("of").Values()[i])
			require.Equal(t, float64(*r.OF2), num("of2").Values()[i])
			require.Equal(t, *r.OS, str("os").Format(i))
			require.Equal(t, *r.OSD, str("osd").Format(i))
			require.Equal(t, fmt.Sprint(*r.OB), str("ob").Format(i), "row %d", i)
			ot, _ := tim("ot").Time(i)
			require.Equal(t, r.OT.UnixMicro(), ot.UnixMicro())
			od, _ := tim("od").Time(i)
			require.Equal(t, int64(*r.OD)*86400, od.Unix())
		}
		assert.True(t, tim("d").DateOnly())
		assert.False(t, tim("tms").DateOnly())
	}
}

func TestReadParquetInference(t *testing.T) {
	type row struct {
		Few   int32  `parquet:"few"`
		Many  int64  `parquet:"many"`
		Words string `parquet:"words"`
	}
	rows := make([]row, 100)
	for i := range rows {
		rows[i] = row{Few: int32(i % 3), Many: int64(i), Words: fmt.Sprintf("a rather long sentence number %d", i)}
	}
	data := writeParquet(t, rows)

	f, err := readParquet(data, nil)
	require.NoError(t, err)
	checkConsistent(t, f)
	assert.Equal(t, []dataset.Type{dataset.Categorical, dataset.Numerical, dataset.Text}, colTypes(f))

	f, err = readParquet(data, &dataset.ReadOptions{IntegerCardinality: -1})
	require.NoError(t, err)
	assert.Equal(t, []dataset.Type{dataset.Numerical, dataset.Numerical, dataset.Text}, colTypes(f))

	// Overrides, and one that fails naming the column.
	f, err = readParquet(data, types("few", dataset.Numerical, "many", dataset.Categorical, "words", dataset.Categorical))
	require.NoError(t, err)
	checkConsistent(t, f)
	assert.Equal(t, []dataset.Type{dataset.Numerical, dataset.Categorical, dataset.Categorical}, colTypes(f))
	assert.Equal(t, "42", f.Columns()[1].Format(42))

	_, err = readParquet(data, types("words", dataset.Numerical))
	var pe *dataset.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "words", pe.Column)
	assert.ErrorIs(t, err, dataset.ErrColumnType)
	assert.Contains(t, err.Error(), `t.parquet: column "words"`)
	assert.Contains(t, err.Error(), `"a rather long sentence number 0" is not a number`)

	_, err = readParquet(data, types("many", dataset.Datetime))
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "many", pe.Column)
	assert.Contains(t, err.Error(), "cannot convert a numerical column to datetime")
}

func colTypes(f *dataset.Frame) []dataset.Type {
	var out []dataset.Type
	for _, c := range f.Columns() {
		out = append(out, c.Type())
	}
	return out
}

func TestReadParquetSchemaBuilt(t *testing.T) {
	// A schema built by hand: optional strings, a date, a timestamp.
	schema := parquet.NewSchema("t", parquet.Group{
		"name": parquet.Optional(parquet.String()),
		"day":  parquet.Date(),
		"at":   parquet.Optional(parquet.Timestamp(parquet.Millisecond)),
		"n":    parquet.Leaf(parquet.DoubleType),
	})
	var buf bytes.Buffer
	w := parquet.NewWriter(&buf, schema)
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	require.NoError(t, w.Write(map[string]any{"name": "x", "day": int32(day.Unix() / 86400), "at": at.UnixMilli(), "n": 1.5}))
	require.NoError(t, w.Write(map[string]any{"name": nil, "day": int32(day.Unix()/86400) + 1, "at": nil, "n": math.Inf(-1)}))
	require.NoError(t, w.Close())

	f, err := readParquet(buf.Bytes(), nil)
	require.NoError(t, err)
	checkConsistent(t, f)
	got := map[string]string{}
	for _, line := range dump(f) {
		got[line[:bytes.IndexByte([]byte(line), ':')]] = line
	}
	assert.Equal(t, map[string]string{
		"at":   `at:datetime ["2024-05-06T07:08:09Z" "∅"]`,
		"day":  `day:datetime ["2024-05-06" "2024-05-07"]`,
		"n":    `n:numerical ["1.5" "-Inf"]`,
		"name": `name:categorical ["x" "∅"]`,
	}, got)
}

func TestReadParquetNested(t *testing.T) {
	type inner struct {
		A int64 `parquet:"a"`
	}
	type nested struct {
		X   int64 `parquet:"x"`
		Loc inner `parquet:"loc"`
	}
	data := writeParquet(t, []nested{{X: 1, Loc: inner{A: 2}}})
	_, err := readParquet(data, nil)
	var pe *dataset.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "loc", pe.Column)
	assert.ErrorIs(t, err, dataset.ErrUnsupported)
	assert.Contains(t, err.Error(), `t.parquet: column "loc": a nested column`)

	type repeated struct {
		X    int64   `parquet:"x"`
		Tags []int64 `parquet:"tags"`
	}
	data = writeParquet(t, []repeated{{X: 1, Tags: []int64{1, 2}}})
	_, err = readParquet(data, nil)
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "tags", pe.Column)
	assert.ErrorIs(t, err, dataset.ErrUnsupported)

	type listed struct {
		L []string `parquet:"l,list"`
	}
	data = writeParquet(t, []listed{{L: []string{"a"}}})
	_, err = readParquet(data, nil)
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "l", pe.Column)
	assert.ErrorIs(t, err, dataset.ErrUnsupported)
}

func TestReadParquetBad(t *testing.T) {
	_, err := readParquet(nil, nil)
	assert.ErrorIs(t, err, dataset.ErrEmpty)

	_, err = readParquet([]byte("x,y\n1,2\n"), nil)
	assert.ErrorIs(t, err, dataset.ErrFormat)
	assert.Contains(t, err.Error(), "t.parquet: not a readable Parquet file")

	type row struct {
		X int64 `parquet:"x"`
	}
	data := writeParquet(t, []row{{1}, {2}, {3}})
	for _, cut := range []int{4, len(data) / 2, len(data) - 3} {
		_, err = readParquet(data[:cut], nil)
		assert.Error(t, err, "cut at %d", cut)
	}

	// No rows: a frame of 0 rows.
	data = writeParquet(t, []row{})
	f, err := readParquet(data, nil)
	require.NoError(t, err)
	assert.Equal(t, 0, f.Len())
	assert.Equal(t, []string{"x"}, f.Names())
}

func TestReadParquetFlights(t *testing.T) {
	path := flightsPath(t)
	f, err := dataset.Read(context.Background(), path, nil)
	require.NoError(t, err)
	require.Equal(t, 3_000_000, f.Len())
	assert.Equal(t, []string{"date", "delay", "distance", "origin", "destination"}, f.Names())
	assert.Equal(t, []dataset.Type{dataset.Datetime, dataset.Numerical, dataset.Numerical, dataset.Categorical, dataset.Categorical}, colTypes(f))
	if testing.Short() {
		return
	}
	checkConsistent(t, f)
}

// TestReadParquetCorrupt flips bytes all over a small file: every read gives
// an error or a consistent frame, never a panic.
func TestReadParquetCorrupt(t *testing.T) {
	rows := make([]pqRow, 50)
	for i := range rows {
		rows[i] = pqFixtureRow(i)
	}
	data := writeParquet(t, rows, parquet.MaxRowsPerRowGroup(20))
	for i := 0; i < len(data); i += 1 + len(data)/400 {
		bad := bytes.Clone(data)
		bad[i] ^= 0x5a
		f, err := readParquet(bad, nil)
		if err == nil {
			require.NoError(t, consistent(f), "byte %d", i)
		}
	}
}

func TestReadParquetFarDates(t *testing.T) {
	type row struct {
		D  int32 `parquet:"d,date"`
		Ms int64 `parquet:"ms,timestamp(millisecond)"`
	}
	far := int32(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	data := writeParquet(t, []row{{D: 1, Ms: 1}, {D: far, Ms: 2}})
	_, err := readParquet(data, nil)
	var pe *dataset.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "d", pe.Column)
	assert.ErrorIs(t, err, dataset.ErrUnsupported)
	assert.Contains(t, err.Error(), "row 2")
	assert.Contains(t, err.Error(), "outside the instants telltale holds")

	data = writeParquet(t, []row{{D: 1, Ms: 1}, {D: 2, Ms: math.MaxInt64 / 1000}})
	_, err = readParquet(data, nil)
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "ms", pe.Column)
}

func TestReadParquetUnsigned(t *testing.T) {
	type row struct {
		U32 uint32  `parquet:"u32"`
		U64 uint64  `parquet:"u64"`
		S64 uint64  `parquet:"s64"`
		U8  *uint8  `parquet:"u8,optional"`
		I16 int16   `parquet:"i16"`
		OU  *uint32 `parquet:"ou,optional,dict"`
	}
	rows := make([]row, 20)
	for i := range rows {
		rows[i] = row{U32: math.MaxUint32 - uint32(i), U64: math.MaxUint64 - uint64(i)*1e6, S64: uint64(i), I16: int16(-i)}
		if i%2 == 0 {
			u8, ou := uint8(200+i), uint32(math.MaxUint32-i)
			rows[i].U8, rows[i].OU = &u8, &ou
		}
	}
	f, err := readParquet(writeParquet(t, rows), &dataset.ReadOptions{IntegerCardinality: -1})
	require.NoError(t, err)
	checkConsistent(t, f)
	get := func(name string) *dataset.NumericColumn {
		c, _ := f.Column(name)
		return c.(*dataset.NumericColumn)
	}
	u32, ok := get("u32").Ints()
	require.True(t, ok)
	s64, _ := get("s64").Ints()
	u8, _ := get("u8").Ints()
	i16, _ := get("i16").Ints()
	ou, _ := get("ou").Ints()
	assert.False(t, get("u64").Integer(), "past MaxInt64: floats")
	for i, r := range rows {
		assert.Equal(t, int64(r.U32), u32[i])
		assert.Equal(t, float64(r.U64), get("u64").Values()[i])
		assert.Equal(t, int64(r.S64), s64[i])
		assert.Equal(t, int64(r.I16), i16[i])
		if r.U8 != nil {
			assert.Equal(t, int64(*r.U8), u8[i])
			assert.Equal(t, int64(*r.OU), ou[i])
		} else {
			assert.True(t, get("u8").IsNull(i))
			assert.True(t, get("ou").IsNull(i))
		}
	}
}

func TestReadParquetDecimalAndInt96(t *testing.T) {
	type row struct {
		Price  int64            `parquet:"price,decimal(2:10)"`
		Small  int32            `parquet:"small,decimal(1:5)"`
		Legacy deprecated.Int96 `parquet:"legacy"`
	}
	at := time.Date(2021, 6, 7, 8, 9, 10, 11, time.UTC)
	nanos := uint64(at.Sub(time.Date(2021, 6, 7, 0, 0, 0, 0, time.UTC)))
	julian := uint32(at.Unix()/86400 + 2440588)
	rows := []row{
		{Price: 12345, Small: -15, Legacy: deprecated.Int96{uint32(nanos), uint32(nanos >> 32), julian}},
		{Price: -1, Small: 7, Legacy: deprecated.Int96{0, 0, 2440588}},
	}
	f, err := readParquet(writeParquet(t, rows), nil)
	require.NoError(t, err)
	checkConsistent(t, f)
	assert.Equal(t, []string{
		`price:numerical ["123.45" "-0.01"]`,
		`small:numerical ["-1.5" "0.7"]`,
		`legacy:datetime ["2021-06-07T08:09:10.000000011Z" "1970-01-01T00:00:00Z"]`,
	}, dump(f))
}

// TestReadParquetDictionaryFallback reads a string column whose row groups
// start dictionary-encoded and fall back to plain values when the
// dictionary grows too large, over several pages: the values are the
// written ones and the levels come in order of first appearance, as a
// reading of the pages in turn gives.
func TestReadParquetDictionaryFallback(t *testing.T) {
	type row struct {
		S *string `parquet:"s,optional,dict"`
		K string  `parquet:"k,dict"`
	}
	rows := make([]row, 1800)
	var want []string
	seen := map[string]bool{}
	for i := range rows {
		k := fmt.Sprintf("k%d", (i/100)%5)
		rows[i].K = k
		if i%9 == 4 {
			continue
		}
		s := fmt.Sprintf("v%03d", (i*7)%250)
		rows[i].S = &s
		if !seen[s] {
			seen[s] = true
			want = append(want, s)
		}
	}
	data := writeParquet(t, rows, parquet.MaxRowsPerRowGroup(600), parquet.DictionaryMaxBytes(200), parquet.PageBufferSize(256))
	for _, workers := range []int{1, 3} {
		f, err := readParquet(data, &dataset.ReadOptions{Workers: workers})
		require.NoError(t, err)
		checkConsistent(t, f)
		c, _ := f.Column("s")
		sc := c.(*dataset.StringColumn)
		for i, r := range rows {
			v, ok := sc.Value(i)
			require.Equal(t, r.S != nil, ok, "row %d", i)
			if ok {
				require.Equal(t, *r.S, v, "row %d", i)
			}
		}
		assert.Equal(t, want, sc.Levels())
		k, _ := f.Column("k")
		assert.Equal(t, []string{"k0", "k1", "k2", "k3", "k4"}, k.(*dataset.StringColumn).Levels())
	}
}

// TestReadParquetFooterLongerThanFile: a file whose trailer gives a footer
// longer than the file itself (here 14 bytes claiming 3.6 GB) is an error
// found before anything the size of the claim is allocated.
func TestReadParquetFooterLongerThanFile(t *testing.T) {
	data := []byte("PAR1\x15\x04\x15\x04\x15\xdaPAR1")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := readParquet(data, nil)
	runtime.ReadMemStats(&after)
	assert.ErrorIs(t, err, dataset.ErrFormat)
	assert.Contains(t, err.Error(), "t.parquet: not a readable Parquet file")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20), "bytes allocated")
}

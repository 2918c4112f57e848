package monitor_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/monitor"
)

// curCSV exercises what rows may hold: missing fields, markers, quotes
// with delimiters and newlines, a float in an integer column, a bare date.
const curCSV = "id,amount,plan,ts,extra\r\n" +
	"13,5.5,pro,2024-02-01T00:00:00Z,x\r\n" +
	"14,,\"free, or not\",2024-02-01,y\r\n" +
	"NA,7,\"multi\nline\",,z\r\n" +
	"\r\n" +
	"16,1e3,\"say \"\"hi\"\"\",2024-02-02T10:00:00+02:00,w\r\n"

// curJSONL is the same rows as JSON lines, keys in varying order, one key
// missing, values as strings, numbers and null.
const curJSONL = `{"id": 13, "amount": 5.5, "plan": "pro", "ts": "2024-02-01T00:00:00Z", "extra": "x"}
{"amount": null, "id": "14", "plan": "free, or not", "ts": "2024-02-01", "extra": {"nested": [1, 2]}}
{"id": null, "amount": "7", "plan": "multi\nline", "extra": "z"}
{"id": 16, "amount": 1e3, "plan": "say \"hi\"", "ts": "2024-02-02T10:00:00+02:00", "extra": "w"}
`

// readCurrent reads data with the file readers, typed by the reference as
// telltale report types a current file.
func readCurrent(t *testing.T, name, data string) *dataset.Frame {
	t.Helper()
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.csv")
	cur := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(ref, []byte(refCSV), 0o644))
	require.NoError(t, os.WriteFile(cur, []byte(data), 0o644))
	_, f, err := dataset.ReadPair(context.Background(), ref, cur, nil, dataset.PairOptions{SkipMismatched: true})
	require.NoError(t, err)
	return f
}

func TestIngestReadsAsTheReaders(t *testing.T) {
	want := readCurrent(t, "cur.csv", curCSV)
	for _, c := range []struct {
		name   string
		body   string
		format monitor.Format
	}{
		{"csv", curCSV, monitor.FormatCSV},
		{"csv auto", curCSV, monitor.FormatAuto},
		{"jsonl", curJSONL, monitor.FormatJSON},
		{"jsonl auto", curJSONL, monitor.FormatAuto},
		{"json array", "[" + strings.Join(strings.Split(strings.TrimSpace(curJSONL), "\n"), ",\n") + "]", monitor.FormatJSON},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := newMonitor(t, monitor.Config{}, nil)
			got, err := m.Ingest([]byte(c.body), c.format)
			require.NoError(t, err)
			assert.Equal(t, 4, got.Rows)
			assert.Equal(t, 4, got.WindowRows)
			assert.Equal(t, []string{"extra"}, got.IgnoredColumns)
			assert.Equal(t, 4, got.IgnoredValues)
			assertSameFrame(t, want, window(t, m))
		})
	}
	// The JSON reader reads the JSON lines the same way (but for the
	// nested value of the ignored column, which it refuses).
	jsonWant := readCurrent(t, "cur.jsonl", strings.Replace(curJSONL, `{"nested": [1, 2]}`, `"y"`, 1))
	assertSameFrame(t, want, jsonWant)
}

func TestIngestGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write([]byte(curJSONL))
	require.NoError(t, zw.Close())
	m := newMonitor(t, monitor.Config{}, nil)
	got, err := m.IngestReader(bytes.NewReader(buf.Bytes()), monitor.FormatAuto, 1<<20)
	require.NoError(t, err)
	assert.Equal(t, 4, got.Rows)
	got, err = m.Ingest(buf.Bytes(), monitor.FormatJSON)
	require.NoError(t, err)
	assert.Equal(t, 8, got.WindowRows)

	// The limit counts decompressed bytes.
	_, err = m.IngestReader(bytes.NewReader(buf.Bytes()), monitor.FormatAuto, int64(len(curJSONL)-1))
	assert.ErrorIs(t, err, monitor.ErrTooLarge)
	// A corrupt gzip stream.
	bad := append([]byte(nil), buf.Bytes()[:20]...)
	_, err = m.IngestReader(bytes.NewReader(bad), monitor.FormatAuto, 1<<20)
	assert.ErrorIs(t, err, monitor.ErrMalformed)
	assert.Equal(t, 8, m.Stats().WindowRows)
}

func TestIngestPythonJSON(t *testing.T) {
	m := newMonitor(t, monitor.Config{}, nil)
	_, err := m.Ingest([]byte(`{"id": 1, "amount": NaN}
{"id": 2, "amount": Infinity, "plan": NaN}
{"id": 3, "amount": -Infinity}`), monitor.FormatJSON)
	require.NoError(t, err)
	f := window(t, m)
	c, _ := f.Column("amount")
	vals := c.(*dataset.NumericColumn).Values()
	assert.True(t, c.IsNull(0))
	assert.Equal(t, "+Inf -Inf", c.Format(1)+" "+c.Format(2))
	assert.Len(t, vals, 3)
	p, _ := f.Column("plan")
	assert.Equal(t, 3, p.NullN())
}

func TestFormatOf(t *testing.T) {
	for ct, want := range map[string]monitor.Format{
		"": monitor.FormatAuto, "application/json": monitor.FormatJSON, "application/x-ndjson": monitor.FormatJSON,
		"application/json; charset=utf-8": monitor.FormatJSON, "text/csv": monitor.FormatCSV,
		"text/tab-separated-values": monitor.FormatCSV, "text/plain": monitor.FormatAuto,
	} {
		got, err := monitor.FormatOf(ct)
		require.NoError(t, err, ct)
		assert.Equal(t, want, got, ct)
	}
	for _, bad := range []string{"application/xml", "image/png", ";;;"} {
		_, err := monitor.FormatOf(bad)
		assert.ErrorIs(t, err, monitor.ErrFormat, bad)
	}
}

func TestIngestTSVAndIntegers(t *testing.T) {
	m := newMonitor(t, monitor.Config{}, nil)
	_, err := m.Ingest([]byte("id\tamount\n1\t2\n3\t4.5\n"), monitor.FormatCSV)
	require.NoError(t, err)
	f := window(t, m)
	id, _ := f.Column("id")
	assert.True(t, id.(*dataset.NumericColumn).Integer(), "integers stay integers")
	amount, _ := f.Column("amount")
	assert.False(t, amount.(*dataset.NumericColumn).Integer())
	plan, _ := f.Column("plan")
	assert.Equal(t, 2, plan.NullN(), "a column the rows lack is missing")

	// A float arriving in an integer column makes the window's column float.
	_, err = m.Ingest([]byte(`{"id": 2.5}`), monitor.FormatJSON)
	require.NoError(t, err)
	id, _ = window(t, m).Column("id")
	assert.False(t, id.(*dataset.NumericColumn).Integer())
	assert.Equal(t, []float64{1, 3, 2.5}, id.(*dataset.NumericColumn).Values())
}

func TestIngestFrame(t *testing.T) {
	want := readCurrent(t, "cur.csv", curCSV)
	m := newMonitor(t, monitor.Config{}, nil)
	f, err := dataset.ReadCSV(context.Background(), strings.NewReader(curCSV), "cur.csv", nil)
	require.NoError(t, err)
	got, err := m.IngestFrame(f)
	require.NoError(t, err)
	assert.Equal(t, []string{"extra"}, got.IgnoredColumns)
	assertSameFrame(t, want, window(t, m))

	bad, err := dataset.ReadCSV(context.Background(), strings.NewReader("amount\nabc\ndef\n"), "bad.csv", nil)
	require.NoError(t, err)
	_, err = m.IngestFrame(bad)
	assert.ErrorIs(t, err, monitor.ErrValue)
	var ie *monitor.IngestError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "amount", ie.Column)
	assert.Equal(t, 4, m.Stats().WindowRows)
}

// TestBadInput: every kind of bad body gets its kind of error, naming the
// row, line and column, and leaves the window unchanged.
func TestBadInput(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		format monitor.Format
		kind   error
		row    int
		line   int
		column string
		msg    string
	}{
		{"json syntax", "{\"id\": 1}\n{\"id\": 2,,}\n", monitor.FormatJSON, monitor.ErrMalformed, 2, 2, "", "want a key"},
		{"json unterminated", "{\"id\": 1}\n{\"plan\": \"abc", monitor.FormatJSON, monitor.ErrMalformed, 2, 2, "", "unterminated string"},
		{"json open object", "{\"id\": 1", monitor.FormatJSON, monitor.ErrMalformed, 1, 1, "", "ends early"},
		{"json not object", "{\"id\": 1}\n42\n", monitor.FormatJSON, monitor.ErrMalformed, 2, 2, "", "want an object"},
		{"json wrong type", "{\"id\": 1}\n{\"id\": 2}\n{\"amount\": \"lots\"}\n", monitor.FormatJSON, monitor.ErrValue, 3, 3, "amount", `want a number (the reference's column is numerical), got "lots"`},
		{"json bool in number", "{\"amount\": true}", monitor.FormatJSON, monitor.ErrValue, 1, 1, "amount", "got true"},
		{"json bad date", "{\"ts\": \"yesterday\"}", monitor.FormatJSON, monitor.ErrValue, 1, 1, "ts", "ISO-8601"},
		{"json number as date", "{\"ts\": 1700000000}", monitor.FormatJSON, monitor.ErrValue, 1, 1, "ts", "the number 1700000000"},
		{"json nested", "{\"plan\": {\"a\": 1}}", monitor.FormatJSON, monitor.ErrMalformed, 1, 1, "plan", "nested"},
		{"json duplicate key", "{\"id\": 1, \"id\": 2}", monitor.FormatJSON, monitor.ErrMalformed, 1, 1, "id", "twice"},
		{"json array trailing", "[{\"id\": 1}] x", monitor.FormatJSON, monitor.ErrMalformed, 2, 1, "", "after the closing ]"},
		{"json bad number", "{\"amount\": 01}", monitor.FormatJSON, monitor.ErrMalformed, 1, 1, "", "want ',' or '}'"},
		{"json bad escape", "{\"plan\": \"a\\qb\"}", monitor.FormatJSON, monitor.ErrMalformed, 1, 1, "", "unknown escape"},
		{"json control char", "{\"plan\": \"a\tb\"}", monitor.FormatJSON, monitor.ErrMalformed, 1, 1, "", "control character"},
		{"json invalid utf8", "{\"plan\": \"a\xffb\"}", monitor.FormatJSON, monitor.ErrValue, 1, 1, "plan", "UTF-8"},
		{"json empty", "  \n", monitor.FormatJSON, monitor.ErrNoRows, 0, 0, "", "empty"},
		{"json empty array", "[]", monitor.FormatJSON, monitor.ErrNoRows, 0, 0, "", "no objects"},
		{"csv wrong type", "id,amount\n1,2\n3,abc\n", monitor.FormatCSV, monitor.ErrValue, 2, 3, "amount", `got "abc"`},
		{"csv field count", "id,amount\n1,2\n3\n", monitor.FormatCSV, monitor.ErrMalformed, 2, 3, "", "1 fields, but the header has 2"},
		{"csv open quote", "id,plan\n1,\"abc\n2,x\n", monitor.FormatCSV, monitor.ErrMalformed, 1, 2, "", "unterminated quoted field"},
		{"csv stray quote", "id,plan\n1,ab\"c\n", monitor.FormatCSV, monitor.ErrMalformed, 1, 2, "", "quote inside an unquoted field"},
		{"csv after quote", "id,plan\n1,\"ab\"c\n", monitor.FormatCSV, monitor.ErrMalformed, 1, 2, "", "after a closing quote"},
		{"csv header only", "id,amount\n", monitor.FormatCSV, monitor.ErrNoRows, 0, 0, "", "no rows"},
		{"csv duplicate header", "id,id\n1,2\n", monitor.FormatCSV, monitor.ErrMalformed, 0, 1, "id", "twice"},
		{"csv empty header", "id,,x\n1,2,3\n", monitor.FormatCSV, monitor.ErrMalformed, 0, 1, "", "field 2 is empty"},
		{"csv empty", "", monitor.FormatCSV, monitor.ErrNoRows, 0, 0, "", "empty"},
	}
	m := newMonitor(t, monitor.Config{}, nil)
	_, err := m.Ingest([]byte(curCSV), monitor.FormatCSV)
	require.NoError(t, err)
	before := window(t, m)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := m.Ingest([]byte(c.body), c.format)
			require.Error(t, err)
			assert.True(t, errors.Is(err, c.kind), "%v is not %v", err, c.kind)
			var ie *monitor.IngestError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, c.row, ie.Row, "row: %v", err)
			assert.Equal(t, c.line, ie.Line, "line: %v", err)
			assert.Equal(t, c.column, ie.Column, "column: %v", err)
			assert.Contains(t, err.Error(), c.msg)
			assertSameFrame(t, before, window(t, m))
		})
	}
	assert.Equal(t, int64(4), m.Stats().Accepted)
}

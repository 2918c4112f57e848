package dataset_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

type csvCase struct {
	name  string
	in    string
	opts  *dataset.ReadOptions
	want  []string // dump of the frame
	notes []string // substrings, one a note, in order
	// For an error: the sentinel it matches, the ParseError's line and
	// column name (when > 0 / non-empty), and parts of its text.
	err      error
	errLine  int
	errCol   string
	errParts []string
}

func types(kv ...any) *dataset.ReadOptions {
	o := &dataset.ReadOptions{Types: map[string]dataset.Type{}}
	for i := 0; i < len(kv); i += 2 {
		o.Types[kv[i].(string)] = kv[i+1].(dataset.Type)
	}
	return o
}

var csvCases = []csvCase{
	// Layout.
	{name: "simple", in: "x,y\n1.5,a\n2.5,b\n",
		want: []string{`x:numerical ["1.5" "2.5"]`, `y:categorical ["a" "b"]`}},
	{name: "no trailing newline", in: "x,y\n1.5,a\n2.5,b",
		want: []string{`x:numerical ["1.5" "2.5"]`, `y:categorical ["a" "b"]`}},
	{name: "CRLF", in: "x,y\r\n1.5,a\r\n2.5,b\r\n",
		want: []string{`x:numerical ["1.5" "2.5"]`, `y:categorical ["a" "b"]`}},
	{name: "CRLF no trailing newline", in: "x,y\r\n1.5,a\r\n2.5,b",
		want: []string{`x:numerical ["1.5" "2.5"]`, `y:categorical ["a" "b"]`}},
	{name: "blank lines skipped", in: "\n\nx,y\n\n1.5,a\n\r\n\n2.5,b\n\n",
		want: []string{`x:numerical ["1.5" "2.5"]`, `y:categorical ["a" "b"]`}},
	{name: "BOM", in: "\xef\xbb\xbfx,y\n1.5,a\n",
		want: []string{`x:numerical ["1.5"]`, `y:categorical ["a"]`}},
	{name: "quoted fields", in: "x,y\n\"a,b\",\"say \"\"hi\"\"\"\n\"two\nlines\",\"\"\n",
		want: []string{`x:categorical ["a,b" "two\nlines"]`, `y:categorical ["say \"hi\"" "∅"]`}},
	{name: "quoted CRLF inside field", in: "x,y\r\n\"a\r\nb\",1.5\r\nc,2.5\r\n",
		want: []string{`x:categorical ["a\r\nb" "c"]`, `y:numerical ["1.5" "2.5"]`}},
	{name: "quoted number is a number", in: "x\n\"1.5\"\n\"2.5\"\n",
		want: []string{`x:numerical ["1.5" "2.5"]`}},
	{name: "quoted header", in: "\"x,1\",\"y \"\"q\"\"\"\n1.5,a\n",
		want: []string{`x,1:numerical ["1.5"]`, `y "q":categorical ["a"]`}},
	{name: "quoted header with newline", in: "\"x\ny\",z\n1.5,a\n\"b\n",
		err: dataset.ErrFormat, errLine: 4, errCol: "x\ny", errParts: []string{"t.csv:4", "unterminated quoted field"}},
	{name: "semicolon detected", in: "x;y;z\n1,5;a;b\n",
		want: []string{`x:categorical ["1,5"]`, `y:categorical ["a"]`, `z:categorical ["b"]`}},
	{name: "tab detected", in: "x\ty\n1.5\ta b\n",
		want: []string{`x:numerical ["1.5"]`, `y:categorical ["a b"]`}},
	{name: "pipe detected", in: "x|y\n1.5|a,b\n",
		want: []string{`x:numerical ["1.5"]`, `y:categorical ["a,b"]`}},
	{name: "delimiter inside quoted header ignored", in: "\"a;b;c\",d\n1.5,x\n",
		want: []string{`a;b;c:numerical ["1.5"]`, `d:categorical ["x"]`}},
	{name: "explicit delimiter", in: "x;y,z\n1;2,3\n", opts: &dataset.ReadOptions{Delimiter: ','},
		want: []string{`x;y:categorical ["1;2"]`, `z:categorical ["3"]`}},
	{name: "one column", in: "x\n1.5\n2.5\n",
		want: []string{`x:numerical ["1.5" "2.5"]`}},

	// Missing values.
	{name: "default missing markers", in: "x\n1.5\n\nNA\nN/A\nNaN\nnan\nnull\nNULL\nNone\n2.5\n",
		want: []string{`x:numerical ["1.5" "∅" "∅" "∅" "∅" "∅" "∅" "∅" "2.5"]`}}, // the blank line is skipped
	{name: "empty fields missing", in: "x,y\n1.5,\n,b\n",
		want: []string{`x:numerical ["1.5" "∅"]`, `y:categorical ["∅" "b"]`}},
	{name: "custom missing markers", in: "x,y\n-,NA\n1.5,b\n", opts: &dataset.ReadOptions{MissingValues: []string{"-"}},
		want: []string{`x:numerical ["∅" "1.5"]`, `y:categorical ["NA" "b"]`}},
	{name: "custom markers keep the empty field a value", in: "x,y\n,NA\n1.5,b\n", opts: &dataset.ReadOptions{MissingValues: []string{"NA"}},
		want: []string{`x:categorical ["" "1.5"]`, `y:categorical ["∅" "b"]`}},
	{name: "no missing markers", in: "x\nNA\n\"\"\n", opts: &dataset.ReadOptions{MissingValues: []string{}},
		want: []string{`x:categorical ["NA" ""]`}},
	{name: "all missing column", in: "x,y\n,1.5\nNA,2.5\n",
		want: []string{`x:categorical ["∅" "∅"]`, `y:numerical ["1.5" "2.5"]`},
		notes: []string{`t.csv: column "x" has no values (all 2 rows missing); read as categorical`,
			`t.csv: 1 value "NA" read as missing in column "x" (--missing to change)`}},

	// Numbers.
	{name: "infinities", in: "x\ninf\n-inf\nInfinity\n-Infinity\n+inf\nINF\n1.5\n",
		want: []string{`x:numerical ["+Inf" "-Inf" "+Inf" "-Inf" "+Inf" "+Inf" "1.5"]`}},
	{name: "exponent is a float", in: "x\n1e5\n2E-3\n-1.5e+2\n",
		want: []string{`x:numerical ["100000" "0.002" "-150"]`}},
	{name: "float formats", in: "x\n+5\n.5\n5.\n-0.0\n007\n0.1\n1e400\n",
		want: []string{`x:numerical ["5" "0.5" "5" "-0" "7" "0.1" "+Inf"]`}},
	{name: "integers beyond 2^53 exact", in: "x\n9007199254740993\n-9223372036854775808\n9223372036854775807\n1\n2\n3\n4\n5\n6\n7\n8\n9\n",
		want: []string{`x:numerical ["9007199254740993" "-9223372036854775808" "9223372036854775807" "1" "2" "3" "4" "5" "6" "7" "8" "9"]`}},
	{name: "integer beyond int64 is a float", in: "x\n9223372036854775808\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
		want: []string{`x:numerical ["9.223372036854776e+18" "1" "2" "3" "4" "5" "6" "7" "8" "9" "10"]`}},
	{name: "few distinct integers categorical", in: "x\n1\n2\n1\n3\nNA\n",
		want: []string{`x:categorical ["1" "2" "1" "3" "∅"]`}},
	{name: "eleven distinct integers numerical", in: "x\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n",
		want: []string{`x:numerical ["1" "2" "3" "4" "5" "6" "7" "8" "9" "10" "11"]`}},
	{name: "integer cardinality negative", in: "x\n1\n2\n1\n", opts: &dataset.ReadOptions{IntegerCardinality: -1},
		want: []string{`x:numerical ["1" "2" "1"]`}},
	{name: "integer cardinality 1", in: "x,y\n1,1\n2,1\n", opts: &dataset.ReadOptions{IntegerCardinality: 1},
		want: []string{`x:numerical ["1" "2"]`, `y:categorical ["1" "1"]`}},
	{name: "few distinct floats numerical", in: "x\n1.5\n1.5\n",
		want: []string{`x:numerical ["1.5" "1.5"]`}},
	{name: "not numbers", in: "x\n0x10\n1_000\n1.2.3\n 5\n",
		want: []string{`x:categorical ["0x10" "1_000" "1.2.3" " 5"]`}},
	{name: "mixed numbers and strings", in: "x\n1.5\n2.5\nabc\n3.5\n",
		want:  []string{`x:categorical ["1.5" "2.5" "abc" "3.5"]`},
		notes: []string{`t.csv:4: column "x" starts with numbers but holds "abc", which is not one: read as categorical`}},

	// Other types.
	{name: "booleans categorical", in: "x\ntrue\nfalse\nTrue\n",
		want: []string{`x:categorical ["true" "false" "True"]`}},
	{name: "dates", in: "d,t\n2024-01-31,2024-01-31T10:20:30Z\n2024-02-29,2024-02-01 08:00:00.5+02:00\n,NA\n",
		want: []string{`d:datetime ["2024-01-31" "2024-02-29" "∅"]`, `t:datetime ["2024-01-31T10:20:30Z" "2024-02-01T06:00:00.5Z" "∅"]`}},
	{name: "dates nanoseconds cannot hold are categories", in: "d,e\n2024-01-31,2024-01-31T00:00:00Z\n9999-12-31,0001-01-01T00:00:00Z\n",
		want: []string{`d:categorical ["2024-01-31" "9999-12-31"]`, `e:text ["2024-01-31T00:00:00Z" "0001-01-01T00:00:00Z"]`},
		notes: []string{`t.csv:3: column "d" starts with dates but holds "9999-12-31", which is not an ISO-8601 date or date-time between 1677 and 2262: read as strings`,
			`t.csv:3: column "e" starts with dates but holds "0001-01-01T00:00:00Z"`}},
	{name: "edge of the nanosecond range", in: "d\n1677-09-22\n2262-04-11T23:47:16.854775807Z\n2262-04-12T01:47:16+02:00\n",
		want: []string{`d:datetime ["1677-09-22T00:00:00Z" "2262-04-11T23:47:16.854775807Z" "2262-04-11T23:47:16Z"]`}},
	{name: "far date given as datetime fails", in: "d\n2024-01-31\n9999-12-31\n", opts: types("d", dataset.Datetime),
		err: dataset.ErrFormat, errLine: 3, errCol: "d", errParts: []string{`"9999-12-31" is not an ISO-8601 date or date-time`}},
	{name: "bad date is a category", in: "d\n2024-01-31\n2024-02-30\n",
		want:  []string{`d:categorical ["2024-01-31" "2024-02-30"]`},
		notes: []string{`t.csv:3: column "d" starts with dates but holds "2024-02-30"`}},
	{name: "long distinct strings are text", in: "s\nthe quick brown fox jumps over\na lazy dog sleeping in the sun\n",
		want: []string{`s:text ["the quick brown fox jumps over" "a lazy dog sleeping in the sun"]`}},
	{name: "short distinct strings are categorical", in: "s\nab12\ncd34\n",
		want: []string{`s:categorical ["ab12" "cd34"]`}},

	// Overrides.
	{name: "override integer to numerical", in: "x\n1\n2\n", opts: types("x", dataset.Numerical),
		want: []string{`x:numerical ["1" "2"]`}},
	{name: "override number to categorical", in: "x\n1.5\n2.50\n", opts: types("x", dataset.Categorical),
		want: []string{`x:categorical ["1.5" "2.50"]`}},
	{name: "override to text", in: "x\na\nb\n", opts: types("x", dataset.Text),
		want: []string{`x:text ["a" "b"]`}},
	{name: "override text to categorical", in: "s\nthe quick brown fox jumps over\na lazy dog sleeping in the sun\n", opts: types("s", dataset.Categorical),
		want: []string{`s:categorical ["the quick brown fox jumps over" "a lazy dog sleeping in the sun"]`}},
	{name: "override string to datetime", in: "x\n2024-01-01\nNA\n", opts: types("x", dataset.Datetime),
		want: []string{`x:datetime ["2024-01-01" "∅"]`}},
	{name: "override all-missing to numerical", in: "x\nNA\n\"\"\n", opts: types("x", dataset.Numerical),
		want: []string{`x:numerical ["∅" "∅"]`}},
	{name: "override mixed to numerical fails", in: "x\n1.5\n2.5\nabc\n", opts: types("x", dataset.Numerical),
		err: dataset.ErrFormat, errLine: 4, errCol: "x", errParts: []string{`t.csv:4: column "x" (field 1)`, `"abc" is not a number, but the column was given as numerical`}},
	{name: "override number to datetime fails", in: "x\n1.5\n", opts: types("x", dataset.Datetime),
		err: dataset.ErrFormat, errLine: 2, errCol: "x", errParts: []string{`"1.5" is not an ISO-8601 date or date-time`}},
	{name: "override invalid type", in: "x\n1.5\n", opts: types("x", dataset.Type(42)),
		errParts: []string{`column "x"`, "invalid type Type(42)"}},

	// Malformed input.
	{name: "empty file", in: "", err: dataset.ErrEmpty, errParts: []string{"t.csv: the file is empty"}},
	{name: "only blank lines", in: "\n\r\n\n", err: dataset.ErrEmpty, errParts: []string{"t.csv: the file is empty"}},
	{name: "ragged short row", in: "x,y\n1,2\n3\n",
		err: dataset.ErrFormat, errLine: 3, errParts: []string{"t.csv:3: 1 fields, but the header has 2"}},
	{name: "ragged long row", in: "x,y\n1,2,3\n",
		err: dataset.ErrFormat, errLine: 2, errParts: []string{"t.csv:2: 3 or more fields, but the header has 2"}},
	{name: "trailing delimiter", in: "x,y\n1,2,\n",
		err: dataset.ErrFormat, errLine: 2, errParts: []string{"3 or more fields"}},
	{name: "unterminated quote", in: "x,y\n1,2\n3,\"abc\n4,5\n",
		err: dataset.ErrFormat, errLine: 3, errCol: "y", errParts: []string{`t.csv:3: column "y" (field 2): unterminated quoted field`}},
	{name: "lone CR after closing quote ends the record", in: "x,y\n\"a\"\rb,1\n",
		err: dataset.ErrFormat, errLine: 2, errParts: []string{"t.csv:2: 1 fields, but the header has 2"}},
	{name: "invalid UTF-8 in a field", in: "x,y\n1,ok\n2,b\xffd\n",
		err: dataset.ErrFormat, errLine: 3, errCol: "y", errParts: []string{`t.csv:3: column "y" (field 2): invalid UTF-8 (byte 0xff`}},
	{name: "invalid UTF-8 in the header", in: "x,\xc3\n1,2\n",
		err: dataset.ErrFormat, errLine: 1, errParts: []string{"t.csv:1: invalid UTF-8 in the header"}},
	{name: "duplicate header", in: "x,y,x\n1,2,3\n",
		err: dataset.ErrFormat, errLine: 1, errCol: "x", errParts: []string{`t.csv:1: column "x" (field 3): duplicate column name in the header (also field 1)`}},
	{name: "empty header name", in: "x,,y\n1,2,3\n",
		err: dataset.ErrFormat, errLine: 1, errParts: []string{"t.csv:1: field 2: empty column name in the header"}},
	{name: "blank header name", in: "x, \n1,2\n",
		err: dataset.ErrFormat, errLine: 1, errParts: []string{"field 2: empty column name"}},
	{name: "unterminated quote in header", in: "x,\"y\n",
		err: dataset.ErrFormat, errLine: 1, errParts: []string{"t.csv:1: unterminated quoted field in the header"}},

	{name: "error line after blank lines and quoted newlines", in: "\nx,y\n\"a\nb\",1\n\nc,2\nd\n",
		err: dataset.ErrFormat, errLine: 7, errParts: []string{"t.csv:7: 1 fields"}},

	// Quotes read as pandas and Python's csv read them (issue 18).
	{name: "quote inside an unquoted field", in: "h,x\n1,5'10\"\n2,a\"b\n3,ok\n",
		want:  []string{`h:categorical ["1" "2" "3"]`, `x:categorical ["5'10\"" "a\"b" "ok"]`},
		notes: []string{`t.csv:2: a quote inside an unquoted field, or text after a closing quote, read as it stands`}},
	{name: "text after a closing quote", in: "x,y\n1,\"ab\"c\n2,\"d\"\"e\"f\"g\n",
		want:  []string{`x:categorical ["1" "2"]`, `y:categorical ["abc" "d\"ef\"g"]`},
		notes: []string{`t.csv:2: a quote inside an unquoted field`}},
	{name: "a literal quote does not open a quoted field", in: "x,y\n1,a\"b\n2,\"c\nd\"\n",
		want:  []string{`x:categorical ["1" "2"]`, `y:categorical ["a\"b" "c\nd"]`},
		notes: []string{`t.csv:2: a quote inside an unquoted field`}},
	{name: "quote inside an unquoted header field", in: "x,y\"z\n1,2\n",
		want:  []string{`x:categorical ["1"]`, `y"z:categorical ["2"]`},
		notes: []string{`t.csv:1: a quote inside an unquoted field`}},
	{name: "a quote left open is still an error", in: "x,y\n1,\"ab\n",
		err: dataset.ErrFormat, errLine: 2, errCol: "y", errParts: []string{"unterminated quoted field"}},

	// Line ends (issue 17).
	{name: "CR line ends", in: "a,b\r1,x\r2,y\r",
		want: []string{`a:categorical ["1" "2"]`, `b:categorical ["x" "y"]`}},
	{name: "CR line ends without a last one", in: "a,b\r1.5,x\r2.5,y",
		want: []string{`a:numerical ["1.5" "2.5"]`, `b:categorical ["x" "y"]`}},
	{name: "mixed line ends and blank CR lines", in: "a,b\r\r1.5,x\n\r\n2.5,y\r3.5,z\r\n",
		want: []string{`a:numerical ["1.5" "2.5" "3.5"]`, `b:categorical ["x" "y" "z"]`}},
	{name: "CR line ends count lines", in: "a,b\r1,x\r2\r",
		err: dataset.ErrFormat, errLine: 3, errParts: []string{"t.csv:3: 1 fields, but the header has 2"}},
	{name: "CR inside quotes stays", in: "a,b\r\"x\ry\",1.5\r",
		want: []string{`a:categorical ["x\ry"]`, `b:numerical ["1.5"]`}},

	// Missing markers said (issue 18).
	{name: "default markers in a column of strings are noted", in: "d,n\nNone,1.5\nminor,NA\nNone,None\nNA,2.5\n",
		want: []string{`d:categorical ["∅" "minor" "∅" "∅"]`, `n:numerical ["1.5" "∅" "∅" "2.5"]`},
		notes: []string{`t.csv: 1 value "NA" read as missing in column "d" (--missing to change)`,
			`t.csv: 2 values "None" read as missing in column "d" (--missing to change)`}},
	{name: "given markers are not noted", in: "d\nNone\nminor\n", opts: &dataset.ReadOptions{MissingValues: []string{"None"}},
		want: []string{`d:categorical ["∅" "minor"]`}},

	// Header only.
	{name: "header only", in: "x,y\n",
		want:  []string{`x:categorical []`, `y:categorical []`},
		notes: []string{"t.csv: no rows below the header"}},
	{name: "header only without newline", in: "x,y",
		want:  []string{`x:categorical []`, `y:categorical []`},
		notes: []string{"t.csv: no rows below the header"}},
	{name: "header only with types", in: "x,y,z\n", opts: types("x", dataset.Numerical, "y", dataset.Datetime),
		want:  []string{`x:numerical []`, `y:datetime []`, `z:categorical []`},
		notes: []string{"t.csv: no rows below the header"}},
}

func TestReadCSVTable(t *testing.T) {
	for _, tc := range csvCases {
		t.Run(tc.name, func(t *testing.T) {
			for _, workers := range []int{1, 2} {
				opts := &dataset.ReadOptions{}
				if tc.opts != nil {
					*opts = *tc.opts
				}
				opts.Workers = workers
				f, err := readCSV(tc.in, opts)
				checkCSVCase(t, tc, f, err)
			}
		})
	}
}

func checkCSVCase(t *testing.T, tc csvCase, f *dataset.Frame, err error) {
	t.Helper()
	if tc.want != nil {
		require.NoError(t, err)
		checkConsistent(t, f)
		assert.Equal(t, tc.want, dump(f))
		assert.Equal(t, "t.csv", f.Source())
		require.Len(t, f.Notes(), len(tc.notes), "notes: %q", f.Notes())
		for i, n := range tc.notes {
			assert.Contains(t, f.Notes()[i], n)
		}
		return
	}
	require.Error(t, err)
	require.Nil(t, f)
	if tc.err != nil {
		assert.ErrorIs(t, err, tc.err)
	}
	var pe *dataset.ParseError
	if tc.errLine > 0 || tc.errCol != "" {
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "t.csv", pe.File)
		assert.Equal(t, tc.errLine, pe.Line, "line")
		assert.Equal(t, tc.errCol, pe.Column, "column")
	}
	for _, p := range tc.errParts {
		assert.Contains(t, err.Error(), p)
	}
}

func TestReadCSVIntegersExact(t *testing.T) {
	f := mustCSV(t, "x\n9007199254740993\n9007199254740992\n-9223372036854775808\n1\n2\n3\n4\n5\n6\n7\n8\nNA\n", nil)
	c, ok := f.Columns()[0].(*dataset.NumericColumn)
	require.True(t, ok)
	ints, ok := c.Ints()
	require.True(t, ok)
	assert.Equal(t, []int64{9007199254740993, 9007199254740992, -9223372036854775808, 1, 2, 3, 4, 5, 6, 7, 8, 0}, ints)
	assert.Equal(t, 1, c.NullN())
	// The two large values are the same float64 but distinct integers.
	assert.Equal(t, c.Values()[0], c.Values()[1])
	assert.Equal(t, 11, dataset.Distinct(c))
}

func TestReadCSVFloatColumnHasNoInts(t *testing.T) {
	f := mustCSV(t, "x\n1\n2.5\n3\n4\n5\n6\n7\n8\n9\n10\n11\n", nil)
	c := f.Columns()[0].(*dataset.NumericColumn)
	_, ok := c.Ints()
	assert.False(t, ok)
	assert.False(t, c.Integer())
}

func TestReadCSVLongField(t *testing.T) {
	long := strings.Repeat("é", 10000)
	in := "x,y\n\"" + long + "\",1.5\n" + long + "b,2.5\n"
	f := mustCSV(t, in, nil)
	c := f.Columns()[0].(*dataset.StringColumn)
	assert.Equal(t, dataset.Text, c.Type())
	v, ok := c.Value(0)
	require.True(t, ok)
	assert.Equal(t, long, v)
}

func TestReadCSVMillionCategories(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,k\n")
	for i := range 1_000_000 {
		b.WriteString("c")
		b.WriteString(strconv.Itoa(i))
		b.WriteString(",")
		b.WriteString(strconv.Itoa(i % 3))
		b.WriteString("\n")
	}
	f := mustCSV(t, b.String(), nil)
	require.Equal(t, 1_000_000, f.Len())
	c := f.Columns()[0].(*dataset.StringColumn)
	assert.Equal(t, dataset.Categorical, c.Type(), "short identifiers stay categorical")
	assert.Len(t, c.Levels(), 1_000_000)
	assert.Equal(t, "c999999", c.Format(999_999))
	assert.Equal(t, dataset.Categorical, f.Columns()[1].Type())
}

// TestReadCSVChunked reads a file large enough to be cut into several
// chunks, with quoted newlines, doubled quotes, missing values and CRLF,
// and compares every field with encoding/csv's reading.
func TestReadCSVChunked(t *testing.T) {
	in, want := chunkyCSV(3 << 20)
	for _, workers := range []int{1, 2, 3} {
		f := mustCSV(t, in, &dataset.ReadOptions{Workers: workers, Types: map[string]dataset.Type{"s": dataset.Text}})
		require.Equal(t, len(want), f.Len())
		num := f.Columns()[0].(*dataset.NumericColumn)
		ints, ok := num.Ints()
		require.True(t, ok)
		s := f.Columns()[1].(*dataset.StringColumn)
		x := f.Columns()[2].(*dataset.NumericColumn)
		for i, w := range want {
			require.Equal(t, int64(i), ints[i])
			got, ok := s.Value(i)
			if w.s == "" {
				require.False(t, ok, "row %d", i)
			} else {
				require.Equal(t, w.s, got, "row %d", i)
			}
			require.Equal(t, w.x, x.Format(i), "row %d", i)
		}
	}
	// An error far into the file names its line.
	bad := in + "1,\"open\n"
	_, err := readCSV(bad, &dataset.ReadOptions{Workers: 2})
	var pe *dataset.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, strings.Count(in, "\n")+1, pe.Line)
	assert.Equal(t, "s", pe.Column)
}

type chunkyRow struct{ s, x string }

func chunkyCSV(size int) (string, []chunkyRow) {
	var b strings.Builder
	var rows []chunkyRow
	b.WriteString("i,s,x\r\n")
	for i := 0; b.Len() < size; i++ {
		var r chunkyRow
		switch i % 5 {
		case 0:
			r.s = "plain " + strconv.Itoa(i)
			b.WriteString(strconv.Itoa(i) + "," + r.s)
		case 1:
			r.s = "two\nlines, and \"quotes\" " + strconv.Itoa(i)
			b.WriteString(strconv.Itoa(i) + `,"two` + "\n" + `lines, and ""quotes"" ` + strconv.Itoa(i) + `"`)
		case 2:
			b.WriteString(strconv.Itoa(i) + ",NA")
		case 3:
			r.s = "\"" + strconv.Itoa(i)
			b.WriteString(strconv.Itoa(i) + `,"""` + strconv.Itoa(i) + `"`)
		case 4:
			r.s = "line\r\nend"
			b.WriteString(strconv.Itoa(i) + ",\"line\r\nend\"")
		}
		if i%7 == 0 {
			b.WriteString(",")
		} else {
			r.x = strconv.Itoa(i%13) + ".25"
			b.WriteString("," + r.x)
		}
		b.WriteString("\r\n")
		rows = append(rows, r)
	}
	return b.String(), rows
}

func TestReadGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write([]byte("x,y\n1.5,a\n2.5,b\n"))
	require.NoError(t, err)
	require.NoError(t, zw.Close())

	dir := t.TempDir()
	path := filepath.Join(dir, "data.csv.gz")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	f, err := dataset.Read(context.Background(), path, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{`x:numerical ["1.5" "2.5"]`, `y:categorical ["a" "b"]`}, dump(f))
	assert.Equal(t, path, f.Source())

	// Gzip is detected from the content, whatever the name.
	f, err = dataset.ReadCSV(context.Background(), bytes.NewReader(buf.Bytes()), "plain.csv", nil)
	require.NoError(t, err)
	assert.Equal(t, 2, f.Len())

	// A truncated gzip stream is an error naming the file.
	_, err = dataset.ReadCSV(context.Background(), bytes.NewReader(buf.Bytes()[:buf.Len()-6]), "cut.csv.gz", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cut.csv.gz")
	assert.Contains(t, err.Error(), "gzip")
}

func TestReadFormatFromName(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(s), 0o644))
		return p
	}
	ctx := context.Background()

	f, err := dataset.Read(ctx, write("a.tsv", "x\ty,z\n1.5\ta,b\n"), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{`x:numerical ["1.5"]`, `y,z:categorical ["a,b"]`}, dump(f))

	f, err = dataset.Read(ctx, write("a.jsonl", `{"x": 1.5}`+"\n"), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{`x:numerical ["1.5"]`}, dump(f))

	_, err = dataset.Read(ctx, write("a.xlsx", "x"), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot tell the format")

	f, err = dataset.Read(ctx, write("a.data", "x\n1.5\n"), &dataset.ReadOptions{Format: "csv"})
	require.NoError(t, err)
	assert.Equal(t, 1, f.Len())

	_, err = dataset.Read(ctx, write("b.csv", "x\n1.5\n"), &dataset.ReadOptions{Format: "xml"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown format "xml"`)

	_, err = dataset.Read(ctx, filepath.Join(dir, "absent.csv"), nil)
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestReadCSVBadDelimiter(t *testing.T) {
	_, err := readCSV("x\n1\n", &dataset.ReadOptions{Delimiter: '"'})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid CSV delimiter")
}

func TestReadCSVCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := dataset.ReadCSV(ctx, strings.NewReader("x\n1\n"), "t.csv", nil)
	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
}

// TestReadCSVWideBlank reads a very wide header over many blank lines: the
// reader's memory must stay in proportion to the input, not to columns
// times lines.
func TestReadCSVWideBlank(t *testing.T) {
	var b strings.Builder
	for j := range 20_000 {
		if j > 0 {
			b.WriteByte(',')
		}
		b.WriteString("c" + strconv.Itoa(j))
	}
	b.WriteString(strings.Repeat("\n", 200_000))
	b.WriteString(strings.Repeat(",", 19_999) + "\n")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f := mustCSV(t, b.String(), &dataset.ReadOptions{Workers: 1})
	runtime.ReadMemStats(&after)
	assert.Equal(t, 1, f.Len())
	assert.Equal(t, 20_000, f.NumColumns())
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(200<<20), "bytes allocated")
}

// TestReadCSVTextsKept reads columns that start as numbers or date-times and
// turn out strings: they hold the exact texts of the file, however the body
// is cut into chunks.
func TestReadCSVTextsKept(t *testing.T) {
	nums := []string{"1", "1.50", "007", "+5", ".5", "5.", "-0", "-0.0", "2.49128e+06", "1E5", "1e400", "inf",
		"9007199254740993", "123456789012345678", "0.30000000000000004", "2", "0.1", "-7"}
	times := []string{"2024-01-31", "2024-01-31T10:20:30Z", "2024-02-01 08:00:00.5+02:00", "2024-02-01t08:00:00,250-0130",
		"2024-02-01T08:00+05", "2016-12-31T23:59:60Z", "2024-02-01T08:00:00.1234567891Z", "2024-01-31"}
	var b strings.Builder
	b.WriteString("n,t,m\n")
	rows := max(len(nums), len(times))
	for i := range rows {
		n, tm, m := nums[i%len(nums)], times[i%len(times)], "NA"
		if i%3 == 1 {
			m = nums[(i+5)%len(nums)]
		}
		b.WriteString(n + ",\"" + tm + "\"," + m + "\n")
	}
	b.WriteString("x,y,10\n")
	in := b.String()
	for _, chunk := range []int{0, 1, 9, 40} {
		for _, workers := range []int{1, 3} {
			opts := dataset.WithChunkBytes(&dataset.ReadOptions{Workers: workers}, chunk)
			f := mustCSV(t, in, opts)
			for j, col := range []string{"n", "t"} {
				c, _ := f.Column(col)
				require.Equal(t, dataset.Categorical, c.Type(), "chunk %d column %s", chunk, col)
				src := [][]string{nums, times}[j]
				for i := range rows {
					assert.Equal(t, src[i%len(src)], c.Format(i), "chunk %d column %s row %d", chunk, col, i)
				}
				assert.Equal(t, []string{"x", "y"}[j], c.Format(rows))
			}
			m, _ := f.Column("m")
			assert.Equal(t, dataset.Numerical, m.Type(), "column m stays numerical")
			notes := f.Notes()
			require.Len(t, notes, 2)
			assert.Contains(t, notes[0], fmt.Sprintf(`t.csv:%d: column "n" starts with numbers but holds "x"`, rows+2))
			assert.Contains(t, notes[1], fmt.Sprintf(`t.csv:%d: column "t" starts with dates but holds "y"`, rows+2))
		}
	}
}

// TestReadCSVIntsToStrings: a column whose first chunks hold integers and
// a later one a word is categorical, each value its text as written
// ("007", "+5", "-0" are not the integers' spellings), missing values
// missing.
func TestReadCSVIntsToStrings(t *testing.T) {
	in := "a,b\n007,1\n5,2\n+5,3\n,4\n-0,5\n0,6\n5,7\n007,8\n12,9\nx,10\n"
	want := []string{"007", "5", "+5", "", "-0", "0", "5", "007", "12", "x"}
	for _, chunk := range []int{1, 5, 12, 1000} {
		f := mustCSV(t, in, dataset.WithChunkBytes(&dataset.ReadOptions{Workers: 2}, chunk))
		c := f.Columns()[0]
		require.Equal(t, dataset.Categorical, c.Type(), "chunks of %d bytes", chunk)
		for i, w := range want {
			if w == "" {
				assert.True(t, c.IsNull(i), "chunks of %d bytes, row %d", chunk, i)
			} else {
				assert.Equal(t, w, c.Format(i), "chunks of %d bytes, row %d", chunk, i)
			}
		}
	}
}

// TestReadCSVExponentMarker: a missing marker written as a number with an
// exponent ("1E5") is missing wherever it stands, in a column read as
// numbers and after the column turned into strings alike.
func TestReadCSVExponentMarker(t *testing.T) {
	in := "a\n1.5\n1E5\nx\n1E5\n2.5e+06\n"
	for _, chunk := range []int{1, 5, 1000} {
		opts := dataset.WithChunkBytes(&dataset.ReadOptions{Workers: 2, MissingValues: []string{"1E5"}}, chunk)
		c := mustCSV(t, in, opts).Columns()[0]
		for i, w := range []string{"1.5", "", "x", "", "2.5e+06"} {
			if w == "" {
				assert.True(t, c.IsNull(i), "chunks of %d bytes, row %d: %q", chunk, i, c.Format(i))
			} else {
				assert.Equal(t, w, c.Format(i), "chunks of %d bytes, row %d", chunk, i)
			}
		}
	}
}

// TestReadCSVManyIntsToStrings: as TestReadCSVIntsToStrings with more
// distinct integers than a short list holds, repeated, so that rows find
// their codes both ways; with texts kept and without (a column with no
// kept text and no missing value takes a shorter loop).
func TestReadCSVManyIntsToStrings(t *testing.T) {
	for _, kept := range []bool{true, false} {
		var in strings.Builder
		var want []string
		in.WriteString("a\n")
		for i := range 300 {
			v := strconv.Itoa((i * 37) % 40)
			if kept && i%50 == 7 {
				v = "0" + v // kept as written
			}
			in.WriteString(v + "\n")
			want = append(want, v)
		}
		in.WriteString("x\n")
		want = append(want, "x")
		for _, chunk := range []int{64, 1 << 20} {
			f := mustCSV(t, in.String(), dataset.WithChunkBytes(&dataset.ReadOptions{Workers: 2}, chunk))
			c := f.Columns()[0]
			require.Equal(t, dataset.Categorical, c.Type())
			for i, w := range want {
				require.Equal(t, w, c.Format(i), "kept %v, chunks of %d bytes, row %d", kept, chunk, i)
			}
		}
	}
}

// TestReadCSVNaNTextIsNoNumber reads NaN's spellings when they are no
// missing markers (MissingValues empty): the reader takes no NaN as a
// present number (parseNumberForm calls it no number), so a float column
// with no missing row holds no NaN, which lets the reader skip its scan
// for NaN (colBuilder.finish). Whatever the column becomes, it is
// consistent: a NaN value is a missing row.
func TestReadCSVNaNTextIsNoNumber(t *testing.T) {
	for _, nan := range []string{"nan", "NaN", "+nan", "-NaN", "NAN"} {
		in := "x,y\n1.5,a\n" + nan + ",b\n2,c\n"
		for _, chunk := range []int{0, 8} {
			opts := &dataset.ReadOptions{MissingValues: []string{}}
			if chunk > 0 {
				opts = dataset.WithChunkBytes(opts, chunk)
			}
			f, err := readCSV(in, opts)
			require.NoError(t, err, in)
			require.NoError(t, consistent(f), in)
			c, _ := f.Column("x")
			require.NotEqual(t, dataset.Numerical, c.Type(), "%q: x read as numbers", in)
		}
	}
}

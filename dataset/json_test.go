package dataset_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

func readJSON(s string, opts *dataset.ReadOptions) (*dataset.Frame, error) {
	return dataset.ReadJSON(context.Background(), strings.NewReader(s), "t.json", opts)
}

type jsonCase struct {
	name     string
	in       string
	opts     *dataset.ReadOptions
	want     []string
	err      error
	errLine  int
	errCol   string
	errParts []string
}

var jsonCases = []jsonCase{
	{name: "array", in: `[{"x": 1.5, "s": "a"}, {"x": 2.5, "s": "b"}]`,
		want: []string{`x:numerical ["1.5" "2.5"]`, `s:categorical ["a" "b"]`}},
	{name: "lines", in: "{\"x\": 1.5, \"s\": \"a\"}\n\n{\"x\": 2.5, \"s\": \"b\"}\n",
		want: []string{`x:numerical ["1.5" "2.5"]`, `s:categorical ["a" "b"]`}},
	{name: "lines without newline at the end", in: "{\"x\": 1.5}\n{\"x\": 2.5}",
		want: []string{`x:numerical ["1.5" "2.5"]`}},
	{name: "nulls, absent keys and empty strings missing", in: `[{"x": 1.5, "s": "a"}, {"x": null}, {"s": ""}, {"t": "late"}]`,
		want: []string{`x:numerical ["1.5" "∅" "∅" "∅"]`, `s:categorical ["a" "∅" "∅" "∅"]`, `t:categorical ["∅" "∅" "∅" "late"]`}},
	{name: "booleans categorical", in: `[{"b": true}, {"b": false}, {"b": null}]`,
		want: []string{`b:categorical ["true" "false" "∅"]`}},
	{name: "numbers as strings are numbers", in: `[{"x": "1.5"}, {"x": 2.5}]`,
		want: []string{`x:numerical ["1.5" "2.5"]`}},
	{name: "integers exact", in: `[{"x": 9007199254740993}, {"x": 1}, {"x": 2}, {"x": 3}, {"x": 4}, {"x": 5}, {"x": 6}, {"x": 7}, {"x": 8}, {"x": 9}, {"x": 10}]`,
		want: []string{`x:numerical ["9007199254740993" "1" "2" "3" "4" "5" "6" "7" "8" "9" "10"]`}},
	{name: "few integers categorical", in: `[{"x": 1}, {"x": 2}]`,
		want: []string{`x:categorical ["1" "2"]`}},
	{name: "override", in: `[{"x": 1}, {"x": 2}]`, opts: types("x", dataset.Numerical),
		want: []string{`x:numerical ["1" "2"]`}},
	{name: "override fails", in: "[{\"x\": 1},\n {\"x\": \"one\"}]", opts: types("x", dataset.Numerical),
		err: dataset.ErrFormat, errLine: 2, errCol: "x", errParts: []string{`t.json:2: column "x"`, `"one" is not a number`}},
	{name: "dates", in: `[{"d": "2024-01-31"}, {"d": "2024-02-01"}]`,
		want: []string{`d:datetime ["2024-01-31" "2024-02-01"]`}},
	{name: "mixed numbers and strings", in: `[{"x": 1.5}, {"x": "abc"}]`,
		want: []string{`x:categorical ["1.5" "abc"]`}},
	{name: "unicode escapes", in: `[{"s": "caf\u00e9 \"q\""}]`,
		want: []string{`s:categorical ["café \"q\""]`}},
	{name: "BOM", in: "\xef\xbb\xbf[{\"x\": 1.5}]",
		want: []string{`x:numerical ["1.5"]`}},

	{name: "nested object", in: "[{\"x\": 1},\n {\"x\": 2, \"o\": {\"a\": 1}}]",
		err: dataset.ErrUnsupported, errLine: 2, errCol: "o", errParts: []string{`t.json:2: column "o": a nested object or array`}},
	{name: "nested array in lines", in: "{\"x\": 1}\n{\"x\": 2}\n{\"l\": [1, 2]}\n",
		err: dataset.ErrUnsupported, errLine: 3, errCol: "l", errParts: []string{`t.json:3: column "l"`}},
	{name: "duplicate key", in: "{\"x\": 1}\n{\"x\": 2, \"x\": 3}\n",
		err: dataset.ErrFormat, errLine: 2, errParts: []string{`t.json:2: key "x" appears twice`}},
	{name: "syntax error", in: "[{\"x\": 1},\n {\"x\": 2,}]",
		err: dataset.ErrFormat, errLine: 2, errParts: []string{"t.json:2:", "invalid character"}},
	{name: "syntax error in lines", in: "{\"x\": 1}\n{\"x\" 2}\n",
		err: dataset.ErrFormat, errLine: 2, errParts: []string{"t.json:2:"}},
	{name: "unterminated array", in: "[{\"x\": 1},\n {\"x\": 2}",
		err: dataset.ErrFormat, errLine: 2, errParts: []string{"unexpected end of data"}},
	{name: "unterminated string", in: "[{\"x\": \"abc}]",
		err: dataset.ErrFormat, errLine: 1, errParts: []string{"t.json:1:"}},
	{name: "data after the array", in: "[{\"x\": 1}]\n[{\"x\": 2}]",
		err: dataset.ErrFormat, errParts: []string{"data after the closing ]"}},
	{name: "not an object", in: "[{\"x\": 1}, 5]",
		err: dataset.ErrFormat, errLine: 1, errParts: []string{"expected an object, found 5"}},
	{name: "a line not an object", in: "{\"x\": 1}\n\"s\"\n",
		err: dataset.ErrFormat, errLine: 2, errParts: []string{`expected an object, found the string "s"`}},
	{name: "invalid UTF-8", in: "[{\"x\": 1},\n {\"x\": \"\xff\"}]",
		err: dataset.ErrFormat, errLine: 2, errParts: []string{"t.json:2: invalid UTF-8"}},
	{name: "empty input", in: "", err: dataset.ErrEmpty, errParts: []string{"t.json: the file is empty"}},
	{name: "blank input", in: " \n\t\n", err: dataset.ErrEmpty, errParts: []string{"the file is empty"}},
	{name: "empty array", in: "[]", err: dataset.ErrEmpty, errParts: []string{"no objects"}},
	{name: "no keys", in: "[{}, {}]", err: dataset.ErrEmpty, errParts: []string{"no columns"}},
	{name: "empty key", in: `[{"": 1}]`, err: dataset.ErrFormat, errLine: 1, errParts: []string{"empty key"}},
}

func TestReadJSONTable(t *testing.T) {
	for _, tc := range jsonCases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := readJSON(tc.in, tc.opts)
			if tc.want != nil {
				require.NoError(t, err)
				checkConsistent(t, f)
				assert.Equal(t, tc.want, dump(f))
				return
			}
			require.Error(t, err)
			if tc.err != nil {
				assert.ErrorIs(t, err, tc.err)
			}
			if tc.errLine > 0 || tc.errCol != "" {
				var pe *dataset.ParseError
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, "t.json", pe.File)
				assert.Equal(t, tc.errLine, pe.Line, "line")
				assert.Equal(t, tc.errCol, pe.Column, "column")
			}
			for _, p := range tc.errParts {
				assert.Contains(t, err.Error(), p)
			}
		})
	}
}

func TestReadJSONPenguins(t *testing.T) {
	if _, err := os.Stat(penguinsPath); err != nil {
		t.Skipf("penguins.json not found at %s: %v", penguinsPath, err)
	}
	f, err := dataset.Read(context.Background(), penguinsPath, nil)
	require.NoError(t, err)
	checkConsistent(t, f)
	require.Equal(t, 344, f.Len())
	require.Equal(t, []string{"Species", "Island", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)", "Sex"}, f.Names())
	want := map[string]struct {
		typ   dataset.Type
		nulls int
	}{
		"Species":             {dataset.Categorical, 0},
		"Island":              {dataset.Categorical, 0},
		"Beak Length (mm)":    {dataset.Numerical, 2},
		"Beak Depth (mm)":     {dataset.Numerical, 2},
		"Flipper Length (mm)": {dataset.Numerical, 2},
		"Body Mass (g)":       {dataset.Numerical, 2},
		"Sex":                 {dataset.Categorical, 10},
	}
	for _, c := range f.Columns() {
		assert.Equal(t, want[c.Name()].typ, c.Type(), c.Name())
		assert.Equal(t, want[c.Name()].nulls, c.NullN(), c.Name())
	}
	species := f.Columns()[0].(*dataset.StringColumn)
	assert.Equal(t, []string{"Adelie", "Chinstrap", "Gentoo"}, species.Levels())
	mass := f.Columns()[5].(*dataset.NumericColumn)
	assert.True(t, mass.Integer())
	assert.Equal(t, 3750.0, mass.Values()[0])
}

// TestReadJSONSparse: objects that each bring a new key would make a table
// of rows times keys cells; past a bound in proportion to the input that is
// an error, not an exhausted memory.
func TestReadJSONSparse(t *testing.T) {
	var b strings.Builder
	for i := range 20_000 {
		fmt.Fprintf(&b, "{\"k%d\": 1}\n", i)
	}
	_, err := readJSON(b.String(), nil)
	var pe *dataset.ParseError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, dataset.ErrUnsupported)
	assert.Contains(t, err.Error(), "too sparse to read as a table")
	assert.Greater(t, pe.Line, 1000)

	// A modest sparse file reads.
	f, err := readJSON("{\"a\": 1}\n{\"b\": 2}\n{\"c\": 3}\n", nil)
	require.NoError(t, err)
	checkConsistent(t, f)
	assert.Equal(t, []string{`a:categorical ["1" "∅" "∅"]`, `b:categorical ["∅" "2" "∅"]`, `c:categorical ["∅" "∅" "3"]`}, dump(f))
}

package dataset_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

func TestDateLayout(t *testing.T) {
	for format, want := range map[string]string{
		"%b %d %Y":           "Jan 2 2006",
		"%d/%m/%Y %H:%M:%S":  "2/1/2006 15:4:5",
		"%Y-%m-%dT%H:%M%z":   "2006-1-2T15:04-0700",
		"%Y%m%d %I%p %j":     "2006012 03PM __2",
		"%a, %d %B %y 100%%": "Mon, 2 January 06 100%",
		"%d%%":               "2%",
		"Jan 2 2006":         "Jan 2 2006",
	} {
		got, err := dataset.DateLayout(format)
		require.NoError(t, err, format)
		assert.Equal(t, want, got, format)
	}
	for _, bad := range []string{"", "%Y-%q", "%Y %"} {
		_, err := dataset.DateLayout(bad)
		assert.Error(t, err, bad)
	}
}

// TestDateFormats reads dates that are not ISO 8601 with a format per
// column, as pandas' to_datetime(format=) does, in each reader.
func TestDateFormats(t *testing.T) {
	opts := func(kv ...string) *dataset.ReadOptions {
		o := &dataset.ReadOptions{DateFormats: map[string]string{}}
		for i := 0; i < len(kv); i += 2 {
			o.DateFormats[kv[i]] = kv[i+1]
		}
		return o
	}
	in := "when,at,x\nJun 12 1998,12/06/1998 14:05,1\nJan 02 2001,NA,2\n,31/12/1999 23:59,3\n"
	f := mustCSV(t, in, opts("when", "%b %d %Y", "at", "02/01/2006 15:04"))
	assert.Equal(t, []string{
		`when:datetime ["1998-06-12" "2001-01-02" "∅"]`,
		`at:datetime ["1998-06-12T14:05:00Z" "∅" "1999-12-31T23:59:00Z"]`,
		`x:categorical ["1" "2" "3"]`}, dump(f))

	// Numbers without their leading zero, as strptime reads them
	// (datetime.strptime("Jul 1 1999 9:5", "%b %d %Y %H:%M")).
	g := mustCSV(t, "when\nJul 1 1999 9:5\nJul 01 1999 09:05\nDec 31 1999 23:59\n", opts("when", "%b %d %Y %H:%M"))
	assert.Equal(t, []string{`when:datetime ["1999-07-01T09:05:00Z" "1999-07-01T09:05:00Z" "1999-12-31T23:59:00Z"]`}, dump(g))
	g = mustCSV(t, "when\n19990701\n19991231\n", opts("when", "%Y%m%d"))
	assert.Equal(t, []string{`when:datetime ["1999-07-01" "1999-12-31"]`}, dump(g))

	// In small chunks, with the types imposed as ReadPair does.
	f2 := mustCSV(t, in, dataset.WithChunkBytes(opts("when", "%b %d %Y", "at", "02/01/2006 15:04"), 5))
	assert.Equal(t, dump(f), dump(f2))

	_, err := readCSV(in, opts("when", "%Y-%m-%d"))
	var pe *dataset.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 2, pe.Line)
	assert.Equal(t, "when", pe.Column)
	assert.Contains(t, err.Error(), `"Jun 12 1998" does not match the date format "%Y-%m-%d" given for the column`)

	_, err = readCSV(in, opts("nope", "%Y"))
	require.ErrorIs(t, err, dataset.ErrNoColumn)
	assert.Contains(t, err.Error(), "a date format is given for this column, but the file has no such column")

	_, err = readCSV(in, &dataset.ReadOptions{DateFormats: map[string]string{"x": "%Y"}, Types: map[string]dataset.Type{"x": dataset.Numerical}})
	require.ErrorIs(t, err, dataset.ErrDefinition)

	// JSON lines.
	fj, err := dataset.ReadJSON(context.Background(), strings.NewReader(`{"when": "Jun 12 1998"}`+"\n"+`{"when": null}`+"\n"), "t.jsonl", opts("when", "%b %d %Y"))
	require.NoError(t, err)
	assert.Equal(t, []string{`when:datetime ["1998-06-12" "∅"]`}, dump(fj))

	// Parquet strings.
	type row struct {
		When *string `parquet:"when,optional,dict"`
	}
	s := "Jun 12 1998"
	fp, err := readParquet(writeParquet(t, []row{{&s}, {nil}}), opts("when", "%b %d %Y"))
	require.NoError(t, err)
	assert.Equal(t, []string{`when:datetime ["1998-06-12" "∅"]`}, dump(fp))
	bad := "12 Jun 1998"
	_, err = readParquet(writeParquet(t, []row{{&s}, {&bad}}), opts("when", "%b %d %Y"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"12 Jun 1998" does not match the date format "%b %d %Y"`)
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/oneshot"
	"github.com/telltale-ml/telltale/internal/parallel"
)

const inspectHelp = `
Read data files and show the schema telltale infers for each: every
column's type, how many values are present, missing and distinct, and an
example value. Use it to check how telltale will read your data before a
report, and override a type with --type where the guess is wrong.

Formats: CSV (.csv, .tsv, .txt; gzip-compressed .gz too), Parquet
(.parquet, .pq), JSON (an array of objects, .json) and JSON lines (.jsonl,
.ndjson).

Examples:
  telltale inspect data.csv
  telltale inspect ref.parquet cur.parquet --json
  telltale inspect data.csv --type zip=categorical --missing '' --missing '-'
`

func runInspect(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("inspect", "inspect [flags] FILE...", inspectHelp, e.stdout)
	var rf readFlags
	rf.register(fs)
	asJSON := fs.Bool("json", false, "print the schemas as JSON")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("inspect", "give at least one data file")
	}
	opts, err := rf.options("inspect")
	if err != nil {
		return err
	}
	var schemas []fileSchema
	oneshot.HugeHeapFor(files...)
	for _, path := range files {
		f, err := dataset.Read(ctx, path, opts)
		if err != nil {
			return err
		}
		oneshot.GCAfterRead()
		for _, name := range rf.typeNames() {
			if _, ok := f.Column(name); !ok {
				return usagef("inspect", "--type %s: %s has no column %q", name, path, name)
			}
		}
		s, err := schemaOf(ctx, path, f)
		if err != nil {
			return err
		}
		schemas = append(schemas, s)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"files": schemas})
	}
	for i, s := range schemas {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		s.print(e)
	}
	return nil
}

// fileSchema is what inspect shows of one file.
type fileSchema struct {
	File    string         `json:"file"`
	Rows    int            `json:"rows"`
	Columns []columnSchema `json:"columns"`
	Notes   []string       `json:"notes"`
}

type columnSchema struct {
	Name     string       `json:"name"`
	Type     dataset.Type `json:"type"`
	Integer  bool         `json:"integer,omitempty"`
	Count    int          `json:"count"`
	Missing  int          `json:"missing"`
	Distinct int          `json:"distinct"`
	Example  *string      `json:"example"`
}

// schemaOf describes the columns of f, read from path; the distinct counts,
// a sort of each column, are taken in parallel.
func schemaOf(ctx context.Context, path string, f *dataset.Frame) (fileSchema, error) {
	s := fileSchema{File: path, Rows: f.Len(), Notes: f.Notes(), Columns: []columnSchema{}}
	if s.Notes == nil {
		s.Notes = []string{}
	}
	cols := f.Columns()
	distinct := make([]int, len(cols))
	if err := parallel.For(ctx, 0, len(cols), func(i int) { distinct[i] = dataset.Distinct(cols[i]) }); err != nil {
		return s, err
	}
	for i, c := range cols {
		cs := columnSchema{Name: c.Name(), Type: c.Type(), Count: c.Len() - c.NullN(), Missing: c.NullN(), Distinct: distinct[i]}
		if n, ok := c.(*dataset.NumericColumn); ok {
			cs.Integer = n.Integer()
		}
		for i := 0; i < c.Len(); i++ {
			if !c.IsNull(i) {
				v := c.Format(i)
				cs.Example = &v
				break
			}
		}
		s.Columns = append(s.Columns, cs)
	}
	return s, nil
}

func (s fileSchema) print(e *env) {
	rows, cols := "rows", "columns"
	if s.Rows == 1 {
		rows = "row"
	}
	if len(s.Columns) == 1 {
		cols = "column"
	}
	fmt.Fprintf(e.stdout, "%s: %s %s, %d %s\n", s.File, groupDigits(s.Rows), rows, len(s.Columns), cols)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "COLUMN\tTYPE\tCOUNT\tMISSING\tDISTINCT\tEXAMPLE")
	for _, c := range s.Columns {
		typ := c.Type.String()
		if c.Integer {
			typ += " (int)"
		}
		ex := ""
		if c.Example != nil {
			ex = displayValue(*c.Example, 40)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\n", displayValue(c.Name, 40), typ, c.Count, c.Missing, c.Distinct, ex)
	}
	tw.Flush()
	for _, n := range s.Notes {
		fmt.Fprintf(e.stdout, "note: %s\n", n)
	}
}

// displayValue makes a value from data safe and short for a terminal: it is
// quoted when it holds control characters, tabs or leading or trailing
// spaces, and cut to max characters.
func displayValue(s string, max int) string {
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max-1]) + "…"
	}
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsFunc(s, func(r rune) bool {
		return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)
	}) {
		return strconv.Quote(s)
	}
	return s
}

// groupDigits formats n with thousands separators: 3,000,000.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + groupDigits(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

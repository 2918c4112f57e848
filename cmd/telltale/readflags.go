package main

import (
	"flag"
	"fmt"
	"sort"
	"strings"

	"github.com/telltale-ml/telltale/dataset"
)

// readFlags are the flags that control how data files are read, shared by
// the commands that read them.
type readFlags struct {
	format    string
	delimiter string
	missing   []string
	missingOn bool // --missing was given
	types     map[string]dataset.Type
}

func (r *readFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.format, "format", "", "input `format`: csv, tsv, parquet, json or jsonl (default: from the file name)")
	fs.StringVar(&r.delimiter, "delimiter", "", "CSV field delimiter, one character, or \"tab\" (default: detected from the header)")
	fs.Func("missing", "a CSV `value` that means missing; repeat it for several; replaces the defaults: '', NA, N/A, NaN, nan, null, NULL, None", func(v string) error {
		r.missing = append(r.missing, v)
		r.missingOn = true
		return nil
	})
	fs.Func("type", "override a column's inferred type: `COLUMN=TYPE` (numerical, categorical, text, datetime); repeat for several", func(v string) error {
		col, typ, ok := strings.Cut(v, "=")
		if !ok || col == "" {
			return fmt.Errorf("want COLUMN=TYPE, got %q", v)
		}
		t, err := dataset.ParseType(typ)
		if err != nil {
			return err
		}
		if r.types == nil {
			r.types = map[string]dataset.Type{}
		}
		r.types[col] = t
		return nil
	})
}

// options returns the dataset.ReadOptions the flags describe.
func (r *readFlags) options(cmd string) (*dataset.ReadOptions, error) {
	o := &dataset.ReadOptions{Format: strings.ToLower(r.format), Types: r.types}
	switch o.Format {
	case "", "csv", "tsv", "parquet", "json", "jsonl":
	default:
		return nil, usagef(cmd, "--format %q: want csv, tsv, parquet, json or jsonl", r.format)
	}
	switch d := r.delimiter; {
	case d == "":
	case d == "tab" || d == `\t`:
		o.Delimiter = '\t'
	case len(d) == 1 && d != `"` && d != "\n" && d != "\r":
		o.Delimiter = d[0]
	default:
		return nil, usagef(cmd, "--delimiter %q: want one ASCII character other than a quote or newline, or \"tab\"", d)
	}
	if r.missingOn {
		o.MissingValues = append([]string{}, r.missing...)
	}
	return o, nil
}

// typeNames lists the overridden columns, for messages.
func (r *readFlags) typeNames() []string {
	names := make([]string, 0, len(r.types))
	for n := range r.types {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

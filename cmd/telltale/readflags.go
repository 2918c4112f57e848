package main

import (
	"flag"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/dataset"
)

// readFlags are the flags that control how data files are read, shared by
// the commands that read them.
type readFlags struct {
	format      string
	delimiter   string
	missing     []string
	missingOn   bool // --missing was given
	types       map[string]dataset.Type
	dateFormats map[string]string
	maxSize     int64   // --max-input-size; 0 unset, -1 none
	maxRatio    float64 // --max-compression-ratio; 0 unset, -1 none
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
	fs.Func("date-format", "read a column of dates written otherwise than ISO 8601: `COLUMN=FORMAT`, a strftime format (%b %d %Y) or a Go layout (Jan 2 2006); repeat for several", func(v string) error {
		col, format, ok := strings.Cut(v, "=")
		if !ok || col == "" {
			return fmt.Errorf("want COLUMN=FORMAT, got %q", v)
		}
		if _, err := dataset.DateLayout(format); err != nil {
			return err
		}
		if r.dateFormats == nil {
			r.dateFormats = map[string]string{}
		}
		r.dateFormats[col] = format
		return nil
	})
	fs.Func("max-input-size", fmt.Sprintf("the most `SIZE` one data file may hold once decompressed, and its columns take once decoded, such as 500MB or 16GiB; 0 for no limit (default %s)", sizeName(dataset.DefaultMaxInputBytes)), func(v string) error {
		n, err := parseSize(v)
		if err != nil {
			return err
		}
		r.maxSize = n
		if n == 0 {
			r.maxSize = -1
		}
		return nil
	})
	fs.Func("max-compression-ratio", fmt.Sprintf("the most `TIMES` a gzip-compressed data file may expand, against gzip bombs; 0 for no limit (default %d)", dataset.DefaultMaxCompressionRatio), func(v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || math.IsInf(f, 0) {
			return fmt.Errorf("want a positive number, got %q", v)
		}
		r.maxRatio = f
		if f == 0 {
			r.maxRatio = -1
		}
		return nil
	})
}

// parseSize reads a size in bytes: 123, 500KB, 1.5GB (powers of 1000),
// 64KiB, 4GiB (powers of 1024).
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := 1.0
	for _, u := range []struct {
		suffix string
		mult   float64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"TIB", 1 << 40},
		{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) || f*mult > math.MaxInt64/2 {
		return 0, fmt.Errorf("want a size such as 500MB or 16GiB, got %q", s)
	}
	return int64(f * mult), nil
}

// sizeName writes a size in bytes in the largest binary unit that divides
// it: 4GiB.
func sizeName(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10) + "B"
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
	o.DateFormats = r.dateFormats
	o.MaxInputBytes = r.maxSize
	o.MaxCompressionRatio = r.maxRatio
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

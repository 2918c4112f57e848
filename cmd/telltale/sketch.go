package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/atomicfile"
	"github.com/telltale-ml/telltale/sketch"
)

const sketchHelp = `
Summarise data files as a sketch: per column, mergeable summaries (counts,
moments, a KLL quantile sketch, a HyperLogLog distinct count, category
counts, a histogram) made in one streaming pass, in memory bounded by the
number of columns rather than rows (Parquet is read a row group at a time,
CSV and JSON lines in chunks of --chunk-rows rows). Sketches of parts
merge into the sketch of the whole (telltale sketch merge), and report and
test take a .sketch file wherever they take data:

  telltale report --reference ref.sketch --current today.parquet --preset data-drift --html drift.html
  telltale test   --reference ref.sketch --current today.sketch --preset data-stability

Drift, dataset and column summaries, missing values and value checks are
computed from sketches; each approximate value carries its error bound
(the JSON profile's "approximate" fields) and the HTML marks it. Metrics
that need the rows (correlations, model quality, text and embeddings
drift, duplicated rows) report why they cannot be computed.

A sketch file is gzip-compressed JSON (format telltale.sketch/v1, schema in
sketch/schema.json): zcat ref.sketch | jq . shows it.

Usage:
  telltale sketch [flags] FILE... -o OUT.sketch
  telltale sketch merge [flags] A.sketch B.sketch... -o OUT.sketch

Examples:
  telltale sketch ref-2024-*.parquet -o ref.sketch
  telltale sketch day1.csv.gz --type zip=categorical -o day1.sketch
  telltale sketch merge day1.sketch day2.sketch -o week.sketch
`

func runSketch(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "merge" {
		return runSketchMerge(ctx, e, args[1:])
	}
	fs := newFlagSet("sketch", "sketch [flags] FILE... -o OUT.sketch", sketchHelp, e.stdout)
	var rf readFlags
	rf.register(fs)
	var so sketch.Options
	out := fs.String("o", "", "write the sketch to `FILE` (required; - for stdout)")
	chunk := fs.Int("chunk-rows", dataset.DefaultScanRows, "rows per chunk of a CSV or JSON lines file")
	fs.IntVar(&so.K, "k", 0, "KLL size `K` (default 2048: rank error about 0.3% at 10^8 values)")
	fs.IntVar(&so.Bins, "bins", 0, "most histogram bins per numerical column (default 2048)")
	fs.IntVar(&so.ExactValues, "exact-values", 0, "distinct values a numerical or datetime column keeps exactly (default 4096)")
	fs.IntVar(&so.Categories, "categories", 0, "categories a categorical or text column counts exactly (default 1024)")
	fs.IntVar(&so.HeavyHitters, "heavy-hitters", 0, "Misra-Gries counters beyond the exact limits (default 128)")
	fs.IntVar(&so.HLLPrecision, "hll-precision", 0, "HyperLogLog precision p, 2^p registers (default 12)")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("sketch", "give at least one data file")
	}
	if *out == "" {
		return usagef("sketch", "give the output file with -o OUT.sketch")
	}
	if *chunk <= 0 {
		return usagef("sketch", "--chunk-rows %d: want a positive number of rows", *chunk)
	}
	if err := so.Validate(); err != nil {
		return usagef("sketch", "%v", err)
	}
	opts, err := rf.options("sketch")
	if err != nil {
		return err
	}
	if err := checkSketchOutput(*out, files); err != nil {
		return err
	}
	s, err := sketch.New(so)
	if err != nil {
		return err
	}
	for i, path := range files {
		if e.tty {
			fmt.Fprintf(e.stderr, "\rsketching %d/%d: %s\033[K", i+1, len(files), path)
		}
		if err := s.AddFile(ctx, path, opts, dataset.ScanOptions{Rows: *chunk}); err != nil {
			if e.tty {
				fmt.Fprint(e.stderr, "\r\033[K")
			}
			return err
		}
	}
	if e.tty {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	return writeSketch(e, *out, s, files)
}

func runSketchMerge(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("sketch merge", "sketch merge A.sketch B.sketch... -o OUT.sketch", sketchHelp, e.stdout)
	out := fs.String("o", "", "write the merged sketch to `FILE` (required; - for stdout)")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("sketch", "give the sketches to merge")
	}
	if *out == "" {
		return usagef("sketch", "give the output file with -o OUT.sketch")
	}
	if err := checkSketchOutput(*out, files); err != nil {
		return err
	}
	var merged *sketch.Sketch
	var sources []string
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		s, src, err := sketch.ReadFile(path)
		if err != nil {
			return err
		}
		sources = append(sources, src...)
		if merged == nil {
			merged = s
			continue
		}
		if err := merged.Merge(s); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return writeSketch(e, *out, merged, sources)
}

// checkSketchOutput refuses to overwrite an input.
func checkSketchOutput(out string, inputs []string) error {
	if out == "-" {
		return nil
	}
	abs, _ := filepath.Abs(out)
	for _, in := range inputs {
		if a, _ := filepath.Abs(in); a == abs {
			return usagef("sketch", "-o %s is also an input: write the sketch elsewhere", out)
		}
	}
	return nil
}

func writeSketch(e *env, out string, s *sketch.Sketch, sources []string) error {
	if out == "-" {
		return s.Encode(e.stdout, sources)
	}
	var size int64
	err := atomicfile.Write(out, 0o644, func(w io.Writer) error {
		cw := &countWriter{w: w}
		err := s.Encode(cw, sources)
		size = cw.n
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s: %d rows, %d columns, %s\n", out, s.Rows(), len(s.Names()), humanBytes(size))
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// isSketch reports whether path names a sketch file (.sketch).
func isSketch(path string) bool {
	return strings.HasSuffix(strings.ToLower(path), ".sketch")
}

// readSide returns the summary of a data file: a sketch file decoded, or
// any other file sketched as it is read (in bounded memory).
func readSide(ctx context.Context, path string, opts *dataset.ReadOptions) (*dataset.Summary, error) {
	var s *sketch.Sketch
	if isSketch(path) {
		var err error
		if s, _, err = sketch.ReadFile(path); err != nil {
			return nil, err
		}
	} else {
		var err error
		if s, err = sketch.New(sketch.Options{}); err != nil {
			return nil, err
		}
		if err := s.AddFile(ctx, path, opts, dataset.ScanOptions{}); err != nil {
			return nil, err
		}
	}
	so := sketch.SummaryOptions{Types: opts.Types, IntegerCardinality: opts.IntegerCardinality}
	return s.Summary(path, so), nil
}

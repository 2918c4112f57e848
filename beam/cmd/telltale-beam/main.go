// Command telltale-beam sketches data files on Apache Beam: the files
// matching --input are sketched in parallel by the runner's workers and
// merged into one sketch file, --output, which telltale report and test
// read wherever they read data.
//
// Locally, on Beam's Prism runner (in process, loopback only):
//
//	telltale-beam --input 'data/part-*.parquet' --output ref.sketch
//
// On Flink, Spark or Dataflow, see the README beside this module.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	tbeam "github.com/telltale-ml/telltale/beam"
)

func main() {
	input := flag.String("input", "", "glob of the data `FILES` to sketch (a local path, gs://..., s3://...)")
	output := flag.String("output", "", "the sketch `FILE` to write")
	var o tbeam.Options
	flag.StringVar(&o.Format, "format", "", "input format: csv, tsv, parquet, json or jsonl (default: from each file name)")
	flag.StringVar(&o.Delimiter, "delimiter", "", "CSV field delimiter, one character or \"tab\" (default: detected)")
	flag.Func("type", "a column's type, `COLUMN=TYPE` (numerical, categorical, text, datetime); repeat for several", func(v string) error {
		col, typ, ok := strings.Cut(v, "=")
		if !ok || col == "" {
			return fmt.Errorf("want COLUMN=TYPE, got %q", v)
		}
		if o.Types == nil {
			o.Types = map[string]string{}
		}
		o.Types[col] = typ
		return nil
	})
	flag.IntVar(&o.ChunkRows, "chunk-rows", 0, "rows per chunk of CSV and JSON lines files (default 65536)")
	flag.IntVar(&o.Sketch.K, "k", 0, "KLL size K (default 2048)")
	flag.IntVar(&o.Sketch.ExactValues, "exact-values", 0, "distinct values kept exactly per column (default 4096)")
	flag.IntVar(&o.Sketch.Categories, "categories", 0, "categories counted exactly per column (default 1024)")
	flag.Parse()
	tbeam.Register()
	beam.Init()
	if *input == "" || *output == "" {
		fmt.Fprintln(os.Stderr, "telltale-beam: give --input GLOB and --output FILE (and a --runner; see --help)")
		os.Exit(2)
	}
	if err := o.Sketch.Validate(); err != nil {
		fmt.Fprintln(os.Stderr, "telltale-beam:", err)
		os.Exit(2)
	}
	p, s := beam.NewPipelineWithRoot()
	tbeam.Write(s, *output, tbeam.Sketch(s, *input, o))
	if err := beamx.Run(context.Background(), p); err != nil {
		log.Fatalf("telltale-beam: %v", err)
	}
}

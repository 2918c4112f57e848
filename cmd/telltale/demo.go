package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/atomicfile"
	"github.com/telltale-ml/telltale/internal/demodata"
	"github.com/telltale-ml/telltale/render/jsonprofile"
	"github.com/telltale-ml/telltale/report"
)

const demoHelp = `
Run telltale on the data set embedded in the binary, daily Seattle weather:
2012-2013 is the reference, 2014-2015 the current data. It writes
telltale-demo.json (the JSON profile) into the current directory, or into
--out DIR, and prints the paths it wrote.

Examples:
  telltale demo
  telltale demo --out /tmp/reports
`

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("demo", "demo [--out DIR]", demoHelp, e.stdout)
	out := fs.String("out", ".", "the `DIR`ectory to write the demo outputs into (created if needed)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("demo", "demo takes no arguments, got %q", pos[0])
	}
	ref, cur, err := demoFrames(ctx)
	if err != nil {
		return err
	}
	snap, err := demoReport().Run(ctx, report.Data{Reference: ref, Current: cur, Definition: demoDefinition()},
		&report.Options{Version: telltaleVersion()})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	jsonPath := filepath.Join(*out, "telltale-demo.json")
	if err := atomicfile.Write(jsonPath, 0o644, func(w io.Writer) error { return jsonprofile.Write(w, snap) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "reference: %s (%d rows)\ncurrent:   %s (%d rows)\n",
		ref.Source(), ref.Len(), cur.Source(), cur.Len())
	fmt.Fprintf(e.stdout, "wrote %s\n", jsonPath)
	fmt.Fprintln(e.stdout, "note: the report holds the datasets' schemas only for now; metrics, tests and the HTML page join it as they land")
	return nil
}

// demoFrames reads the embedded data, the current half with the types
// inferred from the reference.
func demoFrames(ctx context.Context) (ref, cur *dataset.Frame, err error) {
	ref, err = dataset.ReadCSV(ctx, bytes.NewReader(demodata.Reference()), demodata.ReferenceName, nil)
	if err != nil {
		return nil, nil, err
	}
	types := map[string]dataset.Type{}
	for _, c := range ref.Columns() {
		types[c.Name()] = c.Type()
	}
	cur, err = dataset.ReadCSV(ctx, bytes.NewReader(demodata.Current()), demodata.CurrentName, &dataset.ReadOptions{Types: types})
	if err != nil {
		return nil, nil, err
	}
	return dataset.Align(ref, cur, dataset.PairOptions{})
}

func demoDefinition() *dataset.Definition {
	return &dataset.Definition{Datetime: "date"}
}

// demoReport is what the demo computes.
func demoReport() *report.Report {
	return &report.Report{}
}

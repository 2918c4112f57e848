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
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/render/jsonprofile"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

const demoHelp = `
Run telltale on the data set embedded in the binary, daily Seattle weather:
2012-2013 is the reference, 2014-2015 the current data. It writes
telltale-demo.json (the JSON profile) and telltale-demo.html (the report
page) into the current directory, or into --out DIR, and prints the paths it wrote.

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
	if _, err := checkOutputs("demo", e.stdout, []outputFile{{flag: "--out", path: *out, dir: true}}, nil); err != nil {
		return err
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
	htmlPath := filepath.Join(*out, "telltale-demo.html")
	if err := atomicfile.Write(htmlPath, 0o644, func(w io.Writer) error {
		return html.Write(w, snap, &html.Options{Title: "telltale demo: Seattle weather"})
	}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", htmlPath)
	fmt.Fprintf(e.stdout, "%d metrics, %d tests: %d passed, %d failed, %d warnings\n", len(snap.Metrics), snap.Summary.Total,
		snap.Summary.Success, snap.Summary.Fail+snap.Summary.Error, snap.Summary.Warning)
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

// demoReport is what the demo computes: the data-drift and data-summary
// presets and a small suite. The demo data drifts (2014-2015 were warmer
// than 2012-2013), so the drift test is not critical: the demo shows a
// WARNING and still exits 0.
func demoReport() *report.Report {
	return &report.Report{
		Presets: []presets.Preset{&presets.DataDrift{}, &presets.DataSummary{}},
		Tests: []tests.Test{
			&tests.ShareOfDriftedColumns{Base: tests.Lt(0.3).NotCritical()},
			&tests.ColumnDrift{ColumnDrift: metrics.ColumnDrift{Column: "temp_max"}, Base: tests.Base{}.NotCritical()},
			&tests.ColumnDrift{ColumnDrift: metrics.ColumnDrift{Column: "precipitation"}},
			tests.Catalog()["NumberOfRows"](),
		},
		Generators: []tests.Generator{tests.GeneratorCatalog()["AllColumnsShareOfMissingValues"]()},
	}
}

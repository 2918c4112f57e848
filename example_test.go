package telltale_test

import (
	"bytes"
	"context"
	"fmt"
	"log"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

// The package doc's example, compiled and run; TestDocExampleIsTheExample
// keeps the two the same.
func Example() {
	ctx := context.Background()
	ref, cur, err := dataset.ReadPair(ctx, "examples/ci/data/reference.csv", "examples/ci/data/current.csv", nil, dataset.PairOptions{})
	if err != nil {
		log.Fatal(err)
	}
	r := &report.Report{
		Presets: []presets.Preset{&presets.DataDrift{}},
		Tests:   []tests.Test{&tests.ShareOfDriftedColumns{Base: tests.Lt(0.3)}},
	}
	snap, err := r.Run(ctx, report.Data{Reference: ref, Current: cur}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(snap.Tests[0].Status, snap.Tests[0].Description)
	var page bytes.Buffer // or a file: one self-contained HTML page
	if err := html.Write(&page, snap, nil); err != nil {
		log.Fatal(err)
	}
	// Output:
	// FAIL Share of drifted columns is 0.6667; expected < 0.3 (4 of 6 columns drifted)
}

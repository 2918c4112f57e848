package main

import (
	"fmt"
	"io"

	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/tests"
)

// printEvidentlyNames lists Evidently's class names with telltale's name
// for each: what a config may say instead of telltale's names.
func printEvidentlyNames(w io.Writer) {
	fmt.Fprintln(w, "Evidently's class names (legacy API, 0.4) and telltale's name for each. A config may use")
	fmt.Fprintln(w, "either, with Evidently's option names (column_name is column); telltale says once what it read.")
	for _, sec := range []struct {
		title   string
		aliases []metrics.Alias
	}{{"Presets", presets.EvidentlyAliases()}, {"Metrics", metrics.EvidentlyAliases()}, {"Tests", tests.EvidentlyAliases()},
		{"Descriptors (as {descriptor: NAME, column: COLUMN})", metrics.EvidentlyDescriptorAliases()}} {
		fmt.Fprintf(w, "\n%s:\n", sec.title)
		width := 0
		for _, a := range sec.aliases {
			width = max(width, len(a.Evidently))
		}
		for _, a := range sec.aliases {
			line := fmt.Sprintf("  %-*s  %s", width, a.Evidently, a.Name)
			if a.Note != "" {
				line += "  (" + a.Note + ")"
			}
			fmt.Fprintln(w, line)
		}
	}
}

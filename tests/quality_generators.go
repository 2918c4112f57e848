package tests

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// ColumnsGenerator expands into one test per column, as Evidently's
// legacy generators do: AllColumnsShareOfMissingValues and
// AllColumnsMostCommonValueShare (every column),
// NumColumnsOutOfRangeValues and NumColumnsMeanInNSigmas (every numerical
// feature), CatColumnsOutOfListValues (every categorical feature). Each
// generated test carries the generator's condition and critical flag
// (none: each test's auto condition).
type ColumnsGenerator struct {
	Base
	// Columns restricts the generator to these columns; empty means all
	// that fit.
	Columns []string `json:"columns,omitempty"`
	// MissingValuesOptions are passed to the tests of
	// AllColumnsShareOfMissingValues (by default null, "", inf and -inf
	// count as missing); the other generators take none.
	metrics.MissingValuesOptions
	name string
}

// Name implements Generator.
func (g *ColumnsGenerator) Name() string { return g.name }

// Generate implements Generator.
func (g *ColumnsGenerator) Generate(ctx context.Context, in *metrics.Input) ([]Test, error) {
	if g.name != "AllColumnsShareOfMissingValues" && (g.MissingValues != nil || g.Replace != nil) {
		return nil, fmt.Errorf("%w: %s takes no missing_values or replace", metrics.ErrOption, g.name)
	}
	var cols []string
	switch g.name {
	case "NumColumnsOutOfRangeValues", "NumColumnsMeanInNSigmas":
		cols = in.Features()[dataset.Numerical]
	case "CatColumnsOutOfListValues":
		cols = in.Features()[dataset.Categorical]
	default:
		cols = in.Names()
	}
	if len(g.Columns) > 0 {
		want := map[string]bool{}
		for _, c := range g.Columns {
			want[c] = true
		}
		var keep []string
		for _, c := range cols {
			if want[c] {
				keep = append(keep, c)
			}
		}
		cols = keep
	}
	out := make([]Test, 0, len(cols))
	for _, c := range cols {
		var t Test
		switch g.name {
		case "AllColumnsShareOfMissingValues":
			mt := newMissingTest("ColumnShareOfMissingValues")
			mt.Base, mt.Column, mt.MissingValuesOptions = g.Base, c, g.MissingValuesOptions
			t = mt
		case "AllColumnsMostCommonValueShare":
			ct := newColumnTest("MostCommonValueShare")
			ct.Base, ct.Column = g.Base, c
			t = ct
		case "NumColumnsOutOfRangeValues":
			t = &RangeTest{Base: g.Base, Column: c, name: "ShareOfOutRangeValues"}
		case "NumColumnsMeanInNSigmas":
			t = &MeanInNSigmas{Base: g.Base, Column: c}
		case "CatColumnsOutOfListValues":
			t = &ListTest{Base: g.Base, Column: c, name: "ShareOfOutListValues"}
		}
		out = append(out, t)
	}
	return out, nil
}

package metrics

import (
	"maps"
	"slices"
)

// Factory returns a new metric with its default options. Reading a config
// file fills the exported fields of the value it returns, by their json
// tags (Evidently's legacy option names, such as "column", "stattest",
// "drift_share"), so a metric's struct is also its config shape.
type Factory func() Metric

// Catalog returns the built-in metrics by name ("ColumnDrift",
// "DataDrift", "ColumnSummary", ...). Each call returns a new map.
func Catalog() map[string]Factory {
	out := map[string]Factory{}
	for _, family := range []map[string]Factory{driftCatalog(), qualityCatalog(), modelCatalog()} {
		for name, f := range family {
			out[name] = f
		}
	}
	return out
}

// CatalogNames returns the names in Catalog, sorted.
func CatalogNames() []string {
	return slices.Sorted(maps.Keys(Catalog()))
}

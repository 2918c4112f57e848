package tests

import (
	"maps"
	"slices"
)

// Factory returns a new test with its defaults. Reading a config file fills
// the exported fields of the value it returns by their json tags: the
// test's own options (such as "column") and its Condition's bounds ("lt",
// "gte", ...), so a test's struct is also its config shape.
type Factory func() Test

// Catalog returns the built-in tests by name, Evidently's legacy test
// classes without the "Test" prefix ("ShareOfDriftedColumns",
// "ColumnShareOfMissingValues", ...). Each call returns a new map.
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

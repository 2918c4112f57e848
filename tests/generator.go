package tests

import (
	"context"
	"maps"
	"slices"

	"github.com/telltale-ml/telltale/metrics"
)

// Generator expands into one test per column, as Evidently's test
// generators do (AllColumnsShareOfMissingValues, AllFeaturesValueDrift,
// NumColumnsMeanInNSigmas, ...). A report expands its generators with the
// data before it runs, so each generated test is an ordinary test with its
// own outcome.
type Generator interface {
	// Name returns the generator's name, as Evidently's legacy class
	// without the "Test" prefix.
	Name() string
	// Generate returns the tests for the data in. It must not modify in.
	Generate(ctx context.Context, in *metrics.Input) ([]Test, error)
}

// GeneratorFactory returns a new generator with its defaults; reading a
// config file fills its exported fields by their json tags, as for tests.
type GeneratorFactory func() Generator

// GeneratorCatalog returns the built-in generators by name. Each call
// returns a new map.
func GeneratorCatalog() map[string]GeneratorFactory {
	out := map[string]GeneratorFactory{}
	for _, family := range []map[string]GeneratorFactory{driftGenerators(), qualityGenerators(), modelGenerators()} {
		for name, f := range family {
			out[name] = f
		}
	}
	return out
}

// GeneratorNames returns the names in GeneratorCatalog, sorted.
func GeneratorNames() []string {
	return slices.Sorted(maps.Keys(GeneratorCatalog()))
}

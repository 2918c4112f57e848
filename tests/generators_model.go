package tests

// modelGenerators lists the generators of the model tests for
// GeneratorCatalog.
func modelGenerators() map[string]GeneratorFactory {
	return map[string]GeneratorFactory{}
}

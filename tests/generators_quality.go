package tests

// qualityGenerators lists the generators of the quality tests for
// GeneratorCatalog.
func qualityGenerators() map[string]GeneratorFactory {
	return map[string]GeneratorFactory{}
}

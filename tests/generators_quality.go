package tests

// qualityGenerators lists the generators of the quality tests for
// GeneratorCatalog.
func qualityGenerators() map[string]GeneratorFactory {
	out := map[string]GeneratorFactory{}
	for _, name := range []string{"AllColumnsShareOfMissingValues", "AllColumnsMostCommonValueShare",
		"NumColumnsOutOfRangeValues", "CatColumnsOutOfListValues", "NumColumnsMeanInNSigmas"} {
		out[name] = func() Generator { return &ColumnsGenerator{name: name} }
	}
	return out
}

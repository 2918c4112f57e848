package tests

// driftGenerators lists the generators of the drift tests for
// GeneratorCatalog.
func driftGenerators() map[string]GeneratorFactory {
	return map[string]GeneratorFactory{
		"AllFeaturesValueDrift":    func() Generator { return &AllFeaturesValueDrift{} },
		"CustomFeaturesValueDrift": func() Generator { return &CustomFeaturesValueDrift{} },
	}
}

package tests

// qualityCatalog lists the tests of the quality metrics for Catalog.
func qualityCatalog() map[string]Factory {
	return map[string]Factory{}
}

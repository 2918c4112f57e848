package tests

// modelCatalog lists the tests of the model metrics for Catalog.
func modelCatalog() map[string]Factory {
	return map[string]Factory{}
}

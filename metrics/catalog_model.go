package metrics

// modelCatalog lists the model metrics for Catalog.
func modelCatalog() map[string]Factory {
	return map[string]Factory{}
}

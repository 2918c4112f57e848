package metrics

// qualityCatalog lists the quality metrics for Catalog.
func qualityCatalog() map[string]Factory {
	return map[string]Factory{}
}

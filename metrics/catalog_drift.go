package metrics

// driftCatalog lists the drift metrics for Catalog.
func driftCatalog() map[string]Factory {
	return map[string]Factory{
		"ColumnDrift":     func() Metric { return &ColumnDrift{} },
		"DataDrift":       func() Metric { return &DataDrift{} },
		"EmbeddingsDrift": func() Metric { return &EmbeddingsDrift{} },
		"TargetDrift":     func() Metric { return &TargetDrift{} },
		// Text descriptors (package descriptors).
		"TextDescriptorsDrift":        func() Metric { return &TextDescriptorsDrift{} },
		"TextDescriptorsDistribution": func() Metric { return &TextDescriptorsDistribution{} },
	}
}

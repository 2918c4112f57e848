package tests

// driftCatalog lists the tests of the drift metrics for Catalog.
func driftCatalog() map[string]Factory {
	return map[string]Factory{
		"ShareOfDriftedColumns":  func() Test { return &ShareOfDriftedColumns{} },
		"NumberOfDriftedColumns": func() Test { return &NumberOfDriftedColumns{} },
		"ColumnDrift":            func() Test { return &ColumnDrift{} },
		"EmbeddingsDrift":        func() Test { return &EmbeddingsDrift{} },
	}
}

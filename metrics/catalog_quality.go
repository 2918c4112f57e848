package metrics

// qualityCatalog lists the quality metrics for Catalog.
func qualityCatalog() map[string]Factory {
	return map[string]Factory{
		"DatasetSummary":  func() Metric { return &DatasetSummary{} },
		"ColumnSummary":   func() Metric { return &ColumnSummary{} },
		"ColumnOverTime":  func() Metric { return &ColumnOverTime{} },
		"ColumnSummaries": func() Metric { return &ColumnSummaries{} },
		"ValueRange":      func() Metric { return &ValueRange{} },
		"ValueList":       func() Metric { return &ValueList{} },
		"CategoryCount":   func() Metric { return &CategoryCount{} },
		"ColumnRegExp":    func() Metric { return &ColumnRegExp{} },
		"Correlations":    func() Metric { return &Correlations{} },

		"DatasetMissingValues": func() Metric { return &DatasetMissingValues{} },
		"ColumnMissingValues":  func() Metric { return &ColumnMissingValues{} },
		"TargetCorrelations":   func() Metric { return &TargetCorrelations{} },
		"ConflictTarget":       func() Metric { return &ConflictTarget{} },
		"ConflictPrediction":   func() Metric { return &ConflictPrediction{} },
		"DataQualityStability": func() Metric { return &DataQualityStability{} },
	}
}

package metrics

// modelCatalog lists the model metrics for Catalog.
func modelCatalog() map[string]Factory {
	return map[string]Factory{
		"ClassificationQuality":               func() Metric { return &ClassificationQuality{} },
		"ClassificationByClass":               func() Metric { return &ClassificationByClass{} },
		"ClassificationPRTable":               func() Metric { return &ClassificationPRTable{} },
		"ClassificationLiftTable":             func() Metric { return &ClassificationLiftTable{} },
		"ClassificationClassBalance":          func() Metric { return &ClassificationClassBalance{} },
		"ClassificationProbDistribution":      func() Metric { return &ClassificationProbDistribution{} },
		"RegressionQuality":                   func() Metric { return &RegressionQuality{} },
		"RegressionErrorDistribution":         func() Metric { return &RegressionErrorDistribution{} },
		"RegressionErrorNormality":            func() Metric { return &RegressionErrorNormality{} },
		"RegressionErrorBiasTable":            func() Metric { return &RegressionErrorBiasTable{} },
		"RegressionPredictedVsActual":         func() Metric { return &RegressionPredictedVsActual{} },
		"RegressionOverTime":                  func() Metric { return &RegressionOverTime{} },
		"ClassificationQualityByFeatureTable": func() Metric { return &ClassificationQualityByFeatureTable{} },
		"TargetByFeaturesTable":               func() Metric { return &TargetByFeaturesTable{} },
	}
}

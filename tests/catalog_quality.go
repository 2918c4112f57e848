package tests

// qualityCatalog lists the tests of the quality metrics for Catalog.
func qualityCatalog() map[string]Factory {
	out := map[string]Factory{
		"ColumnQuantile":          func() Test { return &ColumnQuantile{} },
		"MeanInNSigmas":           func() Test { return &MeanInNSigmas{} },
		"ColumnRegExp":            func() Test { return &ColumnRegExp{} },
		"HighlyCorrelatedColumns": func() Test { return &HighlyCorrelatedColumns{} },
		"CorrelationChanges":      func() Test { return &CorrelationChanges{} },

		"TargetPredictionCorrelation":    func() Test { return &TargetPredictionCorrelation{} },
		"TargetFeaturesCorrelations":     func() Test { return &TargetFeaturesCorrelations{} },
		"PredictionFeaturesCorrelations": func() Test { return &PredictionFeaturesCorrelations{} },
		"ConflictTarget":                 func() Test { return &ConflictTarget{} },
		"ConflictPrediction":             func() Test { return &ConflictPrediction{} },
	}
	for _, d := range datasetTable() {
		out[d.name] = func() Test { return newDatasetTest(d.name) }
	}
	for _, c := range columnTable() {
		out[c.name] = func() Test { return newColumnTest(c.name) }
	}
	for _, m := range missingTable() {
		out[m.name] = func() Test { return newMissingTest(m.name) }
	}
	for _, n := range []string{"ValueRange", "NumberOfOutRangeValues", "ShareOfOutRangeValues"} {
		out[n] = func() Test { return &RangeTest{name: n} }
	}
	for _, n := range []string{"ValueList", "NumberOfOutListValues", "ShareOfOutListValues"} {
		out[n] = func() Test { return &ListTest{name: n} }
	}
	for _, n := range []string{"CategoryCount", "CategoryShare"} {
		out[n] = func() Test { return &CategoryTest{name: n} }
	}
	return out
}

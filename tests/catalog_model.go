package tests

// modelCatalog lists the tests of the model metrics for Catalog.
func modelCatalog() map[string]Factory {
	return map[string]Factory{
		"AccuracyScore":    func() Test { return &AccuracyScore{} },
		"PrecisionScore":   func() Test { return &PrecisionScore{} },
		"RecallScore":      func() Test { return &RecallScore{} },
		"F1Score":          func() Test { return &F1Score{} },
		"RocAuc":           func() Test { return &RocAuc{} },
		"LogLoss":          func() Test { return &LogLoss{} },
		"TPR":              func() Test { return &TPR{} },
		"TNR":              func() Test { return &TNR{} },
		"FPR":              func() Test { return &FPR{} },
		"FNR":              func() Test { return &FNR{} },
		"PrecisionByClass": func() Test { return &PrecisionByClass{} },
		"RecallByClass":    func() Test { return &RecallByClass{} },
		"F1ByClass":        func() Test { return &F1ByClass{} },
		"ValueMAE":         func() Test { return &ValueMAE{} },
		"ValueRMSE":        func() Test { return &ValueRMSE{} },
		"ValueMAPE":        func() Test { return &ValueMAPE{} },
		"ValueMeanError":   func() Test { return &ValueMeanError{} },
		"ValueAbsMaxError": func() Test { return &ValueAbsMaxError{} },
		"ValueR2Score":     func() Test { return &ValueR2Score{} },
	}
}

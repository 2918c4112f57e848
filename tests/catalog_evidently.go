package tests

import "github.com/telltale-ml/telltale/metrics"

// EvidentlyAliases returns the test classes of Evidently's legacy API that
// telltale offers, tests and generators alike: each is telltale's name with
// Evidently's "Test" prefix (TestShareOfDriftedColumns is
// ShareOfDriftedColumns). Options keep Evidently's names, but column_name
// is column and embeddings_name embeddings. Each call returns a new slice.
func EvidentlyAliases() []metrics.Alias {
	same := []string{
		// classification
		"AccuracyScore", "PrecisionScore", "RecallScore", "F1Score", "RocAuc", "LogLoss", "TPR", "TNR", "FPR", "FNR",
		"PrecisionByClass", "RecallByClass", "F1ByClass",
		// regression
		"ValueMAE", "ValueRMSE", "ValueMAPE", "ValueMeanError", "ValueAbsMaxError", "ValueR2Score",
		// drift
		"ColumnDrift", "ShareOfDriftedColumns", "NumberOfDriftedColumns", "AllFeaturesValueDrift", "CustomFeaturesValueDrift",
		// integrity
		"NumberOfColumns", "NumberOfRows", "NumberOfMissingValues", "ShareOfMissingValues", "NumberOfDifferentMissingValues",
		"NumberOfColumnsWithMissingValues", "ShareOfColumnsWithMissingValues", "NumberOfRowsWithMissingValues",
		"ShareOfRowsWithMissingValues", "NumberOfConstantColumns", "NumberOfEmptyRows", "NumberOfEmptyColumns",
		"NumberOfDuplicatedRows", "NumberOfDuplicatedColumns", "ColumnNumberOfMissingValues", "ColumnShareOfMissingValues",
		"ColumnNumberOfDifferentMissingValues", "ColumnAllConstantValues", "ColumnAllUniqueValues", "ColumnRegExp",
		"AllColumnsShareOfMissingValues",
		// quality
		"ConflictTarget", "ConflictPrediction", "TargetPredictionCorrelation", "HighlyCorrelatedColumns",
		"TargetFeaturesCorrelations", "PredictionFeaturesCorrelations", "CorrelationChanges", "ColumnValueMin",
		"ColumnValueMax", "ColumnValueMean", "ColumnValueMedian", "ColumnValueStd", "NumberOfUniqueValues", "UniqueValuesShare",
		"MostCommonValueShare", "AllColumnsMostCommonValueShare", "MeanInNSigmas", "NumColumnsMeanInNSigmas", "ValueRange",
		"NumberOfOutRangeValues", "ShareOfOutRangeValues", "NumColumnsOutOfRangeValues", "ValueList", "NumberOfOutListValues",
		"ShareOfOutListValues", "CatColumnsOutOfListValues", "ColumnQuantile", "CategoryCount", "CategoryShare",
	}
	out := make([]metrics.Alias, 0, len(same)+1)
	for _, n := range same {
		out = append(out, metrics.Alias{Evidently: "Test" + n, Name: n})
	}
	return append(out, metrics.Alias{Evidently: "TestEmbeddingsDrift", Name: "EmbeddingsDrift",
		Keys: map[string]string{"embeddings_name": "embeddings"},
		Note: "drift_method is given as the keys method, threshold, bootstrap, pca_components, ..."})
}

// Lookup finds a test or a generator by its telltale name
// ("ShareOfDriftedColumns") or Evidently's class name
// ("TestShareOfDriftedColumns"): a new Test or Generator with its
// defaults, the alias used (Alias.Evidently is "" for a telltale name),
// and whether the name is known.
func Lookup(name string) (any, metrics.Alias, bool) {
	var a metrics.Alias
	if found, ok := metrics.FindAlias(EvidentlyAliases(), name); ok {
		a, name = found, found.Name
	}
	if f, ok := Catalog()[name]; ok {
		return f(), a, true
	}
	if g, ok := GeneratorCatalog()[name]; ok {
		return g(), a, true
	}
	return nil, metrics.Alias{}, false
}

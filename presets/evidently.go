package presets

import "github.com/telltale-ml/telltale/metrics"

// EvidentlyAliases returns the preset classes of Evidently's legacy API
// that telltale offers, each with the qualified name of its telltale
// preset ("metrics:data-drift"), so that DataDriftPreset and
// DataDriftTestPreset find the right kind. Each call returns a new slice.
func EvidentlyAliases() []metrics.Alias {
	return []metrics.Alias{
		{Evidently: "DataDriftPreset", Name: "metrics:data-drift"},
		{Evidently: "DataQualityPreset", Name: "metrics:data-quality"},
		{Evidently: "ClassificationPreset", Name: "metrics:classification"},
		{Evidently: "RegressionPreset", Name: "metrics:regression"},
		{Evidently: "TargetDriftPreset", Name: "metrics:target-drift"},
		{Evidently: "TextEvals", Name: "metrics:text-evals"},
		{Evidently: "DataStabilityTestPreset", Name: "tests:data-stability"},
		{Evidently: "DataQualityTestPreset", Name: "tests:data-quality"},
		{Evidently: "DataDriftTestPreset", Name: "tests:data-drift"},
		{Evidently: "NoTargetPerformanceTestPreset", Name: "tests:no-target-performance"},
		{Evidently: "RegressionTestPreset", Name: "tests:regression"},
		{Evidently: "BinaryClassificationTestPreset", Name: "tests:binary-classification"},
		{Evidently: "BinaryClassificationTopKTestPreset", Name: "tests:binary-classification-topk"},
		{Evidently: "MulticlassClassificationTestPreset", Name: "tests:multiclass-classification"},
	}
}

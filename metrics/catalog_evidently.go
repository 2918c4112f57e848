package metrics

import (
	"strings"

	"github.com/telltale-ml/telltale/metrics/descriptors"
)

// Alias is a class name of Evidently's legacy API (Evidently 0.4, the
// classes of evidently.metrics, evidently.tests, evidently.metric_preset
// and evidently.test_preset) for an entry of a telltale catalog, so that a
// config written with Evidently's names works. The tables of aliases are
// EvidentlyAliases here, tests.EvidentlyAliases and
// presets.EvidentlyAliases: one row per Evidently class telltale offers.
type Alias struct {
	// Evidently is Evidently's class name: "ColumnDriftMetric".
	Evidently string
	// Name is the telltale catalog entry: "ColumnDrift"; for a preset
	// "metrics:data-drift" or "tests:data-drift".
	Name string
	// Keys renames Evidently's option names that telltale spells
	// otherwise, beyond those of every entry: column_name is column,
	// is_in is in, is_critical is critical.
	Keys map[string]string
	// Lists are telltale options that take a list where Evidently takes
	// one value (ColumnQuantileMetric's quantile is ColumnSummary's
	// quantiles).
	Lists []string
	// Note says what differs, when something does.
	Note string
}

// Key returns the telltale name of Evidently's option key.
func (a Alias) Key(key string) string {
	if k, ok := a.Keys[key]; ok {
		return k
	}
	switch key {
	case "column_name":
		return "column"
	case "is_in":
		return "in"
	case "is_critical":
		return "critical"
	}
	return key
}

// IsList reports whether the telltale option key takes a list where
// Evidently takes one value.
func (a Alias) IsList(key string) bool {
	for _, l := range a.Lists {
		if l == key {
			return true
		}
	}
	return false
}

// Said returns the sentence a config reader shows once for the alias:
// "ColumnDriftMetric is Evidently's name for ColumnDrift".
func (a Alias) Said() string {
	s := a.Evidently + " is Evidently's name for " + a.Name
	if a.Note != "" {
		s += " (" + a.Note + ")"
	}
	return s
}

// EvidentlyAliases returns the Evidently metric classes telltale offers,
// with the catalog entry each maps to. Each call returns a new slice.
func EvidentlyAliases() []Alias {
	emb := map[string]string{"embeddings_name": "embeddings"}
	return []Alias{
		{Evidently: "ClassificationClassBalance", Name: "ClassificationClassBalance"},
		{Evidently: "ClassificationConfusionMatrix", Name: "ClassificationQuality", Note: "its result holds the confusion matrix"},
		{Evidently: "ClassificationDummyMetric", Name: "ClassificationQuality", Note: "its result holds the dummy baseline"},
		{Evidently: "ClassificationLiftCurve", Name: "ClassificationLiftTable", Note: "its view draws the lift curve from the table's rows"},
		{Evidently: "ClassificationLiftTable", Name: "ClassificationLiftTable"},
		{Evidently: "ClassificationPRCurve", Name: "ClassificationByClass", Note: "its result holds each class's PR curve"},
		{Evidently: "ClassificationPRTable", Name: "ClassificationPRTable"},
		{Evidently: "ClassificationProbDistribution", Name: "ClassificationProbDistribution"},
		{Evidently: "ClassificationQualityByClass", Name: "ClassificationByClass"},
		{Evidently: "ClassificationQualityByFeatureTable", Name: "ClassificationQualityByFeatureTable",
			Note: "counts and accuracy per bin of each feature instead of every row, and without raw_data"},
		{Evidently: "ClassificationQualityMetric", Name: "ClassificationQuality"},
		{Evidently: "ClassificationRocCurve", Name: "ClassificationByClass", Note: "its result holds each class's ROC curve"},
		{Evidently: "ColumnCategoryMetric", Name: "CategoryCount"},
		{Evidently: "ColumnDistributionMetric", Name: "ColumnSummary", Note: "its result holds the histogram or the category counts"},
		{Evidently: "ColumnDriftMetric", Name: "ColumnDrift"},
		{Evidently: "ColumnMissingValuesMetric", Name: "ColumnMissingValues"},
		{Evidently: "ColumnQuantileMetric", Name: "ColumnSummary", Keys: map[string]string{"quantile": "quantiles"}, Lists: []string{"quantiles"},
			Note: "the quantile is among its quantiles"},
		{Evidently: "ColumnRegExpMetric", Name: "ColumnRegExp"},
		{Evidently: "ColumnSummaryMetric", Name: "ColumnSummary"},
		{Evidently: "ColumnValueListMetric", Name: "ValueList"},
		{Evidently: "ColumnValuePlot", Name: "ColumnOverTime", Note: "needs the mapping's datetime column (Evidently also plots by row index); means and standard deviations per calendar bucket"},
		{Evidently: "ColumnValueRangeMetric", Name: "ValueRange"},
		{Evidently: "ConflictPredictionMetric", Name: "ConflictPrediction"},
		{Evidently: "ConflictTargetMetric", Name: "ConflictTarget"},
		{Evidently: "DataDriftTable", Name: "DataDrift", Note: "one metric holds the dataset's drift and each column's"},
		{Evidently: "DataQualityStabilityMetric", Name: "DataQualityStability"},
		{Evidently: "DatasetCorrelationsMetric", Name: "Correlations"},
		{Evidently: "DatasetDriftMetric", Name: "DataDrift", Note: "one metric holds the dataset's drift and each column's"},
		{Evidently: "DatasetMissingValuesMetric", Name: "DatasetMissingValues"},
		{Evidently: "DatasetSummaryMetric", Name: "DatasetSummary"},
		{Evidently: "EmbeddingsDriftMetric", Name: "EmbeddingsDrift", Keys: emb,
			Note: "drift_method is given as the keys method, threshold, bootstrap, pca_components, ..."},
		{Evidently: "RegressionAbsPercentageErrorPlot", Name: "RegressionOverTime", Note: "its abs_percentage_error series, divided by |target|; needs the mapping's datetime column"},
		{Evidently: "RegressionDummyMetric", Name: "RegressionQuality", Note: "its result holds the dummy baseline"},
		{Evidently: "RegressionErrorBiasTable", Name: "RegressionErrorBiasTable"},
		{Evidently: "RegressionErrorDistribution", Name: "RegressionErrorDistribution"},
		{Evidently: "RegressionErrorNormality", Name: "RegressionErrorNormality"},
		{Evidently: "RegressionErrorPlot", Name: "RegressionOverTime", Note: "its error series; needs the mapping's datetime column"},
		{Evidently: "RegressionPredictedVsActualPlot", Name: "RegressionOverTime", Note: "its actual and predicted series; needs the mapping's datetime column"},
		{Evidently: "RegressionPredictedVsActualScatter", Name: "RegressionPredictedVsActual", Note: "a count grid, and a scatter of an evenly spaced sample of at most 1,000 rows per side"},
		{Evidently: "RegressionPerformanceMetrics", Name: "RegressionQuality", Note: "Evidently's older combined regression metric"},
		{Evidently: "RegressionQualityMetric", Name: "RegressionQuality"},
		{Evidently: "RegressionTopErrorMetric", Name: "RegressionQuality", Note: "its error_groups: the top 5% under- and overestimations and the majority"},
		{Evidently: "TargetByFeaturesTable", Name: "TargetByFeaturesTable",
			Note: "counts (classification) or means (regression) per bin of each feature instead of every row"},
		{Evidently: "TextDescriptorsDistribution", Name: "TextDescriptorsDistribution",
			Note: "descriptors is a list, not a dict of names; each descriptor's distribution comes with its statistics"},
		{Evidently: "TextDescriptorsDriftMetric", Name: "TextDescriptorsDrift",
			Note: "descriptors is a list, not a dict of names; dataset_drift uses drift_share 0.5 where Evidently's is always true"},
	}
}

// EvidentlyDescriptorAliases returns the text descriptors of Evidently's
// legacy API (evidently.descriptors) that telltale offers, each with its
// descriptor of package descriptors: the names and options are
// Evidently's, and a descriptor's column is its option column (Evidently's
// .on(column)). Each call returns a new slice.
func EvidentlyDescriptorAliases() []Alias {
	notes := map[string]string{
		"OOV":             "the vocabulary is Debian's wamerican word list, not NLTK's words corpus",
		"Sentiment":       "the VADER lexicon of npm's vader-sentiment 1.1.3",
		"DoesNotContain":  "its default column name says Does Not Contain",
		"JSONSchemaMatch": "expected_schema gives Python type names; its default column name adds the column",
	}
	var out []Alias
	for _, n := range descriptors.CatalogNames() {
		out = append(out, Alias{Evidently: n, Name: n, Note: notes[n]})
	}
	return out
}

// FindAlias returns the alias of the Evidently class name in aliases,
// matching case-insensitively.
func FindAlias(aliases []Alias, name string) (Alias, bool) {
	for _, a := range aliases {
		if strings.EqualFold(a.Evidently, name) {
			return a, true
		}
	}
	return Alias{}, false
}

// Lookup finds a metric by its telltale name ("ColumnDrift") or by
// Evidently's class name ("ColumnDriftMetric"). It returns the factory,
// the alias used (Alias.Evidently is "" for a telltale name), and whether
// the name is known. A config reader renames the options of an aliased
// entry with Alias.Key.
func Lookup(name string) (Factory, Alias, bool) {
	c := Catalog()
	if f, ok := c[name]; ok {
		return f, Alias{}, true
	}
	if a, ok := FindAlias(EvidentlyAliases(), name); ok {
		if f, ok := c[a.Name]; ok {
			return f, a, true
		}
	}
	return nil, Alias{}, false
}

package evidentlycoverage_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/metrics/descriptors"
	"github.com/telltale-ml/telltale/metrics/stattest"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/tests"
)

var update = flag.Bool("update", false, "rewrite docs/evidently-coverage.md")

// evidently is Evidently 0.4.40's legacy API, as its packages export it
// (src/evidently/metrics/__init__.py, tests/__init__.py,
// metric_preset/__init__.py, test_preset/__init__.py,
// calculations/stattests/__init__.py and descriptors/__init__.py at tag
// v0.4.40), less the recommender-system classes and the descriptors that
// call a model or an LLM. Each item telltale does not offer says why;
// the others find their telltale name in the alias tables and catalogs,
// and the test fails when the two disagree.
var evidently = []struct {
	kind  string
	items []string
	// notOffered are the items telltale does not offer, with the reason.
	notOffered map[string]string
}{
	{kind: "Metric presets", items: strings.Fields("ClassificationPreset DataDriftPreset DataQualityPreset RegressionPreset TargetDriftPreset TextEvals")},
	{kind: "Test presets", items: strings.Fields("BinaryClassificationTestPreset BinaryClassificationTopKTestPreset MulticlassClassificationTestPreset " +
		"DataDriftTestPreset DataQualityTestPreset DataStabilityTestPreset NoTargetPerformanceTestPreset RegressionTestPreset")},
	{kind: "Metrics", items: strings.Fields(
		"ClassificationClassBalance ClassificationClassSeparationPlot ClassificationDummyMetric ClassificationQualityMetric " +
			"ClassificationConfusionMatrix ClassificationLiftCurve ClassificationLiftTable ClassificationPRCurve ClassificationPRTable " +
			"ClassificationProbDistribution ClassificationQualityByClass ClassificationQualityByFeatureTable ClassificationRocCurve " +
			"ColumnDriftMetric ColumnInteractionPlot ColumnValuePlot DataDriftTable DatasetDriftMetric EmbeddingsDriftMetric " +
			"TargetByFeaturesTable TextDescriptorsDriftMetric Comment ColumnMissingValuesMetric ColumnRegExpMetric ColumnSummaryMetric " +
			"DatasetMissingValuesMetric DatasetSummaryMetric ColumnCategoryMetric ColumnCorrelationsMetric ColumnDistributionMetric " +
			"ColumnQuantileMetric ColumnValueListMetric ColumnValueRangeMetric ConflictPredictionMetric ConflictTargetMetric " +
			"DatasetCorrelationsMetric DataQualityStabilityMetric TextDescriptorsCorrelationMetric TextDescriptorsDistribution " +
			"RegressionAbsPercentageErrorPlot RegressionErrorBiasTable RegressionErrorDistribution RegressionErrorPlot " +
			"RegressionErrorNormality RegressionPredictedVsActualPlot RegressionPredictedVsActualScatter RegressionDummyMetric " +
			"RegressionPerformanceMetrics RegressionQualityMetric RegressionTopErrorMetric"),
		notOffered: map[string]string{
			"ClassificationClassSeparationPlot": "a scatter of every row's predicted probability by class: raw rows, which telltale's results never carry; ClassificationProbDistribution shows the same probabilities as histograms",
			"ColumnInteractionPlot":             "a scatter (or heatmap) of two columns' raw values; Correlations gives their relation as numbers",
			"Comment":                           "a block of text in Evidently's report; a report's title (--title) and the config's comments serve",
			"ColumnCorrelationsMetric":          "Correlations holds every pair's correlations (the column's row of each matrix) and TargetCorrelations the target's and the prediction's",
			"TextDescriptorsCorrelationMetric":  "not built: the correlations of each descriptor with the numerical columns; add the descriptors to the data and use Correlations",
		}},
	{kind: "Tests", items: strings.Fields(
		"TestAccuracyScore TestF1ByClass TestF1Score TestFNR TestFPR TestLogLoss TestPrecisionByClass TestPrecisionScore " +
			"TestRecallByClass TestRecallScore TestRocAuc TestTNR TestTPR TestAllFeaturesValueDrift TestColumnDrift " +
			"TestCustomFeaturesValueDrift TestEmbeddingsDrift TestNumberOfDriftedColumns TestShareOfDriftedColumns " +
			"TestAllColumnsShareOfMissingValues TestColumnAllConstantValues TestColumnAllUniqueValues " +
			"TestColumnNumberOfDifferentMissingValues TestColumnNumberOfMissingValues TestColumnRegExp TestColumnShareOfMissingValues " +
			"TestColumnsType TestNumberOfColumns TestNumberOfColumnsWithMissingValues TestNumberOfConstantColumns " +
			"TestNumberOfDifferentMissingValues TestNumberOfDuplicatedColumns TestNumberOfDuplicatedRows TestNumberOfEmptyColumns " +
			"TestNumberOfEmptyRows TestNumberOfMissingValues TestNumberOfRows TestNumberOfRowsWithMissingValues " +
			"TestShareOfColumnsWithMissingValues TestShareOfMissingValues TestShareOfRowsWithMissingValues " +
			"TestAllColumnsMostCommonValueShare TestCatColumnsOutOfListValues TestCategoryCount TestCategoryShare TestColumnQuantile " +
			"TestColumnValueMax TestColumnValueMean TestColumnValueMedian TestColumnValueMin TestColumnValueStd TestConflictPrediction " +
			"TestConflictTarget TestCorrelationChanges TestHighlyCorrelatedColumns TestMeanInNSigmas TestMostCommonValueShare " +
			"TestNumberOfOutListValues TestNumberOfOutRangeValues TestNumberOfUniqueValues TestNumColumnsMeanInNSigmas " +
			"TestNumColumnsOutOfRangeValues TestPredictionFeaturesCorrelations TestShareOfOutListValues TestShareOfOutRangeValues " +
			"TestTargetFeaturesCorrelations TestTargetPredictionCorrelation TestUniqueValuesShare TestValueList TestValueRange " +
			"TestValueAbsMaxError TestValueMAE TestValueMAPE TestValueMeanError TestValueR2Score TestValueRMSE"),
		notOffered: map[string]string{
			"TestColumnsType": "telltale reads the current data with the reference's column types, so the test could not fail: a mistyped value is an error when reading (see presets/doc.go)",
		}},
	{kind: "Stat tests", items: strings.Fields("anderson chisquare cramer_von_mises ed empirical_mmd es fisher_exact g_test hellinger " +
		"jensenshannon kl_div ks mannw perc_text_content_drift abs_text_content_drift psi t_test TVD wasserstein z")},
	{kind: "Text descriptors", items: strings.Fields("BeginsWith Contains ContainsLink CustomColumnEval CustomPairColumnEval DoesNotContain " +
		"EndsWith ExactMatch ExcludesWords IncludesWords IsValidJSON IsValidPython ItemMatch ItemNoMatch JSONMatch JSONSchemaMatch " +
		"NonLetterCharacterPercentage OOV RegExp SentenceCount Sentiment TextLength TriggerWordsPresence WordCount WordMatch WordNoMatch"),
		notOffered: map[string]string{
			"CustomColumnEval":     "runs a Python function on each row; in Go, implement descriptors.Descriptor",
			"CustomPairColumnEval": "runs a Python function on each pair of values; in Go, implement descriptors.Descriptor",
			"IsValidPython":        "needs Python's own parser (ast.parse) to agree with Evidently",
			"ItemMatch":            "reads a column of lists of items per row; telltale's columns hold no lists",
			"ItemNoMatch":          "reads a column of lists of items per row; telltale's columns hold no lists",
			"WordMatch":            "reads a column of lists of words per row; telltale's columns hold no lists",
			"WordNoMatch":          "reads a column of lists of words per row; telltale's columns hold no lists",
			"JSONMatch":            "not built: equality of two JSON columns as Python compares the parsed values",
		}},
}

// offered maps each kind to Evidently's names telltale offers, with the
// alias (telltale's name and a note), from the alias tables and catalogs.
func offered(t *testing.T) map[string]map[string]metrics.Alias {
	out := map[string]map[string]metrics.Alias{}
	add := func(kind string, as []metrics.Alias) {
		if out[kind] == nil {
			out[kind] = map[string]metrics.Alias{}
		}
		for _, a := range as {
			if _, dup := out[kind][a.Evidently]; dup {
				t.Errorf("%s: two alias rows for %s", kind, a.Evidently)
			}
			out[kind][a.Evidently] = a
		}
	}
	var metricPresets, testPresets []metrics.Alias
	for _, a := range presets.EvidentlyAliases() {
		if strings.HasPrefix(a.Name, "tests:") {
			testPresets = append(testPresets, a)
		} else {
			metricPresets = append(metricPresets, a)
		}
		if _, _, err := presets.Lookup(a.Name, ""); err != nil {
			t.Errorf("preset alias %s: %v", a.Evidently, err)
		}
	}
	add("Metric presets", metricPresets)
	add("Test presets", testPresets)
	for _, a := range metrics.EvidentlyAliases() {
		if _, _, ok := metrics.Lookup(a.Evidently); !ok {
			t.Errorf("metric alias %s -> %s: not in the catalog", a.Evidently, a.Name)
		}
	}
	add("Metrics", metrics.EvidentlyAliases())
	for _, a := range tests.EvidentlyAliases() {
		if _, _, ok := tests.Lookup(a.Evidently); !ok {
			t.Errorf("test alias %s -> %s: not in the catalog", a.Evidently, a.Name)
		}
	}
	add("Tests", tests.EvidentlyAliases())
	var st []metrics.Alias
	for _, n := range stattest.Default().Names() {
		st = append(st, metrics.Alias{Evidently: n, Name: n})
	}
	add("Stat tests", st)
	for _, a := range metrics.EvidentlyDescriptorAliases() {
		if _, ok := descriptors.Catalog()[a.Name]; !ok {
			t.Errorf("descriptor alias %s -> %s: not in the catalog", a.Evidently, a.Name)
		}
	}
	add("Text descriptors", metrics.EvidentlyDescriptorAliases())
	return out
}

// TestEvidentlyCoverage holds docs/evidently-coverage.md to the alias
// tables and catalogs: every item of Evidently's legacy API is offered
// (an alias row) or says why not, never both; every alias row names an
// item of the API. Run with -update to rewrite the file.
func TestEvidentlyCoverage(t *testing.T) {
	have := offered(t)
	var b bytes.Buffer
	b.WriteString(header)
	total, yes, partly, no := 0, 0, 0, 0
	var sections bytes.Buffer
	for _, sec := range evidently {
		listed := map[string]bool{}
		fmt.Fprintf(&sections, "\n## %s\n\n| Evidently 0.4.40 | telltale | notes |\n|---|---|---|\n", sec.kind)
		items := append([]string(nil), sec.items...)
		sort.Strings(items)
		for _, it := range items {
			if listed[it] {
				t.Errorf("%s: %s listed twice", sec.kind, it)
			}
			listed[it] = true
			total++
			a, ok := have[sec.kind][it]
			why, not := sec.notOffered[it]
			switch {
			case ok && not:
				t.Errorf("%s: %s is offered as %s, yet says it is not: %s", sec.kind, it, a.Name, why)
			case !ok && !not:
				t.Errorf("%s: %s is neither offered (no alias row) nor says why not", sec.kind, it)
			case not:
				no++
				fmt.Fprintf(&sections, "| `%s` | — | not offered: %s |\n", it, why)
			default:
				name := strings.TrimPrefix(strings.TrimPrefix(a.Name, "metrics:"), "tests:")
				if a.Note != "" {
					partly++
				} else {
					yes++
				}
				fmt.Fprintf(&sections, "| `%s` | `%s` | %s |\n", it, name, a.Note)
			}
		}
		for name := range have[sec.kind] {
			if !listed[name] {
				t.Errorf("%s: the alias row %s names no item of Evidently 0.4.40's API", sec.kind, name)
			}
		}
		for name := range sec.notOffered {
			if !listed[name] {
				t.Errorf("%s: %s says why it is not offered but is no item of the API", sec.kind, name)
			}
		}
	}
	fmt.Fprintf(&b, "Of %d items, telltale offers %d as Evidently does, %d with a difference the notes give, and not %d.\n", total, yes, partly, no)
	b.Write(sections.Bytes())
	const file = "../../docs/evidently-coverage.md"
	if *update {
		if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != b.String() {
		t.Errorf("docs/evidently-coverage.md is stale: go test ./internal/evidentlycoverage -update")
	}
}

const header = `# Evidently coverage

<!-- Generated by go test ./internal/evidentlycoverage -update; DO NOT EDIT. -->

Every item of Evidently 0.4.40's legacy API (its metric and test classes,
presets, stat tests and text descriptors; the recommender-system classes and
the descriptors that call a model or an LLM are left out) with telltale's
name for it, or why telltale does not offer it. A config may name either
(see docs/migrating-from-evidently.md). The table is generated from the
alias tables (metrics.EvidentlyAliases, tests.EvidentlyAliases,
presets.EvidentlyAliases, metrics.EvidentlyDescriptorAliases) and the stat
test registry, and a test fails when they and this list disagree.

`

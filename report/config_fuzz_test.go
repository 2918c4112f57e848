package report_test

import (
	"testing"

	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
)

// FuzzParseConfig parses arbitrary bytes as a config: no panic, and a
// config that parses has an entry for each of its notes' names.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		fullConfig,
		"presets: [DataDriftPreset]\nmetrics:\n  - metric: ColumnQuantileMetric\n    column_name: x\n    quantile: 0.5\n",
		"tests:\n  - test: TestColumnValueMin\n    column_name: a\n    is_critical: false\n    is_in: [1, 2]\n",
		"metrics:\n  - {metric: EmbeddingsDriftMetric, embeddings_name: e, method: model, pca_components: 2}\n",
		"mapping: {prediction_probas: {a: p}}\n",
		"metrics: [ColumnDriftMetric, {metric: DataDriftTable, columns: [a]}]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		c, err := report.ParseConfig("f.yaml", []byte(data), "", presets.TestPreset)
		if err != nil {
			return
		}
		if len(c.Notes) > len(c.Presets)+len(c.Metrics)+len(c.Tests)+len(c.Generators) {
			t.Fatalf("%d notes for %d entries", len(c.Notes), len(c.Presets)+len(c.Metrics)+len(c.Tests)+len(c.Generators))
		}
	})
}

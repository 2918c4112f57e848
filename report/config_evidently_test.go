package report_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

// A config written with Evidently's class and option names gives the same
// report as one written with telltale's, and says once per name what
// telltale calls it.
func TestConfigAcceptsEvidentlyNames(t *testing.T) {
	evidently := `
presets:
  - DataDriftPreset
  - preset: DataStabilityTestPreset
    columns: [age]
metrics:
  - metric: ColumnDriftMetric
    column_name: age
    stattest: psi
  - metric: DataDriftTable
  - metric: DatasetDriftMetric
    drift_share: 0.3
  - metric: ColumnQuantileMetric
    column_name: age
    quantile: 0.9
  - metric: EmbeddingsDriftMetric
    embeddings_name: e
    method: distance
  - metric: ColumnDriftMetric
    column_name: plan
tests:
  - test: TestShareOfDriftedColumns
    lt: 0.3
  - test: TestColumnValueMin
    column_name: age
    gte: 0
  - test: TestAllColumnsShareOfMissingValues
`
	telltale := `
presets:
  - metrics:data-drift
  - preset: tests:data-stability
    columns: [age]
metrics:
  - metric: ColumnDrift
    column: age
    stattest: psi
  - metric: DataDrift
  - metric: DataDrift
    drift_share: 0.3
  - metric: ColumnSummary
    column: age
    quantiles: [0.9]
  - metric: EmbeddingsDrift
    embeddings: e
    method: distance
  - metric: ColumnDrift
    column: plan
tests:
  - test: ShareOfDriftedColumns
    lt: 0.3
  - test: ColumnValueMin
    column: age
    gte: 0
  - test: AllColumnsShareOfMissingValues
`
	a, err := report.ParseConfig("evidently.yaml", []byte(evidently), "", presets.MetricPreset)
	require.NoError(t, err)
	b, err := report.ParseConfig("telltale.yaml", []byte(telltale), "", presets.MetricPreset)
	require.NoError(t, err)
	require.Len(t, a.Metrics, len(b.Metrics))
	for i := range a.Metrics {
		ia, err := metrics.ID(a.Metrics[i])
		require.NoError(t, err)
		ib, err := metrics.ID(b.Metrics[i])
		require.NoError(t, err)
		assert.Equal(t, ib, ia)
	}
	require.Len(t, a.Tests, 2)
	for i := range a.Tests {
		assert.Equal(t, b.Tests[i], a.Tests[i])
	}
	require.Len(t, a.Generators, 1)
	assert.Equal(t, b.Generators, a.Generators)
	require.Len(t, a.Presets, 2)
	assert.Equal(t, b.Presets, a.Presets)
	assert.Equal(t, "data-stability", a.Presets[1].Name(), "DataStabilityTestPreset is the test preset")
	assert.Equal(t, []string{
		"evidently.yaml: DataDriftPreset is Evidently's name for metrics:data-drift",
		"evidently.yaml: DataStabilityTestPreset is Evidently's name for tests:data-stability",
		"evidently.yaml: ColumnDriftMetric is Evidently's name for ColumnDrift",
		"evidently.yaml: DataDriftTable is Evidently's name for DataDrift (one metric holds the dataset's drift and each column's)",
		"evidently.yaml: DatasetDriftMetric is Evidently's name for DataDrift (one metric holds the dataset's drift and each column's)",
		"evidently.yaml: ColumnQuantileMetric is Evidently's name for ColumnSummary (the quantile is among its quantiles)",
		"evidently.yaml: EmbeddingsDriftMetric is Evidently's name for EmbeddingsDrift (drift_method is given as the keys method, threshold, bootstrap, pca_components, ...)",
		"evidently.yaml: TestShareOfDriftedColumns is Evidently's name for ShareOfDriftedColumns",
		"evidently.yaml: TestColumnValueMin is Evidently's name for ColumnValueMin",
		"evidently.yaml: TestAllColumnsShareOfMissingValues is Evidently's name for AllColumnsShareOfMissingValues",
	}, a.Notes, "once per name: ColumnDriftMetric twice is said once")
	assert.Empty(t, b.Notes)

	// Mistakes under an Evidently name name both.
	_, err = report.ParseConfig("e.yaml", []byte("metrics:\n  - metric: ColumnDriftMetric\n    column_nam: age\n"), "", presets.MetricPreset)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown key "column_nam" for metric ColumnDrift (Evidently's ColumnDriftMetric)`)
	_, err = report.ParseConfig("e.yaml", []byte("metrics:\n  - metric: ColumnDriftMetrik\n"), "", presets.MetricPreset)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `(did you mean "ColumnDriftMetric"?)`)
}

// Every alias names an entry of its catalog, and no Evidently name is
// listed twice.
func TestEvidentlyAliasesResolve(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range metrics.EvidentlyAliases() {
		_, ok := metrics.Catalog()[a.Name]
		assert.True(t, ok, "%s → %s", a.Evidently, a.Name)
		assert.False(t, seen[a.Evidently], a.Evidently)
		seen[a.Evidently] = true
	}
	for _, a := range tests.EvidentlyAliases() {
		v, got, ok := tests.Lookup(a.Evidently)
		assert.True(t, ok && v != nil && got.Name == a.Name, "%s → %s", a.Evidently, a.Name)
		assert.False(t, seen[a.Evidently], a.Evidently)
		seen[a.Evidently] = true
	}
	for _, a := range presets.EvidentlyAliases() {
		f, _, got, err := presets.LookupAlias(a.Evidently, "")
		assert.NoError(t, err, a.Evidently)
		assert.Equal(t, a, got)
		assert.NotNil(t, f)
		assert.False(t, seen[a.Evidently], a.Evidently)
		seen[a.Evidently] = true
	}
}

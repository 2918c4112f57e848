package report_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

const fullConfig = `# a suite
reference: data/ref.csv
current: /abs/cur.csv
mapping:
  target: churned
  prediction: score
  prediction_probas: {yes: p_yes, "no": p_no}
  pos_label: 1
  datetime: ts
  numerical: [age]
  categorical: [plan]
  embeddings: {e: [e1, e2]}
presets:
  - data-drift
  - {preset: data-summary, columns: [age]}
  - preset: metrics:data-drift
    stattest: psi
    num_stattest_threshold: 0.2
    drift_share: 0.4
    per_column_stattest: {age: wasserstein}
metrics:
  - DatasetSummary
  - metric: ColumnDrift
    column: age
    stattest: ks
tests:
  - test: ShareOfDriftedColumns
    lt: 0.3
  - test: ColumnShareOfMissingValues
    column: age
    lte: 0.05
    critical: false
  - test: TestNumberOfRows
    between: [10, 20]
    in: [1, 2.5]
  - test: AllColumnsShareOfMissingValues
    columns: [age]
    lt: 0.1
`

func TestParseConfig(t *testing.T) {
	c, err := report.ParseConfig("suite.yaml", []byte(fullConfig), "/cfg", presets.TestPreset)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join("/cfg", "data/ref.csv"), c.Reference)
	assert.Equal(t, "/abs/cur.csv", c.Current)
	assert.Equal(t, &dataset.Definition{
		Target: "churned", Prediction: "score", PosLabel: "1", Datetime: "ts",
		PredictionProbas: []dataset.ProbaColumn{{Label: "yes", Column: "p_yes"}, {Label: "no", Column: "p_no"}},
		Numerical:        []string{"age"}, Categorical: []string{"plan"}, Embeddings: map[string][]string{"e": {"e1", "e2"}},
	}, c.Mapping)

	require.Len(t, c.Presets, 3)
	assert.IsType(t, &presets.DataDriftTests{}, c.Presets[0]) // a suite prefers test presets
	assert.Equal(t, &presets.DataSummary{Columns: []string{"age"}}, c.Presets[1])
	dd := c.Presets[2].(*presets.DataDrift)
	assert.Equal(t, "psi", dd.StatTest)
	assert.Equal(t, 0.2, *dd.NumThreshold)
	assert.Equal(t, 0.4, *dd.DriftShare)
	assert.Equal(t, map[string]string{"age": "wasserstein"}, dd.PerColumnStatTest)

	require.Len(t, c.Metrics, 2)
	assert.Equal(t, "DatasetSummary", c.Metrics[0].Name())
	assert.Equal(t, &metrics.ColumnDrift{Column: "age", DriftOptions: metrics.DriftOptions{StatTest: "ks"}}, c.Metrics[1])

	require.Len(t, c.Tests, 3)
	share := c.Tests[0].(*tests.ShareOfDriftedColumns)
	assert.Equal(t, 0.3, *share.Lt)
	assert.True(t, share.Critical())
	miss := c.Tests[1]
	assert.Equal(t, "ColumnShareOfMissingValues", miss.Name())
	assert.False(t, miss.(tests.Critical).Critical())
	assert.Equal(t, `{"lte":0.05,"critical":false,"column":"age"}`, mustJSON(t, miss))
	assert.Equal(t, "NumberOfRows", c.Tests[2].Name())
	assert.Equal(t, `{"in":[1,2.5],"between":[10,20]}`, mustJSON(t, c.Tests[2]))
	require.Len(t, c.Generators, 1)
	assert.Equal(t, "AllColumnsShareOfMissingValues", c.Generators[0].Name())

	// A report prefers metric presets.
	c, err = report.ParseConfig("r.yaml", []byte("presets: [data-drift, data-stability]"), "", presets.MetricPreset)
	require.NoError(t, err)
	assert.IsType(t, &presets.DataDrift{}, c.Presets[0])
	assert.IsType(t, &presets.DataStabilityTests{}, c.Presets[1])
	r := c.Report()
	assert.Len(t, r.Presets, 2)
}

func TestParseConfigJSON(t *testing.T) {
	c, err := report.ParseConfig("s.json", []byte(`{
  "mapping": {"target": "y", "prediction_probas": ["a", "b"]},
  "tests": [{"test": "ShareOfDriftedColumns", "gte": 0.1, "drift_share": 0.2}]
}`), "", presets.TestPreset)
	require.NoError(t, err)
	assert.Equal(t, dataset.ProbasNamedAsClasses("a", "b"), c.Mapping.PredictionProbas)
	assert.Equal(t, 0.2, *c.Tests[0].(*tests.ShareOfDriftedColumns).DriftShare)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := jsonMarshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []struct{ config, err string }{
		{"tests:\n  - test: ShareOfDriftedColumns\n    lt: 0.3\n  - test: ColumnShareOfMissingValues\n    column: age\n    lte_x: 0.05\n",
			`c.yaml:6: tests[1]: unknown key "lte_x" for test ColumnShareOfMissingValues (did you mean "lte"?) (known: absolute, between, column, critical, eq, gt, gte, in, lt, lte, missing_values, not_eq, not_in, relative, replace)`},
		{"tests:\n  - test: ShareOfDriftedColumns\n    lt: lots\n", `c.yaml:3: tests[0].lt: want a number, got "lots"`},
		{"tests:\n  - test: ShareOfDriftedColumns\n    lt: \"0.3\"\n", `c.yaml:3: tests[0].lt: want a number, got "0.3"`},
		{"tests:\n  - test: ShareOfDriftedColumns\n    critical: maybe\n", `c.yaml:3: tests[0].critical: want true or false, got "maybe"`},
		{"tests:\n  - test: NumberOfRows\n    between: [1, 2, 3]\n", `c.yaml:3: tests[0].between: want a list of 2 values, got 3`},
		{"tests:\n  - test: NumberOfRows\n    in: 3\n", `c.yaml:3: tests[0].in: want a list, got "3"`},
		{"tests:\n  - test: ShareOfDriftedColumn\n", `c.yaml:2: tests[0]: unknown test "ShareOfDriftedColumn" (did you mean "ShareOfDriftedColumns"?)`},
		{"tests:\n  - lt: 3\n", `c.yaml:2: tests[0]: the key "test" is missing`},
		{"tests:\n  - test: NumberOfRows\n    lt: 3\n    lt: 4\n", `c.yaml:4: tests[0]: duplicate key "lt"`},
		{"tests: NumberOfRows\n", `c.yaml:1: tests: want a list, got "NumberOfRows"`},
		{"metrics:\n  - metric: DataDrift\n    drift_share: [1]\n", `c.yaml:3: metrics[0].drift_share: want a number, got a list`},
		{"metrics:\n  - metric: Nope\n", `c.yaml:2: metrics[0]: unknown metric "Nope"`},
		{"presets:\n  - nope\n", `c.yaml:2: presets[0]: unknown preset "nope"`},
		{"presets:\n  - preset: data-drift\n    stattest: [ks]\n", `c.yaml:3: presets[0].stattest: want a string, got a list`},
		{"presets:\n  - preset: regression\n    k: 3\n", `c.yaml:3: presets[0]: unknown key "k": preset regression takes no options`},
		{"mapping:\n  target: y\n  numerical: age\n", `c.yaml:3: mapping.numerical: want a list, got "age"`},
		{"mapping:\n  targt: y\n", `c.yaml:2: mapping: unknown key "targt" for mapping (did you mean "target"?)`},
		{"mapping:\n  prediction_probas: p\n", `c.yaml:2: mapping.prediction_probas: want a list of columns named as the classes, or a map from class label to column, got "p"`},
		{"refrence: a.csv\n", `c.yaml:1: unknown key "refrence" (known: reference, current, mapping, descriptors, presets, metrics, tests, monitor)`},
		{"- a\n", `c.yaml:1: want a mapping with keys`},
		{"tests: [\n", `c.yaml:1: did not find expected node content`},
		{"", `c.yaml: the config file is empty`},
	} {
		_, err := report.ParseConfig("c.yaml", []byte(c.config), "", presets.TestPreset)
		if assert.Error(t, err, c.config) {
			assert.Contains(t, err.Error(), c.err, c.config)
			var ce *report.ConfigError
			assert.ErrorAs(t, err, &ce)
		}
	}
}

func TestReadConfig(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "telltale.yaml")
	require.NoError(t, os.WriteFile(p, []byte("reference: ref.csv\ncurrent: cur.csv\n"), 0o644))
	c, err := report.ReadConfig(p, presets.MetricPreset)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "ref.csv"), c.Reference)
	assert.Equal(t, filepath.Join(dir, "cur.csv"), c.Current)
	_, err = report.ReadConfig(filepath.Join(dir, "missing.yaml"), presets.MetricPreset)
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

func TestExampleCIConfigParses(t *testing.T) {
	c, err := report.ReadConfig("../examples/ci/telltale.yaml", presets.TestPreset)
	require.NoError(t, err)
	assert.Len(t, c.Presets, 2)
	assert.Len(t, c.Tests, 3)
	assert.Equal(t, "weather", c.Mapping.Target)
	for _, f := range []string{"../examples/ci/github-actions.yml", "../examples/ci/gitlab-ci.yml"} {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		var v map[string]any
		require.NoError(t, yaml.Unmarshal(b, &v), f)
		assert.NotEmpty(t, v, f)
	}
}

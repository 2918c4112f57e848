package report_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
)

// Values a type check lets through (issue 17.14): NaN and infinite bounds,
// conditions that can never hold, thresholds outside their range, and a
// second YAML document are errors at their line.
func TestConfigValueChecks(t *testing.T) {
	for _, c := range []struct{ config, err string }{
		{"tests:\n  - test: NumberOfRows\n    lt: .nan\n", `c.yaml:3: tests[0].lt: want a finite number, got .nan`},
		{"tests:\n  - test: NumberOfRows\n    gt: -.inf\n", `c.yaml:3: tests[0].gt: want a finite number, got -.inf`},
		{"tests:\n  - test: NumberOfRows\n    in: [1, .inf]\n", `c.yaml:3: tests[0].in[1]: want a finite number, got .inf`},
		{"tests:\n  - test: NumberOfRows\n    between: [5, 1]\n", `c.yaml:3: tests[0]: between: [5, 1]: the lower bound is above the upper one`},
		{"tests:\n  - test: NumberOfRows\n    gt: 5\n    lt: 3\n", `c.yaml:4: tests[0]: lt: no value can be > 5 and < 3`},
		{"tests:\n  - test: NumberOfRows\n    lt: 3\n    gt: 3\n", `c.yaml:3: tests[0]: lt: no value can be > 3 and < 3`},
		{"tests:\n  - test: NumberOfRows\n    gte: 10\n    between: [1, 5]\n", `c.yaml:4: tests[0]: between: no value can be >= 10 and <= 5 (between)`},
		{"tests:\n  - test: NumberOfRows\n    eq: 3\n    relative: -0.1\n", `c.yaml:4: tests[0]: relative: -0.1: a tolerance is a finite number, at least 0`},
		{"tests:\n  - test: ShareOfDriftedColumns\n    drift_share: 1.5\n", `c.yaml:3: tests[0]: drift_share: 1.5 is not a share in [0, 1]`},
		{"metrics:\n  - metric: DataDrift\n    drift_share: -0.1\n", `c.yaml:3: metrics[0]: drift_share: -0.1 is not a share in [0, 1]`},
		{"presets:\n  - preset: data-drift\n    drift_share: 2\n", `c.yaml:3: presets[0]: drift_share: 2 is not a share in [0, 1]`},
		{"presets:\n  - preset: data-drift\n    stattest: ks\n    stattest_threshold: 5\n", `c.yaml:4: presets[0]: stattest_threshold: 5 is not in [0, 1] (ks is a p-value)`},
		{"presets:\n  - preset: data-drift\n    stattest_threshold: 1.2\n", `c.yaml:3: presets[0]: stattest_threshold: 1.2 is not in [0, 1] (the automatic choice of test may be a p-value test)`},
		{"presets:\n  - preset: data-drift\n    num_stattest: psi\n    num_stattest_threshold: -1\n", `c.yaml:4: presets[0]: num_stattest_threshold: -1 is negative (psi is a distance, at least 0)`},
		{"presets:\n  - preset: data-drift\n    cat_stattest: hellinger\n    cat_stattest_threshold: 3\n", `c.yaml:4: presets[0]: cat_stattest_threshold: 3 is not in [0, 1] (hellinger is a distance in [0, 1])`},
		{"metrics:\n  - metric: DataDrift\n    per_column_stattest: {age: ks}\n    per_column_stattest_threshold:\n      age: 7\n", `c.yaml:5: metrics[0]: per_column_stattest_threshold "age": 7 is not in [0, 1] (ks is a p-value)`},
		{"tests:\n  - test: NumberOfRows\n---\ntests:\n  - test: NumberOfColumns\n", `c.yaml:4: a second YAML document (after ---)`},
	} {
		_, err := report.ParseConfig("c.yaml", []byte(c.config), "", presets.TestPreset)
		if assert.Error(t, err, c.config) {
			assert.Contains(t, err.Error(), c.err, c.config)
			var ce *report.ConfigError
			assert.ErrorAs(t, err, &ce)
		}
	}

	// What is valid still parses: a distance threshold above 1, equal
	// inclusive bounds, a trailing document separator, a psi threshold for
	// one column when the kind-level test is psi.
	for _, ok := range []string{
		"presets:\n  - preset: data-drift\n    stattest: wasserstein\n    stattest_threshold: 2.5\n",
		"tests:\n  - test: NumberOfRows\n    gte: 3\n    lte: 3\n",
		"tests:\n  - test: NumberOfRows\n    between: [3, 3]\n",
		"tests:\n  - test: NumberOfRows\n---\n",
		"metrics:\n  - metric: DataDrift\n    num_stattest: psi\n    per_column_stattest_threshold: {age: 2}\n",
	} {
		_, err := report.ParseConfig("c.yaml", []byte(ok), "", presets.TestPreset)
		assert.NoError(t, err, ok)
	}
}

// The same checks hold for the Go API, at compute time.
func TestDriftOptionChecksInTheLibrary(t *testing.T) {
	five := 5.0
	o := metrics.DriftOptions{StatTest: "ks", StatTestThreshold: &five}
	err := o.CheckThresholds()
	require.Error(t, err)
	assert.True(t, errors.Is(err, metrics.ErrOption))
	assert.Error(t, metrics.CheckShare("drift_share", &five))
}

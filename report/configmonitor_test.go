package report_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
)

const monitorConfig = `mapping:
  target: churned
presets: [data-drift]
monitor:
  window: {rows: 10000}
  recompute: {every: 30s}
  track_every: 5
  datasets:
    churn:
      reference: data/churn.parquet
      mapping: {target: churned, prediction: score}
      presets: [data-drift, classification]
      tests:
        - test: ShareOfDriftedColumns
          lt: 0.3
      window: {rows: 5000, duration: 1h, by: datetime}
      recompute: {every_rows: 1000, every: 10s}
      experiment: churn-monitor
    plain:
      reference: /abs/plain.csv
`

func TestParseMonitorConfig(t *testing.T) {
	c, err := report.ParseConfig("m.yaml", []byte(monitorConfig), "/cfg", presets.MetricPreset)
	require.NoError(t, err)
	// The top level still reads as before.
	require.Len(t, c.Presets, 1)
	require.NotNil(t, c.Mapping)
	m := c.Monitor
	require.NotNil(t, m)
	assert.Equal(t, report.MonitorSettings{WindowRows: 10000, Every: 30 * time.Second, TrackEvery: 5}, m.Defaults)
	require.Len(t, m.Datasets, 2)
	churn := m.Datasets[0]
	assert.Equal(t, "churn", churn.Name)
	assert.Equal(t, 9, churn.Line)
	assert.Equal(t, filepath.Join("/cfg", "data/churn.parquet"), churn.Reference)
	assert.Equal(t, "churn-monitor", churn.Experiment)
	assert.Equal(t, "score", churn.Mapping.Prediction)
	assert.Len(t, churn.Presets, 2)
	assert.Len(t, churn.Tests, 1)
	assert.True(t, churn.HasReport())
	assert.Equal(t, report.MonitorSettings{WindowRows: 5000, WindowDuration: time.Hour, WindowBy: "datetime",
		EveryRows: 1000, Every: 10 * time.Second}, churn.Settings)
	plain := m.Datasets[1]
	assert.Equal(t, "/abs/plain.csv", plain.Reference)
	assert.False(t, plain.HasReport())
	assert.Nil(t, plain.Mapping)

	// Settings alone, for the one dataset of --reference; a dataset
	// without a reference takes the top-level one.
	c, err = report.ParseConfig("m.yaml", []byte("monitor:\n  window: {rows: 50}\n"), "", presets.MetricPreset)
	require.NoError(t, err)
	assert.Empty(t, c.Monitor.Datasets)
	assert.Equal(t, 50, c.Monitor.Defaults.WindowRows)
	c, err = report.ParseConfig("m.yaml", []byte("monitor:\n  datasets:\n    a: {window: {rows: 5}}\n"), "", presets.MetricPreset)
	require.NoError(t, err)
	assert.Equal(t, "", c.Monitor.Datasets[0].Reference)
}

func TestParseMonitorConfigErrors(t *testing.T) {
	cases := []struct{ config, want string }{
		{"monitor:\n  windows: {rows: 1}\n", `m.yaml:2: monitor: unknown key "windows" (did you mean "window"?)`},
		{"monitor:\n  datasets:\n    a:\n      reference: r.csv\n      window: {rows: 0}\n", `m.yaml:5: monitor.datasets.a.window.rows: want a positive integer, got "0"`},
		{"monitor:\n  datasets:\n    a:\n      reference: r.csv\n      window: {duration: 10}\n", `m.yaml:5: monitor.datasets.a.window.duration: want a positive duration such as 30s`},
		{"monitor:\n  datasets:\n    a:\n      reference: r.csv\n      window: {by: clock}\n", `monitor.datasets.a.window.by: want arrival`},
		{"monitor:\n  datasets:\n    a:\n      reference: r.csv\n      recompute: {every_rowz: 3}\n", `m.yaml:5: monitor.datasets.a.recompute: unknown key "every_rowz" (did you mean "every_rows"?)`},
		{"monitor:\n  datasets:\n    a b:\n      reference: r.csv\n", `m.yaml:3: monitor.datasets.a b: a dataset name is made of letters`},
		{"monitor:\n  datasets:\n    a:\n      reference: r.csv\n      presets: [no-such]\n", `m.yaml:5: monitor.datasets.a.presets[0]: `},
		{"monitor:\n  datasets:\n    a:\n      reference: r.csv\n      tests:\n        - test: ShareOfDriftedColumns\n          lt_x: 1\n", `m.yaml:7: monitor.datasets.a.tests[0]: unknown key "lt_x"`},
		{"monitor:\n  datasets:\n    a:\n      reference: r.csv\n      colour: red\n", `m.yaml:5: monitor.datasets.a: unknown key "colour"`},
		{"monitor:\n  datasets: [a]\n", `monitor.datasets: want a mapping, got a list`},
		{"monitor: [a]\n", `monitor: want a mapping with the keys datasets, window, recompute, track_every`},
	}
	for _, c := range cases {
		_, err := report.ParseConfig("m.yaml", []byte(c.config), "", presets.MetricPreset)
		require.Error(t, err, c.config)
		assert.Contains(t, err.Error(), c.want, c.config)
		var ce *report.ConfigError
		assert.ErrorAs(t, err, &ce)
	}
}

func TestCheckDatasetName(t *testing.T) {
	for _, ok := range []string{"churn", "a_b-c.1", "X"} {
		assert.NoError(t, report.CheckDatasetName(ok), ok)
	}
	for _, bad := range []string{"", ".hidden", "a/b", "a b", "é", string(make([]byte, 101))} {
		assert.Error(t, report.CheckDatasetName(bad), bad)
	}
}

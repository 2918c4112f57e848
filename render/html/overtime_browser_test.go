package html_test

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/report"
)

// overTimeSnapshot is a regression on daily data, a year per dataset, with
// the over-time views and the predicted-vs-actual scatter.
func overTimeSnapshot(t testing.TB) *report.Snapshot {
	t.Helper()
	mk := func(source string, from time.Time, seed uint64, bias float64) *dataset.Frame {
		rng := rand.New(rand.NewPCG(seed, 5))
		const n = 365 * 4
		ts := make([]time.Time, n)
		y, p := make([]float64, n), make([]float64, n)
		kind := make([]string, n)
		for i := range ts {
			ts[i] = from.Add(time.Duration(i) * 6 * time.Hour)
			season := 10 * math.Sin(2*math.Pi*float64(i)/(365*4))
			y[i] = 20 + season + rng.NormFloat64()*2
			p[i] = y[i] + bias*float64(i)/n + rng.NormFloat64()
			kind[i] = []string{"sun", "rain", "snow"}[rng.IntN(3)]
		}
		f, err := dataset.New(source, dataset.NewTimeColumn("date", ts, nil), dataset.NewNumericColumn("temp", y),
			dataset.NewNumericColumn("forecast", p), dataset.NewStringColumn("weather", dataset.Categorical, kind, nil))
		require.NoError(t, err)
		return f
	}
	ref := mk("ref.csv", time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), 1, 0)
	cur := mk("cur.csv", time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), 2, 5)
	r := &report.Report{Metrics: []metrics.Metric{&metrics.RegressionOverTime{}, &metrics.RegressionPredictedVsActual{},
		&metrics.ColumnOverTime{Column: "weather"}, &metrics.ColumnSummary{Column: "temp"}, &metrics.TargetByFeaturesTable{}}}
	s, err := r.Run(context.Background(), report.Data{Reference: ref, Current: cur,
		Definition: &dataset.Definition{Datetime: "date", Target: "temp", Prediction: "forecast"}}, &report.Options{Version: "test"})
	require.NoError(t, err)
	for _, e := range s.Metrics {
		require.Empty(t, e.Error, e.ID)
	}
	return s
}

func TestBrowserOverTimeReport(t *testing.T) {
	s := overTimeSnapshot(t)
	file, page := writePage(t, s, nil, "overtime.html")
	assert.Less(t, len(page), 2<<20, "aggregated: the page stays small")
	check, consoleErrors, requests, png := openInBrowser(t, file)
	assert.Empty(t, consoleErrors, "console errors")
	assert.Empty(t, requests, "network requests")
	assert.GreaterOrEqual(t, check.Charts, 8)
	assert.Empty(t, check.Empty, "chart containers without a rendered svg or canvas")
	if dir := os.Getenv("TELLTALE_SCREENSHOT_DIR"); dir != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "overtime.png"), png, 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "overtime.html"), page, 0o644))
		// The over-time charts as drawn, each as the browser test sees it.
		charts := drawCharts(t, s, nil)
		for _, c := range charts {
			t.Logf("chart %s: %d texts", c.ID, len(c.texts()))
		}
	}
	// Time axes label dates, not milliseconds.
	for _, c := range drawCharts(t, s, nil) {
		for _, txt := range c.texts() {
			assert.NotRegexp(t, `^1[67]\d{11}$`, txt, "chart %s labels raw milliseconds", c.ID)
		}
	}
}

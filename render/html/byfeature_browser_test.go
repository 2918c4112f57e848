package html_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/report"
)

// TestBrowserByFeatureClassification draws a classifier's by-feature
// tables in headless Chromium: ClassificationQualityByFeatureTable's
// accuracy by bin, and TargetByFeaturesTable's share of each true and
// predicted label by bin (a heatmap with blank empty bins).
func TestBrowserByFeatureClassification(t *testing.T) {
	mk := func(name string, shift float64) *dataset.Frame {
		n := 300
		x, plan := make([]float64, n), make([]string, n)
		y, p := make([]string, n), make([]string, n)
		for i := range n {
			x[i] = float64(i%50) + shift
			plan[i] = []string{"free", "pro", "team"}[i%3]
			y[i], p[i] = "stay", "stay"
			if i%50 > 30 {
				y[i] = "churn"
			}
			if i%7 == 0 {
				p[i] = "churn"
			}
		}
		x[5] = 1e3 // a lone value: the bins between are empty
		f, err := dataset.New(name, dataset.NewNumericColumn("usage", x), dataset.NewStringColumn("plan", dataset.Categorical, plan, nil),
			dataset.NewStringColumn("churned", dataset.Categorical, y, nil), dataset.NewStringColumn("predicted", dataset.Categorical, p, nil))
		require.NoError(t, err)
		return f
	}
	s, err := (&report.Report{Metrics: []metrics.Metric{&metrics.ClassificationQualityByFeatureTable{}, &metrics.TargetByFeaturesTable{}}}).Run(
		context.Background(), report.Data{Reference: mk("ref.csv", 0), Current: mk("cur.csv", 10),
			Definition: &dataset.Definition{Target: "churned", Prediction: "predicted"}}, &report.Options{Version: "test"})
	require.NoError(t, err)
	for _, e := range s.Metrics {
		require.Empty(t, e.Error, e.ID)
	}
	charts := drawCharts(t, s, nil)
	var accuracy, shares int
	for _, c := range charts {
		texts := c.texts()
		require.NotEmpty(t, texts, "chart %s drew nothing", c.ID)
		joined := strings.Join(texts, "|")
		switch {
		case strings.Contains(joined, "accuracy by bin"):
			accuracy++
		case strings.Contains(joined, "share of each label by bin"):
			shares++
			for _, want := range []string{"reference: true churn", "current: predicted stay"} {
				assert.True(t, slices.Contains(texts, want), "chart %s lacks the row %q: %v", c.ID, want, texts)
			}
		}
		assert.Empty(t, c.overlaps(), "chart %s: texts overlap", c.ID)
	}
	assert.Equal(t, 2, accuracy, "an accuracy chart per feature")
	assert.Equal(t, 2, shares, "a label-share heatmap per feature")
}

package report_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

// reviewFrames are reference and current reviews: the current ones are
// longer, angrier and carry links.
func reviewFrames(t testing.TB) (*dataset.Frame, *dataset.Frame) {
	t.Helper()
	mk := func(name string, n int, angry bool) *dataset.Frame {
		texts := make([]string, n)
		stars := make([]float64, n)
		for i := range texts {
			if angry {
				texts[i] = fmt.Sprintf("Terrible product, it broke after %d days. Never again! See https://example.com/%d", i%9+1, i)
			} else {
				texts[i] = fmt.Sprintf("Good value. Works well %d.", i%5)
			}
			stars[i] = float64(i % 5)
		}
		f, err := dataset.New(name, dataset.NewStringColumn("review", dataset.Text, texts, nil), dataset.NewNumericColumn("stars", stars))
		require.NoError(t, err)
		return f
	}
	return mk("ref.csv", 60, false), mk("cur.csv", 50, true)
}

const descriptorConfig = `
descriptors:
  - {descriptor: TextLength, column: review}
  - descriptor: Contains
    column: review
    items: [broke]
presets:
  - {preset: text-evals, column: review, descriptors: [Sentiment, {descriptor: WordCount}]}
metrics:
  - {metric: ColumnSummary, column: "Text Length for review"}
  - {metric: TextDescriptorsDriftMetric, column_name: review, stattest: psi}
  - {metric: TextDescriptorsDistribution, column: review}
  - {metric: ColumnDriftMetric, column_name: {descriptor: SentenceCount, column: review}}
tests:
  - test: TestColumnValueMin
    column_name: {descriptor: TextLength, column: review}
    gte: 20
  - test: ColumnValueMax
    column: {descriptor: OOV, column: review}
    lte: 50
  - test: CategoryShare
    column: "Text Contains of any [broke] for review"
    category: "True"
    lt: 0.5
`

func TestDescriptorsInConfig(t *testing.T) {
	c, err := report.ParseConfig("d.yaml", []byte(descriptorConfig), "", presets.MetricPreset)
	require.NoError(t, err)
	names := []string{}
	for _, d := range c.Descriptors {
		names = append(names, d.Output())
	}
	assert.Equal(t, []string{"Text Length for review", "Text Contains of any [broke] for review", "Sentence Count for review",
		"Text Length for review", "OOV Words % for review"}, names)
	ref, cur := reviewFrames(t)
	s, err := c.Report().Run(context.Background(), report.Data{Reference: ref, Current: cur}, &report.Options{Version: "test"})
	require.NoError(t, err)
	for _, e := range s.Metrics {
		assert.Empty(t, e.Error, e.ID)
	}
	byID := map[string]metrics.Result{}
	for _, e := range s.Metrics {
		byID[e.ID] = e.Result
	}
	// text-evals: a summary per descriptor, the descriptors read review.
	sent := byID["ColumnSummary(column=Sentiment for review)"].(*metrics.ColumnSummaryResult)
	assert.Less(t, float64(sent.Current.Mean), 0.0, "the current reviews are negative")
	assert.Greater(t, float64(sent.Reference.Mean), 0.0)
	require.Contains(t, byID, "ColumnSummary(column=Word Count for review)")
	tl := byID["ColumnSummary(column=Text Length for review)"].(*metrics.ColumnSummaryResult)
	assert.Equal(t, 25.0, float64(tl.Reference.Min)) // "Good value. Works well 0."
	drift := byID[`TextDescriptorsDrift(column=review,stattest=psi)`].(*metrics.TextDescriptorsDriftResult)
	assert.Equal(t, 3, drift.NumberOfColumns)
	assert.Equal(t, 3, drift.NumberOfDriftedColumns)
	assert.True(t, drift.DatasetDrift)
	require.Contains(t, byID, "ColumnDrift(column=Sentence Count for review)")
	dist := byID["TextDescriptorsDistribution(column=review)"].(*metrics.TextDescriptorsDistributionResult)
	require.Len(t, dist.Descriptors, 3)
	assert.Equal(t, "OOV Words % for review", dist.Descriptors[2].Column)

	got := map[string]tests.Status{}
	for _, o := range s.Tests {
		got[o.Name] = o.Status
		assert.NotEqual(t, tests.Error, o.Status, o.Description)
	}
	assert.Equal(t, tests.Success, got["ColumnValueMin"])
	assert.Equal(t, tests.Fail, got["CategoryShare"], "every current review contains broke")
	// The descriptor columns are in the data but are not features.
	assert.Contains(t, columnNames(s.Datasets.Current), "Text Length for review")
}

func columnNames(d report.DatasetInfo) []string {
	var out []string
	for _, c := range d.Columns {
		out = append(out, c.Name)
	}
	return out
}

func TestDescriptorsNotFeatures(t *testing.T) {
	ref, cur := reviewFrames(t)
	c, err := report.ParseConfig("d.yaml", []byte("descriptors: [{descriptor: TextLength, column: review}]\npresets: [data-drift]\n"), "", presets.MetricPreset)
	require.NoError(t, err)
	s, err := c.Report().Run(context.Background(), report.Data{Reference: ref, Current: cur}, nil)
	require.NoError(t, err)
	dd := s.Metrics[0].Result.(*metrics.DataDriftResult)
	for _, col := range dd.Columns {
		assert.NotEqual(t, "Text Length for review", col.Column, "a descriptor is not a feature")
	}
}

func TestDescriptorConfigErrors(t *testing.T) {
	for _, c := range []struct{ cfg, want string }{
		{"descriptors: [{descriptor: TextLenght, column: r}]", `d.yaml:1: descriptors[0]: unknown descriptor "TextLenght" (did you mean "TextLength"?)`},
		{"descriptors: [TextLength]", `d.yaml:1: descriptors[0]: descriptor TextLength needs the text column it reads`},
		{"descriptors: [{descriptor: OOV, column: r, ignore: [a]}]", `d.yaml:1: descriptors[0]: unknown key "ignore" for descriptor OOV`},
		{"tests:\n  - test: ColumnValueMin\n    column: {descriptor: WordCount}\n    gt: 1\n", `d.yaml:3: tests[0].column: descriptor WordCount needs the text column it reads`},
		{"descriptors: [{descriptor: Contains, column: r, items: broke}]", `d.yaml:1: descriptors[0].items: want a list`},
	} {
		_, err := report.ParseConfig("d.yaml", []byte(c.cfg), "", presets.MetricPreset)
		if assert.Error(t, err, c.cfg) {
			assert.Contains(t, err.Error(), c.want, c.cfg)
		}
	}
	// A descriptor that does not fit the data fails the run with its name.
	ref, cur := reviewFrames(t)
	c, err := report.ParseConfig("d.yaml", []byte("descriptors: [{descriptor: TextLength, column: stars}]\n"), "", presets.MetricPreset)
	require.NoError(t, err)
	_, err = c.Report().Run(context.Background(), report.Data{Reference: ref, Current: cur}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `column "stars": wrong column type: descriptor TextLength reads text, the column is numerical`)
}

// TestReportDescriptorsInByFeatureTables: a report's descriptor column
// ("Text Length for review") is taken as it is by the metrics whose
// default descriptors include it, not an error that the data already has
// that column.
func TestReportDescriptorsInByFeatureTables(t *testing.T) {
	ref, cur := reviewFrames(t)
	withModel := func(f *dataset.Frame) *dataset.Frame {
		n := f.Len()
		y, p := make([]string, n), make([]string, n)
		for i := range y {
			y[i], p[i] = []string{"ok", "bad"}[i%2], []string{"ok", "bad"}[i%3%2]
		}
		g, err := dataset.New(f.Source(), append(f.Columns(), dataset.NewStringColumn("y", dataset.Categorical, y, nil),
			dataset.NewStringColumn("p", dataset.Categorical, p, nil))...)
		require.NoError(t, err)
		return g
	}
	cfg := "mapping: {target: y, prediction: p}\ndescriptors: [{descriptor: TextLength, column: review}]\n" +
		"metrics: [TargetByFeaturesTable, ClassificationQualityByFeatureTable, {metric: TextDescriptorsDrift, column: review}]\n"
	c, err := report.ParseConfig("d.yaml", []byte(cfg), "", presets.MetricPreset)
	require.NoError(t, err)
	s, err := c.Report().Run(context.Background(), report.Data{Reference: withModel(ref), Current: withModel(cur), Definition: c.Mapping}, nil)
	require.NoError(t, err)
	require.Len(t, s.Metrics, 3)
	for _, e := range s.Metrics {
		require.Empty(t, e.Error, e.ID)
	}
	var names []string
	for _, f := range s.Metrics[0].Result.(*metrics.ByFeatureResult).Features {
		names = append(names, f.Feature)
	}
	assert.Equal(t, []string{"stars", "Text Length for review", "Non Letter Character % for review", "OOV Words % for review"}, names)
}

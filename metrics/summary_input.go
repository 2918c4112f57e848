package metrics

import (
	"errors"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
)

// ErrNeedsRows marks a metric that cannot be computed from summaries
// (sketches): it needs the rows themselves.
var ErrNeedsRows = errors.New("needs the rows, which a sketch does not keep")

// SummaryReader is implemented by the metrics that compute from
// summaries (Input.CurrentSummary) as well as from frames.
type SummaryReader interface {
	ReadsSummaries()
}

// Summarized reports whether in gives the data as summaries.
func (in *Input) Summarized() bool { return in.CurrentSummary != nil }

// HasReference reports whether in has reference data, as rows or as a
// summary.
func (in *Input) HasReference() bool { return in.Reference != nil || in.ReferenceSummary != nil }

// whyRows says why a metric needs the rows.
var whyRows = map[string]string{
	"Correlations":                   "it correlates the values of pairs of columns row by row",
	"TargetCorrelations":             "it correlates the values of pairs of columns row by row",
	"TargetDrift":                    "it correlates the target with the features row by row",
	"EmbeddingsDrift":                "it compares the embedding vectors of each row",
	"DataQualityStability":           "it compares the rows' values across columns",
	"ConflictTarget":                 "it compares the rows whose features are equal",
	"ConflictPrediction":             "it compares the rows whose features are equal",
	"ColumnRegExp":                   "it matches each value against the pattern",
	"ClassificationQuality":          "it compares each row's prediction with its target",
	"ClassificationClassBalance":     "it counts the target by row within the task's labels",
	"ClassificationByClass":          "it compares each row's prediction with its target",
	"ClassificationProbDistribution": "it pairs each row's probabilities with its target",
	"ClassificationPRTable":          "it compares each row's prediction with its target",
	"ClassificationLiftTable":        "it compares each row's prediction with its target",
	"RegressionQuality":              "it compares each row's prediction with its target",
	"RegressionErrorBiasTable":       "it compares each row's prediction with its target",
	"RegressionErrorDistribution":    "it compares each row's prediction with its target",
	"RegressionErrorNormality":       "it compares each row's prediction with its target",
	"RegressionPredictedVsActual":    "it compares each row's prediction with its target",
}

// CheckSummaries returns nil when m can compute on in: in holds frames,
// or m reads summaries. Otherwise it returns an error wrapping
// ErrNeedsRows that names the metric and says why.
func CheckSummaries(m Metric, in *Input) error {
	if !in.Summarized() {
		return nil
	}
	if _, ok := m.(SummaryReader); ok {
		return nil
	}
	why := whyRows[m.Name()]
	if why == "" {
		why = "it reads the rows"
	}
	return fmt.Errorf("%s cannot be computed from a sketch: %s (%w)", m.Name(), why, ErrNeedsRows)
}

// Names returns the current data's column names in order.
func (in *Input) Names() []string {
	if in.Summarized() {
		return in.CurrentSummary.Names()
	}
	return in.Current.Names()
}

// ColumnType returns the type of the current data's column name.
func (in *Input) ColumnType(name string) (dataset.Type, bool) {
	if in.Summarized() {
		c, ok := in.CurrentSummary.Column(name)
		if !ok {
			return dataset.Unknown, false
		}
		return c.Type, true
	}
	c, ok := in.Current.Column(name)
	if !ok {
		return dataset.Unknown, false
	}
	return c.Type(), true
}

// Features returns the current data's feature columns by type (see
// dataset.Definition.Features).
func (in *Input) Features() map[dataset.Type][]string {
	if !in.Summarized() {
		return in.Def().Features(in.Current)
	}
	return in.Def().Features(schemaFrame(in.CurrentSummary))
}

// schemaFrame returns a frame of no rows with the summary's columns, for
// the code that reads only names and types.
func schemaFrame(s *dataset.Summary) *dataset.Frame {
	cols := make([]dataset.Column, 0, len(s.Columns))
	for _, c := range s.Columns {
		switch c.Type {
		case dataset.Numerical:
			cols = append(cols, dataset.NewNumericColumn(c.Name, nil))
		case dataset.Datetime:
			cols = append(cols, dataset.NewTimeColumnNanos(c.Name, nil, nil, false))
		default:
			cols = append(cols, dataset.NewStringColumn(c.Name, c.Type, nil, nil))
		}
	}
	f, err := dataset.New(s.Source, cols...)
	if err != nil {
		f, _ = dataset.New(s.Source)
	}
	return f
}

package metrics

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/descriptors"
)

// TextDescriptorsDrift tests the drift of text descriptors of a text
// column: Evidently's TextDescriptorsDriftMetric. Each descriptor of
// Descriptors (by default TextLength, NonLetterCharacterPercentage and OOV,
// as Evidently's) is computed over the reference and the current texts and
// tested as DataDrift tests a column, with the drift options (stattest,
// stattest_threshold, ...). The result is DataDrift's, over the
// descriptors' columns, with the text column's name.
//
// Evidently decides the "dataset" drift with a drift share of 0, so that
// it always reports drift; telltale uses DriftShare (default 0.5, as
// DataDrift). The column may be text or categorical (Evidently wants
// text). Reference data is required.
//
// Compute returns *TextDescriptorsDriftResult.
type TextDescriptorsDrift struct {
	Column      string             `json:"column"`
	Descriptors []descriptors.Spec `json:"descriptors,omitempty"`
	// DriftShare is the share of drifted descriptors at which the text
	// drifts; nil means 0.5.
	DriftShare *float64 `json:"drift_share,omitempty"`
	DriftOptions
}

// Name implements Metric.
func (m *TextDescriptorsDrift) Name() string { return "TextDescriptorsDrift" }

// Params implements Parameterized.
func (m *TextDescriptorsDrift) Params() any { return m }

// TextDescriptorsDriftResult is the drift of a text column's descriptors:
// DataDrift's result over the descriptor columns (named as the
// descriptors' columns, "Text Length for review").
type TextDescriptorsDriftResult struct {
	// Column is the text column.
	Column string `json:"column"`
	*DataDriftResult
}

// Compute implements Metric.
func (m *TextDescriptorsDrift) Compute(ctx context.Context, in *Input) (Result, error) {
	if in.Reference == nil {
		return nil, fmt.Errorf("%w: %s needs reference data", ErrNoReference, m.Name())
	}
	sub, names, err := descriptorInput(ctx, in, m.Name(), m.Column, m.Descriptors)
	if err != nil {
		return nil, err
	}
	dd := &DataDrift{Columns: names, DriftShare: m.DriftShare, DriftOptions: m.DriftOptions}
	res, err := dd.Compute(ctx, sub)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", m.Name(), err)
	}
	return &TextDescriptorsDriftResult{Column: m.Column, DataDriftResult: res.(*DataDriftResult)}, nil
}

// TextDescriptorsDistribution summarises text descriptors of a text
// column in both datasets: Evidently's TextDescriptorsDistribution. Each
// descriptor of Descriptors (by default TextLength,
// NonLetterCharacterPercentage and OOV) is summarised as ColumnSummary
// summarises a column: statistics, and the distribution on bins shared by
// both datasets (numpy's "doane" rule; Evidently's histogram uses its own
// bins) or the categories' counts.
//
// Compute returns *TextDescriptorsDistributionResult.
type TextDescriptorsDistribution struct {
	Column      string             `json:"column"`
	Descriptors []descriptors.Spec `json:"descriptors,omitempty"`
}

// Name implements Metric.
func (m *TextDescriptorsDistribution) Name() string { return "TextDescriptorsDistribution" }

// Params implements Parameterized.
func (m *TextDescriptorsDistribution) Params() any { return m }

// TextDescriptorsDistributionResult holds a summary per descriptor.
type TextDescriptorsDistributionResult struct {
	// Column is the text column.
	Column      string                 `json:"column"`
	Descriptors []*ColumnSummaryResult `json:"descriptors"`
}

// Compute implements Metric.
func (m *TextDescriptorsDistribution) Compute(ctx context.Context, in *Input) (Result, error) {
	sub, names, err := descriptorInput(ctx, in, m.Name(), m.Column, m.Descriptors)
	if err != nil {
		return nil, err
	}
	res := &TextDescriptorsDistributionResult{Column: m.Column}
	for _, n := range names {
		res.Descriptors = append(res.Descriptors, summarizeColumn(sub, n, nil))
	}
	return res, nil
}

// Views implements Viewer: each descriptor's summary.
func (r *TextDescriptorsDistributionResult) Views() []View {
	var views []View
	for _, c := range r.Descriptors {
		views = append(views, c.Views()...)
	}
	return views
}

// DescriptorsOf returns the descriptors of specs for the text column:
// those that name no column read column; naming another is an error. With
// no specs it returns defaults(column).
func DescriptorsOf(column string, specs []descriptors.Spec, defaults func(string) []descriptors.Descriptor) ([]descriptors.Descriptor, error) {
	ds := descriptors.Unwrap(specs)
	if len(ds) == 0 {
		return defaults(column), nil
	}
	out := make([]descriptors.Descriptor, len(ds))
	for i, d := range ds {
		switch d.Source() {
		case column:
			out[i] = d
		case "":
			c, err := descriptors.On(d, column)
			if err != nil {
				return nil, err
			}
			out[i] = c
		default:
			return nil, fmt.Errorf("descriptor %s reads column %q, not %q", d.Name(), d.Source(), column)
		}
	}
	return out, nil
}

// descriptorInput returns an input of frames holding the text column and
// the columns of the descriptors (specs, or descriptors.Defaults), and the
// names of those columns.
func descriptorInput(ctx context.Context, in *Input, metric, column string, specs []descriptors.Spec) (*Input, []string, error) {
	if column == "" {
		return nil, nil, fmt.Errorf("%w: %s needs a text column (the key \"column\")", ErrOption, metric)
	}
	ds, err := DescriptorsOf(column, specs, descriptors.Defaults)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s: %v", ErrOption, metric, err)
	}
	sub := &Input{Definition: &dataset.Definition{}, Cache: &Cache{}}
	var names []string
	for i, f := range in.Frames() {
		c, ok := f.Column(column)
		if !ok {
			return nil, nil, &ColumnError{Metric: metric, Column: column, Err: ErrNoColumn}
		}
		if _, ok := c.(*dataset.StringColumn); !ok {
			return nil, nil, &ColumnError{Metric: metric, Column: column, Err: fmt.Errorf("%w: %s, not text", ErrColumnType, c.Type())}
		}
		only, err := f.Select(column)
		if err != nil {
			return nil, nil, err
		}
		g, added, err := applyDescriptors(ctx, in, f, only, ds)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", metric, err)
		}
		names = added
		if i == 0 && in.Reference != nil {
			sub.Reference = g
		} else {
			sub.Current = g
		}
	}
	return sub, names, nil
}

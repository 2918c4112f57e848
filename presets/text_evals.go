package presets

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/metrics/descriptors"
)

// TextEvals is the text-evals metric preset: Evidently's TextEvals, a
// ColumnSummary of each text descriptor of a text column. Descriptors
// default to Evidently's: TextLength, SentenceCount, Sentiment, OOV and
// NonLetterCharacterPercentage; a descriptor that names no column reads
// Column. Without Column, every text feature of the data gets the
// descriptors (Evidently requires column_name).
type TextEvals struct {
	Column      string             `json:"column,omitempty"`
	Descriptors []descriptors.Spec `json:"descriptors,omitempty"`
}

// Name implements Preset.
func (p *TextEvals) Name() string { return "text-evals" }

// Build implements Preset.
func (p *TextEvals) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	cols := []string{p.Column}
	if p.Column == "" {
		cols = in.Def().Features(in.Current)[dataset.Text]
		if len(cols) == 0 {
			return nil, fmt.Errorf("text-evals: the data has no text column; name one with the option column")
		}
	}
	b := &Bundle{}
	for _, c := range cols {
		ds, err := metrics.DescriptorsOf(c, p.Descriptors, descriptors.EvalDefaults)
		if err != nil {
			return nil, fmt.Errorf("text-evals: %w", err)
		}
		for _, d := range ds {
			b.Descriptors = append(b.Descriptors, d)
			b.Metrics = append(b.Metrics, &metrics.ColumnSummary{Column: d.Output()})
		}
	}
	return b, nil
}

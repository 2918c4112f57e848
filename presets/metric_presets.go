package presets

import (
	"context"

	"github.com/telltale-ml/telltale/metrics"
)

// DriftOptions are the options of the drift presets, passed through to
// the DataDrift metric and the drift tests by their json names.
type DriftOptions struct {
	// Columns restricts the drift to these columns; empty means every
	// column DataDrift tests by default.
	Columns []string `json:"columns,omitempty"`
	// DriftShare is the share of drifted columns from which the dataset
	// drifts (DataDrift's default, 0.5, when nil); in the data-drift test
	// preset it is also ShareOfDriftedColumns' bound (0.3 when nil).
	DriftShare *float64 `json:"drift_share,omitempty"`
	metrics.DriftOptions
}

// DataDrift is the data-drift metric preset: the DataDrift metric, which
// tests each column for drift and decides whether the dataset drifted, and
// the EmbeddingsDrift metric of each embeddings group of the mapping
// (Evidently's DataDriftPreset).
type DataDrift struct {
	DriftOptions
}

// Name implements Preset.
func (p *DataDrift) Name() string { return "data-drift" }

// Build implements Preset.
func (p *DataDrift) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	b := newParts(ctx, in)
	b.metric("DataDrift", p.DriftOptions)
	b.embeddingsDrift(false)
	return b.done(p.Name())
}

// DataSummary is the data-summary metric preset (alias data-quality): the
// DatasetSummary metric and a ColumnSummary of every column, or of the
// listed ones (Evidently's DataSummaryPreset and legacy
// DataQualityPreset).
type DataSummary struct {
	Columns []string `json:"columns,omitempty"`
	name    string
}

// Name implements Preset.
func (p *DataSummary) Name() string {
	if p.name != "" {
		return p.name
	}
	return "data-summary"
}

// Build implements Preset.
func (p *DataSummary) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	b := newParts(ctx, in)
	b.metric("DatasetSummary")
	b.metric("ColumnSummaries", struct {
		Columns []string `json:"columns,omitempty"`
	}{p.Columns})
	return b.done(p.Name())
}

// Classification is the classification metric preset: quality, quality by
// class and, with probabilities, the precision-recall table (Evidently's
// ClassificationPreset).
type Classification struct {
	metrics.ClassificationOptions
}

// Name implements Preset.
func (p *Classification) Name() string { return "classification" }

// Build implements Preset.
func (p *Classification) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	b := newParts(ctx, in)
	b.metric("ClassificationQuality", p.ClassificationOptions)
	b.metric("ClassificationByClass", p.ClassificationOptions)
	if len(in.Def().PredictionProbas) > 0 {
		b.metric("ClassificationPRTable", p.ClassificationOptions)
	}
	return b.done(p.Name())
}

// Regression is the regression metric preset: RegressionQuality, the
// error distribution and its normality (Evidently's RegressionPreset).
type Regression struct{}

// Name implements Preset.
func (p *Regression) Name() string { return "regression" }

// Build implements Preset.
func (p *Regression) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	b := newParts(ctx, in)
	b.metric("RegressionQuality")
	b.metric("RegressionErrorDistribution")
	b.metric("RegressionErrorNormality")
	return b.done(p.Name())
}

// TargetDrift is the target-drift metric preset: the drift of the target
// and the prediction, with their correlations with the features
// (Evidently's TargetDriftPreset).
type TargetDrift struct {
	// Method is the correlation of the features with the target and the
	// prediction: pearson (the default), spearman or kendall.
	Method string `json:"method,omitempty"`
	metrics.DriftOptions
}

// Name implements Preset.
func (p *TargetDrift) Name() string { return "target-drift" }

// Build implements Preset.
func (p *TargetDrift) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	b := newParts(ctx, in)
	b.metric("TargetDrift", p)
	return b.done(p.Name())
}

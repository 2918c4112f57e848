package presets

import (
	"context"
	"fmt"
	"sort"

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

// EmbeddingsOptions choose the embedding groups a drift preset checks and
// how (Evidently's embeddings and embeddings_drift_method).
type EmbeddingsOptions struct {
	// Embeddings are the groups of the mapping's embeddings to check; nil
	// means all of them, an empty list none.
	Embeddings []string `json:"embeddings,omitempty"`
	// EmbeddingsDriftMethod sets the EmbeddingsDrift options of a group
	// (method, threshold, bootstrap, pca_components, ...); a group not
	// listed gets EmbeddingsDrift's defaults (the model method).
	EmbeddingsDriftMethod map[string]metrics.EmbeddingsDrift `json:"embeddings_drift_method,omitempty"`
}

// embeddingGroups returns the groups to check, sorted, or an error naming
// a group the mapping does not have.
func (o *EmbeddingsOptions) embeddingGroups(in *metrics.Input) ([]string, error) {
	have := in.Def().Embeddings
	var names []string
	if o.Embeddings == nil {
		for n := range have {
			names = append(names, n)
		}
	} else {
		for _, n := range o.Embeddings {
			if _, ok := have[n]; !ok {
				return nil, fmt.Errorf("embeddings %q are not in the mapping's embeddings", n)
			}
			names = append(names, n)
		}
	}
	for n := range o.EmbeddingsDriftMethod {
		if _, ok := have[n]; !ok {
			return nil, fmt.Errorf("embeddings_drift_method names embeddings %q, which are not in the mapping's embeddings", n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// each adds, for each group, the metric or test name with the group's
// options.
func (o *EmbeddingsOptions) each(b *parts, in *metrics.Input, add func(name string, opts ...any)) {
	if b.err != nil {
		return
	}
	groups, err := o.embeddingGroups(in)
	if err != nil {
		b.err = err
		return
	}
	for _, g := range groups {
		m := o.EmbeddingsDriftMethod[g]
		m.Embeddings = g
		add("EmbeddingsDrift", m)
	}
}

// DataDrift is the data-drift metric preset: the DataDrift metric, which
// tests each column for drift and decides whether the dataset drifted, and
// EmbeddingsDrift for each group of embeddings in the mapping (Evidently's
// DataDriftPreset).
type DataDrift struct {
	DriftOptions
	EmbeddingsOptions
}

// Name implements Preset.
func (p *DataDrift) Name() string { return "data-drift" }

// Build implements Preset.
func (p *DataDrift) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	b := newParts(ctx, in)
	b.metric("DataDrift", p.DriftOptions)
	p.EmbeddingsOptions.each(b, in, b.metric)
	return b.done(p.Name())
}

// DataSummary is the data-summary metric preset: the DatasetSummary metric
// and a ColumnSummary of every column, or of the listed ones (Evidently's
// DataSummaryPreset). As data-quality (Evidently's legacy
// DataQualityPreset) it adds DatasetMissingValues.
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
	if p.name == "data-quality" {
		b.metric("DatasetMissingValues")
	}
	return b.done(p.Name())
}

// Classification is the classification metric preset: quality (with the
// confusion matrix), class balance, quality by class, with
// probabilities the distribution of the probabilities and the
// precision-recall table, and the quality by feature (Evidently's
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
	b.metric("ClassificationClassBalance")
	b.metric("ClassificationByClass", p.ClassificationOptions)
	if len(in.Def().PredictionProbas) > 0 {
		b.metric("ClassificationProbDistribution")
		b.metric("ClassificationPRTable", p.ClassificationOptions)
	}
	b.metric("ClassificationQualityByFeatureTable")
	return b.done(p.Name())
}

// Regression is the regression metric preset: RegressionQuality, predicted
// against actual values, the error distribution and its normality, and
// the error bias table (Evidently's RegressionPreset); with a datetime
// column in the mapping, also the predictions, actual values and errors
// over time (RegressionOverTime, Evidently's over-time plots).
type Regression struct{}

// Name implements Preset.
func (p *Regression) Name() string { return "regression" }

// Build implements Preset.
func (p *Regression) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	b := newParts(ctx, in)
	b.metric("RegressionQuality")
	b.metric("RegressionPredictedVsActual")
	b.metric("RegressionErrorDistribution")
	b.metric("RegressionErrorNormality")
	b.metric("RegressionErrorBiasTable")
	if in.Def().Datetime != "" {
		b.metric("RegressionOverTime")
	}
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
	if def := in.Def(); def.Target != "" && (def.Prediction != "" || len(def.PredictionProbas) > 0) {
		b.metric("TargetByFeaturesTable")
	}
	return b.done(p.Name())
}

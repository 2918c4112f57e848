package presets

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/telltale-ml/telltale/metrics"
)

// DataStabilityTests is the data-stability test preset: row and column
// counts, each column's share of missing values, numerical values in the
// reference's range and means within 2 sigmas of the reference's, and
// categorical values among the reference's (Evidently's
// DataStabilityTestPreset without TestColumnsType; see the package
// documentation).
type DataStabilityTests struct {
	// Columns restricts the per-column tests to these columns.
	Columns []string `json:"columns,omitempty"`
}

// Name implements Preset.
func (p *DataStabilityTests) Name() string { return "data-stability" }

// Build implements Preset.
func (p *DataStabilityTests) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	b := newParts(ctx, in)
	cols := columnsOpt{p.Columns}
	b.test("NumberOfRows")
	b.test("NumberOfColumns")
	b.generator("AllColumnsShareOfMissingValues", cols)
	b.generator("NumColumnsOutOfRangeValues", cols)
	b.generator("CatColumnsOutOfListValues", cols)
	b.generator("NumColumnsMeanInNSigmas", cols)
	return b.done(p.Name())
}

type columnsOpt struct {
	Columns []string `json:"columns,omitempty"`
}

// DataQualityTests is the data-quality test preset: each column's share of
// missing values and of its most common value, and the numbers of constant
// columns, duplicated columns and duplicated rows (Evidently's
// DataQualityTestPreset).
type DataQualityTests struct {
	// Columns restricts the per-column tests to these columns.
	Columns []string `json:"columns,omitempty"`
}

// Name implements Preset.
func (p *DataQualityTests) Name() string { return "data-quality" }

// Build implements Preset.
func (p *DataQualityTests) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	b := newParts(ctx, in)
	cols := columnsOpt{p.Columns}
	b.generator("AllColumnsShareOfMissingValues", cols)
	b.generator("AllColumnsMostCommonValueShare", cols)
	b.test("NumberOfConstantColumns")
	b.test("NumberOfDuplicatedColumns")
	b.test("NumberOfDuplicatedRows")
	return b.done(p.Name())
}

// DataDriftTests is the data-drift test preset: the share of drifted
// columns (< drift_share, or < 0.3 without it), the drift of the target
// and of the prediction when the mapping has them, the drift of each
// feature, and EmbeddingsDrift for each group of embeddings (Evidently's
// DataDriftTestPreset).
type DataDriftTests struct {
	DriftOptions
	EmbeddingsOptions
}

// Name implements Preset.
func (p *DataDriftTests) Name() string { return "data-drift" }

// Build implements Preset.
func (p *DataDriftTests) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	b := newParts(ctx, in)
	b.test("ShareOfDriftedColumns", p.DriftOptions)
	if t := in.Def().Target; t != "" {
		b.test("ColumnDrift", p.DriftOptions.DriftOptions, column{t})
	}
	if c := predictionColumn(in); c != "" {
		b.test("ColumnDrift", p.DriftOptions.DriftOptions, column{c})
	}
	if len(p.Columns) > 0 {
		b.generator("CustomFeaturesValueDrift", p.DriftOptions.DriftOptions, struct {
			Features []string `json:"features"`
		}{p.Columns})
	} else {
		b.generator("AllFeaturesValueDrift", p.DriftOptions.DriftOptions)
	}
	p.EmbeddingsOptions.each(b, in, b.test)
	return b.done(p.Name())
}

// NoTargetPerformanceTests is the no-target-performance test preset, for
// a model whose true labels are not known yet: the drift of the
// prediction, the share of drifted columns (< 0.3), and the data-stability
// per-column tests, and EmbeddingsDrift for each group of embeddings
// (Evidently's NoTargetPerformanceTestPreset without TestColumnsType). It
// needs a prediction in the mapping.
type NoTargetPerformanceTests struct {
	DriftOptions
	EmbeddingsOptions
}

// Name implements Preset.
func (p *NoTargetPerformanceTests) Name() string { return "no-target-performance" }

// Build implements Preset.
func (p *NoTargetPerformanceTests) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	c := predictionColumn(in)
	if c == "" {
		return nil, errors.New("preset no-target-performance: the mapping has no prediction (set prediction, or one prediction_probas column)")
	}
	b := newParts(ctx, in)
	cols := columnsOpt{p.Columns}
	b.test("ColumnDrift", p.DriftOptions.DriftOptions, column{c})
	b.test("ShareOfDriftedColumns", p.DriftOptions)
	b.generator("AllColumnsShareOfMissingValues", cols)
	b.generator("NumColumnsOutOfRangeValues", cols)
	b.generator("CatColumnsOutOfListValues", cols)
	b.generator("NumColumnsMeanInNSigmas", cols)
	p.EmbeddingsOptions.each(b, in, b.test)
	return b.done(p.Name())
}

// targetDrift is the stattest and stattest_threshold of the classification
// test presets, for the drift test of the target.
type targetDrift struct {
	StatTest          string   `json:"stattest,omitempty"`
	StatTestThreshold *float64 `json:"stattest_threshold,omitempty"`
}

// RegressionTests is the regression test preset: mean error, MAE, RMSE
// and MAPE (Evidently's RegressionTestPreset).
type RegressionTests struct{}

// Name implements Preset.
func (p *RegressionTests) Name() string { return "regression" }

// Build implements Preset.
func (p *RegressionTests) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	if err := needRoles("regression", in, true); err != nil {
		return nil, err
	}
	b := newParts(ctx, in)
	for _, n := range []string{"ValueMeanError", "ValueMAE", "ValueRMSE", "ValueMAPE"} {
		b.test(n)
	}
	return b.done(p.Name())
}

// BinaryClassificationTests is the binary-classification test preset: the
// drift of the target, ROC AUC (with probabilities), precision, recall, F1
// and accuracy (Evidently's BinaryClassificationTestPreset).
type BinaryClassificationTests struct {
	// ProbasThreshold is the probability from which a row is predicted
	// positive (0.5 when nil).
	ProbasThreshold *float64 `json:"probas_threshold,omitempty"`
	// StatTest and StatTestThreshold choose the drift test of the target.
	StatTest          string   `json:"stattest,omitempty"`
	StatTestThreshold *float64 `json:"stattest_threshold,omitempty"`
}

// Name implements Preset.
func (p *BinaryClassificationTests) Name() string { return "binary-classification" }

// Build implements Preset.
func (p *BinaryClassificationTests) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	if err := needRoles(p.Name(), in, false); err != nil {
		return nil, err
	}
	b := newParts(ctx, in)
	b.test("ColumnDrift", column{in.Def().Target}, targetDrift{p.StatTest, p.StatTestThreshold})
	probas := struct {
		ProbasThreshold *float64 `json:"probas_threshold,omitempty"`
	}{p.ProbasThreshold}
	if len(in.Def().PredictionProbas) > 0 {
		b.test("RocAuc", probas)
	}
	for _, n := range []string{"PrecisionScore", "RecallScore", "F1Score", "AccuracyScore"} {
		b.test(n, probas)
	}
	return b.done(p.Name())
}

// BinaryClassificationTopKTests is the binary-classification-topk test
// preset: accuracy, precision, recall and F1 with the top k rows predicted
// positive, the drift of the target, ROC AUC and log loss (Evidently's
// BinaryClassificationTopKTestPreset). It needs k and probabilities.
type BinaryClassificationTopKTests struct {
	K *int `json:"k,omitempty"`
	// StatTest and StatTestThreshold choose the drift test of the target.
	StatTest          string   `json:"stattest,omitempty"`
	StatTestThreshold *float64 `json:"stattest_threshold,omitempty"`
}

// Name implements Preset.
func (p *BinaryClassificationTopKTests) Name() string { return "binary-classification-topk" }

// Build implements Preset.
func (p *BinaryClassificationTopKTests) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	if err := needRoles(p.Name(), in, false); err != nil {
		return nil, err
	}
	if p.K == nil || *p.K < 1 {
		return nil, fmt.Errorf("preset %s: needs the option k, a positive number of rows", p.Name())
	}
	if len(in.Def().PredictionProbas) == 0 {
		return nil, fmt.Errorf("preset %s: needs prediction_probas in the mapping", p.Name())
	}
	b := newParts(ctx, in)
	k := struct {
		K *int `json:"k,omitempty"`
	}{p.K}
	for _, n := range []string{"AccuracyScore", "PrecisionScore", "RecallScore", "F1Score"} {
		b.test(n, k)
	}
	b.test("ColumnDrift", column{in.Def().Target}, targetDrift{p.StatTest, p.StatTestThreshold})
	b.test("RocAuc")
	b.test("LogLoss")
	return b.done(p.Name())
}

// MulticlassClassificationTests is the multiclass-classification test
// preset: accuracy, F1, precision and recall of each label of the
// current target, the number of rows, the drift of the target and, with
// probabilities, ROC AUC and log loss (Evidently's
// MulticlassClassificationTestPreset).
type MulticlassClassificationTests struct {
	// StatTest and StatTestThreshold choose the drift test of the target.
	StatTest          string   `json:"stattest,omitempty"`
	StatTestThreshold *float64 `json:"stattest_threshold,omitempty"`
}

// Name implements Preset.
func (p *MulticlassClassificationTests) Name() string { return "multiclass-classification" }

// Build implements Preset.
func (p *MulticlassClassificationTests) Build(ctx context.Context, in *metrics.Input) (*Bundle, error) {
	if err := needRoles(p.Name(), in, false); err != nil {
		return nil, err
	}
	b := newParts(ctx, in)
	b.test("AccuracyScore")
	b.test("F1Score")
	labels, err := targetLabels(in)
	if err != nil {
		return nil, fmt.Errorf("preset %s: %w", p.Name(), err)
	}
	type label struct {
		Label string `json:"label"`
	}
	for _, l := range labels {
		b.test("PrecisionByClass", label{l})
		b.test("RecallByClass", label{l})
	}
	b.test("NumberOfRows")
	b.test("ColumnDrift", column{in.Def().Target}, targetDrift{p.StatTest, p.StatTestThreshold})
	if len(in.Def().PredictionProbas) > 0 {
		b.test("RocAuc")
		b.test("LogLoss")
	}
	return b.done(p.Name())
}

// maxLabels bounds the labels of multiclass-classification: a target with
// more distinct values is not a classification target.
const maxLabels = 1000

// targetLabels returns the distinct values of the current target, sorted,
// as the classification metrics spell them.
func targetLabels(in *metrics.Input) ([]string, error) {
	if in.Summarized() {
		return nil, fmt.Errorf("the classification presets compare each row's prediction with its target, and a sketch keeps no rows (%w)", metrics.ErrNeedsRows)
	}
	c, ok := in.Current.Column(in.Def().Target)
	if !ok {
		return nil, fmt.Errorf("target column %q is not in the current data", in.Def().Target)
	}
	seen := map[string]bool{}
	for i := 0; i < c.Len(); i++ {
		if c.IsNull(i) {
			continue
		}
		seen[c.Format(i)] = true
		if len(seen) > maxLabels {
			return nil, fmt.Errorf("target column %q has more than %d distinct values", in.Def().Target, maxLabels)
		}
	}
	out := make([]string, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Strings(out)
	return out, nil
}

// needRoles checks that the mapping has a target and a prediction (a
// label column, or probabilities unless labelOnly).
func needRoles(preset string, in *metrics.Input, labelOnly bool) error {
	d := in.Def()
	if d.Target == "" {
		return fmt.Errorf("preset %s: the mapping has no target", preset)
	}
	if d.Prediction == "" && (labelOnly || len(d.PredictionProbas) == 0) {
		if labelOnly {
			return fmt.Errorf("preset %s: the mapping has no prediction", preset)
		}
		return fmt.Errorf("preset %s: the mapping has no prediction (set prediction or prediction_probas)", preset)
	}
	return nil
}

package tests

import (
	"context"

	"github.com/telltale-ml/telltale/metrics"
)

// The classification tests of Evidently's legacy catalogue. Each reads
// ClassificationQuality. Without a condition: with reference data, the
// value must equal the reference's within a relative 0.2; without, it must
// beat the dummy classifier of metrics.ClassificationDummy (> for scores,
// < for FPR, FNR and log loss). TPR, TNR, FPR and FNR are SKIPPED for a
// multiclass task. RocAuc and LogLoss are ERROR when the mapping has no
// probabilities, as Evidently's ("Not enough data to calculate ROC AUC.
// Consider providing probabilities instead of labels.").

// AccuracyScore checks accuracy (Evidently's TestAccuracyScore).
type AccuracyScore struct {
	ClassificationMetric
	Base
}

// Name implements Test.
func (t *AccuracyScore) Name() string { return "AccuracyScore" }

// Check implements Test.
func (t *AccuracyScore) Check(_ context.Context, r metrics.Result) Outcome {
	return accuracyScore.check(&t.Base, r)
}

// PrecisionScore checks precision (at pos_label for binary, macro for multiclass) (Evidently's TestPrecisionScore).
type PrecisionScore struct {
	ClassificationMetric
	Base
}

// Name implements Test.
func (t *PrecisionScore) Name() string { return "PrecisionScore" }

// Check implements Test.
func (t *PrecisionScore) Check(_ context.Context, r metrics.Result) Outcome {
	return precisionScore.check(&t.Base, r)
}

// RecallScore checks recall (at pos_label for binary, macro for multiclass) (Evidently's TestRecallScore).
type RecallScore struct {
	ClassificationMetric
	Base
}

// Name implements Test.
func (t *RecallScore) Name() string { return "RecallScore" }

// Check implements Test.
func (t *RecallScore) Check(_ context.Context, r metrics.Result) Outcome {
	return recallScore.check(&t.Base, r)
}

// F1Score checks F1 (at pos_label for binary, macro for multiclass) (Evidently's TestF1Score).
type F1Score struct {
	ClassificationMetric
	Base
}

// Name implements Test.
func (t *F1Score) Name() string { return "F1Score" }

// Check implements Test.
func (t *F1Score) Check(_ context.Context, r metrics.Result) Outcome {
	return f1Score.check(&t.Base, r)
}

// RocAuc checks ROC AUC (one-vs-rest macro for multiclass); it needs probabilities (Evidently's TestRocAuc).
type RocAuc struct {
	ClassificationMetric
	Base
}

// Name implements Test.
func (t *RocAuc) Name() string { return "RocAuc" }

// Check implements Test.
func (t *RocAuc) Check(_ context.Context, r metrics.Result) Outcome {
	return rocAucScore.check(&t.Base, r)
}

// LogLoss checks log loss; it needs probabilities (Evidently's TestLogLoss).
type LogLoss struct {
	ClassificationMetric
	Base
}

// Name implements Test.
func (t *LogLoss) Name() string { return "LogLoss" }

// Check implements Test.
func (t *LogLoss) Check(_ context.Context, r metrics.Result) Outcome {
	return logLossScore.check(&t.Base, r)
}

// TPR checks the true positive rate (Evidently's TestTPR).
type TPR struct {
	ClassificationMetric
	Base
}

// Name implements Test.
func (t *TPR) Name() string { return "TPR" }

// Check implements Test.
func (t *TPR) Check(_ context.Context, r metrics.Result) Outcome { return tprScore.check(&t.Base, r) }

// TNR checks the true negative rate (Evidently's TestTNR).
type TNR struct {
	ClassificationMetric
	Base
}

// Name implements Test.
func (t *TNR) Name() string { return "TNR" }

// Check implements Test.
func (t *TNR) Check(_ context.Context, r metrics.Result) Outcome { return tnrScore.check(&t.Base, r) }

// FPR checks the false positive rate (Evidently's TestFPR).
type FPR struct {
	ClassificationMetric
	Base
}

// Name implements Test.
func (t *FPR) Name() string { return "FPR" }

// Check implements Test.
func (t *FPR) Check(_ context.Context, r metrics.Result) Outcome { return fprScore.check(&t.Base, r) }

// FNR checks the false negative rate (Evidently's TestFNR).
type FNR struct {
	ClassificationMetric
	Base
}

// Name implements Test.
func (t *FNR) Name() string { return "FNR" }

// Check implements Test.
func (t *FNR) Check(_ context.Context, r metrics.Result) Outcome { return fnrScore.check(&t.Base, r) }

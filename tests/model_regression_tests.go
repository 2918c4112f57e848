package tests

import (
	"context"

	"github.com/telltale-ml/telltale/metrics"
)

// The regression tests of Evidently's legacy catalogue (TestValueMAE, ...).
// Each reads RegressionQuality. Their automatic conditions, as Evidently's:
// MAE, RMSE and MAPE must be < the dummy's without reference and eq the
// reference's within ±10% with it; the mean error must be 0 within an
// absolute 0.1·std of the errors (the reference's when there is one);
// the max absolute error <= the dummy's, or <= the reference's within
// 10%; R² > 0, or eq the reference's within ±10%.

// ValueMAE checks the mean absolute error (Evidently's TestValueMAE).
type ValueMAE struct {
	RegressionMetric
	Base
}

// Name implements Test.
func (t *ValueMAE) Name() string { return "ValueMAE" }

// Check implements Test.
func (t *ValueMAE) Check(_ context.Context, r metrics.Result) Outcome {
	return maeScore.check(&t.Base, r)
}

// ValueRMSE checks the root mean squared error (Evidently's TestValueRMSE).
type ValueRMSE struct {
	RegressionMetric
	Base
}

// Name implements Test.
func (t *ValueRMSE) Name() string { return "ValueRMSE" }

// Check implements Test.
func (t *ValueRMSE) Check(_ context.Context, r metrics.Result) Outcome {
	return rmseScore.check(&t.Base, r)
}

// ValueMAPE checks the mean absolute percentage error (percent) (Evidently's TestValueMAPE).
type ValueMAPE struct {
	RegressionMetric
	Base
}

// Name implements Test.
func (t *ValueMAPE) Name() string { return "ValueMAPE" }

// Check implements Test.
func (t *ValueMAPE) Check(_ context.Context, r metrics.Result) Outcome {
	return mapeScore.check(&t.Base, r)
}

// ValueMeanError checks the mean error (prediction - target) (Evidently's TestValueMeanError).
type ValueMeanError struct {
	RegressionMetric
	Base
}

// Name implements Test.
func (t *ValueMeanError) Name() string { return "ValueMeanError" }

// Check implements Test.
func (t *ValueMeanError) Check(_ context.Context, r metrics.Result) Outcome {
	return meanErrorScore.check(&t.Base, r)
}

// ValueAbsMaxError checks the largest absolute error (Evidently's TestValueAbsMaxError).
type ValueAbsMaxError struct {
	RegressionMetric
	Base
}

// Name implements Test.
func (t *ValueAbsMaxError) Name() string { return "ValueAbsMaxError" }

// Check implements Test.
func (t *ValueAbsMaxError) Check(_ context.Context, r metrics.Result) Outcome {
	return absMaxErrorScore.check(&t.Base, r)
}

// ValueR2Score checks the coefficient of determination R² (Evidently's TestValueR2Score).
type ValueR2Score struct {
	RegressionMetric
	Base
}

// Name implements Test.
func (t *ValueR2Score) Name() string { return "ValueR2Score" }

// Check implements Test.
func (t *ValueR2Score) Check(_ context.Context, r metrics.Result) Outcome {
	return r2Score.check(&t.Base, r)
}

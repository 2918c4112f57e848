package tests

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/metrics"
)

// conflictCheck decides on the number of conflicting rows of the current
// data; auto condition = 0, as Evidently fails any conflict.
func conflictCheck(b *Base, result metrics.Result, what string) Outcome {
	r, ok := result.(*metrics.ConflictResult)
	if !ok {
		return Outcome{Status: Error, Description: fmt.Sprintf("unexpected result %T", result), Value: nan()}
	}
	return b.Decide(what, float64(r.Current.Conflicts), &Condition{Eq: Ptr(0)})
}

// ConflictTarget tests the number of rows whose features repeat in another
// row with a different target (metrics.ConflictTarget; Evidently's
// TestConflictTarget). Auto: = 0. Without a target in the mapping it is
// ERROR.
type ConflictTarget struct {
	Base
}

// Name implements Test.
func (t *ConflictTarget) Name() string { return "ConflictTarget" }

// Metric implements Test.
func (t *ConflictTarget) Metric() metrics.Metric { return &metrics.ConflictTarget{} }

// Check implements Test.
func (t *ConflictTarget) Check(ctx context.Context, result metrics.Result) Outcome {
	return conflictCheck(&t.Base, result, "Number of rows with the same features and a different target")
}

// ConflictPrediction tests the number of rows whose features repeat in
// another row with a different prediction (metrics.ConflictPrediction;
// Evidently's TestConflictPrediction). Auto: = 0. Without a prediction in
// the mapping it is ERROR.
type ConflictPrediction struct {
	Base
}

// Name implements Test.
func (t *ConflictPrediction) Name() string { return "ConflictPrediction" }

// Metric implements Test.
func (t *ConflictPrediction) Metric() metrics.Metric { return &metrics.ConflictPrediction{} }

// Check implements Test.
func (t *ConflictPrediction) Check(ctx context.Context, result metrics.Result) Outcome {
	return conflictCheck(&t.Base, result, "Number of rows with the same features and a different prediction")
}

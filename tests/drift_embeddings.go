package tests

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/metrics"
)

// EmbeddingsDrift checks a group of embedding columns for drift: it FAILs
// when the EmbeddingsDrift metric decides the group drifted (Evidently's
// TestEmbeddingsDrift). With a condition, the drift score is compared with
// it instead. The value is the score.
type EmbeddingsDrift struct {
	metrics.EmbeddingsDrift
	Base
}

// Name implements Test.
func (t *EmbeddingsDrift) Name() string { return "EmbeddingsDrift" }

// Metric implements Test.
func (t *EmbeddingsDrift) Metric() metrics.Metric {
	m := t.EmbeddingsDrift
	return &m
}

// Check implements Test.
func (t *EmbeddingsDrift) Check(_ context.Context, r metrics.Result) Outcome {
	res, ok := r.(*metrics.EmbeddingsDriftResult)
	if !ok {
		return Outcome{Status: Error, Description: fmt.Sprintf("tests: expected an EmbeddingsDrift result, got %T", r), Value: nan()}
	}
	what := fmt.Sprintf("Drift score of embeddings %s (%s)", res.Embeddings, res.Method)
	if !t.Condition.Empty() {
		return t.Decide(what, float64(res.Score), nil)
	}
	o := Outcome{Value: res.Score, Status: Success}
	verdict := "not detected"
	if res.Drifted {
		verdict, o.Status = "detected", Fail
	}
	against := "threshold"
	if res.Bootstrap {
		against = "bootstrap quantile"
	}
	o.Description = fmt.Sprintf("Drift %s for embeddings %s: %s score is %s, %s %s (drift when score > %s).",
		verdict, res.Embeddings, res.Method, num(float64(res.Score)), against, num(float64(res.Threshold)), against)
	return o
}

package tests_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/tests"
)

// embeddingFrames returns two 3-d embedding groups over 40 rows: "still"
// is the same on both sides, "moved" is shifted by 1 in the current data.
func embeddingFrames(t *testing.T) *metrics.Input {
	t.Helper()
	n := 40
	cols := func(shift float64) []dataset.Column {
		var out []dataset.Column
		for _, g := range []string{"still", "moved"} {
			for j, name := range []string{"0", "1", "2"} {
				v := make([]float64, n)
				for i := range v {
					v[i] = float64((i*(j+3))%11) / 10
					if g == "moved" {
						v[i] += shift
					}
				}
				out = append(out, dataset.NewNumericColumn(g+name, v))
			}
		}
		return out
	}
	ref, err := dataset.New("ref", cols(0)...)
	require.NoError(t, err)
	cur, err := dataset.New("cur", cols(1)...)
	require.NoError(t, err)
	def := &dataset.Definition{Embeddings: map[string][]string{
		"still": {"still0", "still1", "still2"},
		"moved": {"moved0", "moved1", "moved2"},
	}}
	return &metrics.Input{Reference: ref, Current: cur, Definition: def}
}

func runEmbTest(t *testing.T, tt tests.Test, in *metrics.Input) tests.Outcome {
	t.Helper()
	res, err := tt.Metric().Compute(context.Background(), in)
	return tests.Run(context.Background(), tt, "m", res, err)
}

func TestEmbeddingsDriftTest(t *testing.T) {
	yes := true
	in := embeddingFrames(t)
	still := runEmbTest(t, &tests.EmbeddingsDrift{EmbeddingsDrift: metrics.EmbeddingsDrift{Embeddings: "still", Method: "distance"}}, in)
	assert.Equal(t, tests.Success, still.Status, still.Description)
	assert.Equal(t, 0.0, float64(still.Value))
	assert.Contains(t, still.Description, "Drift not detected for embeddings still")

	moved := runEmbTest(t, &tests.EmbeddingsDrift{EmbeddingsDrift: metrics.EmbeddingsDrift{Embeddings: "moved", Method: "distance"}}, in)
	assert.Equal(t, tests.Fail, moved.Status, moved.Description)
	assert.InDelta(t, 1.7320508075688772, float64(moved.Value), 1e-12, "sqrt(3): every mean moved by 1")
	assert.Contains(t, moved.Description, "threshold 0.2")

	mmd := runEmbTest(t, &tests.EmbeddingsDrift{EmbeddingsDrift: metrics.EmbeddingsDrift{Embeddings: "moved", Method: "mmd", Bootstrap: &yes}}, in)
	assert.Equal(t, tests.Fail, mmd.Status, mmd.Description)
	assert.Contains(t, mmd.Description, "bootstrap quantile")

	// A condition replaces the decision; non-critical failures warn.
	notCritical := false
	lenient := runEmbTest(t, &tests.EmbeddingsDrift{
		EmbeddingsDrift: metrics.EmbeddingsDrift{Embeddings: "moved", Method: "distance"},
		Base:            tests.Base{Condition: tests.Condition{Lt: tests.Ptr(2)}},
	}, in)
	assert.Equal(t, tests.Success, lenient.Status, lenient.Description)
	warn := runEmbTest(t, &tests.EmbeddingsDrift{
		EmbeddingsDrift: metrics.EmbeddingsDrift{Embeddings: "moved"},
		Base:            tests.Base{IsCritical: &notCritical},
	}, in)
	assert.Equal(t, tests.Warning, warn.Status)

	// Evidently's default: the model method, with bootstrap below 1000
	// reference rows. The moved group is told apart perfectly.
	model := runEmbTest(t, &tests.EmbeddingsDrift{EmbeddingsDrift: metrics.EmbeddingsDrift{Embeddings: "moved"}}, in)
	assert.Equal(t, tests.Fail, model.Status, model.Description)
	assert.Equal(t, 1.0, float64(model.Value), "ROC AUC")
	assert.Contains(t, model.Description, "model score is 1, bootstrap quantile")
	model = runEmbTest(t, &tests.EmbeddingsDrift{EmbeddingsDrift: metrics.EmbeddingsDrift{Embeddings: "still"}}, in)
	assert.Equal(t, tests.Success, model.Status, model.Description)

	missing := runEmbTest(t, &tests.EmbeddingsDrift{EmbeddingsDrift: metrics.EmbeddingsDrift{Embeddings: "nope"}}, in)
	assert.Equal(t, tests.Error, missing.Status)

	wrong := (&tests.EmbeddingsDrift{}).Check(context.Background(), &metrics.ColumnDriftResult{})
	assert.Equal(t, tests.Error, wrong.Status)
}

// The catalog builds the test from a config's keys: the metric's options
// and the condition sit inline.
func TestEmbeddingsDriftFromConfig(t *testing.T) {
	f, ok := tests.Catalog()["EmbeddingsDrift"]
	require.True(t, ok)
	tt := f()
	require.NoError(t, json.Unmarshal([]byte(`{"embeddings": "moved", "method": "ratio", "threshold": 0.5, "lt": 0.9}`), tt))
	o := runEmbTest(t, tt, embeddingFrames(t))
	assert.Equal(t, tests.Fail, o.Status, o.Description) // every column drifts: 1 >= 0.9
	assert.Equal(t, 1.0, float64(o.Value))
	m := tt.Metric().(*metrics.EmbeddingsDrift)
	assert.Equal(t, "ratio", m.Method)
	assert.Equal(t, 0.5, *m.Threshold)
}

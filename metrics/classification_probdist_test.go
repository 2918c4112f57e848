package metrics_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

func TestClassificationProbDistributionFixtures(t *testing.T) {
	for _, c := range extraFixtures(t).ProbDistribution {
		t.Run(c.Name, func(t *testing.T) {
			m := &metrics.ClassificationProbDistribution{Bins: c.Bins}
			r, err := m.Compute(context.Background(), c.input(t))
			require.NoError(t, err)
			res := r.(*metrics.ClassificationProbDistributionResult)
			var edges []float64
			c.want(t, "edges = linspace(0, 1, bins + 1)", &edges)
			nearAll(t, edges, res.Edges, "edges")
			var labels []string
			c.want(t, "labels", &labels)
			assert.Equal(t, labels, res.Labels)
			sides := map[string][]metrics.ClassProbabilities{"current": res.Current, "reference": res.Reference}
			if c.Reference == nil {
				assert.Nil(t, res.Reference)
				delete(sides, "reference")
			}
			for name, got := range sides {
				var want []map[string]json.RawMessage
				c.want(t, name, &want)
				var dropped int
				c.want(t, name+" rows dropped", &dropped)
				require.Len(t, got, len(want), name)
				for i, w := range want {
					g := got[i]
					var label string
					var rows [2]int
					var actual, other []int
					decodeKey(t, w, "label", &label)
					decodeKey(t, w, "rows [actual, other]", &rows)
					decodeKey(t, w, "histogram(p[y == label], bins=edges)", &actual)
					decodeKey(t, w, "histogram(p[y != label], bins=edges)", &other)
					assert.Equal(t, label, g.Label, name)
					assert.Equal(t, rows, [2]int{g.ActualRows, g.OtherRows}, name, label)
					assert.Equal(t, actual, g.Actual, name, label)
					assert.Equal(t, other, g.Other, name, label)
					assert.Equal(t, dropped, g.RowsDropped, name)
				}
			}
		})
	}
}

func TestClassificationProbDistributionErrors(t *testing.T) {
	ctx := context.Background()
	cur, err := dataset.New("cur", dataset.NewIntColumn("y", []int64{0, 1}, nil),
		dataset.NewNumericColumn("p", []float64{0.2, 1.5}), dataset.NewIntColumn("pred", []int64{0, 1}, nil))
	require.NoError(t, err)
	proba := []dataset.ProbaColumn{{Label: "1", Column: "p"}}
	m := &metrics.ClassificationProbDistribution{}
	// no probabilities: nothing to show
	_, err = m.Compute(ctx, &metrics.Input{Current: cur, Definition: &dataset.Definition{Target: "y", Prediction: "pred"}})
	assert.Error(t, err)
	// a probability outside [0, 1]
	_, err = m.Compute(ctx, &metrics.Input{Current: cur, Definition: &dataset.Definition{Target: "y", PredictionProbas: proba}})
	assert.True(t, errors.Is(err, metrics.ErrOption), err)
	_, err = (&metrics.ClassificationProbDistribution{Bins: -1}).Compute(ctx, &metrics.Input{Current: cur,
		Definition: &dataset.Definition{Target: "y", PredictionProbas: proba}})
	assert.True(t, errors.Is(err, metrics.ErrOption), err)
	id, err := metrics.ID(&metrics.ClassificationProbDistribution{Bins: 10})
	require.NoError(t, err)
	assert.Equal(t, "ClassificationProbDistribution(bins=10)", id)
}

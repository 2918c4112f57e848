package metrics_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// byFeatureRefs are internal/testdata/gen/byfeature_refs.py's cases:
// numpy's doane edges and histograms, pandas' value_counts and groupby
// means, and scikit-learn's accuracy_score and mean_absolute_error per bin.
type byFeatureRefs struct {
	Cases []struct {
		Name, Task         string
		Labels             []string
		Reference, Current byFeatureData
		XEdges             []float64       `json:"x_edges"`
		CBins              []string        `json:"c_bins"`
		WantX              []byFeatureWant `json:"want_x"`
		WantC              []byFeatureWant `json:"want_c"`
	}
}

type byFeatureData struct {
	X []*float64      `json:"x"`
	C []*string       `json:"c"`
	Y json.RawMessage `json:"y"`
	P json.RawMessage `json:"p"`
}

type byFeatureWant struct {
	Rows             []int      `json:"rows"`
	Missing          int        `json:"missing"`
	TargetCounts     [][]int    `json:"target_counts"`
	PredictionCounts [][]int    `json:"prediction_counts"`
	Accuracy         []*float64 `json:"accuracy"`
	TargetMean       []*float64 `json:"target_mean"`
	PredictionMean   []*float64 `json:"prediction_mean"`
	MAE              []*float64 `json:"mae"`
}

func nullableStrings(name string, xs []*string) *dataset.StringColumn {
	vals, nulls := make([]string, len(xs)), make([]bool, len(xs))
	for i, x := range xs {
		if x == nil {
			nulls[i] = true
		} else {
			vals[i] = *x
		}
	}
	return dataset.NewStringColumn(name, dataset.Categorical, vals, nulls)
}

func byFeatureFrame(t *testing.T, task string, d byFeatureData) *dataset.Frame {
	t.Helper()
	cols := []dataset.Column{dataset.NewNumericColumn("x", unptr(d.X)), nullableStrings("c", d.C)}
	for _, v := range []struct {
		name string
		raw  json.RawMessage
	}{{"y", d.Y}, {"p", d.P}} {
		if task == "regression" {
			var xs []*float64
			require.NoError(t, json.Unmarshal(v.raw, &xs))
			cols = append(cols, dataset.NewNumericColumn(v.name, unptr(xs)))
		} else {
			var xs []*string
			require.NoError(t, json.Unmarshal(v.raw, &xs))
			cols = append(cols, nullableStrings(v.name, xs))
		}
	}
	return frameOf(t, cols...)
}

func checkFeatureSide(t *testing.T, what string, got *metrics.FeatureSide, want byFeatureWant) {
	t.Helper()
	require.NotNil(t, got, what)
	assert.Equal(t, want.Rows, got.Rows, what+" rows")
	assert.Equal(t, want.Missing, got.Missing, what+" missing")
	if want.TargetCounts != nil {
		assert.Equal(t, want.TargetCounts, got.TargetCounts, what+" target counts")
		assert.Equal(t, want.PredictionCounts, got.PredictionCounts, what+" prediction counts")
	}
	for _, s := range []struct {
		name string
		want []*float64
		got  []metrics.Float
	}{{"accuracy", want.Accuracy, got.Accuracy}, {"target mean", want.TargetMean, got.TargetMean},
		{"prediction mean", want.PredictionMean, got.PredictionMean}, {"mae", want.MAE, got.MAE}} {
		require.Len(t, s.got, len(s.want), what+" "+s.name)
		for b := range s.want {
			rel(t, s.want[b], s.got[b], fmt.Sprintf("%s %s bin %d", what, s.name, b))
		}
	}
}

func TestByFeatureAgreesWithNumpyPandasSklearn(t *testing.T) {
	b, err := os.ReadFile("testdata/byfeature_refs.json")
	require.NoError(t, err)
	var refs byFeatureRefs
	require.NoError(t, json.Unmarshal(b, &refs))
	require.Len(t, refs.Cases, 3)
	for _, c := range refs.Cases {
		t.Run(c.Name, func(t *testing.T) {
			in := &metrics.Input{Reference: byFeatureFrame(t, c.Task, c.Reference), Current: byFeatureFrame(t, c.Task, c.Current),
				Definition: &dataset.Definition{Target: "y", Prediction: "p", Numerical: []string{"x"}, Categorical: []string{"c"}}}
			ms := []metrics.Metric{&metrics.TargetByFeaturesTable{}}
			if c.Task == "classification" {
				ms = append(ms, &metrics.ClassificationQualityByFeatureTable{})
			}
			for _, m := range ms {
				res, err := m.Compute(context.Background(), in)
				require.NoError(t, err, m.Name())
				r := res.(*metrics.ByFeatureResult)
				assert.Equal(t, c.Task, r.Task)
				if c.Task == "classification" {
					assert.Equal(t, c.Labels, r.Labels)
				}
				require.Len(t, r.Features, 2)
				x, cat := r.Features[0], r.Features[1]
				assert.Equal(t, "x", x.Feature)
				require.Len(t, x.Edges, len(c.XEdges))
				for i := range c.XEdges {
					assert.InDelta(t, c.XEdges[i], x.Edges[i], 1e-12*math.Max(1, math.Abs(c.XEdges[i])), "edge %d", i)
				}
				assert.Equal(t, "c", cat.Feature)
				assert.Equal(t, c.CBins, cat.Bins)
				checkFeatureSide(t, m.Name()+" x reference", x.Reference, c.WantX[0])
				checkFeatureSide(t, m.Name()+" x current", x.Current, c.WantX[1])
				checkFeatureSide(t, m.Name()+" c reference", cat.Reference, c.WantC[0])
				checkFeatureSide(t, m.Name()+" c current", cat.Current, c.WantC[1])
			}
		})
	}
}

package cart_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics/cart"
)

// cartRefs are internal/testdata/gen/cart_refs.py's cases: scikit-learn's
// DecisionTreeClassifier(max_depth, min_samples_leaf).fit(x, y) node
// count, leaves, depth and feature_importances_.
type cartRefs struct {
	Cases []cartCase
}

type cartCase struct {
	Name           string
	Classes        int
	X              [][]float32
	Y              []int32
	MaxDepth       int `json:"max_depth"`
	MinSamplesLeaf int `json:"min_samples_leaf"`
	Nodes, Leaves  int
	Depth          int
	Importances    []float64
}

func TestFitAgreesWithScikitLearn(t *testing.T) {
	b, err := os.ReadFile("testdata/cart_refs.json")
	require.NoError(t, err)
	var refs cartRefs
	require.NoError(t, json.Unmarshal(b, &refs))
	require.Len(t, refs.Cases, 3)
	for _, c := range refs.Cases {
		t.Run(c.Name, func(t *testing.T) {
			tree, err := cart.Fit(context.Background(), c.X, c.Y, c.Classes, cart.Options{MaxDepth: c.MaxDepth, MinSamplesLeaf: c.MinSamplesLeaf})
			require.NoError(t, err)
			assert.Equal(t, c.Nodes, tree.Nodes, "node count")
			assert.Equal(t, c.Leaves, tree.Leaves, "leaves")
			assert.Equal(t, c.Depth, tree.Depth, "depth")
			require.Len(t, tree.Importances, len(c.Importances))
			for f, want := range c.Importances {
				assert.InDelta(t, want, tree.Importances[f], 1e-12*math.Max(1, want), "feature %d", f)
			}
		})
	}
}

func TestFitErrors(t *testing.T) {
	ctx := context.Background()
	x := [][]float32{{1, 2, 3}}
	for _, tc := range []struct {
		name string
		x    [][]float32
		y    []int32
		k    int
		o    cart.Options
	}{
		{"depth", x, []int32{0, 1, 0}, 2, cart.Options{MaxDepth: 0, MinSamplesLeaf: 1}},
		{"leaf", x, []int32{0, 1, 0}, 2, cart.Options{MaxDepth: 2, MinSamplesLeaf: 0}},
		{"no rows", [][]float32{{}}, nil, 2, cart.Options{MaxDepth: 2, MinSamplesLeaf: 1}},
		{"lengths", x, []int32{0, 1}, 2, cart.Options{MaxDepth: 2, MinSamplesLeaf: 1}},
		{"class", x, []int32{0, 2, 0}, 2, cart.Options{MaxDepth: 2, MinSamplesLeaf: 1}},
		{"nan", [][]float32{{1, float32(math.NaN()), 3}}, []int32{0, 1, 0}, 2, cart.Options{MaxDepth: 2, MinSamplesLeaf: 1}},
	} {
		_, err := cart.Fit(ctx, tc.x, tc.y, tc.k, tc.o)
		assert.ErrorIs(t, err, cart.ErrInput, tc.name)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err := cart.Fit(cctx, x, []int32{0, 1, 0}, 2, cart.Options{MaxDepth: 2, MinSamplesLeaf: 1})
	assert.ErrorIs(t, err, context.Canceled)
}

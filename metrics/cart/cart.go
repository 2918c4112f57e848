// Package cart grows a CART classification tree as scikit-learn's
// DecisionTreeClassifier grows it (criterion="gini", splitter="best",
// max_features=None, depth first) and gives its impurity-based feature
// importances (feature_importances_, the mean decrease in impurity).
//
// The rules are scikit-learn 1.2's (sklearn/tree/_splitter.pyx,
// _tree.pyx): features are float32; a node is a leaf at MaxDepth, below
// 2·MinSamplesLeaf rows, or when pure; otherwise its split is the one of
// greatest
//
//	Σ_k c_lk²/n_l + Σ_k c_rk²/n_r
//
// (c_lk the rows of class k going left, n_l the rows going left: the
// Gini proxy scikit-learn maximises) over every feature and every cut
// between two sorted values more than 1e-7 apart that leaves at least
// MinSamplesLeaf rows on each side; the first such cut in ascending order
// wins within a feature. A node splits only if the best cut exists. The
// importance of feature f is
//
//	Σ over nodes split on f of n·g − n_l·g_l − n_r·g_r,  g = 1 − Σ_k (c_k/n)²
//
// normalised to sum to 1 (all zeros when the root is a leaf).
//
// One difference: scikit-learn visits the features in a random order
// (its random_state) and keeps the first of equally good splits, so two
// features that split a node equally well go to either; here the feature
// listed first wins. The importances agree with scikit-learn's whenever
// no node has such a tie, which is the usual case for continuous
// features on nodes of many rows.
package cart

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// featureThreshold is scikit-learn's FEATURE_THRESHOLD: values closer
// than this are not cut apart.
const featureThreshold = 1e-7

// Options bound the tree.
type Options struct {
	// MaxDepth is the depth at which nodes stop splitting (the root is at
	// depth 0); it must be at least 1.
	MaxDepth int
	// MinSamplesLeaf is the fewest rows a leaf may hold; at least 1.
	MinSamplesLeaf int
}

// Tree is a grown tree's summary.
type Tree struct {
	// Nodes counts the nodes (scikit-learn's tree_.node_count), Leaves
	// the leaves, Depth the deepest leaf's depth.
	Nodes, Leaves, Depth int
	// Importances are the features' normalised impurity decreases.
	Importances []float64
}

// ErrInput is returned for data the tree cannot be grown from.
var ErrInput = errors.New("cart: bad input")

// Fit grows a tree on features x (x[f][i] is feature f of row i) and
// classes y (0 to classes-1) and returns its summary. NaN values are not
// allowed: the caller decides where missing values go.
func Fit(ctx context.Context, x [][]float32, y []int32, classes int, o Options) (*Tree, error) {
	if o.MaxDepth < 1 || o.MinSamplesLeaf < 1 {
		return nil, fmt.Errorf("%w: max depth %d and min samples per leaf %d must be at least 1", ErrInput, o.MaxDepth, o.MinSamplesLeaf)
	}
	n := len(y)
	if n == 0 || len(x) == 0 || classes < 1 {
		return nil, fmt.Errorf("%w: %d rows, %d features, %d classes", ErrInput, n, len(x), classes)
	}
	for f, col := range x {
		if len(col) != n {
			return nil, fmt.Errorf("%w: feature %d has %d rows, the classes %d", ErrInput, f, len(col), n)
		}
		for i, v := range col {
			if v != v {
				return nil, fmt.Errorf("%w: feature %d row %d is NaN", ErrInput, f, i)
			}
		}
	}
	for i, c := range y {
		if c < 0 || int(c) >= classes {
			return nil, fmt.Errorf("%w: row %d has class %d, want 0 to %d", ErrInput, i, c, classes-1)
		}
	}
	g := &grower{x: x, y: y, k: classes, o: o, imp: make([]float64, len(x)), left: make([]bool, n)}
	// order[f] holds the rows sorted by feature f (ties by row); each node
	// owns the same range [start, end) of every order[f], kept sorted by
	// stable partitions as the tree splits.
	g.order = make([][]int32, len(x))
	for f, col := range x {
		ord := make([]int32, n)
		for i := range ord {
			ord[i] = int32(i)
		}
		slices.SortStableFunc(ord, func(a, b int32) int {
			switch {
			case col[a] < col[b]:
				return -1
			case col[a] > col[b]:
				return 1
			}
			return 0
		})
		g.order[f] = ord
	}
	g.scratch = make([]int32, n)
	g.counts = make([]int, classes)
	g.lcounts = make([]int, classes)
	t := &Tree{}
	rootCounts := make([]int, classes)
	for _, c := range y {
		rootCounts[c]++
	}
	if err := g.grow(ctx, t, 0, n, 0, rootCounts); err != nil {
		return nil, err
	}
	var sum float64
	for _, v := range g.imp {
		sum += v
	}
	t.Importances = g.imp
	if sum > 0 {
		for f := range t.Importances {
			t.Importances[f] /= sum
		}
	}
	return t, nil
}

type grower struct {
	x       [][]float32
	y       []int32
	k       int
	o       Options
	order   [][]int32
	scratch []int32
	left    []bool
	imp     []float64
	// counts and lcounts are scratch class counts.
	counts, lcounts []int
}

// gini is 1 − Σ (c_k/n)², scikit-learn's Gini impurity.
func gini(counts []int, n int) float64 {
	var sq float64
	for _, c := range counts {
		sq += float64(c) * float64(c)
	}
	return 1 - sq/(float64(n)*float64(n))
}

// epsilon is numpy.finfo(float64).eps, scikit-learn's purity threshold.
const epsilon = 2.220446049250313e-16

// grow splits the node of rows [start, end) of every order, with class
// counts counts, at depth depth.
func (g *grower) grow(ctx context.Context, t *Tree, start, end, depth int, counts []int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t.Nodes++
	n := end - start
	impurity := gini(counts, n)
	if depth >= g.o.MaxDepth || n < 2 || n < 2*g.o.MinSamplesLeaf || impurity <= epsilon {
		t.Leaves++
		t.Depth = max(t.Depth, depth)
		return nil
	}
	bestF, bestPos, best := -1, 0, 0.0
	for f := range g.x {
		col, ord := g.x[f], g.order[f][start:end]
		if float64(col[ord[n-1]]) <= float64(col[ord[0]])+featureThreshold {
			continue // constant in this node
		}
		clear(g.lcounts)
		for p := 1; p < n; p++ {
			g.lcounts[g.y[ord[p-1]]]++
			if float64(col[ord[p]]) <= float64(col[ord[p-1]])+featureThreshold {
				continue
			}
			if p < g.o.MinSamplesLeaf || n-p < g.o.MinSamplesLeaf {
				continue
			}
			var sl, sr float64
			for c, l := range g.lcounts {
				r := counts[c] - l
				sl += float64(l) * float64(l)
				sr += float64(r) * float64(r)
			}
			proxy := sl/float64(p) + sr/float64(n-p)
			if bestF < 0 || proxy > best {
				bestF, bestPos, best = f, p, proxy
			}
		}
	}
	if bestF < 0 {
		t.Leaves++
		t.Depth = max(t.Depth, depth)
		return nil
	}
	// The rows going left, their class counts, and each order partitioned.
	ord := g.order[bestF][start:end]
	lc, rc := make([]int, g.k), make([]int, g.k)
	for p, r := range ord {
		g.left[r] = p < bestPos
		if p < bestPos {
			lc[g.y[r]]++
		} else {
			rc[g.y[r]]++
		}
	}
	for f := range g.order {
		seg := g.order[f][start:end]
		l, r := 0, bestPos
		for _, row := range seg {
			if g.left[row] {
				g.scratch[l] = row
				l++
			} else {
				g.scratch[r] = row
				r++
			}
		}
		copy(seg, g.scratch[:n])
	}
	nl, nr := bestPos, n-bestPos
	g.imp[bestF] += float64(n)*impurity - float64(nl)*gini(lc, nl) - float64(nr)*gini(rc, nr)
	if err := g.grow(ctx, t, start, start+nl, depth+1, lc); err != nil {
		return err
	}
	return g.grow(ctx, t, start+nl, end, depth+1, rc)
}

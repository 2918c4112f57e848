package metrics

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/cart"
)

// The tree DataDrift's feature_importance fits to tell the datasets apart.
const (
	driftTreeDepth = 5
	driftTreeLeaf  = 20
	// driftTreeRows bounds the rows of each dataset the tree sees, and
	// driftTreeValues the values of all its columns (the tree holds a
	// float32 and an int32 per value).
	driftTreeRows   = 50_000
	driftTreeValues = 10_000_000
)

// driftImportances fits a CART tree (package cart: scikit-learn's
// DecisionTreeClassifier(max_depth=5, min_samples_leaf=20)) to tell the
// reference rows (class 0) from the current rows (class 1) on the
// numerical and categorical columns among cols, and returns each one's
// share of the tree's impurity decrease. Each dataset gives at most
// driftTreeRows rows, evenly spaced (rows ⌊i·n/m⌋), fewer when the
// columns are so many that 2·m·columns would pass driftTreeValues (but
// at least 1,000). A number is read as
// float32 (as scikit-learn reads it); a missing or infinite one sorts
// below every value. Categories are coded in sorted order (as
// scikit-learn's OrdinalEncoder codes them), a missing one as -1. Columns
// of another type, or typed differently in the two datasets, get none.
func driftImportances(ctx context.Context, in *Input, cols []string) (map[string]float64, error) {
	if in.Reference == nil || in.Current == nil {
		return nil, fmt.Errorf("feature_importance fits a tree to the rows of both datasets, and summaries (sketches) keep no rows (%w); "+
			"give the importances in current_feature_importance instead", ErrNeedsRows)
	}
	frames := []*dataset.Frame{in.Reference, in.Current}
	limit := driftTreeLimit(len(cols))
	var rows [2][]int
	for s, f := range frames {
		rows[s] = evenRows(f.Len(), limit)
	}
	total := len(rows[0]) + len(rows[1])
	var names []string
	var x [][]float32
	for _, name := range cols {
		rc, _ := in.Reference.Column(name)
		cc, _ := in.Current.Column(name)
		if rc == nil || cc == nil || rc.Type() != cc.Type() {
			continue
		}
		var col []float32
		switch c := cc.(type) {
		case *dataset.NumericColumn:
			col = make([]float32, 0, total)
			for s, dc := range []dataset.Column{rc, c} {
				vals := dc.(*dataset.NumericColumn).Values()
				for _, r := range rows[s] {
					v := vals[r]
					if math.IsNaN(v) || math.IsInf(v, 0) {
						col = append(col, float32(math.Inf(-1)))
					} else {
						col = append(col, float32(v))
					}
				}
			}
		case *dataset.StringColumn:
			if c.Type() != dataset.Categorical {
				continue
			}
			col = ordinalCodes([]*dataset.StringColumn{rc.(*dataset.StringColumn), c}, rows)
		default:
			continue
		}
		names = append(names, name)
		x = append(x, col)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%w: feature_importance needs a numerical or categorical column in both datasets", ErrOption)
	}
	y := make([]int32, total)
	for i := len(rows[0]); i < total; i++ {
		y[i] = 1
	}
	tree, err := cart.Fit(ctx, x, y, 2, cart.Options{MaxDepth: driftTreeDepth, MinSamplesLeaf: driftTreeLeaf})
	if err != nil {
		return nil, fmt.Errorf("feature_importance: %w", err)
	}
	out := make(map[string]float64, len(names))
	for f, name := range names {
		out[name] = tree.Importances[f]
	}
	return out, nil
}

// driftTreeLimit is the rows of each dataset the drift tree takes with
// cols columns: driftTreeRows, fewer when 2·rows·cols would pass
// driftTreeValues, but at least 1,000.
func driftTreeLimit(cols int) int {
	return min(driftTreeRows, max(1_000, driftTreeValues/(2*max(1, cols))))
}

// evenRows returns min(n, m) rows of n, evenly spaced: ⌊i·n/m⌋.
func evenRows(n, m int) []int {
	m = min(n, m)
	rows := make([]int, m)
	for i := range rows {
		rows[i] = int(int64(i) * int64(n) / int64(m))
	}
	return rows
}

// ordinalCodes codes the rows of each column by the sorted union of the
// columns' levels, missing as -1.
func ordinalCodes(cols []*dataset.StringColumn, rows [2][]int) []float32 {
	var levels []string
	for _, c := range cols {
		levels = append(levels, c.Levels()...)
	}
	slices.Sort(levels)
	levels = slices.Compact(levels)
	var out []float32
	for s, c := range cols {
		code := make([]float32, len(c.Levels()))
		for k, l := range c.Levels() {
			i, _ := slices.BinarySearch(levels, l)
			code[k] = float32(i)
		}
		codes := c.Codes()
		for _, r := range rows[s] {
			if k := codes[r]; k >= 0 {
				out = append(out, code[k])
			} else {
				out = append(out, -1)
			}
		}
	}
	return out
}

package metrics

import (
	"context"
	"fmt"
	"math"

	"github.com/telltale-ml/telltale/dataset"
)

// RegressionErrorBiasTable is how each feature behaves where a regression
// model underestimates, where it overestimates and in between:
// Evidently's RegressionErrorBiasTable (legacy calculations
// error_bias_table).
//
// # Groups
//
// Rows with a finite target and prediction are kept (the others are
// dropped and counted); err = prediction - target. With lo and hi the
// TopError and 1 - TopError quantiles of err (numpy.quantile's linear
// interpolation), a row is an underestimation when err <= lo, else an
// overestimation when err >= hi, else in the majority: the groups of
// RegressionQuality's error_groups (which uses TopError = 0.05).
// Evidently's masks are the same except that, when lo == hi, a row at
// the bound falls in both its under and its over group; here it is an
// underestimation only.
//
// # Features
//
// The features are the numerical and then the categorical features of
// the definition (Definition.Features on the current data), or the
// Columns given, typed by the current data. A feature's missing values
// (null, NaN, ±Inf) are left out of every statistic of that feature and
// counted in Missing; the groups still come from all kept rows.
//
// A numerical feature gets the mean over all rows (Overall), over each
// group (Under, Majority, Over), its Min and Max, and
//
//	range = 100 · |over - under| / (max - min)    (0 when over == under)
//
// as Evidently computes it; a constant feature has range 0. A mean over
// no value is NaN (null), and so is a range that needs one.
//
// A categorical feature gets the most common value over all rows and in
// each group, ties going to the value seen first in the rows of the group
// (pandas value_counts reindexed by pd.unique, then idxmax), and range 1
// when the overall, under and over modes are not all equal, else 0
// (null when one is undefined). It also gets each category's count per
// group, categories in order of first appearance.
//
// Evidently reports the overall value under the key "majority"
// (current_majority); here Overall is that value and Majority is the mean
// or mode of the majority group itself.
//
// Compute returns *RegressionErrorBiasTableResult.
type RegressionErrorBiasTable struct {
	// Columns are the features to describe; nil means every numerical and
	// categorical feature of the definition.
	Columns []string `json:"columns,omitempty"`
	// TopError is the share of rows in each tail group, in (0, 0.5);
	// nil means 0.05.
	TopError *float64 `json:"top_error,omitempty"`
}

// defaultTopError is Evidently's TOP_ERROR_DEFAULT.
const defaultTopError = 0.05

// Name implements Metric.
func (m *RegressionErrorBiasTable) Name() string { return "RegressionErrorBiasTable" }

// Params implements Parameterized.
func (m *RegressionErrorBiasTable) Params() any { return m }

// RegressionErrorBiasTableResult holds each side's error groups and the
// features described on them.
type RegressionErrorBiasTableResult struct {
	TopError  float64            `json:"top_error"`
	Current   *ErrorBiasGroups   `json:"current"`
	Reference *ErrorBiasGroups   `json:"reference"`
	Features  []ErrorBiasFeature `json:"features"`
}

// ErrorBiasGroups are one side's rows and the bounds and sizes of its
// error groups.
type ErrorBiasGroups struct {
	Rows            int   `json:"rows"`
	RowsDropped     int   `json:"rows_dropped"`
	QuantileLow     Float `json:"quantile_low"`
	QuantileHigh    Float `json:"quantile_high"`
	Underestimation int   `json:"underestimation"`
	Majority        int   `json:"majority"`
	Overestimation  int   `json:"overestimation"`
}

// ErrorBiasFeature describes one feature on both sides; FeatureType is
// "num" or "cat", as Evidently's feature_type.
type ErrorBiasFeature struct {
	Column      string     `json:"column"`
	FeatureType string     `json:"feature_type"`
	Current     *ErrorBias `json:"current"`
	Reference   *ErrorBias `json:"reference"`
}

// ErrorBias is one feature on one side: Num for a numerical feature, Cat
// for a categorical one.
type ErrorBias struct {
	// Missing counts the kept rows where the feature has no value.
	Missing int      `json:"missing"`
	Num     *NumBias `json:"num,omitempty"`
	Cat     *CatBias `json:"cat,omitempty"`
}

// NumBias are a numerical feature's means by error group.
type NumBias struct {
	Overall  Float `json:"overall"`
	Under    Float `json:"under"`
	Majority Float `json:"majority"`
	Over     Float `json:"over"`
	Min      Float `json:"min"`
	Max      Float `json:"max"`
	Range    Float `json:"range"`
}

// CatBias are a categorical feature's modes by error group (nil where a
// group has no value) and its counts per category.
type CatBias struct {
	Overall    *string        `json:"overall"`
	Under      *string        `json:"under"`
	Majority   *string        `json:"majority"`
	Over       *string        `json:"over"`
	Range      Float          `json:"range"`
	Categories []string       `json:"categories"`
	Counts     CategoryCounts `json:"counts"`
}

// CategoryCounts are the rows of each category, in the order of
// CatBias.Categories, in each error group.
type CategoryCounts struct {
	Under    []int `json:"under"`
	Majority []int `json:"majority"`
	Over     []int `json:"over"`
}

// Compute implements Metric.
func (m *RegressionErrorBiasTable) Compute(ctx context.Context, in *Input) (Result, error) {
	top := defaultTopError
	if m.TopError != nil {
		top = *m.TopError
	}
	if !(top > 0 && top < 0.5) {
		return nil, fmt.Errorf("%w: %s: top_error must be in (0, 0.5), got %v", ErrOption, m.Name(), top)
	}
	t, err := newRegTask(in, m.Name())
	if err != nil {
		return nil, err
	}
	feats, err := m.features(in)
	if err != nil {
		return nil, err
	}
	res := &RegressionErrorBiasTableResult{TopError: top, Features: []ErrorBiasFeature{}}
	sides := []*regSide{t.cur}
	frames := []*dataset.Frame{in.Current}
	if t.ref != nil {
		sides = append(sides, t.ref)
		frames = append(frames, in.Reference)
	}
	groups := make([][]int, len(sides))
	for k, s := range sides {
		g, info := errorBiasGroups(s, top)
		groups[k] = g
		if k == 0 {
			res.Current = info
		} else {
			res.Reference = info
		}
	}
	for _, f := range feats {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out := ErrorBiasFeature{Column: f.name, FeatureType: f.kind}
		for k, s := range sides {
			b, err := m.describe(frames[k], f, s.keep, groups[k])
			if err != nil {
				return nil, err
			}
			if k == 0 {
				out.Current = b
			} else {
				out.Reference = b
			}
		}
		res.Features = append(res.Features, out)
	}
	return res, nil
}

type biasFeature struct{ name, kind string }

// features lists the features to describe, with their kinds.
func (m *RegressionErrorBiasTable) features(in *Input) ([]biasFeature, error) {
	var out []biasFeature
	if m.Columns == nil {
		feats := in.Def().Features(in.Current)
		for _, n := range feats[dataset.Numerical] {
			out = append(out, biasFeature{n, "num"})
		}
		for _, n := range feats[dataset.Categorical] {
			out = append(out, biasFeature{n, "cat"})
		}
		return out, nil
	}
	for _, n := range m.Columns {
		c, ok := in.Current.Column(n)
		if !ok {
			return nil, &ColumnError{Metric: m.Name(), Column: n, Err: ErrNoColumn}
		}
		switch c.Type() {
		case dataset.Numerical:
			out = append(out, biasFeature{n, "num"})
		case dataset.Categorical:
			out = append(out, biasFeature{n, "cat"})
		default:
			return nil, &ColumnError{Metric: m.Name(), Column: n,
				Err: fmt.Errorf("%w: must be numerical or categorical, not %s", ErrColumnType, c.Type())}
		}
	}
	return out, nil
}

// errorBiasGroups places each of the side's rows in its error group.
func errorBiasGroups(s *regSide, top float64) ([]int, *ErrorBiasGroups) {
	lo, hi := errorQuantiles(s.err, top)
	info := &ErrorBiasGroups{Rows: len(s.err), RowsDropped: s.dropped, QuantileLow: Float(lo), QuantileHigh: Float(hi)}
	g := make([]int, len(s.err))
	for i, e := range s.err {
		g[i] = errorGroup(e, lo, hi)
		switch g[i] {
		case groupUnder:
			info.Underestimation++
		case groupOver:
			info.Overestimation++
		default:
			info.Majority++
		}
	}
	return g, info
}

// describe computes one feature on one side; keep maps the side's kept
// rows to frame rows and group gives each one's error group.
func (m *RegressionErrorBiasTable) describe(f *dataset.Frame, feat biasFeature, keep, group []int) (*ErrorBias, error) {
	if feat.kind == "num" {
		read, err := numericReader(f, m.Name(), feat.name)
		if err != nil {
			return nil, err
		}
		return numBias(read, keep, group), nil
	}
	read, err := newLabelReader(f, m.Name(), feat.name)
	if err != nil {
		return nil, err
	}
	return catBias(read, keep, group), nil
}

func numBias(read func(int) (float64, bool), keep, group []int) *ErrorBias {
	var sum, n [3]float64
	var all []float64
	b := &ErrorBias{}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, row := range keep {
		v, ok := read(row)
		if !ok {
			b.Missing++
			continue
		}
		all = append(all, v)
		sum[group[i]] += v
		n[group[i]]++
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	overall, _ := meanStd(all)
	nb := &NumBias{Overall: Float(overall), Min: Float(math.NaN()), Max: Float(math.NaN())}
	if len(all) > 0 {
		nb.Min, nb.Max = Float(lo), Float(hi)
	}
	mean := func(g int) float64 { return divOrNaN(sum[g], n[g]) }
	under, over := mean(groupUnder), mean(groupOver)
	nb.Under, nb.Majority, nb.Over = Float(under), Float(mean(groupMajority)), Float(over)
	if under == over {
		nb.Range = 0
	} else {
		nb.Range = Float(100 * math.Abs(over-under) / (hi - lo))
	}
	b.Num = nb
	return b
}

func catBias(read labelReader, keep, group []int) *ErrorBias {
	b := &ErrorBias{}
	cb := &CatBias{Categories: []string{}}
	index := map[string]int{}
	var counts [3][]int
	// first[g][c] is the rank of category c's first row in group g.
	var first [3][]int
	var seen [3]int
	for i, row := range keep {
		l, ok := read(row)
		if !ok {
			b.Missing++
			continue
		}
		c, ok := index[l]
		if !ok {
			c = len(cb.Categories)
			index[l] = c
			cb.Categories = append(cb.Categories, l)
			for g := range counts {
				counts[g] = append(counts[g], 0)
				first[g] = append(first[g], -1)
			}
		}
		g := group[i]
		if counts[g][c] == 0 {
			first[g][c] = seen[g]
			seen[g]++
		}
		counts[g][c]++
	}
	// mode: the largest count, ties to the earliest first appearance.
	mode := func(count func(c int) int, rank func(c int) int) *string {
		best := -1
		for c := range cb.Categories {
			n := count(c)
			if n == 0 {
				continue
			}
			if best < 0 || n > count(best) || n == count(best) && rank(c) < rank(best) {
				best = c
			}
		}
		if best < 0 {
			return nil
		}
		return &cb.Categories[best]
	}
	for g := range counts {
		cg, fg := counts[g], first[g]
		md := mode(func(c int) int { return cg[c] }, func(c int) int { return fg[c] })
		switch g {
		case groupUnder:
			cb.Under = md
		case groupMajority:
			cb.Majority = md
		default:
			cb.Over = md
		}
	}
	// overall order of first appearance is the category index.
	cb.Overall = mode(func(c int) int { return counts[0][c] + counts[1][c] + counts[2][c] }, func(c int) int { return c })
	switch {
	case cb.Overall == nil || cb.Under == nil || cb.Over == nil:
		cb.Range = Float(math.NaN())
	case *cb.Overall != *cb.Under || *cb.Over != *cb.Overall:
		cb.Range = 1
	}
	cb.Counts = CategoryCounts{Under: counts[groupUnder], Majority: counts[groupMajority], Over: counts[groupOver]}
	if cb.Counts.Under == nil {
		cb.Counts = CategoryCounts{Under: []int{}, Majority: []int{}, Over: []int{}}
	}
	b.Cat = cb
	return b
}

package metrics

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/stattest"
)

// ColumnDrift compares one column's distribution in the current data with
// the reference, with a statistical test chosen as Evidently chooses it
// (see DriftOptions and stattest.Choose). Missing and infinite values are
// dropped first and counted. It needs reference data.
//
// Compute returns *ColumnDriftResult.
type ColumnDrift struct {
	Column string `json:"column"`
	DriftOptions
}

// Name implements Metric.
func (m *ColumnDrift) Name() string { return "ColumnDrift" }

// Params implements Parameterized.
func (m *ColumnDrift) Params() any { return m }

// ReadsSummaries implements SummaryReader.
func (m *ColumnDrift) ReadsSummaries() {}

// Compute implements Metric. A column the test cannot decide on (empty
// after dropping, of the wrong type for the test asked for, an undefined
// score) is an error.
func (m *ColumnDrift) Compute(ctx context.Context, in *Input) (Result, error) {
	if m.Column == "" {
		return nil, fmt.Errorf("%w: ColumnDrift needs a column", ErrOption)
	}
	d, err := newDrifter(in, &m.DriftOptions)
	if err != nil {
		return nil, err
	}
	r := d.column(m.Column)
	if r.err != nil {
		return nil, &ColumnError{Metric: m.Name(), Column: m.Column, Err: r.err}
	}
	return &r, nil
}

// ColumnDriftResult is the drift of one column.
type ColumnDriftResult struct {
	Column string `json:"column"`
	// ColumnType is "numerical", "categorical" or "text".
	ColumnType string `json:"column_type"`
	// StatTest is the registry name of the test ("ks"), StatTestName its
	// display name ("K-S p_value").
	StatTest     string `json:"stattest"`
	StatTestName string `json:"stattest_name"`
	Statistic    Float  `json:"statistic"`
	// PValue is null for distance tests.
	PValue Float `json:"p_value"`
	// Score is what is compared with Threshold: the p-value or the
	// distance.
	Score     Float `json:"score"`
	Threshold Float `json:"threshold"`
	// Drifted is the decision: Drift, NoDrift, or NotTested (null in
	// JSON) when the column could not be tested (Error says why).
	Drifted     Verdict `json:"drifted"`
	RowsUsed    Sides   `json:"rows_used"`
	RowsDropped Sides   `json:"rows_dropped"`
	// Distribution is what the charts draw: both sides on shared bins, or
	// category shares.
	Distribution *Distribution `json:"distribution,omitempty"`
	// Text is the domain classifier's details for a text column.
	Text *stattest.TextDetails `json:"text,omitempty"`
	// CurrentFeatureImportance and ReferenceFeatureImportance are the
	// column's importance as DataDrift's options give them (Evidently's
	// feature_importance); absent otherwise.
	CurrentFeatureImportance   *Float `json:"current_feature_importance,omitempty"`
	ReferenceFeatureImportance *Float `json:"reference_feature_importance,omitempty"`
	// DriftImportance is the column's share of the impurity decrease of
	// the tree DataDrift's feature_importance fits to tell the datasets
	// apart (see DataDrift); absent otherwise.
	DriftImportance *Float `json:"drift_importance,omitempty"`
	// Approximate is set when the drift was computed from sketches: how
	// far the statistic and score may be from those of the rows, and
	// whether the decision is certain.
	Approximate *DriftBound `json:"approximate,omitempty"`
	Error       string      `json:"error,omitempty"`

	err error
}

// Sides is a count for the reference and the current data.
type Sides struct {
	Reference int `json:"reference"`
	Current   int `json:"current"`
}

// Distribution is a column's distribution in both datasets, as shares
// (each side sums to 1 over its bins or categories, Other included).
type Distribution struct {
	// Kind is "histogram" (Edges hold len(Reference)+1 bin edges) or
	// "categories" (Categories name each share).
	Kind       string    `json:"kind"`
	Edges      []float64 `json:"edges,omitempty"`
	Categories []string  `json:"categories,omitempty"`
	Reference  []float64 `json:"reference"`
	Current    []float64 `json:"current"`
	// Other holds the shares of the categories beyond the most frequent
	// maxCategories, which are folded together; absent when none are.
	Other *[2]float64 `json:"other,omitempty"`
}

// maxCategories bounds the categories a distribution lists.
const maxCategories = 50

// drifter tests columns with one set of options.
type drifter struct {
	in     *Input
	opts   *DriftOptions
	policy stattest.Policy
	topts  stattest.Options
	reg    *stattest.Registry
}

func newDrifter(in *Input, opts *DriftOptions) (*drifter, error) {
	if !in.HasReference() {
		return nil, ErrNoReference
	}
	reg := stattest.Default()
	cur := in.Current
	if in.Summarized() {
		if in.ReferenceSummary == nil {
			return nil, fmt.Errorf("%w: the current data is a sketch, so the reference must be one too", ErrNoReference)
		}
		cur = schemaFrame(in.CurrentSummary)
	}
	if err := opts.validate(reg, cur); err != nil {
		return nil, err
	}
	topts, err := opts.testOptions()
	if err != nil {
		return nil, err
	}
	return &drifter{in: in, opts: opts, policy: opts.policy(), topts: topts, reg: reg}, nil
}

// column tests one column; problems are recorded in the result.
func (d *drifter) column(name string) ColumnDriftResult {
	r := ColumnDriftResult{Column: name, Statistic: nan(), PValue: nan(), Score: nan(), Threshold: nan()}
	fail := func(err error) ColumnDriftResult {
		r.err = err
		r.Error = err.Error()
		return r
	}
	if d.in.Summarized() {
		return d.summaryColumn(name)
	}
	rc, ok := d.in.Reference.Column(name)
	if !ok {
		return fail(fmt.Errorf("%w in the reference data", ErrNoColumn))
	}
	cc, ok := d.in.Current.Column(name)
	if !ok {
		return fail(fmt.Errorf("%w in the current data", ErrNoColumn))
	}
	if rc.Type() != cc.Type() {
		return fail(fmt.Errorf("%w: %s in the reference, %s in the current data", ErrColumnType, rc.Type(), cc.Type()))
	}
	r.ColumnType = rc.Type().String()
	var input stattest.Input
	var col stattest.Column
	switch rcol := rc.(type) {
	case *dataset.NumericColumn:
		// Integer columns counted by value stay runs: the tests walk
		// the distinct values, and only those that need every value write
		// them out.
		ref := d.in.Cache.numericView(d.in.Reference, rcol)
		cur := d.in.Cache.numericView(d.in.Current, cc.(*dataset.NumericColumn))
		r.RowsUsed = Sides{ref.len(), cur.len()}
		r.RowsDropped = Sides{ref.Dropped(), cur.Dropped()}
		if err := emptyAfterDrop(ref, cur); err != nil {
			return fail(err)
		}
		a, err := ref.sample()
		if err != nil {
			return fail(err)
		}
		b, err := cur.sample()
		if err != nil {
			return fail(err)
		}
		input = stattest.NumericalInput(a, b)
		// The automatic choice only asks whether there are more than 5
		// distinct values: counting stops at 6.
		col = stattest.Column{Name: name, Kind: stattest.Numerical, ReferenceRows: a.Len(), Distinct: stattest.DistinctUnionUpTo(a, b, 5)}
		r.Distribution = histogramDistribution(a, b)
	case *dataset.StringColumn:
		counts, used := categoryCounts(rcol, cc.(*dataset.StringColumn))
		r.RowsUsed = used
		r.RowsDropped = Sides{rcol.NullN(), cc.NullN()}
		if used.Reference == 0 || used.Current == 0 {
			return fail(fmt.Errorf("%w: every value is missing in the %s data", ErrEmpty, sideName(used.Reference == 0)))
		}
		kind := stattest.Categorical
		if rcol.Type() == dataset.Text {
			kind = stattest.Text
		}
		input = stattest.CategoricalInput(counts)
		input.Kind = kind
		if kind == stattest.Text {
			input = stattest.TextInput(stringValues(rcol), stringValues(cc.(*dataset.StringColumn)))
		}
		col = stattest.Column{Name: name, Kind: kind, ReferenceRows: used.Reference, Distinct: len(counts.Keys)}
		r.Distribution = categoryDistribution(counts, used)
	default:
		return fail(fmt.Errorf("%w: drift is tested on numerical, categorical and text columns, not %s", ErrColumnType, rc.Type()))
	}
	test, thr, err := d.policy.Resolve(d.reg, col)
	if err != nil {
		return fail(err)
	}
	r.StatTest, r.StatTestName, r.Threshold = test.Name, test.DisplayName, Float(thr)
	res, err := test.Run(input, thr, d.topts)
	if err != nil {
		return fail(err)
	}
	r.Statistic, r.PValue, r.Score, r.Drifted = Float(res.Statistic), Float(res.PValue), Float(res.Score), VerdictOf(res.Drifted)
	r.Text = res.Text
	return r
}

// stringValues returns a string column's non-missing values in row order.
func stringValues(c *dataset.StringColumn) []string {
	out := make([]string, 0, c.Len()-c.NullN())
	if codes, ok := c.Codes16(); ok {
		return appendLevels(out, codes, c.Levels())
	}
	return appendLevels(out, c.Codes(), c.Levels())
}

// appendLevels appends the level of each present code to out.
func appendLevels[T codeInt](out []string, codes []T, levels []string) []string {
	for _, k := range codes {
		if k >= 0 {
			out = append(out, levels[k])
		}
	}
	return out
}

func emptyAfterDrop(ref, cur numericView) error {
	for _, s := range []struct {
		side string
		s    numericView
	}{{"reference", ref}, {"current", cur}} {
		if s.s.len() == 0 {
			return fmt.Errorf("%w: no finite values in the %s data (%d missing, %d infinite dropped)",
				ErrEmpty, s.side, s.s.Missing, s.s.Infinite)
		}
	}
	return nil
}

func sideName(reference bool) string {
	if reference {
		return "reference"
	}
	return "current"
}

// categoryCounts counts each category on both sides, keyed by the sorted
// union of the categories present; missing values are not counted.
func categoryCounts(ref, cur *dataset.StringColumn) (*stattest.Counts, Sides) {
	rc := levelCounts(ref)
	cc := levelCounts(cur)
	idx := map[string]int{}
	var keys []string
	for _, side := range []struct {
		c      *dataset.StringColumn
		counts []int
	}{{ref, rc}, {cur, cc}} {
		for k, l := range side.c.Levels() {
			if _, ok := idx[l]; !ok && side.counts[k] > 0 {
				idx[l] = 0
				keys = append(keys, l)
			}
		}
	}
	sort.Strings(keys)
	for i, k := range keys {
		idx[k] = i
	}
	out := &stattest.Counts{Keys: keys, Reference: make([]int, len(keys)), Current: make([]int, len(keys))}
	var used Sides
	for k, l := range ref.Levels() {
		if rc[k] > 0 {
			out.Reference[idx[l]] += rc[k]
			used.Reference += rc[k]
		}
	}
	for k, l := range cur.Levels() {
		if cc[k] > 0 {
			out.Current[idx[l]] += cc[k]
			used.Current += cc[k]
		}
	}
	return out, used
}

// histogramDistribution bins both sorted sides on shared equal-width edges
// over the pooled range, with Sturges' number of bins (NumPy's "sturges").
func histogramDistribution(ref, cur *stattest.Sample) *Distribution {
	lo := math.Min(ref.Min(), cur.Min())
	hi := math.Max(ref.Max(), cur.Max())
	nb := stattest.SturgesBins(ref.Len()+cur.Len(), lo, hi)
	edges := stattest.HistogramEdges(lo, hi, nb)
	rs := ref.HistogramCounts(nil, edges)
	cs := cur.HistogramCounts(nil, edges)
	for i := range rs {
		rs[i] /= float64(ref.Len())
		cs[i] /= float64(cur.Len())
	}
	return &Distribution{Kind: "histogram", Edges: edges, Reference: rs, Current: cs}
}

// categoryDistribution lists the shares of the most frequent categories
// (by pooled count, ties by name) and folds the rest into Other.
func categoryDistribution(c *stattest.Counts, used Sides) *Distribution {
	order := make([]int, len(c.Keys))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return (c.Reference[b] + c.Current[b]) - (c.Reference[a] + c.Current[a])
	})
	d := &Distribution{Kind: "categories"}
	var other [2]float64
	for rank, i := range order {
		rs := float64(c.Reference[i]) / float64(used.Reference)
		cs := float64(c.Current[i]) / float64(used.Current)
		if rank >= maxCategories {
			other[0] += rs
			other[1] += cs
			continue
		}
		d.Categories = append(d.Categories, c.Keys[i])
		d.Reference = append(d.Reference, rs)
		d.Current = append(d.Current, cs)
	}
	if len(order) > maxCategories {
		d.Other = &other
	}
	return d
}

func nan() Float { return Float(math.NaN()) }

package metrics

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/telltale-ml/telltale/dataset"
)

// Correlations computes the correlation matrices of a dataset, side by side
// for the reference and the current data (Evidently's
// DatasetCorrelationsMetric): Pearson, Spearman and Kendall tau-b over the
// numerical columns, Cramér's V without bias correction over the
// categorical ones. Every numerical and categorical column is kept, as
// pandas' DataFrame.corr (which Evidently calls) keeps it: a column with
// fewer than two distinct values has no defined correlation, so its row and
// column are null (its diagonal too; pandas gives 1.0 on the Kendall
// diagonal of a constant column, which telltale does not follow) and Notes
// says why. Each pair uses the rows where both values are present and
// finite (pandas' pairwise-complete observations; pandas would keep
// infinities and produce NaN).
//
// Compute returns *CorrelationsResult.
type Correlations struct{}

// Name implements Metric.
func (m *Correlations) Name() string { return "Correlations" }

// Correlation kinds, as the JSON keys spell them.
const (
	KindPearson  = "pearson"
	KindSpearman = "spearman"
	KindKendall  = "kendall"
	KindCramerV  = "cramer_v"
)

// CorrelationsResult holds the matrices of each side and, with a
// reference, how each kind changed.
type CorrelationsResult struct {
	Current   *CorrelationSide `json:"current"`
	Reference *CorrelationSide `json:"reference,omitempty"`
	// Changes maps a kind to the change of its pairs from the reference
	// to the current data, over the columns both sides have.
	Changes map[string]*CorrelationChange `json:"changes,omitempty"`
	// Notes say why cells are null: a column that is constant or empty on
	// one side.
	Notes []string `json:"notes,omitempty"`
}

// CorrelationSide holds the four matrices of one dataset.
type CorrelationSide struct {
	Pearson  *CorrelationMatrix `json:"pearson"`
	Spearman *CorrelationMatrix `json:"spearman"`
	Kendall  *CorrelationMatrix `json:"kendall"`
	CramerV  *CorrelationMatrix `json:"cramer_v"`
}

// Matrix returns the matrix of kind, nil for an unknown kind.
func (s *CorrelationSide) Matrix(kind string) *CorrelationMatrix {
	switch kind {
	case KindPearson:
		return s.Pearson
	case KindSpearman:
		return s.Spearman
	case KindKendall:
		return s.Kendall
	case KindCramerV:
		return s.CramerV
	}
	return nil
}

// CorrelationMatrix is a symmetric matrix over Columns (null where a pair
// has no defined correlation, and on the diagonal of a column with fewer
// than two distinct values), and its pairs by decreasing absolute value
// (at most 20; Top[0] is the most correlated pair).
type CorrelationMatrix struct {
	Columns []string          `json:"columns"`
	Values  [][]Float         `json:"values"`
	Top     []CorrelationPair `json:"top"`
}

// Value returns the correlation of columns a and b, NaN when either is not
// in the matrix.
func (m *CorrelationMatrix) Value(a, b string) float64 {
	i, j := slices.Index(m.Columns, a), slices.Index(m.Columns, b)
	if i < 0 || j < 0 {
		return math.NaN()
	}
	return float64(m.Values[i][j])
}

// CorrelationPair is the correlation of two columns.
type CorrelationPair struct {
	A     string `json:"a"`
	B     string `json:"b"`
	Value Float  `json:"value"`
}

// CorrelationChange is how one kind of correlation changed: each pair of
// columns both sides have, with Value the current minus the reference
// correlation, by decreasing absolute change; MaxAbs is the largest
// absolute change (0 with no pair).
type CorrelationChange struct {
	MaxAbs Float             `json:"max_abs"`
	Pairs  []CorrelationPair `json:"pairs"`
}

// Compute implements Metric.
func (m *Correlations) Compute(ctx context.Context, in *Input) (Result, error) {
	r := &CorrelationsResult{}
	r.Current, r.Notes = correlationSide(in.Cache, in.Current, "current", r.Notes)
	if in.Reference != nil {
		r.Reference, r.Notes = correlationSide(in.Cache, in.Reference, "reference", r.Notes)
		r.Changes = map[string]*CorrelationChange{}
		for _, k := range []string{KindPearson, KindSpearman, KindKendall, KindCramerV} {
			r.Changes[k] = correlationChange(r.Reference.Matrix(k), r.Current.Matrix(k))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// maxTopPairs bounds CorrelationMatrix.Top.
const maxTopPairs = 20

// correlationSide computes the matrices of frame f over all its numerical
// and categorical columns, appending to notes a line for each column whose
// correlations are undefined on this side (named by side).
func correlationSide(cache *Cache, f *dataset.Frame, side string, notes []string) (*CorrelationSide, []string) {
	var nums []*dataset.NumericColumn
	var cats []*dataset.StringColumn
	var numOK, catOK []bool // the column has at least two distinct values
	undefined := func(name string, distinct int) {
		why := "is constant"
		if distinct == 0 {
			why = "has no values"
		}
		notes = append(notes, fmt.Sprintf("column %q %s in the %s data: its correlations are undefined (null)", name, why, side))
	}
	for _, c := range f.Columns() {
		switch c := c.(type) {
		case *dataset.NumericColumn:
			s := cache.SortedValues(f, c).Values
			ok := len(s) > 1 && s[0] != s[len(s)-1]
			nums, numOK = append(nums, c), append(numOK, ok)
			if !ok {
				undefined(c.Name(), min(len(s), 1))
			}
		case *dataset.StringColumn:
			if c.Type() != dataset.Categorical {
				continue
			}
			d := dataset.Distinct(c)
			cats, catOK = append(cats, c), append(catOK, d > 1)
			if d <= 1 {
				undefined(c.Name(), d)
			}
		}
	}
	numNames := make([]string, len(nums))
	for i, c := range nums {
		numNames[i] = c.Name()
	}
	catNames := make([]string, len(cats))
	for i, c := range cats {
		catNames[i] = c.Name()
	}
	pairNum := func(a, b *dataset.NumericColumn) (x, y []float64) {
		va, vb := a.Values(), b.Values()
		for i := range va {
			if !math.IsNaN(va[i]) && !math.IsInf(va[i], 0) && !math.IsNaN(vb[i]) && !math.IsInf(vb[i], 0) {
				x, y = append(x, va[i]), append(y, vb[i])
			}
		}
		return x, y
	}
	numMatrix := func(fn func(x, y []float64) float64) *CorrelationMatrix {
		return symmetric(numNames, numOK, func(i, j int) float64 {
			if !numOK[i] || !numOK[j] {
				return math.NaN()
			}
			return fn(pairNum(nums[i], nums[j]))
		})
	}
	return &CorrelationSide{
		Pearson:  numMatrix(pearson),
		Spearman: numMatrix(spearman),
		Kendall:  numMatrix(kendallTauB),
		CramerV: symmetric(catNames, catOK, func(i, j int) float64 {
			if !catOK[i] || !catOK[j] {
				return math.NaN()
			}
			ca, cb := cats[i].Codes(), cats[j].Codes()
			var a, b []int32
			for r := range ca {
				if ca[r] >= 0 && cb[r] >= 0 {
					a, b = append(a, ca[r]), append(b, cb[r])
				}
			}
			return cramerV(a, b, len(cats[i].Levels()), len(cats[j].Levels()))
		}),
	}, notes
}

// symmetric builds the matrix over names from the upper triangle of fn; the
// diagonal is 1 where defined[i], else NaN.
func symmetric(names []string, defined []bool, fn func(i, j int) float64) *CorrelationMatrix {
	k := len(names)
	m := &CorrelationMatrix{Columns: names, Values: make([][]Float, k), Top: []CorrelationPair{}}
	for i := range m.Values {
		m.Values[i] = make([]Float, k)
		m.Values[i][i] = Float(math.NaN())
		if defined[i] {
			m.Values[i][i] = 1
		}
	}
	for i := range k {
		for j := i + 1; j < k; j++ {
			v := Float(fn(i, j))
			m.Values[i][j], m.Values[j][i] = v, v
			if !math.IsNaN(float64(v)) {
				m.Top = append(m.Top, CorrelationPair{A: names[i], B: names[j], Value: v})
			}
		}
	}
	sortPairs(m.Top)
	if len(m.Top) > maxTopPairs {
		m.Top = m.Top[:maxTopPairs]
	}
	return m
}

// sortPairs orders pairs by decreasing absolute value, then by names.
func sortPairs(p []CorrelationPair) {
	slices.SortStableFunc(p, func(a, b CorrelationPair) int {
		return cmpFloat(math.Abs(float64(b.Value)), math.Abs(float64(a.Value)))
	})
}

func correlationChange(ref, cur *CorrelationMatrix) *CorrelationChange {
	ch := &CorrelationChange{Pairs: []CorrelationPair{}}
	for i, a := range cur.Columns {
		for _, b := range cur.Columns[i+1:] {
			d := cur.Value(a, b) - ref.Value(a, b)
			if math.IsNaN(d) {
				continue
			}
			ch.Pairs = append(ch.Pairs, CorrelationPair{A: a, B: b, Value: Float(d)})
			ch.MaxAbs = Float(math.Max(float64(ch.MaxAbs), math.Abs(d)))
		}
	}
	sortPairs(ch.Pairs)
	return ch
}

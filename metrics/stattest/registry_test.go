package stattest_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

func TestDefaultRegistry(t *testing.T) {
	reg := stattest.Default()
	assert.Same(t, reg, stattest.Default(), "built once")
	// Evidently's names, default thresholds and drift directions
	// (legacy/calculations/stattests/*.py; evidently-semantics.md §1).
	want := []struct {
		name  string
		thr   float64
		pval  bool
		drift stattest.Comparison
	}{
		{"ks", 0.05, true, stattest.LessEqual},
		{"chisquare", 0.05, true, stattest.Less},
		{"z", 0.05, true, stattest.Less},
		{"jensenshannon", 0.1, false, stattest.GreaterEqual},
		{"kl_div", 0.1, false, stattest.GreaterEqual},
		{"psi", 0.1, false, stattest.GreaterEqual},
		{"wasserstein", 0.1, false, stattest.GreaterEqual},
		{"hellinger", 0.1, false, stattest.GreaterEqual},
		{"ed", 0.1, false, stattest.Greater},
		{"anderson", 0.1, true, stattest.Less},
		{"cramer_von_mises", 0.1, true, stattest.LessEqual},
		{"es", 0.05, true, stattest.Less},
		{"mannw", 0.05, true, stattest.Less},
		{"t_test", 0.05, true, stattest.Less},
		{"fisher_exact", 0.1, true, stattest.Less},
		{"g_test", 0.1, true, stattest.Less},
		{"TVD", 0.1, true, stattest.Less},
		{"empirical_mmd", 0.1, true, stattest.Less},
		{"perc_text_content_drift", 0.95, false, stattest.Greater},
		{"abs_text_content_drift", 0.55, false, stattest.Greater},
	}
	assert.Len(t, reg.Names(), len(want))
	for _, w := range want {
		tt, ok := reg.Lookup(w.name)
		require.True(t, ok, w.name)
		assert.Equal(t, w.thr, tt.DefaultThreshold, w.name)
		assert.Equal(t, w.pval, tt.PValue, w.name)
		assert.Equal(t, w.drift, tt.Drift, w.name)
		assert.NotEmpty(t, tt.DisplayName)
	}
	_, ok := reg.Lookup("nope")
	assert.False(t, ok)
}

func TestRegistryWith(t *testing.T) {
	custom := stattest.Test{
		Name: "mean_diff", Kinds: []stattest.Kind{stattest.Numerical}, DefaultThreshold: 1,
		Drift: stattest.GreaterEqual,
		Compute: func(in stattest.Input, _ stattest.Options) (stattest.Stat, error) {
			d := math.Abs(in.Reference.Mean() - in.Current.Mean())
			return stattest.Stat{Statistic: d, PValue: math.NaN(), Score: d}, nil
		},
	}
	reg, err := stattest.Default().With(custom)
	require.NoError(t, err)
	_, ok := reg.Lookup("mean_diff")
	assert.True(t, ok)
	_, ok = stattest.Default().Lookup("mean_diff")
	assert.False(t, ok, "the default registry is not mutated")
	_, err = stattest.NewRegistry(custom, custom)
	assert.ErrorIs(t, err, stattest.ErrBadInput)
	_, err = stattest.NewRegistry(stattest.Test{Name: "x"})
	assert.ErrorIs(t, err, stattest.ErrBadInput)
}

func TestChoose(t *testing.T) {
	// Evidently's tests/stattests/test_registry.py vectors (semantics §10.10)
	// and the table of §2.
	cases := []struct {
		kind     stattest.Kind
		rows, u  int
		expected string
	}{
		{stattest.Numerical, 10, 1, "z"},
		{stattest.Numerical, 11, 11, "ks"},
		{stattest.Numerical, 11000, 11, "wasserstein"},
		{stattest.Numerical, 5000, 5, "jensenshannon"},
		{stattest.Numerical, 1000, 3, "chisquare"},
		{stattest.Numerical, 1000, 5, "chisquare"},
		{stattest.Numerical, 1000, 6, "ks"},
		{stattest.Numerical, 1001, 6, "wasserstein"},
		{stattest.Categorical, 30, 3, "chisquare"},
		{stattest.Categorical, 20, 2, "z"},
		{stattest.Categorical, 20000, 2, "jensenshannon"},
		{stattest.Text, 1000, 100, "perc_text_content_drift"},
		{stattest.Text, 1001, 100, "abs_text_content_drift"},
	}
	for _, c := range cases {
		assert.Equal(t, c.expected, stattest.Choose(c.kind, c.rows, c.u), "%v rows=%d u=%d", c.kind, c.rows, c.u)
	}
}

func ptr(f float64) *float64 { return &f }

func TestResolvePrecedence(t *testing.T) {
	reg := stattest.Default()
	col := stattest.Column{Name: "age", Kind: stattest.Numerical, ReferenceRows: 500, Distinct: 40}
	p := stattest.Policy{}
	tt, thr, err := p.Resolve(reg, col)
	require.NoError(t, err)
	assert.Equal(t, "ks", tt.Name)
	assert.Equal(t, 0.05, thr)

	p.All = stattest.Override{Method: "psi", Threshold: ptr(0.3)}
	tt, thr, _ = p.Resolve(reg, col)
	assert.Equal(t, "psi", tt.Name)
	assert.Equal(t, 0.3, thr)

	p.PerKind = map[stattest.Kind]stattest.Override{
		stattest.Numerical:   {Method: "wasserstein"},
		stattest.Categorical: {Method: "chisquare", Threshold: ptr(0.01)},
	}
	tt, thr, _ = p.Resolve(reg, col)
	assert.Equal(t, "wasserstein", tt.Name, "per kind beats all")
	assert.Equal(t, 0.3, thr, "the threshold falls through to all")

	p.PerColumn = map[string]stattest.Override{"age": {Threshold: ptr(0.2)}}
	tt, thr, _ = p.Resolve(reg, col)
	assert.Equal(t, "wasserstein", tt.Name, "method and threshold resolve independently")
	assert.Equal(t, 0.2, thr, "per column beats per kind and all")

	p.PerColumn["age"] = stattest.Override{Method: "ed"}
	tt, thr, _ = p.Resolve(reg, col)
	assert.Equal(t, "ed", tt.Name)
	assert.Equal(t, 0.3, thr)

	other := stattest.Column{Name: "city", Kind: stattest.Categorical, ReferenceRows: 50, Distinct: 2}
	tt, thr, _ = p.Resolve(reg, other)
	assert.Equal(t, "chisquare", tt.Name)
	assert.Equal(t, 0.01, thr)

	_, _, err = stattest.Policy{All: stattest.Override{Method: "ks"}}.Resolve(reg, other)
	assert.ErrorIs(t, err, stattest.ErrWrongKind)
	_, _, err = stattest.Policy{All: stattest.Override{Method: "nope"}}.Resolve(reg, other)
	assert.ErrorIs(t, err, stattest.ErrUnknownTest)

	// Without overrides the automatic choice uses the chosen test's default.
	tt, thr, _ = stattest.Policy{}.Resolve(reg, stattest.Column{Name: "x", Kind: stattest.Numerical, ReferenceRows: 5000, Distinct: 100})
	assert.Equal(t, "wasserstein", tt.Name)
	assert.Equal(t, 0.1, thr)
}

func TestErrors(t *testing.T) {
	reg := stattest.Default()
	empty := stattest.MustSample(nil)
	some := stattest.MustSample([]float64{1, 2, 3})
	ks, _ := reg.Lookup("ks")
	_, err := ks.Run(stattest.NumericalInput(empty, some), 0.05, stattest.Options{})
	assert.ErrorIs(t, err, stattest.ErrEmpty)
	assert.Contains(t, err.Error(), "ks")
	_, err = ks.Run(stattest.CategoricalInput(stattest.NewCounts([]string{"a"}, []string{"b"})), 0.05, stattest.Options{})
	assert.ErrorIs(t, err, stattest.ErrWrongKind)

	_, err = stattest.NewSample([]float64{1, math.NaN()})
	assert.ErrorIs(t, err, stattest.ErrNotFinite)
	_, err = stattest.NewSortedSample([]float64{2, 1})
	assert.ErrorIs(t, err, stattest.ErrBadInput)

	fisher, _ := reg.Lookup("fisher_exact")
	_, err = fisher.Run(stattest.CategoricalInput(stattest.NewCounts([]string{"a", "b"}, []string{"c"})), 0.1, stattest.Options{})
	assert.ErrorIs(t, err, stattest.ErrTooManyCategories)

	es, _ := reg.Lookup("es")
	_, err = es.Run(stattest.NumericalInput(some, some), 0.05, stattest.Options{})
	assert.ErrorIs(t, err, stattest.ErrTooFew)

	anderson, _ := reg.Lookup("anderson")
	c := stattest.MustSample([]float64{4, 4, 4})
	_, err = anderson.Run(stattest.NumericalInput(c, c), 0.1, stattest.Options{})
	assert.True(t, errors.Is(err, stattest.ErrConstant))
}

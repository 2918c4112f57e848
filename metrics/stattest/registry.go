package stattest

import (
	"fmt"
	"slices"
	"sync"
)

// Registry maps names to tests. It is immutable: [Registry.With] returns a
// new registry, so the default one is never mutated.
type Registry struct {
	tests map[string]Test
}

// NewRegistry returns a registry of tests. It returns ErrBadInput for a
// test without a name or Compute function, or a duplicated name.
func NewRegistry(tests ...Test) (*Registry, error) {
	r := &Registry{tests: make(map[string]Test, len(tests))}
	return r.with(tests)
}

// With returns a new registry holding r's tests plus tests; a test with the
// name of an existing one replaces it.
func (r *Registry) With(tests ...Test) (*Registry, error) {
	n := &Registry{tests: make(map[string]Test, len(r.tests)+len(tests))}
	for k, v := range r.tests {
		n.tests[k] = v
	}
	seen := map[string]bool{}
	for _, t := range tests {
		if seen[t.Name] {
			return nil, fmt.Errorf("stattest: %w: duplicate test %q", ErrBadInput, t.Name)
		}
		seen[t.Name] = true
		delete(n.tests, t.Name)
	}
	return n.with(tests)
}

func (r *Registry) with(tests []Test) (*Registry, error) {
	for _, t := range tests {
		if t.Name == "" || t.Compute == nil || len(t.Kinds) == 0 || t.Drift == 0 {
			return nil, fmt.Errorf("stattest: %w: incomplete test %q", ErrBadInput, t.Name)
		}
		if _, dup := r.tests[t.Name]; dup {
			return nil, fmt.Errorf("stattest: %w: duplicate test %q", ErrBadInput, t.Name)
		}
		r.tests[t.Name] = t
	}
	return r, nil
}

// Lookup returns the test registered under name.
func (r *Registry) Lookup(name string) (Test, bool) {
	t, ok := r.tests[name]
	return t, ok
}

// Names returns the registered names, sorted.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.tests))
	for k := range r.tests {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

var (
	defaultOnce sync.Once
	defaultReg  *Registry
)

// Default returns the registry of Evidently's tests under Evidently's
// names, default thresholds and drift directions. It is built once; it is
// never mutated (extend it with With).
func Default() *Registry {
	defaultOnce.Do(func() {
		r, err := NewRegistry(builtins()...)
		if err != nil {
			panic(err) // a programming error in builtins
		}
		defaultReg = r
	})
	return defaultReg
}

var (
	numOnly  = []Kind{Numerical}
	catOnly  = []Kind{Categorical}
	numCat   = []Kind{Numerical, Categorical}
	textOnly = []Kind{Text}
)

func builtins() []Test {
	return []Test{
		{Name: "ks", DisplayName: "K-S p_value", Kinds: numOnly, DefaultThreshold: 0.05, PValue: true, Drift: LessEqual, Compute: computeKS},
		{Name: "chisquare", DisplayName: "chi-square p_value", Kinds: numCat, DefaultThreshold: 0.05, PValue: true, Drift: Less, Compute: computeChiSquare},
		{Name: "z", DisplayName: "Z-test p_value", Kinds: numCat, DefaultThreshold: 0.05, PValue: true, Drift: Less, Compute: computeZ},
		{Name: "jensenshannon", DisplayName: "Jensen-Shannon distance", Kinds: numCat, DefaultThreshold: 0.1, Drift: GreaterEqual, Compute: computeJS},
		{Name: "kl_div", DisplayName: "Kullback-Leibler divergence", Kinds: numCat, DefaultThreshold: 0.1, Drift: GreaterEqual, Compute: computeKL},
		{Name: "psi", DisplayName: "PSI", Kinds: numCat, DefaultThreshold: 0.1, Drift: GreaterEqual, Compute: computePSI},
		{Name: "wasserstein", DisplayName: "Wasserstein distance (normed)", Kinds: numOnly, DefaultThreshold: 0.1, Drift: GreaterEqual, Compute: computeWasserstein},
		{Name: "hellinger", DisplayName: "Hellinger distance", Kinds: numCat, DefaultThreshold: 0.1, Drift: GreaterEqual, Compute: computeHellinger},
		{Name: "ed", DisplayName: "Energy-distance", Kinds: numOnly, DefaultThreshold: 0.1, Drift: Greater, Compute: computeEnergy},
		{Name: "anderson", DisplayName: "Anderson-Darling", Kinds: numOnly, DefaultThreshold: 0.1, PValue: true, Drift: Less, Compute: computeAnderson},
		{Name: "cramer_von_mises", DisplayName: "Cramer-von Mises", Kinds: numOnly, DefaultThreshold: 0.1, PValue: true, Drift: LessEqual, Compute: computeCvM},
		{Name: "es", DisplayName: "Epps-Singleton", Kinds: numOnly, DefaultThreshold: 0.05, PValue: true, Drift: Less, Compute: computeES},
		{Name: "mannw", DisplayName: "Mann-Whitney U-rank test", Kinds: numOnly, DefaultThreshold: 0.05, PValue: true, Drift: Less, Compute: computeMannWhitney},
		{Name: "t_test", DisplayName: "t_test", Kinds: numOnly, DefaultThreshold: 0.05, PValue: true, Drift: Less, Compute: computeTTest},
		{Name: "fisher_exact", DisplayName: "Fisher's Exact test", Kinds: catOnly, DefaultThreshold: 0.1, PValue: true, Drift: Less, Compute: computeFisher},
		{Name: "g_test", DisplayName: "g_test", Kinds: catOnly, DefaultThreshold: 0.1, PValue: true, Drift: Less, Compute: computeGTest},
		{Name: "TVD", DisplayName: "Total-Variation-Distance", Kinds: catOnly, DefaultThreshold: 0.1, PValue: true, Drift: Less, Compute: computeTVD},
		{Name: "perc_text_content_drift", DisplayName: "Percentile text content drift", Kinds: textOnly, DefaultThreshold: 0.95, Drift: Greater, Compute: computePercText},
		{Name: "abs_text_content_drift", DisplayName: "Absolute text content drift", Kinds: textOnly, DefaultThreshold: 0.55, Drift: Greater, Compute: computeAbsText},
		{Name: "empirical_mmd", DisplayName: "empirical_mmd", Kinds: numOnly, DefaultThreshold: 0.1, PValue: true, Drift: Less, Compute: computeMMD},
	}
}

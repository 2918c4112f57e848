package stattest_test

import (
	"fmt"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

func ExampleRegistry_Lookup() {
	ks, ok := stattest.Default().Lookup("ks")
	fmt.Println(ok, ks.DisplayName, ks.DefaultThreshold, ks.Drift)

	ref := stattest.MustSample([]float64{0.61, 1.93, -0.27, 3.3, 0.02, 1.1, 0.4})
	cur := stattest.MustSample([]float64{4.21, 5.5, 4.77, 3.9, 5.01, 6.2, 4.4})
	res, err := ks.Run(stattest.NumericalInput(ref, cur), ks.DefaultThreshold, stattest.Options{})
	if err != nil {
		panic(err)
	}
	// scipy.stats.ks_2samp gives statistic=1.0, pvalue=0.0005827505827505828.
	fmt.Printf("D=%.4f p=%.6f drift=%v\n", res.Statistic, res.PValue, res.Drifted)
	// Output:
	// true K-S p_value 0.05 <=
	// D=1.0000 p=0.000583 drift=true
}

func ExampleChoose() {
	fmt.Println(stattest.Choose(stattest.Numerical, 500, 40))
	fmt.Println(stattest.Choose(stattest.Numerical, 50000, 40))
	fmt.Println(stattest.Choose(stattest.Categorical, 500, 2))
	fmt.Println(stattest.Choose(stattest.Categorical, 50000, 12))
	// Output:
	// ks
	// wasserstein
	// z
	// jensenshannon
}

func ExamplePolicy_Resolve() {
	thr := 0.2
	p := stattest.Policy{
		All:       stattest.Override{Method: "psi"},
		PerColumn: map[string]stattest.Override{"age": {Threshold: &thr}},
	}
	t, threshold, err := p.Resolve(stattest.Default(), stattest.Column{Name: "age", Kind: stattest.Numerical, ReferenceRows: 800, Distinct: 60})
	if err != nil {
		panic(err)
	}
	fmt.Println(t.Name, threshold)
	// Output: psi 0.2
}

func ExampleNewCounts() {
	c := stattest.NewCounts([]string{"a", "b", "a", "c"}, []string{"b", "b", "a"})
	chi, _ := stattest.Default().Lookup("chisquare")
	res, _ := chi.Run(stattest.CategoricalInput(c), chi.DefaultThreshold, stattest.Options{})
	fmt.Println(c.Keys, c.Reference, c.Current)
	// scipy.stats.chisquare([1, 2, 0], [1.5, 0.75, 0.75]) gives 3.0, 0.22313.
	fmt.Printf("chi2=%.3f p=%.3f\n", res.Statistic, res.PValue)
	// Output:
	// [a b c] [2 1 1] [1 2 0]
	// chi2=3.000 p=0.223
}

package stattest_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

func benchSamples(n int) (*stattest.Sample, *stattest.Sample) {
	rng := rand.New(rand.NewPCG(7, 7))
	a, b := make([]float64, n), make([]float64, n)
	for i := range a {
		a[i] = rng.NormFloat64()
		b[i] = rng.NormFloat64() + 0.01
	}
	return stattest.MustSample(a), stattest.MustSample(b)
}

var benchSizes = []int{1_000, 100_000, 1_000_000}

// BenchmarkNewSample is the one sort per column that every test shares.
func BenchmarkNewSample(b *testing.B) {
	for _, n := range benchSizes {
		rng := rand.New(rand.NewPCG(1, 2))
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = rng.NormFloat64()
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				stattest.MustSample(xs)
			}
		})
	}
}

// BenchmarkTests runs each numerical test on presorted samples.
func BenchmarkTests(b *testing.B) {
	reg := stattest.Default()
	for _, n := range benchSizes {
		x, y := benchSamples(n)
		in := stattest.NumericalInput(x, y)
		for _, name := range reg.Names() {
			tt, _ := reg.Lookup(name)
			if !tt.Supports(stattest.Numerical) {
				continue
			}
			b.Run(fmt.Sprintf("%s/%d", name, n), func(b *testing.B) {
				for b.Loop() {
					if _, err := tt.Run(in, tt.DefaultThreshold, stattest.Options{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkCategorical runs the categorical tests on 1M rows in 20 categories.
func BenchmarkCategorical(b *testing.B) {
	reg := stattest.Default()
	c := &stattest.Counts{}
	for i := range 20 {
		c.Keys = append(c.Keys, fmt.Sprint(i))
		c.Reference = append(c.Reference, 50_000+i*100)
		c.Current = append(c.Current, 50_000+((i*7)%20)*120)
	}
	in := stattest.CategoricalInput(c)
	for _, name := range reg.Names() {
		tt, _ := reg.Lookup(name)
		if !tt.Supports(stattest.Categorical) || name == "fisher_exact" {
			continue
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := tt.Run(in, tt.DefaultThreshold, stattest.Options{Permutations: 100}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkColumn3M is one numerical column of 3M rows per side: sort each
// side once, then run every order-based test on the shared samples.
func BenchmarkColumn3M(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	const n = 3_000_000
	ra, rb := make([]float64, n), make([]float64, n)
	for i := range ra {
		ra[i] = rng.NormFloat64()
		rb[i] = rng.NormFloat64()*1.01 + 0.002
	}
	reg := stattest.Default()
	for b.Loop() {
		x, y := stattest.MustSample(ra), stattest.MustSample(rb)
		in := stattest.NumericalInput(x, y)
		for _, name := range []string{"wasserstein", "jensenshannon", "ks", "psi", "kl_div", "ed", "anderson", "cramer_von_mises", "mannw", "hellinger", "t_test"} {
			tt, _ := reg.Lookup(name)
			if _, err := tt.Run(in, tt.DefaultThreshold, stattest.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkWassersteinFreshSamples runs the Wasserstein test on new
// samples of presorted values each time, so that the reference's standard
// deviation, which a sample keeps, is computed every time, as in a report.
func BenchmarkWassersteinFreshSamples(b *testing.B) {
	x, y := benchSamples(1_000_000)
	tt, _ := stattest.Default().Lookup("wasserstein")
	for b.Loop() {
		u, _ := stattest.NewSortedSample(x.Sorted())
		v, _ := stattest.NewSortedSample(y.Sorted())
		if _, err := tt.Run(stattest.NumericalInput(u, v), tt.DefaultThreshold, stattest.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

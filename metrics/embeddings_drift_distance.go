package metrics

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// meanVector returns the column means of the rows idx of e (every row
// when idx is nil), with compensated sums.
func meanVector(e embeddings, idx []int) []float64 {
	sum := make([]float64, e.dim)
	comp := make([]float64, e.dim)
	n := len(idx)
	add := func(r []float64) {
		for j, v := range r {
			t := sum[j] + v
			if math.Abs(sum[j]) >= math.Abs(v) {
				comp[j] += (sum[j] - t) + v
			} else {
				comp[j] += (v - t) + sum[j]
			}
			sum[j] = t
		}
	}
	if idx == nil {
		n = e.rows()
		for i := range n {
			add(e.row(i))
		}
	} else {
		for _, i := range idx {
			add(e.row(i))
		}
	}
	for j := range sum {
		sum[j] = (sum[j] + comp[j]) / float64(n)
	}
	return sum
}

// vectorDistance is scipy.spatial.distance's euclidean, cosine, cityblock
// or chebyshev between u and v:
//
//	euclidean  sqrt(Σ (u_i - v_i)²)
//	cosine     |1 - u·v / sqrt(‖u‖₂² ‖v‖₂²)|  (SciPy takes the absolute value)
//	cityblock  Σ |u_i - v_i|
//	chebyshev  max |u_i - v_i|
//
// The cosine distance is undefined (NaN) when a vector is zero.
func vectorDistance(dist string, u, v []float64) float64 {
	var s, uu, vv float64
	for i := range u {
		d := u[i] - v[i]
		switch dist {
		case "euclidean":
			s += d * d
		case "cityblock":
			s += math.Abs(d)
		case "chebyshev":
			s = math.Max(s, math.Abs(d))
		case "cosine":
			s += u[i] * v[i]
			uu += u[i] * u[i]
			vv += v[i] * v[i]
		}
	}
	switch dist {
	case "euclidean":
		return math.Sqrt(s)
	case "cosine":
		if uu == 0 || vv == 0 {
			return math.NaN()
		}
		return math.Abs(1 - s/math.Sqrt(uu*vv))
	}
	return s
}

// distanceDrift is Evidently's distance method. It returns the distance
// between the mean vectors and what it is compared with: the threshold,
// or with bootstrap the quantile of 100 distances between the means of
// two resamples of the reference (with replacement, of int(m²/(m+n)) and
// int(mn/(m+n)) rows).
func (o embeddingOptions) distanceDrift(ref, cur embeddings) (score, against float64, err error) {
	score = vectorDistance(o.dist, meanVector(ref, nil), meanVector(cur, nil))
	if math.IsNaN(score) {
		return 0, 0, fmt.Errorf("%w: the %s distance is undefined for a zero mean vector", ErrEmpty, o.dist)
	}
	if !o.bootstrap {
		return score, o.threshold, nil
	}
	m, n := ref.rows(), cur.rows()
	bRef, bCur := max(m*m/(m+n), 1), max(n*m/(m+n), 1)
	rng := rand.New(rand.NewPCG(o.seed, 0x656d620000000001))
	a, b := make([]int, bRef), make([]int, bCur)
	boot := make([]float64, 0, embeddingBootstraps)
	for range embeddingBootstraps {
		for i := range a {
			a[i] = rng.IntN(m)
		}
		for i := range b {
			b[i] = rng.IntN(m)
		}
		d := vectorDistance(o.dist, meanVector(ref, a), meanVector(ref, b))
		if !math.IsNaN(d) {
			boot = append(boot, d)
		}
	}
	if len(boot) == 0 {
		return 0, 0, fmt.Errorf("%w: every bootstrap %s distance is undefined", ErrEmpty, o.dist)
	}
	return score, quantile(boot, o.quantile), nil
}

// ratioDrift is Evidently's ratio method: the share of the columns whose
// component test drifts, and how many drift.
func (o embeddingOptions) ratioDrift(ref, cur embeddings) (share float64, drifted int, err error) {
	for j := range ref.dim {
		a, err := stattest.NewSample(ref.column(j))
		if err != nil {
			return 0, 0, err
		}
		b, err := stattest.NewSample(cur.column(j))
		if err != nil {
			return 0, 0, err
		}
		r, err := o.component.Run(stattest.NumericalInput(a, b), o.componentThr, stattest.Options{Seed: o.seed})
		if err != nil {
			return 0, 0, fmt.Errorf("component %d: %w", j, err)
		}
		if r.Drifted {
			drifted++
		}
	}
	return float64(drifted) / float64(ref.dim), drifted, nil
}

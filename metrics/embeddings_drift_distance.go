package metrics

import (
	"context"
	"fmt"
	"github.com/telltale-ml/telltale/internal/parallel"
	"math"
	"math/rand/v2"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// meanVector returns the column means of the rows of e, with compensated
// sums.
func meanVector(e embeddings) []float64 {
	sum := make([]float64, e.dim)
	comp := make([]float64, e.dim)
	n := e.rows()
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
	for i := range n {
		add(e.row(i))
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
func (o embeddingOptions) distanceDrift(ctx context.Context, ref, cur embeddings) (score, against float64, err error) {
	score = vectorDistance(o.dist, meanVector(ref), meanVector(cur))
	if math.IsNaN(score) {
		return 0, 0, fmt.Errorf("%w: the %s distance is undefined for a zero mean vector", ErrEmpty, o.dist)
	}
	if !o.bootstrap {
		return score, o.threshold, nil
	}
	m, n := ref.rows(), cur.rows()
	bRef, bCur := max(m*m/(m+n), 1), max(n*m/(m+n), 1)
	// Each resample has its own stream, seeded by Seed and its number, so
	// they run in parallel with a reproducible result.
	all := make([]float64, embeddingBootstraps)
	if err := parallel.For(ctx, 0, embeddingBootstraps, func(r int) {
		rng := rand.New(rand.NewPCG(o.seed, 0x656d620000000000|uint64(r)))
		ma, mb := make([]float64, ref.dim), make([]float64, ref.dim)
		resampleMean(ma, ref, bRef, rng)
		resampleMean(mb, ref, bCur, rng)
		all[r] = vectorDistance(o.dist, ma, mb)
	}); err != nil {
		return 0, 0, err
	}
	boot := all[:0]
	for _, d := range all {
		if !math.IsNaN(d) {
			boot = append(boot, d)
		}
	}
	if len(boot) == 0 {
		return 0, 0, fmt.Errorf("%w: every bootstrap %s distance is undefined", ErrEmpty, o.dist)
	}
	return score, quantile(boot, o.quantile), nil
}

// resampleMean sets dst to the mean of k rows of e drawn with replacement
// (plain sums: the bootstrap only needs a quantile of many of them).
func resampleMean(dst []float64, e embeddings, k int, rng *rand.Rand) {
	clear(dst)
	n := e.rows()
	for range k {
		for j, v := range e.row(rng.IntN(n)) {
			dst[j] += v
		}
	}
	for j := range dst {
		dst[j] /= float64(k)
	}
}

// ratioDrift is Evidently's ratio method: the share of the columns whose
// component test drifts, and how many drift.
func (o embeddingOptions) ratioDrift(ctx context.Context, ref, cur embeddings) (share float64, drifted int, err error) {
	results := make([]bool, ref.dim)
	errs := make([]error, ref.dim)
	perr := parallel.For(ctx, 0, ref.dim, func(j int) {
		a, err := stattest.NewSample(ref.column(j))
		if err != nil {
			errs[j] = err
			return
		}
		b, err := stattest.NewSample(cur.column(j))
		if err != nil {
			errs[j] = err
			return
		}
		r, err := o.component.Run(stattest.NumericalInput(a, b), o.componentThr, stattest.Options{Seed: o.seed})
		if err != nil {
			errs[j] = fmt.Errorf("component %d: %w", j, err)
			return
		}
		results[j] = r.Drifted
	})
	if perr != nil {
		return 0, 0, perr
	}
	for j := range results {
		if errs[j] != nil {
			return 0, 0, errs[j]
		}
		if results[j] {
			drifted++
		}
	}
	return float64(drifted) / float64(ref.dim), drifted, nil
}

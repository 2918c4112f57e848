package metrics

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// mmdSigmaRows is how many rows per side Evidently samples to pick the
// kernel width (x.sample(min(m, 1000))).
const mmdSigmaRows = 1000

// sampleRows returns e, or a seeded sample of k of its rows (in their
// original order) when it has more.
func sampleRows(e embeddings, k int, rng *rand.Rand) embeddings {
	n := e.rows()
	if n <= k {
		return e
	}
	idx := rng.Perm(n)[:k]
	slices.Sort(idx)
	out := embeddings{dim: e.dim, x: make([]float64, 0, k*e.dim)}
	for _, i := range idx {
		out.x = append(out.x, e.row(i)...)
	}
	return out
}

func sqDist(a, b []float64) float64 {
	var s float64
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return s
}

// medianDistance returns the median Euclidean distance between the rows
// of a and the rows of b (every pair, as np.median of
// sklearn.metrics.pairwise_distances(a, b)); with b == a the matrix
// includes its zero diagonal, as Evidently's bootstrap does.
func medianDistance(a, b embeddings) float64 {
	d := make([]float64, 0, a.rows()*b.rows())
	for i := range a.rows() {
		for j := range b.rows() {
			d = append(d, math.Sqrt(sqDist(a.row(i), b.row(j))))
		}
	}
	slices.Sort(d)
	k := len(d) / 2
	if len(d)%2 == 1 {
		return d[k]
	}
	return (d[k-1] + d[k]) / 2
}

// mmd2u returns the unbiased squared maximum mean discrepancy between the
// rows of x (m) and y (n) with the RBF kernel k(a, b) = exp(-γ‖a-b‖²),
// Evidently's MMD2u (Gretton et al. 2012, eq. 3):
//
//	MMD²ᵤ = Σ_{i≠j} k(x_i,x_j)/(m(m-1)) + Σ_{i≠j} k(y_i,y_j)/(n(n-1))
//	        - 2 Σ_{i,j} k(x_i,y_j)/(mn)
//
// It costs O((m+n)² d) time and O(1) memory.
func mmd2u(ctx context.Context, x, y embeddings, gamma float64) (float64, error) {
	within := func(e embeddings) (float64, error) {
		var s float64
		for i := range e.rows() {
			if i%256 == 0 && ctx.Err() != nil {
				return 0, ctx.Err()
			}
			for j := i + 1; j < e.rows(); j++ {
				s += math.Exp(-gamma * sqDist(e.row(i), e.row(j)))
			}
		}
		return 2 * s, nil
	}
	sxx, err := within(x)
	if err != nil {
		return 0, err
	}
	syy, err := within(y)
	if err != nil {
		return 0, err
	}
	var sxy float64
	for i := range x.rows() {
		if i%256 == 0 && ctx.Err() != nil {
			return 0, ctx.Err()
		}
		for j := range y.rows() {
			sxy += math.Exp(-gamma * sqDist(x.row(i), y.row(j)))
		}
	}
	m, n := float64(x.rows()), float64(y.rows())
	return sxx/(m*(m-1)) + syy/(n*(n-1)) - 2*sxy/(m*n), nil
}

// mmdDrift is Evidently's mmd method. The kernel width comes from the
// median distance between the reference and current rows (at most 1000
// rows each): γ = 1 / median². Without bootstrap MMD²ᵤ is compared with
// the threshold. With bootstrap it is compared with the quantile of 100
// values of MMD²ᵤ between two resamples (with replacement, of
// max(int(m²/(m+n)), 2) and max(int(mn/(m+n)), 2) rows; Evidently's
// floor of 1 row divides by zero) of the reference,
// with γ from the median distance between reference rows.
func (o embeddingOptions) mmdDrift(ctx context.Context, ref, cur embeddings) (score, against float64, err error) {
	rng := rand.New(rand.NewPCG(o.seed, 0x6d6d640000000002))
	x := sampleRows(ref, o.maxRows, rng)
	y := sampleRows(cur, o.maxRows, rng)
	m, n := x.rows(), y.rows()
	if m < 2 || n < 2 {
		return 0, 0, fmt.Errorf("%w: mmd needs 2 complete rows per side", ErrEmpty)
	}
	med := medianDistance(sampleRows(x, mmdSigmaRows, rng), sampleRows(y, mmdSigmaRows, rng))
	if med == 0 {
		return 0, 0, fmt.Errorf("%w: the median distance between reference and current rows is 0, so the kernel width is undefined", ErrEmpty)
	}
	score, err = mmd2u(ctx, x, y, 1/(med*med))
	if err != nil || !o.bootstrap {
		return score, o.threshold, err
	}
	medX := medianDistance(sampleRows(x, mmdSigmaRows, rng), sampleRows(x, mmdSigmaRows, rng))
	if medX == 0 {
		return 0, 0, fmt.Errorf("%w: the median distance between reference rows is 0, so the bootstrap kernel width is undefined", ErrEmpty)
	}
	boot, err := mmdBootstrap(ctx, x, 1/(medX*medX), max(m*m/(m+n), 2), max(m*n/(m+n), 2), rng)
	if err != nil {
		return 0, 0, err
	}
	return score, quantile(boot, o.quantile), nil
}

// mmdBootstrap returns 100 values of Evidently's MMD2u_bstrp: MMD²ᵤ
// between a and b rows drawn with replacement from x, where a repeated
// row counts as a distinct sample (only the a and b diagonal terms, each
// k = 1, are left out). With c and d the times each row was drawn,
//
//	Σ_{p≠q} k = cᵀKc - a,  Σ_{p≠q} k = dᵀKd - b,  Σ k(x, y) = cᵀKd
//
// so each draw costs one pass over the kernel matrix K of x.
func mmdBootstrap(ctx context.Context, x embeddings, gamma float64, a, b int, rng *rand.Rand) ([]float64, error) {
	m := x.rows()
	K := make([]float64, m*m)
	for i := range m {
		K[i*m+i] = 1
		for j := i + 1; j < m; j++ {
			v := math.Exp(-gamma * sqDist(x.row(i), x.row(j)))
			K[i*m+j], K[j*m+i] = v, v
		}
	}
	c, d := make([]float64, m), make([]float64, m)
	out := make([]float64, 0, embeddingBootstraps)
	for range embeddingBootstraps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		clear(c)
		clear(d)
		for range a {
			c[rng.IntN(m)]++
		}
		for range b {
			d[rng.IntN(m)]++
		}
		var cc, dd, cd float64
		for i := range m {
			if c[i] == 0 && d[i] == 0 {
				continue
			}
			var kc, kd float64
			for j, v := range K[i*m : (i+1)*m] {
				kc += v * c[j]
				kd += v * d[j]
			}
			cc += c[i] * kc
			dd += d[i] * kd
			cd += c[i] * kd
		}
		fa, fb := float64(a), float64(b)
		out = append(out, (cc-fa)/(fa*(fa-1))+(dd-fb)/(fb*(fb-1))-2*cd/(fa*fb))
	}
	return out, nil
}

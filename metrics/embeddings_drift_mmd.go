package metrics

import (
	"context"
	"fmt"
	"github.com/telltale-ml/telltale/internal/parallel"
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
	// Row i of the pooled rows sums its kernel with the rows after it, in
	// parallel; the partial sums are added in row order, so the result
	// does not depend on the schedule.
	m, n := x.rows(), y.rows()
	row := func(i int) []float64 {
		if i < m {
			return x.row(i)
		}
		return y.row(i - m)
	}
	type part struct{ xx, yy, xy float64 }
	parts := make([]part, m+n)
	err := parallel.For(ctx, 0, m+n, func(i int) {
		a := row(i)
		var p part
		for j := i + 1; j < m+n; j++ {
			k := math.Exp(-gamma * sqDist(a, row(j)))
			switch {
			case j < m:
				p.xx += k
			case i >= m:
				p.yy += k
			default:
				p.xy += k
			}
		}
		parts[i] = p
	})
	if err != nil {
		return 0, err
	}
	var sxx, syy, sxy float64
	for _, p := range parts {
		sxx += p.xx
		syy += p.yy
		sxy += p.xy
	}
	fm, fn := float64(m), float64(n)
	return 2*sxx/(fm*(fm-1)) + 2*syy/(fn*(fn-1)) - 2*sxy/(fm*fn), nil
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
	// Draw every resample first (so the stream does not depend on the
	// schedule), then evaluate them in parallel.
	draws := make([][2][]float64, embeddingBootstraps)
	for r := range draws {
		c, d := make([]float64, m), make([]float64, m)
		for range a {
			c[rng.IntN(m)]++
		}
		for range b {
			d[rng.IntN(m)]++
		}
		draws[r] = [2][]float64{c, d}
	}
	out := make([]float64, embeddingBootstraps)
	fa, fb := float64(a), float64(b)
	err := parallel.For(ctx, 0, len(draws), func(r int) {
		c, d := draws[r][0], draws[r][1]
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
		out[r] = (cc-fa)/(fa*(fa-1)) + (dd-fb)/(fb*(fb-1)) - 2*cd/(fa*fb)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

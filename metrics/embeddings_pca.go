package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// embeddingsPCA projects both sides on the first k principal components
// of the reference rows, as Evidently's get_pca_df does with
// sklearn.decomposition.PCA(n_components=k, random_state=0):
// fit_transform(reference), transform(current).
//
//	mean  = column means of the reference rows R
//	V_k   = the k eigenvectors of (R - mean)ᵀ(R - mean) of largest
//	        eigenvalue (the right singular vectors of R - mean)
//	sign  = each component flipped so that its projection of largest
//	        magnitude over the reference rows is positive (sklearn's
//	        svd_flip on U)
//	out   = (X - mean) · V_k, for X the reference and the current rows
//
// This is scikit-learn's exact ("full") solver. For a reference above 500
// rows or columns and k below 80% of the smaller, scikit-learn's default
// solver is a randomized SVD (random_state=0) that approximates these
// components; telltale always computes them exactly. k must be at most
// min(rows, columns) of the reference.
func embeddingsPCA(ref, cur embeddings, k int) (embeddings, embeddings, error) {
	n, d := ref.rows(), ref.dim
	if k > min(n, d) {
		return ref, cur, fmt.Errorf("%w: pca_components %d is above min(reference rows, columns) = %d", ErrOption, k, min(n, d))
	}
	mean := make([]float64, d)
	for i := range n {
		for j, v := range ref.row(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	centered := mat.NewDense(n, d, nil)
	for i := range n {
		for j, v := range ref.row(i) {
			centered.Set(i, j, v-mean[j])
		}
	}
	var cov mat.SymDense
	cov.SymOuterK(1, centered.T())
	var eig mat.EigenSym
	if !eig.Factorize(&cov, true) {
		return ref, cur, fmt.Errorf("%w: the eigendecomposition of the reference covariance did not converge", ErrEmpty)
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs) // columns in ascending order of eigenvalue
	comps := mat.NewDense(d, k, nil)
	for c := range k {
		col := d - 1 - c
		// The sign of the reference projection of largest magnitude (the
		// first, on ties, as numpy.argmax).
		best, sign := -1.0, 1.0
		for i := range n {
			var p float64
			for j := range d {
				p += centered.At(i, j) * vecs.At(j, col)
			}
			if a := math.Abs(p); a > best {
				best, sign = a, math.Copysign(1, p)
			}
		}
		for j := range d {
			comps.Set(j, c, sign*vecs.At(j, col))
		}
	}
	project := func(e embeddings) embeddings {
		out := embeddings{dim: k, x: make([]float64, 0, e.rows()*k)}
		for i := range e.rows() {
			r := e.row(i)
			for c := range k {
				var p float64
				for j := range d {
					p += (r[j] - mean[j]) * comps.At(j, c)
				}
				out.x = append(out.x, p)
			}
		}
		return out
	}
	return project(ref), project(cur), nil
}

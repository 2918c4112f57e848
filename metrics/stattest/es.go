package stattest

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// EppsSingleton returns the statistic and p-value of the Epps-Singleton
// two-sample test on the empirical characteristic function
// (scipy.stats.epps_singleton_2samp, t = (0.4, 0.8); Epps and Singleton,
// J. Stat. Comput. Simul. 26, 1986). With σ = IQR(pooled)/2 and t_k/σ:
//
//	g(x)  = (cos(t1 x/σ), cos(t2 x/σ), sin(t1 x/σ), sin(t2 x/σ))
//	Σ     = N/n1 Cov(g(a)) + N/n2 Cov(g(b))        (biased covariances)
//	W     = N (ḡa - ḡb)ᵀ Σ⁺ (ḡa - ḡb)
//
// multiplied by 1/(1 + N^-0.45 + 10.1(n1^-1.7 + n2^-1.7)) when both sizes
// are below 25; p = P(χ²_r >= W) with r the rank of Σ⁺. Each side needs 5
// values (ErrTooFew); a zero IQR returns ErrConstant, as Evidently raises.
func EppsSingleton(a, b *Sample) (w, p float64, err error) {
	nx, ny := a.Len(), b.Len()
	if nx < 5 || ny < 5 {
		return 0, 0, errorf("es", ErrTooFew, "needs 5 values per side")
	}
	N := nx + ny
	sigma := (percentileUnion(a.values(), b.values(), 75) - percentileUnion(a.values(), b.values(), 25)) / 2
	if sigma == 0 {
		return 0, 0, errorf("es", ErrConstant, "zero interquartile range")
	}
	ts := [2]float64{0.4 / sigma, 0.8 / sigma}
	meanX, covX := ecfMoments(a.values(), ts)
	meanY, covY := ecfMoments(b.values(), ts)
	fn := float64(N)
	est := mat.NewDense(4, 4, nil)
	for i := range 4 {
		for j := range 4 {
			est.Set(i, j, fn/float64(nx)*covX[i][j]+fn/float64(ny)*covY[i][j])
		}
	}
	var svd mat.SVD
	if !svd.Factorize(est, mat.SVDFull) {
		return 0, 0, errorf("es", ErrConstant, "covariance not factorizable")
	}
	s := svd.Values(nil)
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	// pinv with NumPy's rcond = 1e-15 relative to the largest singular value.
	cut := 1e-15 * s[0]
	inv := mat.NewDense(4, 4, nil)
	kept := 0
	minKept := math.Inf(1)
	for k := range 4 {
		if s[k] <= cut {
			continue
		}
		kept++
		minKept = math.Min(minKept, s[k])
		for i := range 4 {
			for j := range 4 {
				inv.Set(i, j, inv.At(i, j)+v.At(i, k)*u.At(j, k)/s[k])
			}
		}
	}
	// matrix_rank of the pseudo-inverse: its singular values are 1/s_k; the
	// tolerance is max(1/s) · 4 · eps.
	rank := 0
	for k := range 4 {
		if s[k] > cut && 1/s[k] > (1/minKept)*4*0x1p-52 {
			rank++
		}
	}
	var diff [4]float64
	for i := range 4 {
		diff[i] = meanX[i] - meanY[i]
	}
	var q float64
	for i := range 4 {
		var row float64
		for j := range 4 {
			row += inv.At(i, j) * diff[j]
		}
		q += diff[i] * row
	}
	w = fn * q
	if max(nx, ny) < 25 {
		corr := 1.0 / (1.0 + math.Pow(fn, -0.45) + 10.1*(math.Pow(float64(nx), -1.7)+math.Pow(float64(ny), -1.7)))
		w *= corr
	}
	return w, chi2Survival(w, rank), nil
}

// ecfMoments returns the mean and biased covariance of
// (cos(t1 x), cos(t2 x), sin(t1 x), sin(t2 x)) over xs.
func ecfMoments(xs []float64, ts [2]float64) (mean [4]float64, cov [4][4]float64) {
	n := float64(len(xs))
	g := func(x float64) [4]float64 {
		s1, c1 := math.Sincos(ts[0] * x)
		s2, c2 := math.Sincos(ts[1] * x)
		return [4]float64{c1, c2, s1, s2}
	}
	for _, x := range xs {
		v := g(x)
		for i := range 4 {
			mean[i] += v[i]
		}
	}
	for i := range 4 {
		mean[i] /= n
	}
	for _, x := range xs {
		v := g(x)
		for i := range 4 {
			di := v[i] - mean[i]
			for j := i; j < 4; j++ {
				cov[i][j] += di * (v[j] - mean[j])
			}
		}
	}
	for i := range 4 {
		for j := i; j < 4; j++ {
			cov[i][j] /= n
			cov[j][i] = cov[i][j]
		}
	}
	return mean, cov
}

// percentileUnion is np.percentile(concat(a, b), q) with the default
// linear method, from the two sorted samples.
func percentileUnion(a, b []float64, q float64) float64 {
	n := len(a) + len(b)
	pos := q / 100 * float64(n-1)
	lo := int(math.Floor(pos))
	t := pos - float64(lo)
	x0 := kthUnion(a, b, lo)
	if lo+1 >= n {
		return x0
	}
	x1 := kthUnion(a, b, lo+1)
	d := x1 - x0
	if t >= 0.5 {
		return x1 - d*(1-t)
	}
	return x0 + d*t
}

// computeES is Evidently's es.
func computeES(in Input, _ Options) (Stat, error) {
	w, p, err := EppsSingleton(in.Reference, in.Current)
	if err != nil {
		return Stat{}, err
	}
	return pvalueStat(w, p), nil
}

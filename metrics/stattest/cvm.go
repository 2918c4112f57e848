package stattest

import (
	"math"
)

// CvMMaxExactN is the largest sample size for which the Cramér-von Mises
// p-value is exact (SciPy's method="auto", Evidently's own implementation).
const CvMMaxExactN = 20

// CramerVonMises returns the statistic and p-value of the two-sample
// Cramér-von Mises test (scipy.stats.cramervonmises_2samp, method="auto").
// With r and s the mid-ranks of the sorted samples in the pooled sample,
//
//	U = n1 Σ_i (r_i - i)² + n2 Σ_j (s_j - j)²
//	T = U/(n1·n2·N) - (4·n1·n2 - 1)/(6N)
//
// The p-value is exact when both sizes are at most CvMMaxExactN (the
// recursion of Xiao, Gordon and Yakovlev, J. Stat. Softw. 17(8), 2006) and
// otherwise 1 - F∞(T*) of the limiting distribution (Csörgő and Faraway
// 1996) of T standardised by its mean and variance (Anderson 1962). Both
// samples need at least 2 values (ErrTooFew).
func CramerVonMises(a, b *Sample) (t, p float64, err error) {
	nx, ny := a.Len(), b.Len()
	if nx <= 1 || ny <= 1 {
		return 0, 0, errorf("cramer_von_mises", ErrTooFew, "needs 2 values per side")
	}
	var ux, uy float64
	ix, iy, start := 0, 0, 0
	walkSamples(a, b, func(_ float64, ca, cb int) {
		avg := float64(start) + float64(ca+cb+1)/2
		for range ca {
			ix++
			d := avg - float64(ix)
			ux += d * d
		}
		for range cb {
			iy++
			d := avg - float64(iy)
			uy += d * d
		}
		start += ca + cb
	})
	fx, fy := float64(nx), float64(ny)
	u := fx*ux + fy*uy
	k, N := fx*fy, fx+fy
	t = u/(k*N) - (4*k-1)/(6*N)
	if max(nx, ny) <= CvMMaxExactN {
		return t, cvmExactP(u, nx, ny), nil
	}
	et := (1 + 1/N) / 6
	vt := (N + 1) * (4*k*N - 3*(fx*fx+fy*fy) - 2*k)
	vt = vt / (45 * N * N * 4 * k)
	tn := 1.0/6 + (t-et)/math.Sqrt(45*vt)
	if tn < 0.003 {
		return t, 1, nil
	}
	return t, math.Max(0, 1-cvmInfCDF(tn)), nil
}

// cvmInfCDF is the limiting CDF of the Cramér-von Mises statistic
// (Csörgő and Faraway 1996, eq. 1.2), summed as SciPy's _cdf_cvm_inf does
// until a term falls below 1e-7:
//
//	F(x) = Σ_k Γ(k+½)/(Γ(k+1) π^{3/2} sqrt(x)) sqrt(4k+1) e^{-q} K_{1/4}(q),
//	q = (4k+1)²/(16x)
func cvmInfCDF(x float64) float64 {
	var tot float64
	for k := 0; ; k++ {
		fk := float64(k)
		lg1, _ := math.Lgamma(fk + 0.5)
		lg2, _ := math.Lgamma(fk + 1)
		u := math.Exp(lg1-lg2) / (math.Pow(math.Pi, 1.5) * math.Sqrt(x))
		y := 4*fk + 1
		q := y * y / (16 * x)
		eq := math.Exp(-q)
		z := u * math.Sqrt(y) * eq * (besselKScaled(0.25, q) * eq)
		tot += z
		if math.Abs(z) < 1e-7 {
			return tot
		}
	}
}

// cvmExactP is SciPy's _pval_cvm_2samp_exact: the frequency table of the
// statistic over all arrangements, P(U' >= U).
func cvmExactP(s float64, m, n int) float64 {
	g := gcd(m, n)
	lcm := m / g * n
	a, b := lcm/m, lcm/n
	mn := m * n
	num := float64(lcm*lcm*(m+n)) * (6*s - float64(mn*(4*mn-1)))
	zeta := pyFloorDiv(num, float64(6*mn*mn))
	type row = map[int64]float64
	gs := make([]row, m+1)
	gs[0] = row{0: 1}
	for v := 1; v <= m; v++ {
		gs[v] = row{}
	}
	for u := 0; u <= n; u++ {
		next := make([]row, m+1)
		tmp := row{}
		for v, gv := range gs {
			merged := make(row, len(tmp)+len(gv))
			for val, f := range tmp {
				merged[val] += f
			}
			for val, f := range gv {
				merged[val] += f
			}
			d := int64(a*v - b*u)
			shifted := make(row, len(merged))
			for val, f := range merged {
				shifted[val+d*d] = f
			}
			tmp = shifted
			next[v] = tmp
		}
		gs = next
	}
	var hits float64
	for val, f := range gs[m] {
		if float64(val) >= zeta {
			hits += f
		}
	}
	combinations := binomial(m+n, m)
	return hits / combinations
}

// pyFloorDiv is Python's float floor division a // b.
func pyFloorDiv(a, b float64) float64 {
	mod := math.Mod(a, b)
	div := (a - mod) / b
	if mod != 0 && (b < 0) != (mod < 0) {
		div--
	}
	fd := math.Floor(div)
	if div-fd > 0.5 {
		fd++
	}
	return fd
}

// computeCvM is Evidently's cramer_von_mises: drift when p <= threshold.
func computeCvM(in Input, _ Options) (Stat, error) {
	t, p, err := CramerVonMises(in.Reference, in.Current)
	if err != nil {
		return Stat{}, err
	}
	return pvalueStat(t, p), nil
}

package stattest

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// AndersonKSample returns the normalised k-sample Anderson-Darling
// statistic for two samples and its approximate significance level, as
// scipy.stats.anderson_ksamp([a, b], midrank=True) (Scholz and Stephens,
// "K-Sample Anderson-Darling Tests", JASA 82, 1987). With Z* the distinct
// pooled values, l_j their multiplicities, B_j = #{Z < z_j} + l_j/2 and
// M_ij = #{sample i <= z_j} - f_ij/2:
//
//	A²_akN = (N-1)/N Σ_i 1/n_i Σ_j l_j/N (N·M_ij - B_j·n_i)² / (B_j(N-B_j) - N·l_j/4)
//	A²     = (A²_akN - (k-1)) / σ_N
//
// The p-value interpolates log(significance) quadratically over the
// critical values of Scholz and Stephens' Table 2 and is clipped to
// [0.001, 0.25] (SciPy's floor and cap). It returns ErrConstant when the
// pooled sample has one distinct value and ErrTooFew when N < 4.
func AndersonKSample(a, b *Sample) (stat, p float64, err error) {
	n1, n2 := a.Len(), b.Len()
	N := float64(n1 + n2)
	if n1+n2 < 4 {
		return 0, 0, errorf("anderson", ErrTooFew, "needs 4 values in all")
	}
	ns := [2]float64{float64(n1), float64(n2)}
	var inner [2]float64
	var below float64 // pooled values < z_j
	var cum [2]float64
	distinct := 0
	walkSamples(a, b, func(_ float64, ca, cb int) {
		distinct++
		lj := float64(ca + cb)
		bj := below + lj/2
		den := bj*(N-bj) - N*lj/4
		f := [2]float64{float64(ca), float64(cb)}
		for i := range 2 {
			cum[i] += f[i]
			mij := cum[i] - f[i]/2
			d := N*mij - bj*ns[i]
			inner[i] += lj / N * d * d / den
		}
		below += lj
	})
	if distinct < 2 {
		return 0, 0, errorf("anderson", ErrConstant, "one distinct value")
	}
	a2kn := (inner[0]/ns[0] + inner[1]/ns[1]) * (N - 1) / N

	const k = 2.0
	H := 1/ns[0] + 1/ns[1]
	// hs_cs = cumsum(1/(N-1), 1/(N-2), ..., 1/2); h = hs_cs[-1] + 1;
	// g = Σ hs_cs[i] / (i+2).
	var hs, g float64
	nn := int(N)
	for i, d := 0, nn-1; d > 1; i, d = i+1, d-1 {
		hs += 1 / float64(d)
		g += hs / float64(i+2)
	}
	h := hs + 1
	ca := (4*g-6)*(k-1) + (10-6*g)*H
	cb := (2*g-4)*k*k + 8*h*k + (2*g-14*h-4)*H - 8*h + 4*g - 6
	cc := (6*h+2*g-2)*k*k + (4*h-4*g+6)*k + (2*h-6)*H + 4*h
	cd := (2*h+6)*k*k - 4*h*k
	sigmasq := (ca*N*N*N + cb*N*N + cc*N + cd) / ((N - 1) * (N - 2) * (N - 3))
	m := k - 1
	stat = (a2kn - m) / math.Sqrt(sigmasq)
	return stat, andersonSignificance(stat, m), nil
}

var (
	adB0  = []float64{0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085}
	adB1  = []float64{-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615}
	adB2  = []float64{-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154}
	adSig = []float64{0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001}
)

func andersonSignificance(a2, m float64) float64 {
	crit := make([]float64, len(adB0))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range crit {
		crit[i] = adB0[i] + adB1[i]/math.Sqrt(m) + adB2[i]/m
		lo, hi = math.Min(lo, crit[i]), math.Max(hi, crit[i])
	}
	if a2 < lo {
		return 0.25
	}
	if a2 > hi {
		return 0.001
	}
	// np.polyfit(crit, log(sig), 2) by least squares.
	A := mat.NewDense(len(crit), 3, nil)
	y := mat.NewVecDense(len(crit), nil)
	for i, c := range crit {
		A.Set(i, 0, c*c)
		A.Set(i, 1, c)
		A.Set(i, 2, 1)
		y.SetVec(i, math.Log(adSig[i]))
	}
	var coef mat.VecDense
	if err := coef.SolveVec(A, y); err != nil {
		return math.NaN()
	}
	return math.Exp((coef.AtVec(0)*a2+coef.AtVec(1))*a2 + coef.AtVec(2))
}

// computeAnderson is Evidently's anderson: the significance level of
// anderson_ksamp, drift when p < threshold.
func computeAnderson(in Input, _ Options) (Stat, error) {
	s, p, err := AndersonKSample(in.Reference, in.Current)
	if err != nil {
		return Stat{}, err
	}
	return pvalueStat(s, p), nil
}

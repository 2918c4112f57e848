package stattest

import "math"

// The survival function of the one-sample two-sided Kolmogorov-Smirnov
// statistic D_n, P(D_n > x), following SciPy's kstwo (scipy/stats/_ksstats.py,
// Simard and L'Ecuyer, "Computing the Two-Sided Kolmogorov-Smirnov
// Distribution", J. Stat. Softw. 39(11), 2011): Ruben-Gambino at the ends,
// twice the one-sided Smirnov tail for large x, the Durbin matrix
// (Marsaglia-Tsang-Wang 2003), the Pomeranz recursion (1974) and the
// Pelz-Good asymptotic series (1976) elsewhere.

var (
	ep128 = math.Ldexp(1, 128)
	em128 = math.Ldexp(1, -128)
)

const (
	log2Pi   = 1.8378770664093453
	sqrt2Pi  = 2.5066282746310002
	piSq     = math.Pi * math.Pi
	minLogKS = -708
)

func clip01(p float64) float64 { return math.Min(math.Max(p, 0), 1) }

func kolmogorovSF(n int, x float64) float64 {
	if n <= 0 {
		return math.NaN()
	}
	if x >= 1 {
		return 0
	}
	if x <= 0 {
		return 1
	}
	fn := float64(n)
	t := fn * x
	if t <= 1 {
		if t <= 0.5 {
			return 1
		}
		var prob float64
		if n <= 140 {
			prob = 1
			for i := 1; i <= n; i++ {
				prob *= float64(i) * (1 / fn) * (2*t - 1)
			}
		} else {
			prob = math.Exp(logNFactDivNPowN(fn) + fn*math.Log(2*t-1))
		}
		return clip01(1 - prob)
	}
	if t >= fn-1 {
		return clip01(2 * math.Pow(1-x, fn))
	}
	if x >= 0.5 {
		return clip01(2 * smirnovSF(n, x))
	}
	nxsq := t * x
	if n <= 140 {
		if nxsq <= 0.754693 {
			return clip01(1 - kolmogDurbin(n, x))
		}
		if nxsq <= 4 {
			return clip01(1 - kolmogPomeranz(n, x))
		}
		return clip01(2 * smirnovSF(n, x))
	}
	if nxsq >= 370 {
		return 0
	}
	if nxsq >= 2.2 {
		return clip01(2 * smirnovSF(n, x))
	}
	var cdf float64
	if n <= 100000 && fn*math.Pow(x, 1.5) <= 1.4 {
		cdf = kolmogDurbin(n, x)
	} else {
		cdf = kolmogPelzGood(n, x)
	}
	return clip01(1 - cdf)
}

var stirlingCoeffs = []float64{-2.955065359477124183e-2, 6.4102564102564102564e-3,
	-1.9175269175269175269e-3, 8.4175084175084175084e-4,
	-5.952380952380952381e-4, 7.9365079365079365079e-4,
	-2.7777777777777777778e-3, 8.3333333333333333333e-2}

func logNFactDivNPowN(n float64) float64 {
	rn := 1 / n
	return math.Log(n)/2 - n + log2Pi/2 + rn*polyval(stirlingCoeffs, rn/n)
}

func polyval(c []float64, x float64) float64 {
	var y float64
	for _, v := range c {
		y = y*x + v
	}
	return y
}

// kolmogDurbin is P(D_n <= d) by the Durbin matrix algorithm as
// Marsaglia, Tsang and Wang (2003) compute it, with exponent scaling.
func kolmogDurbin(n int, d float64) float64 {
	if d >= 1 {
		return 1
	}
	fn := float64(n)
	nd := fn * d
	if nd <= 0.5 {
		return 0
	}
	k := int(math.Ceil(nd))
	h := float64(k) - nd
	m := 2*k - 1
	H := newMat(m)
	v := make([]float64, m)
	w := make([]float64, m)
	fac := 1.0
	for j := 1; j <= m; j++ {
		v[j-1] = 1 - math.Pow(h, float64(j))
		w[j-1] = fac
		fac /= float64(j)
		v[j-1] *= fac
	}
	tt := math.Pow(math.Max(2*h-1, 0), float64(m)) - 2*math.Pow(h, float64(m))
	v[m-1] = (1 + tt) * fac
	for i := 1; i < m; i++ {
		for r := i - 1; r < m; r++ {
			H[r][i] = w[r-(i-1)]
		}
	}
	for r := 0; r < m; r++ {
		H[r][0] = v[r]
	}
	for c := 0; c < m; c++ {
		H[m-1][c] = v[m-1-c]
	}
	P := newMat(m)
	for i := range m {
		P[i][i] = 1
	}
	expnt, hexpnt := 0, 0
	for nn := n; nn > 0; nn /= 2 {
		if nn%2 == 1 {
			P = matMul(P, H)
			expnt += hexpnt
		}
		H = matMul(H, H)
		hexpnt *= 2
		if math.Abs(H[k-1][k-1]) > ep128 {
			for _, row := range H {
				for j := range row {
					row[j] /= ep128
				}
			}
			hexpnt += 128
		}
	}
	p := P[k-1][k-1]
	for i := 1; i <= n; i++ {
		p = float64(i) * p / fn
		if math.Abs(p) < em128 {
			p *= ep128
			expnt -= 128
		}
	}
	if expnt != 0 {
		p = math.Ldexp(p, expnt)
	}
	return clip01(p)
}

func newMat(m int) [][]float64 {
	a := make([][]float64, m)
	buf := make([]float64, m*m)
	for i := range a {
		a[i] = buf[i*m : (i+1)*m]
	}
	return a
}

func matMul(a, b [][]float64) [][]float64 {
	m := len(a)
	c := newMat(m)
	for i := range m {
		ci := c[i]
		for k, aik := range a[i] {
			if aik == 0 {
				continue
			}
			bk := b[k]
			for j := range m {
				ci[j] += aik * bk[j]
			}
		}
	}
	return c
}

func pomeranzJ1J2(i, n, ll, ceilf, roundf int) (int, int) {
	var j1, j2 int
	if i == 0 {
		j1, j2 = -ll-ceilf-1, ll+ceilf-1
	} else {
		d, r := (i+1)/2, (i+1)%2
		if r == 0 {
			if d == n+1 {
				j1, j2 = n-ll-ceilf-1, n+ll+ceilf-1
			} else {
				j1, j2 = d-1-ll-roundf-1, d+ll-1+ceilf-1
			}
		} else {
			j1, j2 = d-1-ll-1, d+ll+roundf-1
		}
	}
	return max(j1+2, 0), min(j2, n)
}

// kolmogPomeranz is P(D_n <= x) by the Pomeranz (1974) recursion.
func kolmogPomeranz(n int, x float64) float64 {
	fn := float64(n)
	t := fn * x
	ll := int(math.Floor(t))
	f := t - float64(ll)
	g := math.Min(f, 1-f)
	ceilf, roundf := 0, 0
	if f > 0 {
		ceilf = 1
	}
	if f > 0.5 {
		roundf = 1
	}
	npw := 2 * (ll + 1)
	gp := make([]float64, npw)
	tg := make([]float64, npw)
	om := make([]float64, npw)
	gp[0], tg[0], om[0] = 1, 1, 1
	a1, a2, a3 := g/fn, 2*g/fn, (1-2*g)/fn
	for m := 1; m < npw; m++ {
		gp[m] = gp[m-1] * a1 / float64(m)
		tg[m] = tg[m-1] * a2 / float64(m)
		om[m] = om[m-1] * a3 / float64(m)
	}
	V0 := make([]float64, npw)
	V1 := make([]float64, npw)
	V1[0] = 1
	v0s, v1s := 0, 0
	expnt := 0
	j1, j2 := pomeranzJ1J2(0, n, ll, ceilf, roundf)
	for i := 1; i < 2*n+2; i++ {
		k1 := j1
		V0, V1 = V1, V0
		v0s, v1s = v1s, v0s
		clear(V1)
		j1, j2 = pomeranzJ1J2(i, n, ll, ceilf, roundf)
		pw := om
		if i == 1 || i == 2*n+1 {
			pw = gp
		} else if i%2 == 1 {
			pw = tg
		}
		ln2 := j2 - k1 + 1
		if ln2 > 0 {
			lo := k1 - v0s
			a := V0[lo:min(lo+ln2, npw)]
			b := pw[:min(ln2, npw)]
			start := j1 - k1
			length := j2 - j1 + 1
			for q := 0; q < length; q++ {
				idx := start + q // index into the full convolution of a and b
				var s float64
				for u := max(0, idx-len(b)+1); u <= min(idx, len(a)-1); u++ {
					s += a[u] * b[idx-u]
				}
				V1[q] = s
			}
			mx := 0.0
			for _, vv := range V1 {
				mx = math.Max(mx, vv)
			}
			if mx > 0 && mx < em128 {
				for q := range V1 {
					V1[q] *= ep128
				}
				expnt -= 128
			}
			v1s = v0s + j1 - k1
		}
	}
	ans := V1[n-v1s]
	for m := 1; m <= n; m++ {
		if math.Abs(ans) > ep128 {
			ans *= em128
			expnt += 128
		}
		ans *= float64(m)
	}
	if expnt != 0 {
		ans = math.Ldexp(ans, expnt)
	}
	return clip01(ans)
}

// kolmogPelzGood is the Pelz-Good (1976) approximation to P(D_n <= x).
func kolmogPelzGood(n int, x float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	fn := float64(n)
	z := math.Sqrt(fn) * x
	z2, z3, z4, z6 := z*z, z*z*z, z*z*z*z, math.Pow(z, 6)
	qlog := -piSq / 8 / z2
	if qlog < minLogKS {
		return 0
	}
	q := math.Exp(qlog)
	pi4, pi6 := piSq*piSq, piSq*piSq*piSq
	k1a := -z2
	k1b := piSq / 4
	k2a := 6*z6 + 2*z4
	k2b := (2*z4 - 5*z2) * piSq / 4
	k2c := pi4 * (1 - 2*z2) / 16
	k3d := pi6 * (5 - 30*z2) / 64
	k3c := pi4 * (-60*z2 + 212*z4) / 16
	k3b := piSq * (135*z4 - 96*z6) / 4
	k3a := -30*z6 - 90*math.Pow(z, 8)
	var K [4]float64
	maxk := int(math.Ceil(16 * z / math.Pi))
	for k := maxk; k > 0; k-- {
		m := float64(2*k - 1)
		m2, m4, m6 := m*m, m*m*m*m, math.Pow(m, 6)
		qp := math.Pow(q, float64(8*k))
		c := [4]float64{1, k1a + k1b*m2, k2a + k2b*m2 + k2c*m4, k3a + k3b*m2 + k3c*m4 + k3d*m6}
		for i := range K {
			K[i] = K[i]*qp + c[i]
		}
	}
	div := [4]float64{z, 6 * z4, 72 * math.Pow(z, 7), 6480 * math.Pow(z, 10)}
	for i := range K {
		K[i] = K[i] * q * sqrt2Pi / div[i]
	}
	q = math.Exp(-piSq / 2 / z2)
	var e2, e3 float64
	sqrt3z := math.Sqrt(3) * z
	for k := maxk; k > 0; k-- {
		fk := float64(k)
		qk := math.Pow(q, fk*fk)
		e2 += fk * fk * qk
		kspi := math.Pi * fk
		e3 += (sqrt3z + kspi) * (sqrt3z - kspi) * fk * fk * qk
	}
	K[2] += e2 * piSq * sqrt2Pi / (-36 * z3)
	K[3] += e3 * piSq * sqrt2Pi / (216 * z6)
	var s float64
	for i := range K {
		s += K[i] / math.Pow(fn, float64(i)/2)
	}
	return s
}

// smirnovSF is the one-sided Smirnov survival function P(D+_n >= x) by the
// Birnbaum-Tingey sum (scipy.special.smirnov for the cases kstwo uses):
//
//	P = x Σ_{j=0}^{⌊n(1-x)⌋} C(n,j) (x + j/n)^(j-1) (1 - x - j/n)^(n-j)
//
// with terms in log space, and cephes' approximation
// exp(-(6nx+1)²/(18n)) above n = 10^6.
func smirnovSF(n int, x float64) float64 {
	if n == 1 {
		return 1 - x
	}
	if x <= 0 {
		return 1
	}
	if x >= 1 {
		return 0
	}
	fn := float64(n)
	nx := fn * x
	nxfl := math.Floor(nx)
	alpha := nx - nxfl
	if nxfl == 0 || (nxfl == 1 && alpha == 0) {
		return 1 - x*math.Pow(1+x, fn-1)
	}
	if -2*fn*x*x < -708.3964185322641 {
		return 0
	}
	if int(nxfl) >= n-1 {
		return math.Pow(1-x, fn)
	}
	if n > 1000000 {
		logp := -math.Pow(6*nx+1, 2) / 18 / fn
		if logp < -math.Ln2 {
			return math.Exp(logp)
		}
		return 1 + math.Expm1(logp)
	}
	last := n - int(nxfl) - 1
	if alpha == 0 {
		last--
	}
	lnf, _ := math.Lgamma(fn + 1)
	var sum float64
	lx := math.Log(x)
	peak := math.Inf(-1)
	for j := 0; j <= last; j++ {
		fj := float64(j)
		lj1, _ := math.Lgamma(fj + 1)
		lj2, _ := math.Lgamma(fn - fj + 1)
		var lt float64
		if j == 0 {
			lt = -lx + fn*math.Log1p(-x)
		} else {
			lt = lnf - lj1 - lj2 + (fj-1)*math.Log(x+fj/fn) + (fn-fj)*math.Log1p(-(x+fj/fn))
		}
		term := math.Exp(lt)
		sum += term
		if lt > peak {
			peak = lt
		} else if 4*float64(last-j)*term < 0x1p-52*sum {
			break
		}
	}
	return x * sum
}

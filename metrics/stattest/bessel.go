package stattest

import "math"

// besselKScaled returns e^x · K_ν(x), the scaled modified Bessel function
// of the second kind, for |ν| <= 1/2 and x > 0: Temme's series for x <= 2
// and Steed's continued fraction (CF2, Thompson and Barnett 1986) above,
// as in Press et al., Numerical Recipes §6.7. Accurate to about 1e-15.
func besselKScaled(nu, x float64) float64 {
	const eps = 1e-16
	if x <= 2 {
		x2 := x / 2
		gampl := 1 / math.Gamma(1+nu)
		gammi := 1 / math.Gamma(1-nu)
		var gam1 float64
		if math.Abs(nu) < 1e-8 {
			gam1 = -0.5772156649015329 // -Euler's constant
		} else {
			gam1 = (gammi - gampl) / (2 * nu)
		}
		gam2 := (gammi + gampl) / 2
		pimu := math.Pi * nu
		fact := 1.0
		if math.Abs(pimu) >= eps {
			fact = pimu / math.Sin(pimu)
		}
		d := -math.Log(x2)
		e := nu * d
		fact2 := 1.0
		if math.Abs(e) >= eps {
			fact2 = math.Sinh(e) / e
		}
		ff := fact * (gam1*math.Cosh(e) + gam2*fact2*d)
		sum := ff
		e = math.Exp(e)
		p := 0.5 * e / gampl
		q := 0.5 / (e * gammi)
		c := 1.0
		d = x2 * x2
		for i := 1; i < 1000; i++ {
			fi := float64(i)
			ff = (fi*ff + p + q) / (fi*fi - nu*nu)
			c *= d / fi
			p /= fi - nu
			q /= fi + nu
			del := c * ff
			sum += del
			if math.Abs(del) < math.Abs(sum)*eps {
				break
			}
		}
		return sum * math.Exp(x)
	}
	b := 2 * (1 + x)
	d := 1 / b
	h, delh := d, d
	q1, q2 := 0.0, 1.0
	a1 := 0.25 - nu*nu
	q, c := a1, a1
	a := -a1
	s := 1 + q*delh
	for i := 2; i < 10000; i++ {
		fi := float64(i)
		a -= 2 * (fi - 1)
		c = -a * c / fi
		qnew := (q1 - b*q2) / a
		q1, q2 = q2, qnew
		q += c * qnew
		b += 2
		d = 1 / (b + a*d)
		delh = (b*d - 1) * delh
		h += delh
		dels := q * delh
		s += dels
		if math.Abs(dels/s) < eps {
			break
		}
	}
	return math.Sqrt(math.Pi/(2*x)) / s
}

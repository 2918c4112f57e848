package metrics

import (
	"fmt"
	"math"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/stattest"
)

// sketchResult is a test computed from estimated distributions, with the
// bounds of its error.
type sketchResult struct {
	stat, p, score    float64
	statErr, scoreErr float64
}

// cdfWalk visits the pieces of the union of two CDFs' breakpoints: on
// [x, next) the estimates are fa and fb (as shares) with errors ea and eb
// (as shares); next is +Inf on the last piece.
func cdfWalk(a, b *dataset.CDF, visit func(x, next, fa, ea, fb, eb float64)) {
	na, nb := a.Total(), b.Total()
	i, j := 0, 0
	var xs []float64
	for i < len(a.Values) || j < len(b.Values) {
		switch {
		case j == len(b.Values) || i < len(a.Values) && a.Values[i] < b.Values[j]:
			xs = append(xs, a.Values[i])
			i++
		case i == len(a.Values) || b.Values[j] < a.Values[i]:
			xs = append(xs, b.Values[j])
			j++
		default:
			xs = append(xs, a.Values[i])
			i++
			j++
		}
	}
	for k, x := range xs {
		next := math.Inf(1)
		if k+1 < len(xs) {
			next = xs[k+1]
		}
		fa, ea := a.At(x)
		fb, eb := b.At(x)
		visit(x, next, fa/na, ea/na, fb/nb, eb/nb)
	}
}

func (d *drifter) sketchStat(test stattest.Test, thr float64, rs, cs *dataset.ColumnSummary, exact bool) (sketchResult, error) {
	a, b := rs.Numeric, cs.Numeric
	switch test.Name {
	case "ks":
		var dd, de float64
		cdfWalk(&a.CDF, &b.CDF, func(_, _, fa, ea, fb, eb float64) {
			dd = math.Max(dd, math.Abs(fa-fb))
			de = math.Max(de, ea+eb)
		})
		_, p := stattest.KSPValue(dd, a.Count, b.Count)
		_, plo := stattest.KSPValue(math.Min(1, dd+de), a.Count, b.Count)
		_, phi := stattest.KSPValue(math.Max(0, dd-de), a.Count, b.Count)
		return sketchResult{stat: dd, p: p, score: p, statErr: de, scoreErr: math.Max(p-plo, phi-p)}, nil
	case "wasserstein", "ed":
		var w, we, l2, l2lo, l2hi float64
		cdfWalk(&a.CDF, &b.CDF, func(x, next, fa, ea, fb, eb float64) {
			if math.IsInf(next, 1) {
				return
			}
			dx := next - x
			diff, e := math.Abs(fa-fb), ea+eb
			w += diff * dx
			we += e * dx
			l2 += diff * diff * dx
			lo := math.Max(0, diff-e)
			l2lo += lo * lo * dx
			l2hi += (diff + e) * (diff + e) * dx
		})
		if test.Name == "ed" {
			e := math.Sqrt2 * math.Sqrt(l2)
			elo, ehi := math.Sqrt2*math.Sqrt(l2lo), math.Sqrt2*math.Sqrt(l2hi)
			return sketchResult{stat: e, p: math.NaN(), score: e, statErr: math.Max(e-elo, ehi-e), scoreErr: math.Max(e-elo, ehi-e)}, nil
		}
		std := math.Max(math.Sqrt(a.M2/float64(a.Count)), 0.001)
		return sketchResult{stat: w / std, p: math.NaN(), score: w / std, statErr: we / std, scoreErr: we / std}, nil
	case "t_test":
		t, _, p, err := stattest.TTestMoments(a.Mean, a.M2, float64(a.Count), b.Mean, b.M2, float64(b.Count), d.topts.Welch, d.topts.Alternative)
		if err != nil {
			return sketchResult{}, err
		}
		return sketchResult{stat: t, p: p, score: p}, nil
	case "psi", "kl_div", "jensenshannon":
		return d.binnedSketch(test.Name, rs, cs, exact)
	case "hellinger":
		if exact {
			return hellingerExact(a, b), nil
		}
		return hellingerSketch(rs, cs), nil
	case "chisquare", "z":
		if !exact {
			return sketchResult{}, fmt.Errorf("it compares each distinct value, and the sketches keep the values only up to their exact limit (%w); use ks, wasserstein, psi, kl_div, jensenshannon or hellinger", ErrNeedsRows)
		}
		res, err := test.Run(stattest.CategoricalInput(exactCounts(&a.CDF, &b.CDF)), thr, d.topts)
		if err != nil {
			return sketchResult{}, err
		}
		return sketchResult{stat: res.Statistic, p: res.PValue, score: res.Score}, nil
	}
	return sketchResult{}, fmt.Errorf("it needs the values themselves (their ranks in the pooled sample), and the sketch keeps them only up to its exact limit (%w); use ks, wasserstein, ed, psi, kl_div, jensenshannon, hellinger or t_test", ErrNeedsRows)
}

// hellingerExact is Evidently's numerical hellinger (see stattest) on
// exact counts: Sturges bins from the number of distinct values of the
// union.
func hellingerExact(a, b *dataset.NumericSummary) sketchResult {
	lo, hi := math.Min(a.Min, b.Min), math.Max(a.Max, b.Max)
	nb := stattest.SturgesBins(unionSize(a.CDF.Values, b.CDF.Values), lo, hi)
	edges := stattest.HistogramEdges(lo, hi, nb)
	h1, _ := binCounts(&a.CDF, edges)
	h2, _ := binCounts(&b.CDF, edges)
	width := (edges[nb] - edges[0]) / float64(nb)
	var bc float64
	for i := range h1 {
		db := edges[i+1] - edges[i]
		bc += math.Sqrt(h1[i]/db/float64(a.Count)*(h2[i]/db/float64(b.Count))) * width
	}
	h := stattest.Hellinger(bc)
	return sketchResult{stat: h, p: math.NaN(), score: h}
}

// hellingerSketch is Evidently's numerical hellinger (see stattest) from
// sketches beyond their exact limits. The number of Sturges bins comes
// from the number of distinct values of the union, which the sketches
// bound: at least the larger side's count, at most their sum, each within
// its HyperLogLog bound (3 standard errors). For every bin count in that
// range the Bhattacharyya coefficient is bounded from the bins' estimated
// counts and their errors (√(p·q) grows with p and q), and the distance,
// which falls as the coefficient grows, is bounded by the extremes over
// all of them. The estimate takes the sum of the distinct counts (the
// union of continuous values, which rarely coincide).
func hellingerSketch(rs, cs *dataset.ColumnSummary) sketchResult {
	a, b := rs.Numeric, cs.Numeric
	lo, hi := math.Min(a.Min, b.Min), math.Max(a.Max, b.Max)
	dlo := max(rs.Distinct-rs.DistinctError, cs.Distinct-cs.DistinctError, 1)
	dhi := max(rs.Distinct+rs.DistinctError+cs.Distinct+cs.DistinctError, dlo)
	at := func(nb int) (est, hlo, hhi float64) {
		edges := stattest.HistogramEdges(lo, hi, nb)
		h1, e1 := binCounts(&a.CDF, edges)
		h2, e2 := binCounts(&b.CDF, edges)
		na, nb2 := float64(a.Count), float64(b.Count)
		width := (edges[len(edges)-1] - edges[0]) / float64(len(edges)-1)
		var bc, bclo, bchi float64
		for i := range h1 {
			db := edges[i+1] - edges[i]
			term := func(c1, c2 float64) float64 { return math.Sqrt(c1/db/na*(c2/db/nb2)) * width }
			bc += term(h1[i], h2[i])
			bclo += term(math.Max(0, h1[i]-e1[i]), math.Max(0, h2[i]-e2[i]))
			bchi += term(math.Min(na, h1[i]+e1[i]), math.Min(nb2, h2[i]+e2[i]))
		}
		return stattest.Hellinger(bc), stattest.Hellinger(bchi), stattest.Hellinger(bclo)
	}
	est, slo, shi := at(stattest.SturgesBins(min(rs.Distinct+cs.Distinct, dhi), lo, hi))
	for nb := stattest.SturgesBins(dlo, lo, hi); nb <= stattest.SturgesBins(dhi, lo, hi); nb++ {
		_, l, h := at(nb)
		slo, shi = math.Min(slo, l), math.Max(shi, h)
	}
	e := math.Max(est-slo, shi-est)
	return sketchResult{stat: est, p: math.NaN(), score: est, statErr: e, scoreErr: e}
}

// binnedSketch computes psi, kl_div or jensenshannon on Evidently's bins
// (see stattest's binnedShares) from estimated counts, and bounds the
// score by bounding each term of its sum over the box of shares the
// counts' errors allow.
func (d *drifter) binnedSketch(name string, rs, cs *dataset.ColumnSummary, exact bool) (sketchResult, error) {
	a, b := rs.Numeric, cs.Numeric
	lo, hi := math.Min(a.Min, b.Min), math.Max(a.Max, b.Max)
	var rc, re, cc, ce []float64
	switch {
	case d.topts.Bins > 0 || rs.Distinct > 20:
		nb := d.topts.Bins
		if nb == 0 {
			nb = stattest.SturgesBins(a.Count+b.Count, lo, hi)
		}
		edges := stattest.HistogramEdges(lo, hi, nb)
		rc, re = binCounts(&a.CDF, edges)
		cc, ce = binCounts(&b.CDF, edges)
	case exact:
		c := exactCounts(&a.CDF, &b.CDF)
		rc, cc = make([]float64, len(c.Keys)), make([]float64, len(c.Keys))
		for i := range c.Keys {
			rc[i], cc[i] = float64(c.Reference[i]), float64(c.Current[i])
		}
		re, ce = make([]float64, len(rc)), make([]float64, len(cc))
	default:
		return sketchResult{}, fmt.Errorf("the reference has at most 20 distinct values, so the test compares each value, and the current sketch keeps its values only up to its exact limit (%w)", ErrNeedsRows)
	}
	fill := name != "jensenshannon"
	p, plo, phi := shareBox(rc, re, float64(a.Count), fill, name == "kl_div")
	q, qlo, qhi := shareBox(cc, ce, float64(b.Count), fill, name == "kl_div")
	var est, slo, shi float64
	switch name {
	case "psi":
		est = stattest.PSI(p, q)
		slo, shi = termsRange(psiTerm, true, plo, phi, qlo, qhi)
	case "kl_div":
		est = stattest.KLDivergence(p, q)
		for i := range plo {
			l, h := klTermRange(plo[i], phi[i], qlo[i], qhi[i])
			slo += l
			shi += h
		}
	default:
		est = stattest.JensenShannon(p, q)
		slo, shi = termsRange(jsTerm, true, plo, phi, qlo, qhi)
		slo, shi = math.Sqrt(math.Max(slo, 0)/2), math.Sqrt(math.Max(shi, 0)/2)
	}
	e := math.Max(est-slo, shi-est)
	if exact {
		e = 0
	}
	return sketchResult{stat: est, p: math.NaN(), score: est, statErr: e, scoreErr: e}, nil
}

// shareBox returns the estimated shares count/n (zero-filled as
// Evidently fills them when fill is set) and, for each, an interval that
// holds the true (zero-filled, and for kl_div renormalised) share.
func shareBox(counts, errs []float64, n float64, fill, renorm bool) (est, lo, hi []float64) {
	k := len(counts)
	est, lo, hi = make([]float64, k), make([]float64, k), make([]float64, k)
	for i, c := range counts {
		est[i] = c / n
		lo[i] = math.Max(0, c-errs[i]) / n
		hi[i] = math.Min(n, c+errs[i]) / n
	}
	if !fill {
		return est, lo, hi
	}
	stattest.FillZeroShares(est)
	// The smallest and largest the smallest non-zero share can be: shares
	// are multiples of 1/n.
	mlo, mhi := math.Inf(1), 1.0
	for i := range lo {
		switch {
		case lo[i] > 0:
			mlo = math.Min(mlo, lo[i])
			mhi = math.Min(mhi, hi[i])
		case hi[i] > 0:
			mlo = math.Min(mlo, 1/n)
		}
	}
	fillOf := func(m float64) float64 {
		if m <= 1e-4 {
			return m / 1e6
		}
		return 1e-4
	}
	fmin, fmax := 1e-4, 1e-4
	if mlo <= 1e-4 {
		fmin = fillOf(mlo)
	}
	if mhi <= 1e-4 {
		fmax = fillOf(mhi)
	}
	for i := range lo {
		switch {
		case hi[i] == 0:
			lo[i], hi[i] = fmin, fmax
		case lo[i] == 0:
			lo[i], hi[i] = math.Min(fmin, 1/n), math.Max(fmax, hi[i])
		}
	}
	if renorm { // kl_div divides by the sum, between 1 and 1 + k·fmax
		s := 1 + float64(k)*fmax
		for i := range lo {
			lo[i] /= s
		}
	}
	return est, lo, hi
}

func psiTerm(p, q float64) float64 { return (p - q) * math.Log(p/q) }

func jsTerm(p, q float64) float64 {
	m := (p + q) / 2
	return relEntr(p, m) + relEntr(q, m)
}

func relEntr(x, y float64) float64 {
	switch {
	case x > 0 && y > 0:
		return x * math.Log(x/y)
	case x == 0 && y >= 0:
		return 0
	}
	return math.Inf(1)
}

// termsRange bounds Σ f(p_i, q_i) over the boxes, for f jointly convex,
// homogeneous of degree one and zero on the diagonal (psi and
// Jensen-Shannon terms): each term's maximum is at a corner of its box,
// its minimum 0 when the intervals overlap, else at the corner nearest the
// diagonal.
func termsRange(f func(p, q float64) float64, _ bool, plo, phi, qlo, qhi []float64) (lo, hi float64) {
	for i := range plo {
		hi += max(f(plo[i], qlo[i]), f(plo[i], qhi[i]), f(phi[i], qlo[i]), f(phi[i], qhi[i]))
		switch {
		case phi[i] < qlo[i]:
			lo += f(phi[i], qlo[i])
		case qhi[i] < plo[i]:
			lo += f(plo[i], qhi[i])
		}
	}
	return lo, hi
}

// klTermRange bounds p·ln(p/q) over a box: jointly convex, so the
// maximum is at a corner; it decreases in q, and in p is least at q/e.
func klTermRange(plo, phi, qlo, qhi float64) (lo, hi float64) {
	f := func(p, q float64) float64 {
		if p == 0 {
			return 0
		}
		return p * math.Log(p/q)
	}
	hi = max(f(plo, qlo), f(plo, qhi), f(phi, qlo), f(phi, qhi))
	p := math.Min(math.Max(qhi/math.E, plo), phi)
	return f(p, qhi), hi
}

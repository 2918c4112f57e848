package metrics

import (
	"context"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// RegressionErrorDistribution is the distribution of the errors
// (prediction - target) of a regression model: a histogram on bins shared
// by the reference and the current data (numpy's "doane" edges over both,
// see Histogram). Rows with a missing or infinite target or prediction
// are dropped, and so are errors that overflow to ±Inf.
//
// Compute returns *Histogram.
type RegressionErrorDistribution struct{}

// Name implements Metric.
func (m *RegressionErrorDistribution) Name() string { return "RegressionErrorDistribution" }

// Compute implements Metric.
func (m *RegressionErrorDistribution) Compute(_ context.Context, in *Input) (Result, error) {
	t, err := newRegTask(in, m.Name())
	if err != nil {
		return nil, err
	}
	cur := finiteSorted(t.cur.err)
	var ref []float64
	if t.ref != nil {
		ref = finiteSorted(t.ref.err)
	}
	return sharedHistogram(ref, cur, t.ref != nil), nil
}

// finiteSorted returns the finite values of xs, sorted: an error of two
// finite values can overflow (1e308 - -1e308), and an infinite error has
// no bin.
func finiteSorted(xs []float64) []float64 {
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsInf(x, 0) && !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

// RegressionErrorNormality compares the errors of a regression model with
// the normal distribution, as scipy.stats.probplot(err, dist="norm",
// fit=True): the theoretical quantiles are norm.ppf of Filliben's
// order-statistic medians
//
//	m_n = 0.5^(1/n),  m_1 = 1 - m_n,  m_i = (i - 0.3175)/(n + 0.365)
//
// and Slope, Intercept and R are the least-squares line of the sorted
// errors on them and its correlation. A perfect normal sample has R = 1.
// The result keeps at most MaxPoints points of the Q-Q plot (evenly
// spaced by rank, both ends kept); the fit uses them all.
//
// Compute returns *RegressionErrorNormalityResult.
type RegressionErrorNormality struct{}

// maxQQPoints bounds the points of a Q-Q plot in a result.
const maxQQPoints = 200

// Name implements Metric.
func (m *RegressionErrorNormality) Name() string { return "RegressionErrorNormality" }

// QQPlot is one side's Q-Q plot against the normal distribution.
type QQPlot struct {
	// Theoretical are the normal quantiles, Ordered the sorted errors.
	Theoretical []float64 `json:"theoretical"`
	Ordered     []float64 `json:"ordered"`
	Slope       Float     `json:"slope"`
	Intercept   Float     `json:"intercept"`
	R           Float     `json:"r"`
}

// RegressionErrorNormalityResult holds each side's Q-Q plot.
type RegressionErrorNormalityResult struct {
	Current   *QQPlot `json:"current"`
	Reference *QQPlot `json:"reference"`
}

// Compute implements Metric.
func (m *RegressionErrorNormality) Compute(_ context.Context, in *Input) (Result, error) {
	t, err := newRegTask(in, m.Name())
	if err != nil {
		return nil, err
	}
	res := &RegressionErrorNormalityResult{Current: qqNormal(t.cur.err)}
	if t.ref != nil {
		res.Reference = qqNormal(t.ref.err)
	}
	return res, nil
}

// qqNormal is the Q-Q plot of the finite errors (an error that overflows
// to ±Inf has no place on it).
func qqNormal(errs []float64) *QQPlot {
	osr := finiteSorted(errs)
	n := len(osr)
	osm := make([]float64, n)
	last := math.Pow(0.5, 1/float64(n))
	for i := range osm {
		var m float64
		switch i {
		case n - 1:
			m = last
		case 0:
			m = 1 - last
		default:
			m = (float64(i+1) - 0.3175) / (float64(n) + 0.365)
		}
		osm[i] = distuv.UnitNormal.Quantile(m)
	}
	mx, _ := meanStd(osm)
	my, _ := meanStd(osr)
	var sxx, syy, sxy float64
	for i := range osm {
		dx, dy := osm[i]-mx, osr[i]-my
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	slope := divOrNaN(sxy, sxx)
	q := &QQPlot{Theoretical: osm, Ordered: osr, Slope: Float(slope), Intercept: Float(my - slope*mx),
		R: Float(divOrNaN(sxy, math.Sqrt(sxx*syy)))}
	if n < 2 {
		q.Slope, q.Intercept, q.R = Float(math.NaN()), Float(math.NaN()), Float(math.NaN())
	}
	if idx := downsampleIndex(n, maxQQPoints); idx != nil {
		q.Theoretical, q.Ordered = pick(osm, idx), pick(osr, idx)
	}
	return q
}

package metrics

import (
	"context"
	"fmt"
	"math"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// RegressionPredictedVsActual is the predicted-vs-actual picture of a
// regression model (Evidently's RegressionPredictedVsActualScatter),
// aggregated so that it stays small at any number of rows: the rows of
// each side counted on a grid of Bins × Bins cells (default 20), actual
// value by predicted value, with the same edges on both axes and both
// sides, so the diagonal is a perfect prediction:
//
//	edges  = numpy.linspace(lo, hi, Bins+1), lo and hi the smallest and
//	         largest finite target or prediction of either side
//	counts = numpy.histogram2d(actual, predicted, bins=[edges, edges])
//
// and, per actual bin, the mean prediction of its rows (null when the bin
// is empty). Evidently draws every distinct point, or with many rows a
// Gaussian KDE contour; a count grid says the same in bounded size. Rows
// without a finite target and prediction are dropped and counted.
//
// Each side also keeps a scatter of at most Points rows (default 1,000;
// at most 100,000): with n kept rows and m = min(n, Points), the rows
// ⌊i·n/m⌋ for i = 0, ..., m-1, an evenly spaced, deterministic sample in
// row order (all rows when n <= Points), so the scatter stays small at
// millions of rows.
//
// Compute returns *RegressionPredictedVsActualResult.
type RegressionPredictedVsActual struct {
	Bins   int `json:"bins,omitempty"`
	Points int `json:"points,omitempty"`
}

// Name implements Metric.
func (m *RegressionPredictedVsActual) Name() string { return "RegressionPredictedVsActual" }

// Params implements Parameterized.
func (m *RegressionPredictedVsActual) Params() any { return m }

// RegressionPredictedVsActualResult holds each side's grid on shared edges.
type RegressionPredictedVsActualResult struct {
	Edges     []float64          `json:"edges"`
	Current   *PredictedVsActual `json:"current"`
	Reference *PredictedVsActual `json:"reference,omitempty"`
}

// PredictedVsActual is one side's grid.
type PredictedVsActual struct {
	Rows        int `json:"rows"`
	RowsDropped int `json:"rows_dropped"`
	// Counts[i][j] counts the rows with the actual value in bin i and the
	// prediction in bin j.
	Counts [][]int `json:"counts"`
	// MeanPredicted is the mean prediction of the rows of each actual bin.
	MeanPredicted []Float `json:"mean_predicted"`
	// Sample is the scatter's rows: their actual and predicted values.
	Sample *PointSample `json:"sample,omitempty"`
}

// PointSample is an evenly spaced sample of rows (see
// RegressionPredictedVsActual).
type PointSample struct {
	Actual    []float64 `json:"actual"`
	Predicted []float64 `json:"predicted"`
}

// Compute implements Metric.
func (m *RegressionPredictedVsActual) Compute(ctx context.Context, in *Input) (Result, error) {
	bins := m.Bins
	if bins == 0 {
		bins = 20
	}
	if bins < 1 || bins > 1000 {
		return nil, fmt.Errorf("%w: %s: bins must be in [1, 1000], got %d", ErrOption, m.Name(), m.Bins)
	}
	points := m.Points
	if points == 0 {
		points = 1000
	}
	if points < 1 || points > 100_000 {
		return nil, fmt.Errorf("%w: %s: points must be in [1, 100000], got %d", ErrOption, m.Name(), m.Points)
	}
	t, err := newRegTask(in, m.Name())
	if err != nil {
		return nil, err
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range []*regSide{t.cur, t.ref} {
		if s == nil {
			continue
		}
		for i := range s.y {
			lo = math.Min(lo, math.Min(s.y[i], s.pred[i]))
			hi = math.Max(hi, math.Max(s.y[i], s.pred[i]))
		}
	}
	edges := linspaceEdges(lo, hi, bins)
	res := &RegressionPredictedVsActualResult{Edges: edges, Current: predActualGrid(t.cur, edges)}
	res.Current.Sample = samplePredActual(t.cur, points)
	if t.ref != nil {
		res.Reference = predActualGrid(t.ref, edges)
		res.Reference.Sample = samplePredActual(t.ref, points)
	}
	return res, ctx.Err()
}

// samplePredActual takes the rows ⌊i·n/m⌋, i < m = min(n, max), of s.
func samplePredActual(s *regSide, max int) *PointSample {
	rows := evenRows(len(s.y), max)
	p := &PointSample{Actual: make([]float64, len(rows)), Predicted: make([]float64, len(rows))}
	for i, k := range rows {
		p.Actual[i], p.Predicted[i] = s.y[k], s.pred[k]
	}
	return p
}

// linspaceEdges returns numpy.linspace(lo, hi, bins+1): lo + i·step with
// step = (hi-lo)/bins and the last edge hi; for lo == hi the single bin
// [lo-0.5, hi+0.5], as numpy's histograms take it. Where hi - lo
// overflows (-1e308 to 1e308) the edges are still finite and increasing
// (see stattest.HistogramEdges).
func linspaceEdges(lo, hi float64, bins int) []float64 {
	return stattest.HistogramEdges(lo, hi, bins)
}

// binOf returns the bin of v among edges, as numpy.histogramdd assigns it
// (searchsorted side="right" less one, the last edge in the last bin).
func binOf(edges []float64, v float64) int {
	k := len(edges) - 1
	if v == edges[k] {
		return k - 1
	}
	return searchAbove(edges, v) - 1
}

func predActualGrid(s *regSide, edges []float64) *PredictedVsActual {
	k := len(edges) - 1
	g := &PredictedVsActual{Rows: len(s.y), RowsDropped: s.dropped, Counts: make([][]int, k), MeanPredicted: make([]Float, k)}
	sums := make([]float64, k)
	for i := range g.Counts {
		g.Counts[i] = make([]int, k)
	}
	for i, y := range s.y {
		a, p := binOf(edges, y), binOf(edges, s.pred[i])
		g.Counts[a][p]++
		sums[a] += s.pred[i]
	}
	for a, row := range g.Counts {
		n := 0
		for _, c := range row {
			n += c
		}
		g.MeanPredicted[a] = Float(math.NaN())
		if n > 0 {
			g.MeanPredicted[a] = Float(sums[a] / float64(n))
		}
	}
	return g
}

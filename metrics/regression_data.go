package metrics

import (
	"fmt"
	"math"
)

// regSide is one dataset's regression rows: those with a finite target and
// a finite prediction. keep maps each of them to its frame row.
type regSide struct {
	y, pred, err []float64
	keep         []int
	dropped      int
}

// regTask reads both sides of a regression task.
type regTask struct {
	cur, ref *regSide
}

func newRegTask(in *Input, metric string) (*regTask, error) {
	def := in.Def()
	if def == nil || def.Target == "" || def.Prediction == "" {
		return nil, fmt.Errorf("%s: %w (a numerical target and prediction)", metric, errNoTask)
	}
	var sides []*regSide
	for _, f := range in.Frames() {
		yr, err := numericReader(f, metric, def.Target)
		if err != nil {
			return nil, err
		}
		pr, err := numericReader(f, metric, def.Prediction)
		if err != nil {
			return nil, err
		}
		n := f.Len()
		s := &regSide{y: make([]float64, 0, n), pred: make([]float64, 0, n), err: make([]float64, 0, n), keep: make([]int, 0, n)}
		for i := 0; i < n; i++ {
			y, ok1 := yr(i)
			p, ok2 := pr(i)
			if !ok1 || !ok2 {
				s.dropped++
				continue
			}
			s.y, s.pred, s.err, s.keep = append(s.y, y), append(s.pred, p), append(s.err, p-y), append(s.keep, i)
		}
		if len(s.y) == 0 {
			return nil, fmt.Errorf("%s: %w: no row of %s has both a finite target and a finite prediction", metric, ErrEmpty, f.Source())
		}
		sides = append(sides, s)
	}
	t := &regTask{cur: sides[len(sides)-1]}
	if len(sides) == 2 {
		t.ref = sides[0]
	}
	return t, nil
}

// meanStd returns the mean and the sample standard deviation (ddof=1,
// NaN for fewer than 2 values) of xs, with a two-pass sum.
func meanStd(xs []float64) (mean, std float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, math.NaN()
	}
	ss := 0.0
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}

// quantileSorted is numpy.quantile(x, q) with the default linear method
// on sorted x: h = (n-1)·q, x[⌊h⌋] + (h-⌊h⌋)·(x[⌊h⌋+1]-x[⌊h⌋]).
func quantileSorted(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * q
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	frac := h - float64(lo)
	return lerpQuantile(sorted[lo], sorted[lo+1], frac) // numpy's _lerp, for equal rounding
}

package metrics

import (
	"context"
	"fmt"
)

// ClassificationClassBalance is how many rows of each class the target
// holds, on the current data and, when there is one, on the reference:
// Evidently's ClassificationClassBalance (pandas value_counts of the
// target on each side).
//
// The labels are the union, over both sides, of the target's labels, the
// predicted labels and the labels of per-class probability columns,
// compared as strings and sorted as every classification metric sorts
// them (numerically when all are numbers). A label that a side's target
// never holds, such as a class seen only in the predictions or only in
// the other side, has count 0 there. Each side counts every row with a
// target, whatever its prediction; rows whose target is missing (null,
// NaN or ±Inf) are left out and counted in Missing. Share is
//
//	share[label] = count[label] / rows
//
// and NaN (null) when the side has no row with a target.
//
// Compute returns *ClassificationClassBalanceResult.
type ClassificationClassBalance struct{}

// Name implements Metric.
func (m *ClassificationClassBalance) Name() string { return "ClassificationClassBalance" }

// Params implements Parameterized; the metric has no options.
func (m *ClassificationClassBalance) Params() any { return m }

// ClassificationClassBalanceResult holds each side's class counts, in the
// order of Labels.
type ClassificationClassBalanceResult struct {
	Labels    []string      `json:"labels"`
	Current   *ClassBalance `json:"current"`
	Reference *ClassBalance `json:"reference"`
}

// ClassBalance is one dataset's count and share of each label.
type ClassBalance struct {
	// Rows is the number of rows with a target, Missing of rows without.
	Rows    int     `json:"rows"`
	Missing int     `json:"missing"`
	Counts  []int   `json:"counts"`
	Shares  []Float `json:"shares"`
}

// Compute implements Metric.
func (m *ClassificationClassBalance) Compute(ctx context.Context, in *Input) (Result, error) {
	def := in.Def()
	if def == nil || def.Target == "" {
		return nil, fmt.Errorf("%s: %w (a target column)", m.Name(), errNoTask)
	}
	frames := in.Frames()
	targets := make([][]string, len(frames))
	missing := make([]int, len(frames))
	seen := map[string]bool{}
	for k, f := range frames {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tr, err := newLabelReader(f, m.Name(), def.Target)
		if err != nil {
			return nil, err
		}
		var pr labelReader
		if def.Prediction != "" {
			if pr, err = newLabelReader(f, m.Name(), def.Prediction); err != nil {
				return nil, err
			}
		}
		for i := 0; i < f.Len(); i++ {
			if l, ok := tr(i); ok {
				targets[k] = append(targets[k], l)
				seen[l] = true
			} else {
				missing[k]++
			}
			if pr != nil {
				if l, ok := pr(i); ok {
					seen[l] = true
				}
			}
		}
	}
	if len(def.PredictionProbas) > 1 {
		for _, p := range def.PredictionProbas {
			seen[p.Label] = true
		}
	}
	labels := make([]string, 0, len(seen))
	for l := range seen {
		labels = append(labels, l)
	}
	sortLabels(labels)
	index := make(map[string]int, len(labels))
	for i, l := range labels {
		index[l] = i
	}
	sides := make([]*ClassBalance, len(frames))
	for k, ts := range targets {
		b := &ClassBalance{Rows: len(ts), Missing: missing[k], Counts: make([]int, len(labels)), Shares: make([]Float, len(labels))}
		for _, l := range ts {
			b.Counts[index[l]]++
		}
		for i, c := range b.Counts {
			b.Shares[i] = Float(divOrNaN(float64(c), float64(b.Rows)))
		}
		sides[k] = b
	}
	res := &ClassificationClassBalanceResult{Labels: labels, Current: sides[len(sides)-1]}
	if len(sides) == 2 {
		res.Reference = sides[0]
	}
	return res, nil
}

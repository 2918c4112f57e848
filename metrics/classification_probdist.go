package metrics

import (
	"context"
	"fmt"
	"slices"
)

// ClassificationProbDistribution is the distribution of each class's
// predicted probability, split by whether the row's true label is that
// class or another one: Evidently's ClassificationProbDistribution, which
// plots, per label, dataset[target == label][label] against
// dataset[target != label][label] with 0.05-wide bins.
//
// The classes are those with a probability column, in label order (see
// ClassificationQuality for the labels and the task). A binary task with
// one probability column p, the positive label's, also gives the
// negative label its probability 1 - p, as Evidently's
// get_prediction_data does; with two columns each label has its own.
//
// # Bins
//
// Both groups of every class, on both sides, are counted on the same
// Bins equal-width bins over [0, 1] (20 by default: Evidently's bin size
// 0.05). The edges are numpy.linspace(0, 1, bins+1), and bin i holds
// Edges[i] <= p < Edges[i+1], the last bin also p = 1, as
// numpy.histogram(p, bins=edges). Probabilities are always in [0, 1], so
// every row is counted.
//
// Rows missing the target or a probability are dropped and counted; the
// predicted labels are not read. A probability outside [0, 1] is an
// error.
//
// Compute returns *ClassificationProbDistributionResult.
type ClassificationProbDistribution struct {
	// Bins is the number of bins over [0, 1]; 0 means 20.
	Bins int `json:"bins,omitempty"`
}

// defaultProbBins is Evidently's distplot bin size 0.05 over [0, 1].
const defaultProbBins = 20

// Name implements Metric.
func (m *ClassificationProbDistribution) Name() string { return "ClassificationProbDistribution" }

// Params implements Parameterized.
func (m *ClassificationProbDistribution) Params() any { return m }

// ClassificationProbDistributionResult holds each side's distributions,
// on the bin edges Edges (len(Edges)-1 bins), one per label of Labels.
type ClassificationProbDistributionResult struct {
	Edges     []float64            `json:"edges"`
	Labels    []string             `json:"labels"`
	Current   []ClassProbabilities `json:"current"`
	Reference []ClassProbabilities `json:"reference"`
}

// ClassProbabilities is one class's predicted probability on one
// dataset: Actual counts the rows whose true label is the class, Other
// the rest, per bin.
type ClassProbabilities struct {
	Label      string `json:"label"`
	ActualRows int    `json:"actual_rows"`
	OtherRows  int    `json:"other_rows"`
	Actual     []int  `json:"actual"`
	Other      []int  `json:"other"`
	// RowsDropped counts the side's rows without a target or a
	// probability (the same for every class).
	RowsDropped int `json:"rows_dropped"`
}

// Compute implements Metric.
func (m *ClassificationProbDistribution) Compute(ctx context.Context, in *Input) (Result, error) {
	bins := m.Bins
	if bins == 0 {
		bins = defaultProbBins
	}
	if bins < 0 {
		return nil, fmt.Errorf("%w: %s: bins must be > 0, got %d", ErrOption, m.Name(), m.Bins)
	}
	def := in.Def()
	if def == nil || def.Target == "" || len(def.PredictionProbas) == 0 {
		return nil, fmt.Errorf("%s: %w (a target and probability columns)", m.Name(), errNoTask)
	}
	var raws []*rawSide
	for _, f := range in.Frames() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r, err := readClassSide(f, def, m.Name(), false)
		if err != nil {
			return nil, err
		}
		if len(r.target) == 0 {
			return nil, fmt.Errorf("%s: %w: no row of %s has a target and its probabilities", m.Name(), ErrEmpty, f.Source())
		}
		raws = append(raws, r)
	}
	t, err := classLabels(raws, def, m.Name())
	if err != nil {
		return nil, err
	}
	edges := make([]float64, bins+1)
	step := 1 / float64(bins)
	for i := range edges {
		edges[i] = float64(i) * step // numpy.linspace: i·step + start
	}
	edges[bins] = 1
	res := &ClassificationProbDistributionResult{Edges: edges}
	single := len(def.PredictionProbas) == 1
	for c, l := range t.labels {
		if t.probaCol[c] >= 0 || single {
			res.Labels = append(res.Labels, l)
		}
	}
	sides := make([][]ClassProbabilities, len(raws))
	for k, r := range raws {
		for c, l := range t.labels {
			var p []float64
			switch {
			case single:
				// One column: the positive label's probability, or the
				// negative label's when it is named after that label;
				// the other label's is 1 - p.
				p = r.probas[0]
				if (c == t.pos) == t.negColumn {
					col := p
					p = make([]float64, len(col))
					for i, v := range col {
						p[i] = 1 - v
					}
				}
			case t.probaCol[c] >= 0:
				p = r.probas[t.probaCol[c]]
			default:
				continue
			}
			var actual, other []float64
			for i, y := range r.target {
				if y == l {
					actual = append(actual, p[i])
				} else {
					other = append(other, p[i])
				}
			}
			slices.Sort(actual)
			slices.Sort(other)
			sides[k] = append(sides[k], ClassProbabilities{Label: l,
				ActualRows: len(actual), OtherRows: len(other),
				Actual: binSorted(actual, edges), Other: binSorted(other, edges),
				RowsDropped: r.dropped})
		}
	}
	res.Current = sides[len(sides)-1]
	if len(sides) == 2 {
		res.Reference = sides[0]
	}
	return res, nil
}

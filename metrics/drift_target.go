package metrics

import (
	"context"
	"fmt"
	"math"

	"github.com/telltale-ml/telltale/dataset"
)

// TargetDrift tests the target and the predictions for drift and shows how
// each feature correlates with them in the reference and the current data,
// as Evidently's TargetDriftPreset does (ColumnDriftMetric and
// ColumnCorrelationsMetric of the target and the prediction).
//
// The target and the prediction (a label column, or each probability
// column) are tested with the drift options, as ColumnDrift tests a
// column. Correlations: with a numerical target or prediction, each
// numerical feature's Method correlation (pearson by default, or spearman
// or kendall); with a categorical one, each categorical feature's Cramér's
// V. Pairs use the rows where both values are present and finite; an
// undefined correlation (a constant column) is null.
//
// Compute returns *TargetDriftResult.
type TargetDrift struct {
	// Method is the correlation of numerical columns: "pearson"
	// (default), "spearman" or "kendall".
	Method string `json:"method,omitempty"`
	DriftOptions
}

// Name implements Metric.
func (m *TargetDrift) Name() string { return "TargetDrift" }

// Params implements Parameterized.
func (m *TargetDrift) Params() any { return m }

// TargetDriftResult is the drift of the target and the predictions.
type TargetDriftResult struct {
	// Target is null without a target column.
	Target *ColumnDriftResult `json:"target"`
	// Predictions holds the prediction column, or each probability column.
	Predictions []ColumnDriftResult `json:"predictions"`
	// Correlations of the features with the target and each prediction.
	Correlations []FeatureCorrelations `json:"correlations"`
}

// FeatureCorrelations are the correlations of the features with one column
// (the target or a prediction).
type FeatureCorrelations struct {
	Column string `json:"column"`
	// Method is "pearson", "spearman", "kendall" or "cramer_v".
	Method   string   `json:"method"`
	Features []string `json:"features"`
	// Reference and Current hold one value per feature.
	Reference []Float `json:"reference"`
	Current   []Float `json:"current"`
}

// Compute implements Metric.
func (m *TargetDrift) Compute(ctx context.Context, in *Input) (Result, error) {
	corr, err := correlationFunc(m.Method)
	if err != nil {
		return nil, err
	}
	d, err := newDrifter(in, &m.DriftOptions)
	if err != nil {
		return nil, err
	}
	def := in.Def()
	var cols []string
	if def.Prediction != "" {
		cols = append(cols, def.Prediction)
	}
	for _, p := range def.PredictionProbas {
		cols = append(cols, p.Column)
	}
	if def.Target == "" && len(cols) == 0 {
		return nil, fmt.Errorf("%w: TargetDrift needs a target or a prediction in the column mapping", ErrOption)
	}
	res := &TargetDriftResult{Predictions: []ColumnDriftResult{}, Correlations: []FeatureCorrelations{}}
	if def.Target != "" {
		r := d.column(def.Target)
		if r.err != nil {
			return nil, &ColumnError{Metric: m.Name(), Column: def.Target, Err: r.err}
		}
		res.Target = &r
		cols = append([]string{def.Target}, cols...)
	}
	for _, c := range cols {
		if c != def.Target {
			res.Predictions = append(res.Predictions, d.column(c))
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fc, err := featureCorrelations(in, c, m.methodName(), corr)
		if err != nil {
			return nil, err
		}
		res.Correlations = append(res.Correlations, fc)
	}
	return res, nil
}

func (m *TargetDrift) methodName() string {
	if m.Method == "" {
		return KindPearson
	}
	return m.Method
}

func correlationFunc(method string) (func(x, y []float64) float64, error) {
	switch method {
	case "", KindPearson:
		return pearson, nil
	case KindSpearman:
		return spearman, nil
	case KindKendall:
		return kendallTauB, nil
	}
	return nil, fmt.Errorf("%w: correlation method %q: want pearson, spearman or kendall", ErrOption, method)
}

// featureCorrelations correlates every feature of col's type with col.
func featureCorrelations(in *Input, col, method string, corr func(x, y []float64) float64) (FeatureCorrelations, error) {
	c, ok := in.Current.Column(col)
	if !ok {
		return FeatureCorrelations{}, &ColumnError{Metric: "TargetDrift", Column: col, Err: ErrNoColumn}
	}
	feats := in.Def().Features(in.Current)
	fc := FeatureCorrelations{Column: col, Method: method, Features: []string{}, Reference: []Float{}, Current: []Float{}}
	var names []string
	switch c.Type() {
	case dataset.Numerical:
		names = feats[dataset.Numerical]
	case dataset.Categorical:
		names = feats[dataset.Categorical]
		fc.Method = KindCramerV
	default:
		return fc, nil
	}
	for _, name := range names {
		if name == col {
			continue
		}
		fc.Features = append(fc.Features, name)
		fc.Current = append(fc.Current, Float(correlateColumns(in.Current, col, name, corr)))
		if in.Reference != nil {
			fc.Reference = append(fc.Reference, Float(correlateColumns(in.Reference, col, name, corr)))
		}
	}
	return fc, nil
}

// correlateColumns returns the correlation of two columns of f of the same
// type, over the rows where both are present (and finite); NaN when
// undefined or when a column is missing or of another type.
func correlateColumns(f *dataset.Frame, a, b string, corr func(x, y []float64) float64) float64 {
	ca, ok1 := f.Column(a)
	cb, ok2 := f.Column(b)
	if !ok1 || !ok2 {
		return math.NaN()
	}
	switch x := ca.(type) {
	case *dataset.NumericColumn:
		y, ok := cb.(*dataset.NumericColumn)
		if !ok {
			return math.NaN()
		}
		va, vb := x.Values(), y.Values()
		xs, ys := make([]float64, 0, len(va)), make([]float64, 0, len(va))
		for i := range va {
			if !math.IsNaN(va[i]) && !math.IsInf(va[i], 0) && !math.IsNaN(vb[i]) && !math.IsInf(vb[i], 0) {
				xs, ys = append(xs, va[i]), append(ys, vb[i])
			}
		}
		return corr(xs, ys)
	case *dataset.StringColumn:
		y, ok := cb.(*dataset.StringColumn)
		if !ok {
			return math.NaN()
		}
		ka, kb := x.Codes(), y.Codes()
		var as, bs []int32
		for i := range ka {
			if ka[i] >= 0 && kb[i] >= 0 {
				as, bs = append(as, ka[i]), append(bs, kb[i])
			}
		}
		return cramerV(as, bs, len(x.Levels()), len(y.Levels()))
	}
	return math.NaN()
}

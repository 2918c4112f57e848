package metrics

import (
	"context"
	"fmt"
	"math"

	"github.com/telltale-ml/telltale/dataset"
)

// TargetCorrelations correlates the target with the prediction and with
// each feature, and the prediction with each feature, side by side for
// the reference and the current data: the target and prediction statistics
// of Evidently's DatasetCorrelationsMetric, which its tests
// TestTargetPredictionCorrelation, TestTargetFeaturesCorrelations and
// TestPredictionFeaturesCorrelations read.
//
// Method is pearson, spearman, kendall (numerical columns) or cramer_v
// (categorical columns); by default pearson for a numerical target and
// cramer_v for a categorical one, as Evidently chooses. The features are
// the features of the method's type. Pairs use the rows where both values
// are present and finite; a correlation that is undefined (a constant
// column, a column of the other type) is null, and so is a maximum over
// no defined correlation.
//
//	abs_max_target_features     = max over features f of |corr(target, f)|
//	abs_max_prediction_features = max over features f of |corr(prediction, f)|
//
// Evidently takes these maxima over the rows of the target (or prediction)
// and of every feature in its correlation matrix, so feature-to-feature
// correlations enter them too; telltale takes what the names say. The
// prediction is the label or value column of the mapping; with
// probabilities only, the prediction's correlations are null (Evidently
// derives labels from them first).
//
// Compute returns *TargetCorrelationsResult.
type TargetCorrelations struct {
	Method string `json:"method,omitempty"`
}

// Name implements Metric.
func (m *TargetCorrelations) Name() string { return "TargetCorrelations" }

// Params implements Parameterized.
func (m *TargetCorrelations) Params() any { return m }

// TargetCorrelationsResult holds each side's correlations.
type TargetCorrelationsResult struct {
	// Method is the method used.
	Method     string `json:"method"`
	Target     string `json:"target"`
	Prediction string `json:"prediction,omitempty"`
	// Features are the features correlated, in frame order.
	Features  []string               `json:"features"`
	Current   *TargetCorrelationSide `json:"current"`
	Reference *TargetCorrelationSide `json:"reference,omitempty"`
}

// TargetCorrelationSide is one side's correlations.
type TargetCorrelationSide struct {
	TargetPrediction         Float `json:"target_prediction"`
	AbsMaxTargetFeatures     Float `json:"abs_max_target_features"`
	AbsMaxPredictionFeatures Float `json:"abs_max_prediction_features"`
	// Target and Prediction hold one correlation per feature, in the
	// order of Features; Prediction is empty without a prediction.
	Target     []Float `json:"target"`
	Prediction []Float `json:"prediction"`
}

// Compute implements Metric.
func (m *TargetCorrelations) Compute(ctx context.Context, in *Input) (Result, error) {
	def := in.Definition
	if def == nil || def.Target == "" {
		return nil, fmt.Errorf("%w: TargetCorrelations needs a target in the column mapping", ErrOption)
	}
	tc, ok := in.Current.Column(def.Target)
	if !ok {
		return nil, &ColumnError{Metric: m.Name(), Column: def.Target, Err: ErrNoColumn}
	}
	method := m.Method
	if method == "" {
		method = KindPearson
		if tc.Type() == dataset.Categorical {
			method = KindCramerV
		}
	}
	typ := dataset.Numerical
	var corr func(x, y []float64) float64
	if method == KindCramerV {
		typ = dataset.Categorical
	} else {
		var err error
		if corr, err = correlationFunc(method); err != nil {
			return nil, fmt.Errorf("%w (or cramer_v)", err)
		}
	}
	res := &TargetCorrelationsResult{Method: method, Target: def.Target, Prediction: def.Prediction, Features: []string{}}
	if def.Prediction != "" {
		if _, ok := in.Current.Column(def.Prediction); !ok {
			return nil, &ColumnError{Metric: m.Name(), Column: def.Prediction, Err: ErrNoColumn}
		}
	}
	res.Features = append(res.Features, in.Definition.Features(in.Current)[typ]...)
	side := func(f *dataset.Frame) *TargetCorrelationSide {
		s := &TargetCorrelationSide{TargetPrediction: Float(math.NaN()), Target: []Float{}, Prediction: []Float{}}
		pair := func(a, b string) Float {
			ca, ok1 := f.Column(a)
			cb, ok2 := f.Column(b)
			if !ok1 || !ok2 || ca.Type() != typ || cb.Type() != typ {
				return Float(math.NaN())
			}
			return Float(correlateColumns(f, a, b, corr))
		}
		if def.Prediction != "" {
			s.TargetPrediction = pair(def.Target, def.Prediction)
		}
		for _, feat := range res.Features {
			s.Target = append(s.Target, pair(def.Target, feat))
			if def.Prediction != "" {
				s.Prediction = append(s.Prediction, pair(def.Prediction, feat))
			}
		}
		s.AbsMaxTargetFeatures, s.AbsMaxPredictionFeatures = absMax(s.Target), absMax(s.Prediction)
		return s
	}
	res.Current = side(in.Current)
	if in.Reference != nil {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res.Reference = side(in.Reference)
	}
	return res, nil
}

// absMax is the largest |v| over the defined values, NaN when none is.
func absMax(vs []Float) Float {
	best := math.NaN()
	for _, v := range vs {
		if a := math.Abs(float64(v)); !math.IsNaN(a) && !(a <= best) {
			best = a
		}
	}
	return Float(best)
}

package metrics_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

type targetCorrRef struct {
	TargetPrediction         float64    `json:"target_prediction"`
	Target                   []*float64 `json:"target"`
	Prediction               []*float64 `json:"prediction"`
	AbsMaxTargetFeatures     float64    `json:"abs_max_target_features"`
	AbsMaxPredictionFeatures float64    `json:"abs_max_prediction_features"`
}

// TargetCorrelations against pandas' DataFrame.corr for each method, on
// metrics/testdata/evidently_cases.json's seeded frame (x3 is constant, so
// its correlations are null), and against scipy's chi2_contingency for
// Cramér's V on the frame of Evidently 0.4.40's
// test_data_quality_test_target_prediction_correlation.
func TestTargetCorrelationsAgreeWithPandas(t *testing.T) {
	b, err := os.ReadFile("testdata/evidently_cases.json")
	require.NoError(t, err)
	var fx struct {
		Case struct {
			Frame   map[string][]float64     `json:"frame"`
			Corr    map[string]targetCorrRef `json:"pandas.DataFrame.corr(method)"`
			CramerV float64                  `json:"cramer_v of target 0 0 0 1 and prediction 0 0 1 1"`
		} `json:"target_correlations"`
	}
	require.NoError(t, json.Unmarshal(b, &fx))
	var cols []dataset.Column
	for _, name := range []string{"x1", "x2", "x3", "y", "yhat"} {
		cols = append(cols, dataset.NewNumericColumn(name, fx.Case.Frame[name]))
	}
	f := frameOf(t, cols...)
	def := &dataset.Definition{Target: "y", Prediction: "yhat"}
	for method, want := range fx.Case.Corr {
		m := &metrics.TargetCorrelations{Method: method}
		if method == "pearson" {
			m.Method = "" // the default for a numerical target
		}
		res, err := m.Compute(context.Background(), &metrics.Input{Current: f, Reference: f, Definition: def})
		require.NoError(t, err)
		r := res.(*metrics.TargetCorrelationsResult)
		assert.Equal(t, method, r.Method)
		assert.Equal(t, []string{"x1", "x2", "x3"}, r.Features)
		s := r.Current
		assert.InDelta(t, want.TargetPrediction, float64(s.TargetPrediction), 1e-12, method)
		assert.InDelta(t, want.AbsMaxTargetFeatures, float64(s.AbsMaxTargetFeatures), 1e-12, method)
		assert.InDelta(t, want.AbsMaxPredictionFeatures, float64(s.AbsMaxPredictionFeatures), 1e-12, method)
		for i := range want.Target {
			rel(t, want.Target[i], s.Target[i], method+" target")
			rel(t, want.Prediction[i], s.Prediction[i], method+" prediction")
		}
		a, _ := json.Marshal(s)
		b, _ := json.Marshal(r.Reference)
		assert.JSONEq(t, string(a), string(b), "the same frame as reference")
	}

	cat := frameOf(t,
		dataset.NewStringColumn("category_feature", dataset.Categorical, []string{"n", "d", "p", "n"}, nil),
		dataset.NewNumericColumn("numerical_feature", []float64{0, 1, 2, 5}),
		dataset.NewStringColumn("target", dataset.Categorical, []string{"0", "0", "0", "1"}, nil),
		dataset.NewStringColumn("prediction", dataset.Categorical, []string{"0", "0", "1", "1"}, nil))
	res, err := (&metrics.TargetCorrelations{}).Compute(context.Background(),
		&metrics.Input{Current: cat, Definition: &dataset.Definition{Target: "target", Prediction: "prediction"}})
	require.NoError(t, err)
	r := res.(*metrics.TargetCorrelationsResult)
	assert.Equal(t, "cramer_v", r.Method, "the default for a categorical target")
	assert.InDelta(t, fx.Case.CramerV, float64(r.Current.TargetPrediction), 1e-12)
	assert.Equal(t, []string{"category_feature"}, r.Features)

	// pearson on a categorical target is undefined, not an error.
	res, err = (&metrics.TargetCorrelations{Method: "pearson"}).Compute(context.Background(),
		&metrics.Input{Current: cat, Definition: &dataset.Definition{Target: "target", Prediction: "prediction"}})
	require.NoError(t, err)
	b, err = json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"target_prediction":null`)

	_, err = (&metrics.TargetCorrelations{Method: "nope"}).Compute(context.Background(),
		&metrics.Input{Current: cat, Definition: &dataset.Definition{Target: "target"}})
	require.ErrorIs(t, err, metrics.ErrOption)
	_, err = (&metrics.TargetCorrelations{}).Compute(context.Background(), &metrics.Input{Current: cat, Definition: &dataset.Definition{}})
	require.ErrorIs(t, err, metrics.ErrOption)
}

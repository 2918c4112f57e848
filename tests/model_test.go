package tests_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

// binaryFrame has 10 rows, 5 positive; the model gets correct the first
// `correct` rows and wrong the rest.
func binaryFrame(t *testing.T, correct int) *dataset.Frame {
	t.Helper()
	y := []int64{1, 0, 1, 0, 1, 0, 1, 0, 1, 0}
	p := make([]float64, len(y))
	for i, v := range y {
		switch {
		case i < correct && v == 1, i >= correct && v == 0:
			p[i] = 0.8
		default:
			p[i] = 0.2
		}
	}
	f, err := dataset.New("x", dataset.NewIntColumn("y", y, nil), dataset.NewNumericColumn("p", p))
	require.NoError(t, err)
	return f
}

var binaryDef = &dataset.Definition{Target: "y", PredictionProbas: []dataset.ProbaColumn{{Label: "1", Column: "p"}}}

func runModel(t *testing.T, ts []tests.Test, ref, cur *dataset.Frame, def *dataset.Definition) *report.Snapshot {
	t.Helper()
	s, err := (&report.Report{Tests: ts}).Run(t.Context(), report.Data{Reference: ref, Current: cur, Definition: def}, nil)
	require.NoError(t, err)
	return s
}

func statuses(s *report.Snapshot) []tests.Status {
	out := make([]tests.Status, len(s.Tests))
	for i, o := range s.Tests {
		out[i] = o.Status
	}
	return out
}

func TestClassificationTestsAgainstDummy(t *testing.T) {
	notCritical := false
	good := binaryFrame(t, 9) // accuracy 0.9; dummy accuracy 0.5² + 0.5² = 0.5
	ts := []tests.Test{
		&tests.AccuracyScore{}, &tests.PrecisionScore{}, &tests.RecallScore{}, &tests.F1Score{},
		&tests.RocAuc{}, &tests.LogLoss{}, &tests.TPR{}, &tests.TNR{}, &tests.FPR{}, &tests.FNR{},
		&tests.AccuracyScore{Base: tests.Base{Condition: tests.Condition{Gte: tests.Ptr(0.95)}}},
		&tests.AccuracyScore{Base: tests.Base{Condition: tests.Condition{Gte: tests.Ptr(0.95)}, IsCritical: &notCritical}},
		&tests.PrecisionByClass{Label: "0"}, &tests.RecallByClass{Label: "1"}, &tests.F1ByClass{Label: "1"},
		&tests.F1ByClass{Label: "7"},
	}
	s := runModel(t, ts, nil, good, binaryDef)
	want := []tests.Status{tests.Success, tests.Success, tests.Success, tests.Success, tests.Success, tests.Success,
		tests.Success, tests.Success, tests.Success, tests.Success, tests.Fail, tests.Warning,
		tests.Success, tests.Success, tests.Success, tests.Error}
	assert.Equal(t, want, statuses(s))
	assert.Equal(t, "Accuracy is 0.9; expected > 0.5 (dummy)", s.Tests[0].Description)
	assert.Equal(t, "False positive rate is 0.2; expected < 0.5 (dummy)", s.Tests[8].Description)
	assert.Equal(t, "Accuracy is 0.9; expected >= 0.95", s.Tests[10].Description)
	assert.Equal(t, "Precision of label 0 is 1; expected > 0.5 (dummy)", s.Tests[12].Description)
	assert.Contains(t, s.Tests[15].Description, `"7" is not a label`)
	// All of them read one ClassificationQuality.
	assert.Len(t, s.Metrics, 1)

	bad := binaryFrame(t, 3) // accuracy 0.3
	s = runModel(t, ts[:10], nil, bad, binaryDef)
	for i, o := range s.Tests {
		assert.Equal(t, tests.Fail, o.Status, "test %d: %s", i, o.Description)
	}
}

func TestClassificationTestsAgainstReference(t *testing.T) {
	ref := binaryFrame(t, 9)
	ts := []tests.Test{&tests.AccuracyScore{}, &tests.FNR{}, &tests.RecallByClass{Label: "1"}}
	// Same quality: within ±20% of the reference.
	s := runModel(t, ts, ref, binaryFrame(t, 9), binaryDef)
	assert.Equal(t, []tests.Status{tests.Success, tests.Success, tests.Success}, statuses(s))
	assert.Equal(t, "Accuracy is 0.9; expected = 0.9 ± 0.18 (20%) (reference)", s.Tests[0].Description)
	// 0.7 is outside 0.9 ± 0.18.
	s = runModel(t, ts, ref, binaryFrame(t, 7), binaryDef)
	assert.Equal(t, tests.Fail, s.Tests[0].Status, s.Tests[0].Description)
	// 0.8 is inside.
	s = runModel(t, ts[:1], ref, binaryFrame(t, 8), binaryDef)
	assert.Equal(t, tests.Success, s.Tests[0].Status, s.Tests[0].Description)
}

func TestClassificationTestsMulticlass(t *testing.T) {
	y := []string{"a", "b", "c", "a", "b", "c"}
	f, err := dataset.New("x", dataset.NewStringColumn("y", dataset.Categorical, y, nil),
		dataset.NewStringColumn("p", dataset.Categorical, []string{"a", "b", "c", "a", "c", "c"}, nil))
	require.NoError(t, err)
	s := runModel(t, []tests.Test{&tests.AccuracyScore{}, &tests.TPR{}, &tests.RocAuc{}}, nil, f, &dataset.Definition{Target: "y", Prediction: "p"})
	assert.Equal(t, []tests.Status{tests.Success, tests.Skipped, tests.Error}, statuses(s))
	assert.Contains(t, s.Tests[2].Description, "Not enough data to calculate ROC AUC")
}

func regFrame(t *testing.T, noise float64) *dataset.Frame {
	t.Helper()
	n := 40
	y, p := make([]float64, n), make([]float64, n)
	for i := range y {
		y[i] = float64(10 + i)
		sign := float64(1 - 2*(i%2))
		p[i] = y[i] + sign*noise
	}
	f, err := dataset.New("x", dataset.NewNumericColumn("y", y), dataset.NewNumericColumn("pred", p))
	require.NoError(t, err)
	return f
}

var regDef = &dataset.Definition{Target: "y", Prediction: "pred"}

func TestRegressionTests(t *testing.T) {
	ts := []tests.Test{&tests.ValueMAE{}, &tests.ValueRMSE{}, &tests.ValueMAPE{}, &tests.ValueMeanError{},
		&tests.ValueAbsMaxError{}, &tests.ValueR2Score{}}
	// Errors of ±1 on targets 10..49: far better than the dummies.
	s := runModel(t, ts, nil, regFrame(t, 1), regDef)
	assert.Equal(t, []tests.Status{tests.Success, tests.Success, tests.Success, tests.Success, tests.Success, tests.Success}, statuses(s))
	assert.Equal(t, "MAE is 1; expected < 10 (dummy)", s.Tests[0].Description)
	// Errors of ±30: worse than predicting the median.
	s = runModel(t, ts, nil, regFrame(t, 30), regDef)
	assert.Equal(t, []tests.Status{tests.Fail, tests.Fail, tests.Fail, tests.Success, tests.Fail, tests.Fail}, statuses(s))

	// Against a reference: ±10%.
	ref := regFrame(t, 1)
	s = runModel(t, ts[:2], ref, regFrame(t, 1.05), regDef)
	assert.Equal(t, []tests.Status{tests.Success, tests.Success}, statuses(s))
	s = runModel(t, ts[:2], ref, regFrame(t, 1.2), regDef)
	assert.Equal(t, []tests.Status{tests.Fail, tests.Fail}, statuses(s))
	assert.Equal(t, "MAE is 1.2; expected = 1 ± 0.1 (10%) (reference)", s.Tests[0].Description)
}

func TestModelCatalog(t *testing.T) {
	c := tests.Catalog()
	for _, name := range []string{"AccuracyScore", "PrecisionScore", "RecallScore", "F1Score", "RocAuc", "LogLoss",
		"TPR", "TNR", "FPR", "FNR", "PrecisionByClass", "RecallByClass", "F1ByClass",
		"ValueMAE", "ValueRMSE", "ValueMAPE", "ValueMeanError", "ValueAbsMaxError", "ValueR2Score"} {
		f, ok := c[name]
		require.True(t, ok, name)
		assert.Equal(t, name, f().Name())
	}
	// A config fills the options inline.
	test := c["RecallByClass"]()
	require.NoError(t, json.Unmarshal([]byte(`{"label": "a", "k": 3, "gt": 0.5, "critical": false}`), test))
	rc := test.(*tests.RecallByClass)
	assert.Equal(t, "a", rc.Label)
	assert.Equal(t, 3, *rc.K)
	assert.Equal(t, 0.5, *rc.Gt)
	assert.False(t, rc.Critical())
	assert.Equal(t, 3, *rc.Metric().(*metrics.ClassificationQuality).K)
	mape := c["ValueMAPE"]()
	require.NoError(t, json.Unmarshal([]byte(`{"zero_handling": "drop"}`), mape))
	assert.Equal(t, "drop", mape.Metric().(*metrics.RegressionQuality).ZeroHandling)
}

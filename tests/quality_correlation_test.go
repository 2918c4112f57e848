package tests_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/tests"
)

// Evidently 0.4.40's
// tests/tests/test_data_quality_tests.py::test_data_quality_test_target_prediction_correlation
// (target 0, 0, 0, 1 and prediction 0, 0, 1, 1: Cramér's V 0.577 passes
// gt 0.5), and the feature correlation tests on the same frame and its
// skipped companions (test_data_quality_test_target_features_correlation*):
// without reference < 0.9, against itself = ref ± 10%, and ERROR without a
// target or without features of the method's type.
func TestTargetCorrelationTests(t *testing.T) {
	cur := frame(t, strCol("category_feature", "n", "d", "p", "n"), numCol("numerical_feature", 0.0, 1.0, 2.0, 5.0),
		strCol("target", "0", "0", "0", "1"), strCol("prediction", "0", "0", "1", "1"))
	def := &dataset.Definition{Target: "target", Prediction: "prediction"}
	in := &metrics.Input{Current: cur, Definition: def}
	o := runTest(t, fromConfig(t, "TargetPredictionCorrelation", `{"gt": 0.5, "method": "cramer_v"}`), in)
	assert.Equal(t, tests.Success, o.Status, o.Description)
	assert.InDelta(t, 0.5773502691896257, float64(o.Value), 1e-12) // scipy chi2_contingency, see metrics' fixture
	o = runTest(t, fromConfig(t, "TargetPredictionCorrelation", `{}`), in)
	assert.Equal(t, tests.Success, o.Status, "auto: > 0; %s", o.Description)
	assert.Contains(t, o.Description, "(cramer_v)")

	reg := frame(t, numCol("feature1", 0.0, 1.0, 2.0, 3.0), numCol("target", 0.0, 0.0, 0.0, 1.0), numCol("prediction", 0.0, 0.0, 0.0, 1.0))
	regIn := &metrics.Input{Current: reg, Definition: def}
	for _, name := range []string{"TargetFeaturesCorrelations", "PredictionFeaturesCorrelations"} {
		o = runTest(t, fromConfig(t, name, `{"gt": 1}`), regIn)
		assert.Equal(t, tests.Fail, o.Status, name)
		o = runTest(t, fromConfig(t, name, `{"lt": 1}`), regIn)
		assert.Equal(t, tests.Success, o.Status, name)
		assert.InDelta(t, 0.7745966692414834, float64(o.Value), 1e-12, name) // pandas corr([0,1,2,3],[0,0,0,1])
		o = runTest(t, fromConfig(t, name, `{}`), &metrics.Input{Current: reg, Reference: reg, Definition: def})
		assert.Equal(t, tests.Success, o.Status, name)
		assert.InDelta(t, 0.7745966692414834, *o.Condition.Eq, 1e-12, name)
		assert.Equal(t, 0.1, o.Condition.Relative)
	}
	o = runTest(t, fromConfig(t, "TargetFeaturesCorrelations", `{}`), &metrics.Input{Current: reg, Definition: &dataset.Definition{Prediction: "prediction"}})
	assert.Equal(t, tests.Error, o.Status, "no target")
	o = runTest(t, fromConfig(t, "PredictionFeaturesCorrelations", `{}`), &metrics.Input{Current: reg, Definition: &dataset.Definition{Target: "target"}})
	assert.Equal(t, tests.Error, o.Status, "no prediction")
	assert.Contains(t, o.Description, "is undefined")
}

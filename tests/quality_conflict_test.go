package tests_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/tests"
)

// Evidently 0.4.40's
// tests/tests/test_data_quality_tests.py::test_data_quality_test_conflict_target
// and ::test_data_quality_test_conflict_prediction: rows 1 and 2 share
// their features (n, 0) with targets (predictions) 0 and 1, so the test
// fails; with distinct features it passes; without a target it is ERROR.
func TestConflictTestsAgreeWithEvidently(t *testing.T) {
	def := &dataset.Definition{Categorical: []string{"category_feature"}, Numerical: []string{"numerical_feature"}}
	for _, c := range []struct {
		name, outcome string
	}{{"ConflictTarget", "target"}, {"ConflictPrediction", "prediction"}} {
		d := *def
		if c.outcome == "target" {
			d.Target = "target"
		} else {
			d.Prediction = "prediction"
		}
		bad := frame(t, strCol("category_feature", "n", "n", "p", "n"), numCol("numerical_feature", 0.0, 0.0, 2.0, 5.0),
			numCol(c.outcome, 0.0, 1.0, 0.0, 1.0))
		o := runTest(t, fromConfig(t, c.name, `{}`), &metrics.Input{Current: bad, Definition: &d})
		assert.Equal(t, tests.Fail, o.Status, c.name)
		assert.Equal(t, 2.0, float64(o.Value))
		good := frame(t, strCol("category_feature", "n", "d", "p", "n"), numCol("numerical_feature", 0.0, 1.0, 2.0, 5.0),
			numCol(c.outcome, 0.0, 0.0, 0.0, 1.0))
		o = runTest(t, fromConfig(t, c.name, `{}`), &metrics.Input{Current: good, Definition: &d})
		assert.Equal(t, tests.Success, o.Status, c.name)
		o = runTest(t, fromConfig(t, c.name, `{"lte": 2}`), &metrics.Input{Current: bad, Definition: &d})
		assert.Equal(t, tests.Success, o.Status, "a condition of one's own")
		o = runTest(t, fromConfig(t, c.name, `{}`), &metrics.Input{Current: good, Definition: def})
		assert.Equal(t, tests.Error, o.Status, "no %s in the mapping", c.outcome)
	}
}

package tests_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/tests"
)

// A condition derived from a reference whose values overflow (its mean or
// std is not finite) cannot decide: the outcome is an ERROR that says so,
// and it encodes as JSON (NaN and ±Inf bounds made the profile unwritable,
// issue 17.2).
func TestNonFiniteDerivedConditionIsAnError(t *testing.T) {
	ref := qualityFrame(t, []float64{1, 2, 3, 1e308}, []string{"a", "b", "a", "a"})
	cur := qualityFrame(t, []float64{-1e308, 2, 3, 4}, []string{"a", "b", "a", "a"})
	in := &metrics.Input{Current: cur, Reference: ref, Definition: &dataset.Definition{}}
	o := runTest(t, fromConfig(t, "MeanInNSigmas", `{"column": "age"}`), in)
	assert.Equal(t, tests.Error, o.Status, "the reference std overflows: %s", o.Description)
	assert.Contains(t, o.Description, "not a finite number")
	assert.Nil(t, o.Condition)
	_, err := json.Marshal(o)
	require.NoError(t, err)

	// Finite bounds still decide.
	o = runTest(t, fromConfig(t, "ColumnValueMean", `{"column": "age", "lt": 1e308}`), in)
	assert.Equal(t, tests.Success, o.Status, o.Description)
}

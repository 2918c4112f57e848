package metrics_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics"
)

func TestVerdictPrintsAndEncodes(t *testing.T) {
	r := metrics.ColumnDriftResult{Column: "temp_max", Drifted: metrics.Drift}
	assert.Equal(t, "drift", fmt.Sprint(r.Drifted), "not a pointer")
	assert.Contains(t, fmt.Sprintf("%+v", r), "Drifted:drift")
	for v, js := range map[metrics.Verdict]string{metrics.Drift: "true", metrics.NoDrift: "false", metrics.NotTested: "null"} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		assert.Equal(t, js, string(b))
		var back metrics.Verdict
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, v, back)
	}
	var v metrics.Verdict
	assert.Error(t, json.Unmarshal([]byte(`"yes"`), &v))
	b, err := json.Marshal(metrics.ColumnDriftResult{Column: "x"})
	require.NoError(t, err)
	assert.Contains(t, string(b), `"drifted":null`, "an untested column is null, as before")
}

func ExampleVerdict() {
	r := metrics.ColumnDriftResult{Column: "temp_max", StatTestName: "K-S p_value", Score: 0.0002, Drifted: metrics.Drift}
	fmt.Printf("%s: %v (%s %v)\n", r.Column, r.Drifted, r.StatTestName, r.Score)
	if r.Drifted == metrics.Drift {
		fmt.Println("retrain")
	}
	// Output:
	// temp_max: drift (K-S p_value 0.0002)
	// retrain
}

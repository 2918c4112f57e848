package metrics_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// ConflictTarget, ConflictPrediction and DataQualityStability against
// Evidently's pandas computation (duplicated(keep=False), restated in
// internal/testdata/gen/evidently_cases.py) on a seeded frame with missing
// values, and on the frame of Evidently 0.4.40's
// tests/metrics/data_quality/test_stability_metric.py::test_data_quality_stability_metric_success
// (2 rows of unstable target, 4 of unstable prediction).
func TestConflictsAgreeWithPandas(t *testing.T) {
	b, err := os.ReadFile("testdata/evidently_cases.json")
	require.NoError(t, err)
	var fx struct {
		C struct {
			Frame struct {
				A          []*float64 `json:"a"`
				B          []string   `json:"b"`
				Target     []int64    `json:"target"`
				Prediction []int64    `json:"prediction"`
			} `json:"frame"`
			Target     int `json:"target"`
			Prediction int `json:"prediction"`
			Stability  []struct {
				Frame      map[string][]int64 `json:"frame"`
				Target     int                `json:"target"`
				Prediction int                `json:"prediction"`
			} `json:"stability"`
		} `json:"conflicts"`
	}
	require.NoError(t, json.Unmarshal(b, &fx))
	a := make([]float64, len(fx.C.Frame.A))
	for i, v := range fx.C.Frame.A {
		a[i] = math.NaN()
		if v != nil {
			a[i] = *v
		}
	}
	labels := func(v []int64) []string {
		out := make([]string, len(v))
		for i, x := range v {
			out[i] = strconv.FormatInt(x, 10)
		}
		return out
	}
	f := frameOf(t, dataset.NewNumericColumn("a", a), dataset.NewStringColumn("b", dataset.Categorical, fx.C.Frame.B, nil),
		dataset.NewStringColumn("target", dataset.Categorical, labels(fx.C.Frame.Target), nil),
		dataset.NewStringColumn("prediction", dataset.Categorical, labels(fx.C.Frame.Prediction), nil))
	in := &metrics.Input{Current: f, Reference: f, Definition: &dataset.Definition{Target: "target", Prediction: "prediction"}}
	res, err := (&metrics.ConflictTarget{}).Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.ConflictResult)
	assert.Equal(t, fx.C.Target, r.Current.Conflicts)
	assert.Equal(t, []string{"a", "b"}, r.Features)
	assert.InDelta(t, float64(fx.C.Target)/float64(f.Len()), float64(r.Current.Share), 1e-15)
	require.NotNil(t, r.Reference)
	assert.Equal(t, r.Current, *r.Reference)
	res, err = (&metrics.ConflictPrediction{}).Compute(context.Background(), in)
	require.NoError(t, err)
	assert.Equal(t, fx.C.Prediction, res.(*metrics.ConflictResult).Current.Conflicts)
	res, err = (&metrics.DataQualityStability{}).Compute(context.Background(), in)
	require.NoError(t, err)
	st := res.(*metrics.DataQualityStabilityResult)
	assert.Equal(t, fx.C.Target, *st.NotStableTarget)
	assert.Equal(t, fx.C.Prediction, *st.NotStablePrediction)

	for _, c := range fx.C.Stability {
		var cols []dataset.Column
		for _, name := range []string{"feature1", "feature2", "target", "prediction"} {
			cols = append(cols, dataset.NewIntColumn(name, c.Frame[name], nil))
		}
		g := frameOf(t, cols...)
		res, err := (&metrics.DataQualityStability{}).Compute(context.Background(),
			&metrics.Input{Current: g, Definition: &dataset.Definition{Target: "target", Prediction: "prediction"}})
		require.NoError(t, err)
		st := res.(*metrics.DataQualityStabilityResult)
		assert.Equal(t, c.Target, *st.NotStableTarget)
		assert.Equal(t, c.Prediction, *st.NotStablePrediction)
	}

	// Without a target or features: errors for the conflicts, nulls for
	// the stability.
	_, err = (&metrics.ConflictTarget{}).Compute(context.Background(), &metrics.Input{Current: f, Definition: &dataset.Definition{}})
	require.ErrorIs(t, err, metrics.ErrOption)
	only := frameOf(t, dataset.NewStringColumn("target", dataset.Categorical, []string{"a"}, nil))
	_, err = (&metrics.ConflictTarget{}).Compute(context.Background(), &metrics.Input{Current: only, Definition: &dataset.Definition{Target: "target"}})
	require.ErrorIs(t, err, metrics.ErrEmpty)
	res, err = (&metrics.DataQualityStability{}).Compute(context.Background(), &metrics.Input{Current: f, Definition: &dataset.Definition{}})
	require.NoError(t, err)
	out, _ := json.Marshal(res)
	assert.JSONEq(t, `{"rows": 400, "not_stable_target": null, "not_stable_prediction": null}`, string(out))
}

// Rows equal in every hashed cell but NaN and -0 are grouped as pandas
// groups them; a large frame of distinct rows has no conflict.
func TestConflictsLargeDistinct(t *testing.T) {
	n := 200_000
	x := make([]float64, n)
	y := make([]string, n)
	for i := range x {
		x[i] = float64(i)
		y[i] = strconv.Itoa(i % 2)
	}
	f := frameOf(t, dataset.NewNumericColumn("x", x), dataset.NewStringColumn("y", dataset.Categorical, y, nil))
	res, err := (&metrics.ConflictTarget{}).Compute(context.Background(), &metrics.Input{Current: f, Definition: &dataset.Definition{Target: "y"}})
	require.NoError(t, err)
	assert.Equal(t, 0, res.(*metrics.ConflictResult).Current.Conflicts)

	z := frameOf(t, dataset.NewNumericColumn("x", []float64{math.Copysign(0, -1), 0, math.NaN(), math.NaN()}),
		dataset.NewStringColumn("y", dataset.Categorical, []string{"a", "b", "a", "b"}, nil))
	res, err = (&metrics.ConflictTarget{}).Compute(context.Background(), &metrics.Input{Current: z, Definition: &dataset.Definition{Target: "y"}})
	require.NoError(t, err)
	assert.Equal(t, 4, res.(*metrics.ConflictResult).Current.Conflicts, "-0 equals 0 and NaN equals NaN")
}

package metrics_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

type regCase struct {
	Name         string     `json:"name"`
	Target       []*float64 `json:"target"`
	Prediction   []*float64 `json:"prediction"`
	ZeroHandling string     `json:"zero_handling"`
	ReplaceValue *float64   `json:"replace_value"`
	Expected     map[string]json.RawMessage
}

func (c *regCase) want(t testing.TB, key string, v any) bool {
	raw, ok := c.Expected[key]
	if !ok {
		return false
	}
	require.NoError(t, json.Unmarshal(raw, v), key)
	return true
}

func (c *regCase) wantF(t testing.TB, key string) *float64 {
	var v *float64
	require.True(t, c.want(t, key, &v), "fixture has %q", key)
	return v
}

func unptr(xs []*float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = math.NaN()
		if x != nil {
			out[i] = *x
		}
	}
	return out
}

// frame builds the case's data; "big" as model_refs.py does.
func (c *regCase) frame(t testing.TB) *dataset.Frame {
	var y, p []float64
	if c.Target == nil {
		u, v := bigUV(50_000)
		y, p = make([]float64, len(u)), make([]float64, len(u))
		for i := range u {
			y[i] = math.Floor(u[i]*1000)/10 + 1
			p[i] = y[i] + (v[i]-0.4)*20
		}
	} else {
		y, p = unptr(c.Target), unptr(c.Prediction)
	}
	f, err := dataset.New(c.Name, dataset.NewNumericColumn("y", y), dataset.NewNumericColumn("pred", p))
	require.NoError(t, err)
	return f
}

var regDef = &dataset.Definition{Target: "y", Prediction: "pred"}

func TestRegressionQualityFixtures(t *testing.T) {
	for _, c := range modelFixture[[]regCase](t, "regression") {
		t.Run(c.Name, func(t *testing.T) {
			f := c.frame(t)
			in := &metrics.Input{Current: f, Definition: regDef}
			m := &metrics.RegressionQuality{ZeroHandling: c.ZeroHandling, ReplaceValue: c.ReplaceValue}
			r, err := m.Compute(context.Background(), in)
			require.NoError(t, err)
			s := r.(*metrics.RegressionQualityResult).Current
			near(t, c.wantF(t, "mean(pred - target)"), float64(s.MeanError), "mean error")
			near(t, c.wantF(t, "std(err, ddof=1)"), float64(s.ErrorStd), "error std")
			near(t, c.wantF(t, "mean_absolute_error"), float64(s.MAE), "mae")
			near(t, c.wantF(t, "std(|err|, ddof=1)"), float64(s.AbsErrorStd), "abs error std")
			near(t, c.wantF(t, "sqrt(mean_squared_error)"), float64(s.RMSE), "rmse")
			near(t, c.wantF(t, "100 * mean_absolute_percentage_error"), float64(s.MAPE), "mape")
			near(t, c.wantF(t, "r2_score"), float64(s.R2), "r2")
			near(t, c.wantF(t, "max_error"), float64(s.MaxError), "max error")
			near(t, c.wantF(t, "median_absolute_error"), float64(s.MedianAbsError), "median abs error")

			var q [2]float64
			c.want(t, "quantile(err, [0.05, 0.95])", &q)
			near(t, &q[0], float64(s.Groups.Quantile5), "q5")
			near(t, &q[1], float64(s.Groups.Quantile95), "q95")
			var groups map[string][3]*float64
			c.want(t, "groups [count, mean, std ddof=1]", &groups)
			for name, got := range map[string]metrics.GroupStats{"underestimation": s.Groups.Underestimation,
				"majority": s.Groups.Majority, "overestimation": s.Groups.Overestimation} {
				w := groups[name]
				assert.Equal(t, int(*w[0]), got.Count, name)
				near(t, w[1], float64(got.Mean), name, "mean")
				near(t, w[2], float64(got.Std), name, "std")
			}

			d := s.Dummy
			near(t, c.wantF(t, "dummy: mean|y - median(y)|"), float64(d.MAE), "dummy mae")
			near(t, c.wantF(t, "dummy: sqrt(mean((y - mean(y))^2))"), float64(d.RMSE), "dummy rmse")
			near(t, c.wantF(t, "dummy: max|y - median(y)|"), float64(d.AbsMaxError), "dummy abs max")
			var dm *float64
			if c.want(t, "dummy: 100 * mean_absolute_percentage_error(y, weighted median 1/|y|)", &dm) {
				near(t, dm, float64(d.MAPE), "dummy mape")
				near(t, c.wantF(t, "dummy: weighted median 1/|y|"), float64(d.MAPEConstant), "dummy mape constant")
			}

			checkNormality(t, &c, in)
			checkErrorHistogram(t, &c, in)
		})
	}
}

func checkNormality(t *testing.T, c *regCase, in *metrics.Input) {
	var pp struct {
		Osm                 []float64
		Slope, Intercept, R float64
	}
	r, err := (&metrics.RegressionErrorNormality{}).Compute(context.Background(), in)
	require.NoError(t, err)
	q := r.(*metrics.RegressionErrorNormalityResult).Current
	if !c.want(t, "probplot(err, 'norm')", &pp) {
		return
	}
	near(t, &pp.Slope, float64(q.Slope), "slope")
	near(t, &pp.Intercept, float64(q.Intercept), "intercept")
	near(t, &pp.R, float64(q.R), "r")
	if pp.Osm != nil {
		nearAll(t, pp.Osm, q.Theoretical, "osm")
	} else {
		assert.Len(t, q.Theoretical, 200)
	}
}

func checkErrorHistogram(t *testing.T, c *regCase, in *metrics.Input) {
	var h [2][]float64
	require.True(t, c.want(t, "histogram(err, bins='doane')", &h))
	r, err := (&metrics.RegressionErrorDistribution{}).Compute(context.Background(), in)
	require.NoError(t, err)
	got := r.(*metrics.Histogram)
	nearAll(t, h[1], got.Edges, "edges")
	counts := make([]float64, len(got.Current))
	for i, v := range got.Current {
		counts[i] = float64(v)
	}
	nearAll(t, h[0], counts, "counts")
}

func TestRegressionSideBySide(t *testing.T) {
	ref, err := dataset.New("ref", dataset.NewNumericColumn("y", []float64{1, 2, 3, 4}), dataset.NewNumericColumn("pred", []float64{1, 2, 3, 5}))
	require.NoError(t, err)
	cur, err := dataset.New("cur", dataset.NewNumericColumn("y", []float64{1, math.NaN(), 3, 4, math.Inf(1)}),
		dataset.NewNumericColumn("pred", []float64{2, 2, 3, math.NaN(), 1}))
	require.NoError(t, err)
	r, err := (&metrics.RegressionQuality{}).Compute(context.Background(), &metrics.Input{Reference: ref, Current: cur, Definition: regDef})
	require.NoError(t, err)
	res := r.(*metrics.RegressionQualityResult)
	require.NotNil(t, res.Reference)
	assert.Equal(t, 3, res.Current.RowsDropped)
	assert.Equal(t, 2, res.Current.Rows)
	assert.InDelta(t, 0.5, float64(res.Current.MAE), 1e-15)
	assert.InDelta(t, 0.25, float64(res.Reference.MAE), 1e-15)
	b, err := json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"mae":0.5`)
}

func TestRegressionBadInput(t *testing.T) {
	f, err := dataset.New("x", dataset.NewNumericColumn("y", []float64{math.NaN()}), dataset.NewNumericColumn("pred", []float64{1}),
		dataset.NewStringColumn("s", dataset.Categorical, []string{"a"}, nil))
	require.NoError(t, err)
	for _, c := range []struct {
		m    metrics.Metric
		def  *dataset.Definition
		want string
	}{
		{&metrics.RegressionQuality{}, &dataset.Definition{}, "needs a target"},
		{&metrics.RegressionQuality{}, regDef, "no values"},
		{&metrics.RegressionQuality{}, &dataset.Definition{Target: "s", Prediction: "pred"}, "wrong column type"},
		{&metrics.RegressionQuality{ZeroHandling: "ignore"}, regDef, "zero_handling"},
		{&metrics.RegressionErrorNormality{}, &dataset.Definition{Target: "y", Prediction: "nope"}, "no such column"},
	} {
		_, err := c.m.Compute(context.Background(), &metrics.Input{Current: f, Definition: c.def})
		require.Error(t, err)
		assert.Contains(t, err.Error(), c.want)
	}
}

// TestRegressionDummyMAPEMinimises checks that the dummy's MAPE constant
// minimises MAPE over the targets: no target does better.
func TestRegressionDummyMAPEMinimises(t *testing.T) {
	y := []float64{3, 10, 0.5, 7, 2, 40, 1.5}
	f, err := dataset.New("x", dataset.NewNumericColumn("y", y), dataset.NewNumericColumn("pred", y))
	require.NoError(t, err)
	r, err := (&metrics.RegressionQuality{}).Compute(context.Background(), &metrics.Input{Current: f, Definition: regDef})
	require.NoError(t, err)
	d := r.(*metrics.RegressionQualityResult).Current.Dummy
	for _, c := range y {
		sum := 0.0
		for _, v := range y {
			sum += math.Abs(v-c) / v
		}
		assert.LessOrEqual(t, float64(d.MAPE), 100*sum/float64(len(y))+1e-9, "constant %v", c)
	}
}

func ExampleRegressionQuality() {
	f, _ := dataset.New("forecast.csv",
		dataset.NewNumericColumn("demand", []float64{10, 12, 8, 15}),
		dataset.NewNumericColumn("forecast", []float64{11, 12, 6, 16}))
	def := &dataset.Definition{Target: "demand", Prediction: "forecast"}
	r, _ := (&metrics.RegressionQuality{}).Compute(context.Background(), &metrics.Input{Current: f, Definition: def})
	s := r.(*metrics.RegressionQualityResult).Current
	fmt.Printf("ME %.2f, MAE %.2f, RMSE %.3f, MAPE %.2f%%, R² %.3f\n", s.MeanError, s.MAE, s.RMSE, s.MAPE, s.R2)
	// Output:
	// ME 0.00, MAE 1.00, RMSE 1.225, MAPE 10.42%, R² 0.776
}

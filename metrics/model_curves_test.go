package metrics_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// TestClassificationByClassCurves checks that curves of 20,000 distinct
// scores are downsampled to 1,000 points that keep both ends, in order,
// and that the per-class table is ClassificationQuality's.
func TestClassificationByClassCurves(t *testing.T) {
	u, v := bigUV(20_000)
	c := clsCase{Name: "distinct", Target: make([]string, len(u)), Probas: map[string][]float64{"1": u}}
	for i := range u {
		c.Target[i] = "0"
		if v[i] < u[i]*0.8+0.1 {
			c.Target[i] = "1"
		}
	}
	f, def := c.input(t)
	r, err := (&metrics.ClassificationByClass{}).Compute(context.Background(), &metrics.Input{Current: f, Definition: def})
	require.NoError(t, err)
	res := r.(*metrics.ClassificationByClassResult)
	q, err := (&metrics.ClassificationQuality{}).Compute(context.Background(), &metrics.Input{Current: f, Definition: def})
	require.NoError(t, err)
	assert.Equal(t, q.(*metrics.ClassificationQualityResult).Current.PerClass, res.Current.PerClass)
	require.Len(t, res.Current.RocCurves, 2)
	for _, l := range res.Labels {
		roc := res.Current.RocCurves[l]
		assert.Len(t, roc.FPR, 1000, "20,000 distinct scores are downsampled")
		assert.Equal(t, []float64{0, 0}, []float64{roc.FPR[0], roc.TPR[0]})
		assert.Equal(t, []float64{1, 1}, []float64{roc.FPR[999], roc.TPR[999]})
		for i := 1; i < len(roc.FPR); i++ {
			assert.GreaterOrEqual(t, roc.FPR[i], roc.FPR[i-1])
			assert.Less(t, roc.Thresholds[i], roc.Thresholds[i-1])
		}
		pr := res.Current.PRCurves[l]
		assert.Len(t, pr.Precision, 1000)
		assert.Len(t, pr.Thresholds, 999)
	}
}

func TestClassificationByClassLabelsOnly(t *testing.T) {
	f, err := dataset.New("x", dataset.NewIntColumn("y", []int64{0, 1, 2}, nil), dataset.NewIntColumn("p", []int64{0, 2, 2}, nil))
	require.NoError(t, err)
	r, err := (&metrics.ClassificationByClass{}).Compute(context.Background(), &metrics.Input{Current: f, Definition: &dataset.Definition{Target: "y", Prediction: "p"}})
	require.NoError(t, err)
	res := r.(*metrics.ClassificationByClassResult)
	assert.Nil(t, res.Current.RocCurves)
	assert.Equal(t, []float64{1, 0, 0.5}, res.Current.PerClass.Precision)
}

func TestModelCatalog(t *testing.T) {
	c := metrics.Catalog()
	for _, name := range []string{"ClassificationQuality", "ClassificationByClass", "ClassificationPRTable",
		"ClassificationLiftTable", "RegressionQuality", "RegressionErrorDistribution", "RegressionErrorNormality"} {
		f, ok := c[name]
		require.True(t, ok, name)
		assert.Equal(t, name, f().Name())
	}
}

package stattest_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// textRefs are the scikit-learn values of
// internal/testdata/gen/textdrift_refs.py.
type textRefs struct {
	AUC []struct {
		Call   string    `json:"call"`
		Labels []int     `json:"labels"`
		Scores []float64 `json:"scores"`
		AUC    float64   `json:"auc"`
	} `json:"auc"`
	TFIDF struct {
		Train      []string             `json:"train"`
		Test       []string             `json:"test"`
		Vocabulary []string             `json:"vocabulary"`
		Rows       []map[string]float64 `json:"rows"`
	} `json:"tfidf"`
	SGD struct {
		Train     []string           `json:"train"`
		YTrain    []int              `json:"y_train"`
		Test      []string           `json:"test"`
		YTest     []int              `json:"y_test"`
		Coef      map[string]float64 `json:"coef"`
		Intercept float64            `json:"intercept"`
		NIter     int                `json:"n_iter"`
		Proba     []float64          `json:"proba"`
		AUC       float64            `json:"auc"`
	} `json:"sgd"`
}

func loadTextRefs(t *testing.T) textRefs {
	t.Helper()
	data, err := os.ReadFile("../testdata/textdrift_refs.json")
	require.NoError(t, err)
	var r textRefs
	require.NoError(t, json.Unmarshal(data, &r))
	return r
}

func TestAUCAgainstSklearn(t *testing.T) {
	refs := loadTextRefs(t)
	require.NotEmpty(t, refs.AUC)
	for _, c := range refs.AUC {
		pos := make([]bool, len(c.Labels))
		for i, l := range c.Labels {
			pos[i] = l == 1
		}
		assert.InDelta(t, c.AUC, stattest.AUC(c.Scores, pos), 1e-12, c.Call)
	}
}

func TestAUCEdgeCases(t *testing.T) {
	assert.True(t, math.IsNaN(stattest.AUC([]float64{1, 2}, []bool{true, true})), "one class")
	assert.True(t, math.IsNaN(stattest.AUC([]float64{1, math.NaN()}, []bool{true, false})), "NaN score")
	assert.Equal(t, 1.0, stattest.AUC([]float64{0, 1}, []bool{false, true}))
	assert.Equal(t, 0.0, stattest.AUC([]float64{0, 1}, []bool{true, false}))
	assert.Equal(t, 0.75, stattest.AUC([]float64{0, 1, 1}, []bool{false, true, false}))
	assert.Panics(t, func() { stattest.AUC([]float64{0}, nil) })
}

// The random-classifier AUCs follow the null distribution of the
// Mann-Whitney U: mean ½ and variance (n₊+n₋+1)/(12 n₊ n₋).
func TestRandomAUCsNull(t *testing.T) {
	nPos, nNeg := 30, 70
	aucs := stattest.RandomAUCs(nPos, nNeg, 20000, 5)
	var m, v float64
	for _, a := range aucs {
		m += a
	}
	m /= float64(len(aucs))
	for _, a := range aucs {
		v += (a - m) * (a - m)
	}
	v /= float64(len(aucs) - 1)
	want := float64(nPos+nNeg+1) / (12 * float64(nPos*nNeg))
	se := math.Sqrt(want / float64(len(aucs)))
	assert.InDelta(t, 0.5, m, 4*se)
	assert.InDelta(t, want, v, 0.05*want)
	assert.IsNonDecreasing(t, aucs)
	// Swapping the classes mirrors the distribution around ½.
	mirror := stattest.RandomAUCs(nNeg, nPos, 20000, 5)
	assert.InDelta(t, 0.5, mean(mirror), 4*se)
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

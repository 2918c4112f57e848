package stattest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// TF-IDF rows agree with TfidfVectorizer(sublinear_tf=True, max_df=0.5,
// stop_words="english") to 1e-12: same tokens, stop words, vocabulary
// pruning, idf and norm.
func TestTFIDFAgainstSklearn(t *testing.T) {
	refs := loadTextRefs(t).TFIDF
	rows := stattest.TFIDF(refs.Train, refs.Test)
	require.Len(t, rows, len(refs.Rows))
	for i, want := range refs.Rows {
		assert.Len(t, rows[i], len(want), refs.Test[i])
		for w, v := range want {
			assert.InDelta(t, v, rows[i][w], 1e-12, "%q in %q", w, refs.Test[i])
		}
	}
}

// Without shuffling, SGD involves no random stream, so the whole pipeline
// agrees with scikit-learn: coefficients and probabilities to 1e-9, the
// same epochs and the same AUC.
func TestDomainClassifierAgainstSklearn(t *testing.T) {
	refs := loadTextRefs(t).SGD
	y := make([]float64, len(refs.YTrain))
	for i, l := range refs.YTrain {
		y[i] = float64(2*l - 1)
	}
	coef, intercept, epochs, proba := stattest.FitDomainNoShuffle(refs.Train, y, refs.Test)
	assert.Equal(t, refs.NIter, epochs)
	assert.InDelta(t, refs.Intercept, intercept, 1e-9)
	nonzero := 0
	for w, v := range coef {
		if v != 0 {
			nonzero++
			assert.InDelta(t, refs.Coef[w], v, 1e-9, w)
		}
	}
	assert.Equal(t, len(refs.Coef), nonzero)
	require.Len(t, proba, len(refs.Proba))
	pos := make([]bool, len(refs.YTest))
	for i := range proba {
		assert.InDelta(t, refs.Proba[i], proba[i], 1e-9, refs.Test[i])
		pos[i] = refs.YTest[i] == 1
	}
	assert.InDelta(t, refs.AUC, stattest.AUC(proba, pos), 1e-12)
}

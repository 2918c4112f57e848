package metrics_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

type embModelCase struct {
	Name                 string       `json:"name"`
	Reference            [][]*float64 `json:"reference"`
	Current              [][]*float64 `json:"current"`
	PCAComponents        *int         `json:"pca_components"`
	RocAuc               float64      `json:"roc_auc"`
	Bootstrap95          float64      `json:"bootstrap_percentile_95"`
	PCADistanceEuclidean float64      `json:"pca_distance_euclidean"`
}

// The model method (Evidently's default) against Evidently 0.4.40's
// ModelDriftMethod run with scikit-learn 1.2.1 and numpy 1.24
// (internal/testdata/gen/embdrift_model_refs.py): the same ROC AUC and the
// same bootstrap percentile, to rounding, on shifted, same and odd-sized
// embeddings. On PCA-reduced ones the components agree to rounding
// (eigendecomposition here, SVD there), and SGD carries those last bits
// through its epochs: the AUC agrees to 0.01 and the decision is the same.
func TestEmbeddingsDriftModelAgreesWithEvidently(t *testing.T) {
	b, err := os.ReadFile("testdata/embdrift_model.json")
	require.NoError(t, err)
	var fx struct {
		Cases []embModelCase `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(b, &fx))
	require.Len(t, fx.Cases, 4)
	yes, no := true, false
	for _, c := range fx.Cases {
		t.Run(c.Name, func(t *testing.T) {
			in := embInput(t, embCase{Reference: c.Reference, Current: c.Current})
			k := 0
			if c.PCAComponents != nil {
				k = *c.PCAComponents
			}
			tol := 1e-12
			if k > 0 {
				tol = 0.01
			}
			r := embRun(t, &metrics.EmbeddingsDrift{Embeddings: "emb", Method: "model", PCAComponents: k}, in)
			assert.Equal(t, "model", r.Method)
			assert.InDelta(t, c.RocAuc, float64(r.Score), tol, "roc_auc_score")
			assert.Equal(t, 0.55, float64(r.Threshold))
			assert.Equal(t, c.RocAuc > 0.55, r.Drifted)
			assert.False(t, r.Bootstrap, "an explicit model() has no bootstrap")
			assert.Equal(t, k, r.PCAComponents)

			r = embRun(t, &metrics.EmbeddingsDrift{Embeddings: "emb", Method: "model", Bootstrap: &yes, PCAComponents: k}, in)
			assert.InDelta(t, c.Bootstrap95, float64(r.Threshold), 1e-12, "np.percentile of 100 random AUCs")
			assert.Equal(t, c.RocAuc > c.Bootstrap95, r.Drifted)
			assert.True(t, r.Bootstrap)

			// The default method is the model, with bootstrap since the
			// reference has fewer than 1000 rows.
			d := embRun(t, &metrics.EmbeddingsDrift{Embeddings: "emb", PCAComponents: k}, in)
			assert.Equal(t, r, d)
			d = embRun(t, &metrics.EmbeddingsDrift{Embeddings: "emb", Bootstrap: &no, PCAComponents: k}, in)
			assert.False(t, d.Bootstrap)

			if k > 0 {
				r = embRun(t, &metrics.EmbeddingsDrift{Embeddings: "emb", Method: "distance", PCAComponents: k}, in)
				assert.InDelta(t, c.PCADistanceEuclidean, float64(r.Score), 1e-10, "euclidean of the PCA component means")
			}
		})
	}
}

// With 1000 reference rows or more the default method has no bootstrap.
func TestEmbeddingsDriftModelDefaultBootstrapBySize(t *testing.T) {
	mk := func(n int, shift float64) *dataset.Frame {
		a, bcol := make([]float64, n), make([]float64, n)
		for i := range a {
			a[i] = float64(i%17)/17 + shift
			bcol[i] = float64((i*7)%13) / 13
		}
		f, err := dataset.New("x", dataset.NewNumericColumn("a", a), dataset.NewNumericColumn("b", bcol))
		require.NoError(t, err)
		return f
	}
	def := &dataset.Definition{Embeddings: map[string][]string{"e": {"a", "b"}}}
	r := embRun(t, &metrics.EmbeddingsDrift{Embeddings: "e"}, &metrics.Input{Reference: mk(1000, 0), Current: mk(300, 0.5), Definition: def})
	assert.False(t, r.Bootstrap)
	assert.Equal(t, 0.55, float64(r.Threshold))
	assert.True(t, r.Drifted, "a shift of half the range is found: AUC %v", r.Score)
	r = embRun(t, &metrics.EmbeddingsDrift{Embeddings: "e"}, &metrics.Input{Reference: mk(999, 0), Current: mk(300, 0.5), Definition: def})
	assert.True(t, r.Bootstrap)
}

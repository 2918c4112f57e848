package metrics

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"
)

// logSGD against scikit-learn 1.2's SGDClassifier(loss="log_loss",
// random_state=42) on metrics/testdata/embdrift_model.json's "sgd" matrix
// (internal/testdata/gen/embdrift_model_refs.py): the same weights and
// intercept to rounding, after the same number of epochs.
func TestLogSGDAgreesWithScikitLearn(t *testing.T) {
	b, err := os.ReadFile("testdata/embdrift_model.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		SGD struct {
			X         [][]float64 `json:"x"`
			Y         []int       `json:"y"`
			Coef      []float64   `json:"coef"`
			Intercept float64     `json:"intercept"`
		} `json:"sgd"`
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	e := embeddings{dim: len(fx.SGD.X[0])}
	y := make([]bool, len(fx.SGD.Y))
	for i, r := range fx.SGD.X {
		e.x = append(e.x, r...)
		y[i] = fx.SGD.Y[i] == 1
	}
	w, b0, err := logSGD(context.Background(), e, y)
	if err != nil {
		t.Fatal(err)
	}
	close := func(want, got float64, what string) {
		if math.Abs(want-got) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: got %.17g, want %.17g (scikit-learn)", what, got, want)
		}
	}
	for j := range w {
		close(fx.SGD.Coef[j], w[j], "coef")
	}
	close(fx.SGD.Intercept, b0, "intercept")

	// One class only is an error, as scikit-learn refuses it.
	if _, _, err := logSGD(context.Background(), e, make([]bool, len(y))); err == nil {
		t.Error("one class: no error")
	}
}

// shuffleRandR is scikit-learn's SequentialDataset.shuffle: the first
// shuffle of 0..9 with the seed of random_state=42, as
// sklearn.utils._seq_dataset.ArrayDataset64._shuffle_py gives it
// (internal/testdata/gen/embdrift_model_refs.py).
func TestShuffleRandR(t *testing.T) {
	b, err := os.ReadFile("testdata/embdrift_model.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Want []int `json:"shuffle_10_seed_1273642419"`
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	idx := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	shuffleRandR(idx, logSGDSeed)
	want := fx.Want
	if len(want) != len(idx) {
		t.Fatalf("fixture has %d values", len(want))
	}
	for i := range idx {
		if idx[i] != want[i] {
			t.Fatalf("got %v, want %v", idx, want)
		}
	}
}

// expCR is the correctly rounded exp (float(Decimal(x).exp())) for every
// fixture argument, and agrees with glibc's math.exp for all but a few.
func TestExpCR(t *testing.T) {
	b, err := os.ReadFile("testdata/embdrift_model.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Exp struct {
			X     []float64 `json:"x"`
			Glibc []float64 `json:"math.exp"`
			CR    []float64 `json:"float(Decimal(x).exp())"`
		} `json:"exp"`
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	glibc, goExp := 0, 0
	for i, x := range fx.Exp.X {
		if got := expCR(x); got != fx.Exp.CR[i] {
			t.Errorf("expCR(%v) = %v, want %v", x, got, fx.Exp.CR[i])
		}
		if expCR(x) != fx.Exp.Glibc[i] {
			glibc++
		}
		if math.Exp(x) != fx.Exp.Glibc[i] {
			goExp++
		}
	}
	t.Logf("differ from glibc: expCR %d, math.Exp %d of %d", glibc, goExp, len(fx.Exp.X))
	if glibc*200 > len(fx.Exp.X) {
		t.Errorf("expCR differs from glibc for %d of %d arguments", glibc, len(fx.Exp.X))
	}
	for _, c := range []struct{ x, want float64 }{{0, 1}, {710, math.Inf(1)}, {-746, 0}, {1, math.E}} {
		if got := expCR(c.x); got != c.want {
			t.Errorf("expCR(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if !math.IsNaN(expCR(math.NaN())) {
		t.Error("expCR(NaN) is not NaN")
	}
}

// embeddingsPCA against sklearn.decomposition.PCA(n_components=3,
// random_state=0) fit_transform(reference) / transform(current) on the
// "pca" case: the first projected rows agree to 1e-9.
func TestEmbeddingsPCAAgreesWithScikitLearn(t *testing.T) {
	b, err := os.ReadFile("testdata/embdrift_model.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Cases []struct {
			Name          string      `json:"name"`
			Reference     [][]float64 `json:"reference"`
			Current       [][]float64 `json:"current"`
			PCAComponents int         `json:"pca_components"`
			RefFirst      []float64   `json:"pca_reference_first_row"`
			CurFirst      []float64   `json:"pca_current_first_row"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	for _, c := range fx.Cases {
		if c.PCAComponents == 0 {
			continue
		}
		mk := func(rows [][]float64) embeddings {
			e := embeddings{dim: len(rows[0])}
			for _, r := range rows {
				e.x = append(e.x, r...)
			}
			return e
		}
		ref, cur, err := embeddingsPCA(mk(c.Reference), mk(c.Current), c.PCAComponents)
		if err != nil {
			t.Fatal(err)
		}
		for j := range c.RefFirst {
			if math.Abs(ref.row(0)[j]-c.RefFirst[j]) > 1e-9 || math.Abs(cur.row(0)[j]-c.CurFirst[j]) > 1e-9 {
				t.Errorf("%s: component %d: got %v, %v, want %v, %v", c.Name, j, ref.row(0)[j], cur.row(0)[j], c.RefFirst[j], c.CurFirst[j])
			}
		}
	}
}

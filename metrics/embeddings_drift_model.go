package metrics

import (
	"context"
	"fmt"
	"math"

	"github.com/telltale-ml/telltale/internal/nprand"
	"github.com/telltale-ml/telltale/metrics/stattest"
)

// modelDrift is Evidently's ModelDriftMethod
// (metrics/data_drift/embedding_drift_methods.py): a classifier learns to
// tell the reference rows (label 1) from the current ones (label 0), and
// the score is its ROC AUC on held-out rows.
//
//  1. The rows, reference first, are split in halves as
//     train_test_split(test_size=0.5, shuffle=True, random_state=42):
//     the first ceil(n/2) positions of RandomState(42).permutation(n) are
//     the test rows, the rest the training rows (internal/nprand draws
//     NumPy's exact permutation).
//  2. SGDClassifier(loss="log_loss", random_state=42) is fitted on the
//     training rows (logSGD: scikit-learn 1.2's _plain_sgd, exactly).
//  3. The score is roc_auc_score of the test labels and the predicted
//     probabilities of the reference class, 1/(1+exp(-(w·x+b))).
//  4. Drift when the score is above Threshold (0.55); with bootstrap, above
//     the QuantileProbability (0.95) percentile (numpy.percentile, linear)
//     of 100 ROC AUCs of random scores: for i in 0..99,
//     np.random.seed(i); np.random.rand(len(y_test)).
//
// Both halves need both labels, or the AUC is undefined (an error).
func (o embeddingOptions) modelDrift(ctx context.Context, ref, cur embeddings) (score, against float64, err error) {
	n := ref.rows() + cur.rows()
	if n < 4 {
		return 0, 0, fmt.Errorf("%w: the model method needs at least 4 rows in all, got %d", ErrEmpty, n)
	}
	row := func(i int) ([]float64, bool) {
		if i < ref.rows() {
			return ref.row(i), true
		}
		return cur.row(i - ref.rows()), false
	}
	perm := nprand.New(42).Permutation(n)
	nTest := (n + 1) / 2 // ceil(0.5·n)
	test, train := perm[:nTest], perm[nTest:]
	x := make([]float64, 0, len(train)*ref.dim)
	y := make([]bool, len(train))
	for k, i := range train {
		r, isRef := row(i)
		x = append(x, r...)
		y[k] = isRef
	}
	w, b, err := logSGD(ctx, embeddings{x: x, dim: ref.dim}, y)
	if err != nil {
		return 0, 0, err
	}
	scores := make([]float64, len(test))
	isRef := make([]bool, len(test))
	pos := 0
	for k, i := range test {
		r, fromRef := row(i)
		p := b
		for j, v := range r {
			p += w[j] * v
		}
		scores[k] = 1 / (1 + expCR(-p)) // scipy.special.expit
		isRef[k] = fromRef
		if fromRef {
			pos++
		}
	}
	if pos == 0 || pos == len(test) {
		return 0, 0, fmt.Errorf("%w: the held-out half has rows of one dataset only; ROC AUC is undefined", ErrEmpty)
	}
	score = stattest.AUC(scores, isRef)
	if !o.bootstrap {
		return score, o.threshold, nil
	}
	aucs := make([]float64, embeddingBootstraps)
	random := make([]float64, len(test))
	for i := range aucs {
		src := nprand.New(uint32(i))
		for k := range random {
			random[k] = src.Float64()
		}
		aucs[i] = stattest.AUC(random, isRef)
	}
	return score, quantile(aucs, o.quantile), nil
}

// The settings of SGDClassifier(loss="log_loss", random_state=42), all
// scikit-learn's defaults but the loss.
const (
	logSGDAlpha    = 1e-4
	logSGDMaxIter  = 1000
	logSGDTol      = 1e-3
	logSGDNoChange = 5
	// logSGDSeed is the seed _plain_sgd shuffles with for random_state=42:
	// RandomState(42).randint(1, 2**31-1) (make_dataset's draw), then
	// RandomState(42).randint(2**31-1) (fit_binary's); internal/nprand's
	// test checks it against NumPy.
	logSGDSeed = 1273642419
)

// logSGD fits scikit-learn 1.2's SGDClassifier(loss="log_loss",
// random_state=42) to the rows of x with labels y (true: +1), as
// sklearn/linear_model/_sgd_fast.pyx (_plain_sgd) does on dense data:
//
//   - the "optimal" learning rate η_t = 1/(α(t₀ + t - 1)), t₀ = 1/(η₀α),
//     η₀ = sqrt(1/sqrt(α)) (typw, as dloss(-typw, 1) > -1);
//   - for each row, in an order reshuffled every epoch: p = w·x + b,
//     the log loss ln(1+exp(-py)) and its derivative -y/(exp(py)+1)
//     (with sklearn's shortcuts beyond |py| > 18), the L2 step
//     w ← max(0, 1 - ηα)·w kept as a scale (reset below 1e-9, as
//     WeightVector does), then w ← w - η·dloss·x and b ← b - η·dloss;
//   - each epoch shuffles the index array in place by Fisher-Yates with
//     sklearn's xorshift our_rand_r, restarted from logSGDSeed;
//   - training stops after 1000 epochs, or when the epoch's summed loss
//     has not fallen below the best by tol·n (tol 1e-3) 5 epochs in a row.
//
// It returns the weights and the intercept. Its exponentials are correctly
// rounded (expCR), as the C library's nearly always are; so the weights
// agree with scikit-learn's to 1e-12 on the fixtures of
// internal/testdata/gen/embdrift_model_refs.py. Where the classes barely
// separate, SGD amplifies any one-ulp difference (a rare exp that glibc
// rounds the other way, PCA components computed another way) from epoch
// to epoch, and the AUC can then differ from Evidently's in the second
// decimal.
func logSGD(ctx context.Context, x embeddings, y []bool) ([]float64, float64, error) {
	n, d := x.rows(), x.dim
	hasPos, hasNeg := false, false
	for _, v := range y {
		hasPos, hasNeg = hasPos || v, hasNeg || !v
	}
	if !hasPos || !hasNeg {
		return nil, 0, fmt.Errorf("%w: the training half has rows of one dataset only", ErrEmpty)
	}
	label := make([]float64, n)
	for i, v := range y {
		label[i] = -1
		if v {
			label[i] = 1
		}
	}
	w := make([]float64, d)
	wscale, b := 1.0, 0.0
	typw := math.Sqrt(1 / math.Sqrt(logSGDAlpha))
	_, dl := logLossGrad(-typw, 1)
	eta0 := typw / math.Max(1, dl)
	optimalInit := 1 / (eta0 * logSGDAlpha)
	index := make([]int, n)
	for i := range index {
		index[i] = i
	}
	t := 1.0
	best, noImprovement := math.Inf(1), 0
	for epoch := 0; epoch < logSGDMaxIter; epoch++ {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		shuffleRandR(index, logSGDSeed)
		sum := 0.0
		for _, i := range index {
			xi := x.row(i)
			var ip float64
			for j, v := range xi {
				ip += w[j] * v
			}
			p := ip*wscale + b
			eta := 1 / (logSGDAlpha * (optimalInit + t - 1))
			loss, dloss := logLossGrad(p, label[i])
			sum += loss
			dloss = math.Max(-1e12, math.Min(1e12, dloss))
			update := -eta * dloss
			wscale *= math.Max(0, 1-eta*logSGDAlpha)
			if wscale < 1e-9 {
				for j := range w {
					w[j] *= wscale
				}
				wscale = 1
			}
			if update != 0 {
				c := update / wscale
				for j, v := range xi {
					w[j] += v * c
				}
				b += update
			}
			t++
		}
		if math.IsNaN(b) || math.IsInf(b, 0) {
			return nil, 0, fmt.Errorf("%w: the classifier diverged (scale the embeddings)", ErrEmpty)
		}
		if sum > best-logSGDTol*float64(n) {
			noImprovement++
		} else {
			noImprovement = 0
		}
		if sum < best {
			best = sum
		}
		if noImprovement >= logSGDNoChange {
			break
		}
	}
	for j := range w {
		w[j] *= wscale
	}
	return w, b, nil
}

// logLossGrad is scikit-learn's Log loss of the decision value p for the
// label y (±1), and its derivative in p. The derivative, which moves the
// weights, takes the correctly rounded exp; the loss, which only feeds the
// stopping rule (a sum compared with a margin of tol·n), takes math.Exp.
func logLossGrad(p, y float64) (loss, dloss float64) {
	z := p * y
	switch {
	case z > 18:
		e := expCR(-z)
		return e, e * -y
	case z < -18:
		return -z, -y
	}
	return math.Log(1 + math.Exp(-z)), -y / (expCR(z) + 1)
}

// shuffleRandR permutes index in place as scikit-learn's
// SequentialDataset.shuffle(seed): Fisher-Yates from the front, with
// j = i + our_rand_r(seed) % (n - i) and our_rand_r the xorshift
// (<<13, >>17, <<5) of sklearn/utils/_random.pxd, reduced modulo 2^31.
func shuffleRandR(index []int, seed uint32) {
	n := uint32(len(index))
	for i := uint32(0); i+1 < n; i++ {
		if seed == 0 {
			seed = 1 // DEFAULT_SEED
		}
		seed ^= seed << 13
		seed ^= seed >> 17
		seed ^= seed << 5
		r := seed % (1 << 31)
		j := i + r%(n-i)
		index[i], index[j] = index[j], index[i]
	}
}

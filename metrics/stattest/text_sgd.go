package stattest

import (
	"math"
	"math/rand/v2"
)

// sgdModel is a linear classifier trained as Evidently's domain classifier,
// scikit-learn's SGDClassifier(loss="modified_huber", penalty="l1",
// alpha=1e-4, max_iter=50) on sparse rows (sklearn/linear_model/
// _sgd_fast.pyx, _plain_sgd):
//
//   - labels y = +1 for the current data, -1 for the reference;
//   - the "optimal" learning rate η_t = 1 / (α (t₀ + t - 1)), with
//     t₀ = 1 / (η₀ α) and η₀ = 10 (sklearn's heuristic for α = 1e-4);
//   - the modified Huber loss of the margin z = y·f(x):
//     max(0, 1-z)² for z >= -1, else -4z;
//   - L1 by the cumulative penalty of Tsuruoka et al. (2009), applied to
//     the features of each sample after its update;
//   - the intercept moves at 0.01 of the weights' rate, as sklearn does
//     for sparse data (SPARSE_INTERCEPT_DECAY);
//   - the rows are shuffled every epoch by a seeded generator, and training
//     stops after 50 epochs or when the epoch's loss has not improved by
//     tol·n (tol = 1e-3) for 5 epochs in a row (n_iter_no_change).
type sgdModel struct {
	w         []float64
	intercept float64
	epochs    int
}

// Evidently's SGDClassifier settings and scikit-learn's defaults.
const (
	sgdAlpha          = 1e-4
	sgdMaxEpochs      = 50
	sgdTol            = 1e-3
	sgdNoChange       = 5
	sgdInterceptDecay = 0.01
)

// modifiedHuber returns the loss and its derivative with respect to the
// decision value p for the label y (±1).
func modifiedHuber(p, y float64) (loss, dloss float64) {
	z := p * y
	switch {
	case z >= 1:
		return 0, 0
	case z >= -1:
		return (1 - z) * (1 - z), -2 * (1 - z) * y
	default:
		return -4 * z, -4 * y
	}
}

func trainSGD(rows []sparseRow, y []float64, features int, rng *rand.Rand) *sgdModel {
	m := &sgdModel{w: make([]float64, features)}
	q := make([]float64, features) // cumulative L1 penalty applied to each weight
	typw := math.Sqrt(1 / math.Sqrt(sgdAlpha))
	_, d := modifiedHuber(-typw, 1)
	eta0 := typw / math.Max(1, d) // sklearn: typw / max(1, dloss(-typw, 1)) = typw
	optimalInit := 1 / (eta0 * sgdAlpha)
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	var u float64 // total L1 penalty each weight could have received
	t := 1.0
	best, stale := math.Inf(1), 0
	for epoch := range sgdMaxEpochs {
		m.epochs = epoch + 1
		if rng != nil {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		var sum float64
		for _, i := range order {
			r := rows[i]
			eta := 1 / (sgdAlpha * (optimalInit + t - 1))
			p := m.decision(r)
			loss, dloss := modifiedHuber(p, y[i])
			sum += loss
			if update := -eta * dloss; update != 0 {
				for k, j := range r.idx {
					m.w[j] += update * r.val[k]
				}
				m.intercept += update * sgdInterceptDecay
			}
			u += eta * sgdAlpha
			for _, j := range r.idx {
				z := m.w[j]
				switch {
				case z > 0:
					m.w[j] = math.Max(0, z-(u+q[j]))
				case z < 0:
					m.w[j] = math.Min(0, z+(u-q[j]))
				}
				q[j] += m.w[j] - z
			}
			t++
		}
		if sum > best-sgdTol*float64(len(rows)) {
			stale++
		} else {
			stale = 0
		}
		best = math.Min(best, sum)
		if stale >= sgdNoChange {
			break
		}
	}
	return m
}

// decision returns w·x + b.
func (m *sgdModel) decision(r sparseRow) float64 {
	s := m.intercept
	for k, j := range r.idx {
		s += m.w[j] * r.val[k]
	}
	return s
}

// proba returns the modified Huber probability of the current class,
// (clip(w·x + b, -1, 1) + 1) / 2, as SGDClassifier.predict_proba.
func (m *sgdModel) proba(r sparseRow) float64 {
	return (math.Max(-1, math.Min(1, m.decision(r))) + 1) / 2
}

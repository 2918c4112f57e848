package metrics

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/stattest"
)

// EmbeddingsDrift tests a named group of numerical columns (an entry of
// Definition.Embeddings) for drift as a whole, with one of Evidently's
// embedding drift methods (legacy/metrics/data_drift/
// embedding_drift_methods.py), under Evidently's option names and defaults:
//
//   - "model" (the default, as in Evidently): the ROC AUC of a classifier
//     trained to tell reference rows from current ones (modelDrift:
//     scikit-learn's SGDClassifier with log loss on a seeded half, scored
//     on the other half, reproduced exactly); drift when it is above
//     Threshold (0.55), or, with Bootstrap, above the QuantileProbability
//     (0.95) quantile of 100 ROC AUCs of random scores. With Method and
//     Bootstrap both unset, bootstrap is on when the reference has fewer
//     than 1000 rows, as Evidently's EmbeddingsDriftMetric decides.
//   - "distance": the distance Dist between the mean vectors of the
//     reference and current rows; drift when it is above Threshold (0.2),
//     or, with Bootstrap, above the QuantileProbability (0.95) quantile of
//     100 distances between the means of two samples drawn with
//     replacement from the reference (of int(m²/(m+n)) and int(mn/(m+n))
//     rows).
//   - "ratio": the share of the group's columns that drift by the
//     ComponentStatTest (wasserstein) at ComponentStatTestThreshold (0.1);
//     drift when the share is above Threshold (0.2).
//   - "mmd": the unbiased squared maximum mean discrepancy with an RBF
//     kernel (embeddingsMMD), clipped at 0; drift when MMD²ᵤ is above
//     Threshold (0.015), or, with Bootstrap, above the QuantileProbability
//     (0.05) quantile of 100 MMD²ᵤ between two resamples of the reference.
//
// With PCAComponents k > 0, every method works on the first k principal
// components instead of the columns: PCA fitted on the reference rows,
// applied to both sides (embeddingsPCA).
//
// A row with a missing or infinite value in any column of the group is
// dropped from its side and counted. The model method's split, classifier
// and random scores are NumPy's and scikit-learn's draws exactly. The
// distance and mmd bootstraps draw from a PCG generator seeded with Seed,
// so they are reproducible but their quantiles are not NumPy's digits. mmd
// uses at most MaxRows rows per side (default 2000, a seeded sample),
// because its kernel matrix is quadratic; Evidently uses every row.
//
// Compute returns *EmbeddingsDriftResult.
type EmbeddingsDrift struct {
	Embeddings string `json:"embeddings"`
	// Method is "model" (default), "distance", "ratio" or "mmd".
	Method string `json:"method,omitempty"`
	// Dist is the distance method's metric: "euclidean" (default),
	// "cosine", "cityblock" or "chebyshev" (scipy.spatial.distance).
	Dist string `json:"dist,omitempty"`
	// Threshold: nil means the method's default (model 0.55, distance 0.2,
	// ratio 0.2, mmd 0.015).
	Threshold *float64 `json:"threshold,omitempty"`
	// Bootstrap compares with a quantile of bootstrap scores instead of
	// Threshold (model, distance and mmd); nil means off, except for the
	// default method (see above).
	Bootstrap *bool `json:"bootstrap,omitempty"`
	// QuantileProbability: nil means 0.95 (model, distance) or 0.05 (mmd).
	QuantileProbability *float64 `json:"quantile_probability,omitempty"`
	// PCAComponents, when above 0, reduces the embeddings to that many
	// principal components first (Evidently's pca_components).
	PCAComponents int `json:"pca_components,omitempty"`
	// ComponentStatTest is the ratio method's test of each column
	// (default "wasserstein"); ComponentStatTestThreshold its threshold
	// (nil means 0.1).
	ComponentStatTest          string   `json:"component_stattest,omitempty"`
	ComponentStatTestThreshold *float64 `json:"component_stattest_threshold,omitempty"`
	// Seed seeds the distance and mmd bootstraps and the mmd samples.
	Seed uint64 `json:"seed,omitempty"`
	// MaxRows caps the rows per side mmd uses (default 2000).
	MaxRows int `json:"max_rows,omitempty"`
}

// Name implements Metric.
func (m *EmbeddingsDrift) Name() string { return "EmbeddingsDrift" }

// Params implements Parameterized.
func (m *EmbeddingsDrift) Params() any { return m }

// EmbeddingsDriftResult is the drift of one group of embedding columns.
type EmbeddingsDriftResult struct {
	Embeddings string `json:"embeddings"`
	Method     string `json:"method"`
	// Score is the ROC AUC, the distance, the share of drifted columns,
	// or MMD²ᵤ.
	Score Float `json:"score"`
	// Threshold is what Score was compared with: the threshold, or with
	// bootstrap the quantile of the resampled reference scores.
	Threshold Float `json:"threshold"`
	Drifted   bool  `json:"drifted"`
	Bootstrap bool  `json:"bootstrap,omitempty"`
	// Columns is the number of columns in the group; DriftedColumns how
	// many drifted (ratio only); PCAComponents the components compared
	// instead of the columns, when asked for.
	Columns        int  `json:"columns"`
	PCAComponents  int  `json:"pca_components,omitempty"`
	DriftedColumns *int `json:"drifted_columns,omitempty"`
	// RowsUsed are the complete rows; RowsDropped the rows with a missing
	// or infinite value in the group.
	RowsUsed    Sides `json:"rows_used"`
	RowsDropped Sides `json:"rows_dropped"`
}

// embeddings is one side's complete rows, row-major: row i is
// x[i*dim : (i+1)*dim].
type embeddings struct {
	x   []float64
	dim int
}

func (e embeddings) rows() int           { return len(e.x) / e.dim }
func (e embeddings) row(i int) []float64 { return e.x[i*e.dim : (i+1)*e.dim] }
func (e embeddings) column(j int) []float64 {
	out := make([]float64, e.rows())
	for i := range out {
		out[i] = e.x[i*e.dim+j]
	}
	return out
}

// Compute implements Metric.
func (m *EmbeddingsDrift) Compute(ctx context.Context, in *Input) (Result, error) {
	if in.Reference == nil {
		return nil, ErrNoReference
	}
	o, err := m.options()
	if err != nil {
		return nil, err
	}
	cols, ok := in.Def().Embeddings[m.Embeddings]
	if !ok || m.Embeddings == "" {
		return nil, fmt.Errorf("%w: no embeddings named %q in the definition", ErrOption, m.Embeddings)
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("%w: embeddings %q have no columns", ErrOption, m.Embeddings)
	}
	ref, refDropped, err := embeddingRows(in.Reference, cols, "reference")
	if err != nil {
		return nil, err
	}
	cur, curDropped, err := embeddingRows(in.Current, cols, "current")
	if err != nil {
		return nil, err
	}
	if o.autoBootstrap {
		o.bootstrap = in.Reference.Len() < 1000
	}
	res := &EmbeddingsDriftResult{
		Embeddings: m.Embeddings, Method: o.method, Bootstrap: o.bootstrap, Columns: len(cols),
		RowsUsed:    Sides{ref.rows(), cur.rows()},
		RowsDropped: Sides{refDropped, curDropped},
	}
	if ref.rows() == 0 || cur.rows() == 0 {
		return nil, fmt.Errorf("%w: embeddings %q have no complete rows in the %s data", ErrEmpty, m.Embeddings, sideName(ref.rows() == 0))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if m.PCAComponents > 0 {
		if ref, cur, err = embeddingsPCA(ref, cur, m.PCAComponents); err != nil {
			return nil, fmt.Errorf("EmbeddingsDrift %q: %w", m.Embeddings, err)
		}
		res.PCAComponents = m.PCAComponents
	}
	var score, against float64
	switch o.method {
	case "model":
		score, against, err = o.modelDrift(ctx, ref, cur)
	case "distance":
		score, against, err = o.distanceDrift(ctx, ref, cur)
	case "ratio":
		var n int
		score, n, err = o.ratioDrift(ctx, ref, cur)
		res.DriftedColumns = &n
		against = o.threshold
	case "mmd":
		score, against, err = o.mmdDrift(ctx, ref, cur)
	}
	if err != nil {
		return nil, fmt.Errorf("EmbeddingsDrift %q: %w", m.Embeddings, err)
	}
	res.Score, res.Threshold = Float(score), Float(against)
	res.Drifted = score > against
	if o.method == "mmd" {
		res.Score = Float(math.Max(score, 0)) // Evidently reports max(MMD², 0) but decides on MMD²
	}
	return res, nil
}

// embeddingRows gathers the group's complete rows from f.
func embeddingRows(f *dataset.Frame, cols []string, side string) (embeddings, int, error) {
	num := make([][]float64, len(cols))
	for j, name := range cols {
		c, ok := f.Column(name)
		if !ok {
			return embeddings{}, 0, &ColumnError{Metric: "EmbeddingsDrift", Column: name, Err: fmt.Errorf("%w in the %s data", ErrNoColumn, side)}
		}
		nc, ok := c.(*dataset.NumericColumn)
		if !ok {
			return embeddings{}, 0, &ColumnError{Metric: "EmbeddingsDrift", Column: name, Err: fmt.Errorf("%w: embeddings are numerical, this column is %s", ErrColumnType, c.Type())}
		}
		num[j] = nc.Values()
	}
	e := embeddings{dim: len(cols), x: make([]float64, 0, f.Len()*len(cols))}
	dropped := 0
rows:
	for i := range f.Len() {
		for j := range num {
			if v := num[j][i]; math.IsNaN(v) || math.IsInf(v, 0) {
				dropped++
				continue rows
			}
		}
		for j := range num {
			e.x = append(e.x, num[j][i])
		}
	}
	return e, dropped, nil
}

// embeddingOptions are the validated options with defaults filled in.
type embeddingOptions struct {
	method, dist string
	threshold    float64
	bootstrap    bool
	// autoBootstrap: bootstrap is decided by the reference's size.
	autoBootstrap bool
	quantile      float64
	component     stattest.Test
	componentThr  float64
	seed          uint64
	maxRows       int
}

func (m *EmbeddingsDrift) options() (embeddingOptions, error) {
	o := embeddingOptions{method: m.Method, dist: m.Dist, seed: m.Seed, maxRows: m.MaxRows}
	if m.Bootstrap != nil {
		o.bootstrap = *m.Bootstrap
	}
	if o.method == "" {
		o.method = "model"
		o.autoBootstrap = m.Bootstrap == nil
	}
	if m.PCAComponents < 0 {
		return o, fmt.Errorf("%w: pca_components must be > 0, got %d", ErrOption, m.PCAComponents)
	}
	thr, q := 0.2, 0.95
	switch o.method {
	case "model":
		thr = 0.55
	case "distance":
		if o.dist == "" {
			o.dist = "euclidean"
		}
		if !slices.Contains([]string{"euclidean", "cosine", "cityblock", "chebyshev"}, o.dist) {
			return o, fmt.Errorf("%w: dist %q: want euclidean, cosine, cityblock or chebyshev", ErrOption, o.dist)
		}
	case "ratio":
		name := m.ComponentStatTest
		if name == "" {
			name = "wasserstein"
		}
		t, ok := stattest.Default().Lookup(name)
		if !ok || !t.Supports(stattest.Numerical) {
			return o, fmt.Errorf("%w: component_stattest %q is not a numerical stat test", ErrOption, name)
		}
		o.component, o.componentThr = t, 0.1
		if m.ComponentStatTestThreshold != nil {
			o.componentThr = *m.ComponentStatTestThreshold
		}
		if o.bootstrap {
			return o, fmt.Errorf("%w: the ratio method has no bootstrap", ErrOption)
		}
	case "mmd":
		thr, q = 0.015, 0.05
	default:
		return o, fmt.Errorf("%w: method %q: want model, distance, ratio or mmd", ErrOption, o.method)
	}
	if o.method != "distance" && m.Dist != "" {
		return o, fmt.Errorf("%w: dist applies to the distance method only", ErrOption)
	}
	o.threshold, o.quantile = thr, q
	if m.Threshold != nil {
		o.threshold = *m.Threshold
	}
	if m.QuantileProbability != nil {
		o.quantile = *m.QuantileProbability
	}
	if math.IsNaN(o.threshold) || math.IsNaN(o.componentThr) {
		return o, fmt.Errorf("%w: NaN threshold", ErrOption)
	}
	if !(o.quantile >= 0 && o.quantile <= 1) {
		return o, fmt.Errorf("%w: quantile_probability %v is not in [0, 1]", ErrOption, o.quantile)
	}
	if o.maxRows == 0 {
		o.maxRows = 2000
	}
	if o.maxRows < 2 {
		return o, fmt.Errorf("%w: max_rows must be at least 2, got %d", ErrOption, m.MaxRows)
	}
	return o, nil
}

// embeddingBootstraps is Evidently's N_BOOTSTRAP.
const embeddingBootstraps = 100

// quantile returns the q-th quantile (0 <= q <= 1) of xs with linear
// interpolation, as np.percentile(xs, 100*q). It sorts xs.
func quantile(xs []float64, q float64) float64 {
	slices.Sort(xs)
	pos := q * float64(len(xs)-1)
	lo := int(pos)
	if lo >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[lo] + (pos-float64(lo))*(xs[lo+1]-xs[lo])
}

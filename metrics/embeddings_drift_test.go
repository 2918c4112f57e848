package metrics_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// textFrame builds a frame with a text column of topic sentences; nulls
// every seventh row.
func textFrame(t *testing.T, n int, words []string, offset int) *dataset.Frame {
	t.Helper()
	vals := make([]string, n)
	nulls := make([]bool, n)
	for i := range vals {
		vals[i] = fmt.Sprintf("%s %s and %s on day %d", words[(i+offset)%len(words)], words[(3*i+1)%len(words)], words[(7*i+offset)%len(words)], i%31)
		nulls[i] = i%7 == 0
	}
	f, err := dataset.New("t", dataset.NewStringColumn("review", dataset.Text, vals, nulls))
	require.NoError(t, err)
	return f
}

// Text columns reach the domain classifier (Evidently's automatic
// choice: perc_text_content_drift up to 1000 reference rows).
func TestColumnDriftText(t *testing.T) {
	weather := []string{"rain", "sunny", "cloud", "storm", "wind", "snow", "fog", "breeze"}
	finance := []string{"stock", "bond", "market", "yield", "equity", "profit", "shares", "trading"}
	ref := textFrame(t, 400, weather, 0)
	in := &metrics.Input{Reference: ref, Current: textFrame(t, 300, finance, 0), Definition: &dataset.Definition{}}
	res, err := (&metrics.ColumnDrift{Column: "review"}).Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.ColumnDriftResult)
	assert.Equal(t, "text", r.ColumnType)
	assert.Equal(t, "perc_text_content_drift", r.StatTest)
	assert.Equal(t, "Percentile text content drift", r.StatTestName)
	assert.Equal(t, metrics.Sides{Reference: 400 - 58, Current: 300 - 43}, r.RowsUsed)
	assert.Equal(t, metrics.Sides{Reference: 58, Current: 43}, r.RowsDropped)
	require.True(t, r.Drifted.Tested())
	assert.Equal(t, metrics.Drift, r.Drifted)
	assert.Greater(t, float64(r.Score), 0.95)
	require.NotNil(t, r.Text)
	assert.NotEmpty(t, r.Text.WordsCurrent)

	same := &metrics.Input{Reference: ref, Current: textFrame(t, 300, weather, 0), Definition: &dataset.Definition{}}
	res, err = (&metrics.ColumnDrift{Column: "review", DriftOptions: metrics.DriftOptions{TextStatTest: "abs_text_content_drift"}}).Compute(context.Background(), same)
	require.NoError(t, err)
	r = res.(*metrics.ColumnDriftResult)
	assert.Equal(t, "abs_text_content_drift", r.StatTest)
	assert.Equal(t, metrics.NoDrift, r.Drifted)
	assert.Less(t, float64(r.Score), 0.55)
}

// embRefs are the SciPy/scikit-learn values of
// internal/testdata/gen/embdrift_refs.py.
type embCase struct {
	Name        string             `json:"name"`
	Reference   [][]*float64       `json:"reference"`
	Current     [][]*float64       `json:"current"`
	RowsUsed    [2]int             `json:"rows_used"`
	RowsDropped [2]int             `json:"rows_dropped"`
	Distance    map[string]float64 `json:"distance"`
	Ratio       struct {
		Drifted int
		Share   float64
	} `json:"ratio"`
	MMD struct{ MMD2u float64 } `json:"mmd"`
}

func loadEmbCases(t *testing.T) []embCase {
	t.Helper()
	data, err := os.ReadFile("testdata/embdrift_refs.json")
	require.NoError(t, err)
	var refs struct {
		Cases []embCase `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(data, &refs))
	require.Len(t, refs.Cases, 3)
	return refs.Cases
}

// embFrame turns rows (nil = missing) into a frame of columns e0, e1, ...
func embFrame(t *testing.T, rows [][]*float64) (*dataset.Frame, []string) {
	t.Helper()
	d := len(rows[0])
	cols := make([]dataset.Column, d)
	names := make([]string, d)
	for j := range d {
		vals := make([]float64, len(rows))
		for i, r := range rows {
			vals[i] = math.NaN()
			if r[j] != nil {
				vals[i] = *r[j]
			}
		}
		names[j] = fmt.Sprintf("e%d", j)
		cols[j] = dataset.NewNumericColumn(names[j], vals)
	}
	f, err := dataset.New("emb", cols...)
	require.NoError(t, err)
	return f, names
}

func embInput(t *testing.T, c embCase) *metrics.Input {
	ref, names := embFrame(t, c.Reference)
	cur, _ := embFrame(t, c.Current)
	return &metrics.Input{Reference: ref, Current: cur, Definition: &dataset.Definition{Embeddings: map[string][]string{"emb": names}}}
}

func embRun(t *testing.T, m *metrics.EmbeddingsDrift, in *metrics.Input) *metrics.EmbeddingsDriftResult {
	t.Helper()
	res, err := m.Compute(context.Background(), in)
	require.NoError(t, err)
	return res.(*metrics.EmbeddingsDriftResult)
}

func TestEmbeddingsDriftAgreesWithSciPy(t *testing.T) {
	for _, c := range loadEmbCases(t) {
		in := embInput(t, c)
		for dist, want := range c.Distance {
			r := embRun(t, &metrics.EmbeddingsDrift{Embeddings: "emb", Method: "distance", Dist: dist}, in)
			relEqual(t, want, float64(r.Score), 1e-12, c.Name+" scipy.spatial.distance."+dist+" of the mean vectors")
			assert.Equal(t, want > 0.2, r.Drifted, c.Name+" "+dist)
			assert.Equal(t, 0.2, float64(r.Threshold))
			assert.Equal(t, "distance", r.Method)
			assert.Equal(t, metrics.Sides{Reference: c.RowsUsed[0], Current: c.RowsUsed[1]}, r.RowsUsed)
			assert.Equal(t, metrics.Sides{Reference: c.RowsDropped[0], Current: c.RowsDropped[1]}, r.RowsDropped)
		}
		r := embRun(t, &metrics.EmbeddingsDrift{Embeddings: "emb", Method: "ratio"}, in)
		assert.InDelta(t, c.Ratio.Share, float64(r.Score), 1e-15, c.Name+" ratio (wasserstein_distance/std >= 0.1)")
		require.NotNil(t, r.DriftedColumns)
		assert.Equal(t, c.Ratio.Drifted, *r.DriftedColumns)
		assert.Equal(t, c.Ratio.Share > 0.2, r.Drifted)

		r = embRun(t, &metrics.EmbeddingsDrift{Embeddings: "emb", Method: "mmd"}, in)
		assert.InDelta(t, math.Max(c.MMD.MMD2u, 0), float64(r.Score), 1e-12, c.Name+" MMD2u, rbf, gamma = 1/median(pairwise_distances(x, y))²")
		assert.Equal(t, c.MMD.MMD2u > 0.015, r.Drifted)
		assert.Equal(t, 0.015, float64(r.Threshold))
	}
}

func TestEmbeddingsDriftBootstrap(t *testing.T) {
	yes := true
	cases := loadEmbCases(t)
	shifted, same := embInput(t, cases[0]), embInput(t, cases[1])
	for _, method := range []string{"distance", "mmd"} {
		m := &metrics.EmbeddingsDrift{Embeddings: "emb", Method: method, Bootstrap: &yes, Seed: 1}
		d := embRun(t, m, shifted)
		assert.True(t, d.Drifted, method)
		assert.True(t, d.Bootstrap)
		assert.Greater(t, float64(d.Score), float64(d.Threshold), method)
		assert.Equal(t, d, embRun(t, m, shifted), "seeded: the same result")
	}
	// The same distribution: the mean distance stays within the bootstrap
	// spread of the reference.
	d := embRun(t, &metrics.EmbeddingsDrift{Embeddings: "emb", Method: "distance", Bootstrap: &yes, Seed: 1}, same)
	assert.False(t, d.Drifted)
	// Evidently's mmd bootstrap compares with the 5% quantile of the
	// resampled MMD²ᵤ, which sits below 0; a 0.99 quantile does not drift on
	// the same distribution.
	q := 0.99
	d = embRun(t, &metrics.EmbeddingsDrift{Embeddings: "emb", Method: "mmd", Bootstrap: &yes, QuantileProbability: &q, Seed: 1}, same)
	assert.False(t, d.Drifted)
}

func TestEmbeddingsDriftErrors(t *testing.T) {
	yes := true
	c := loadEmbCases(t)[2]
	in := embInput(t, c)
	q := 1.5
	for _, m := range []*metrics.EmbeddingsDrift{
		{Embeddings: "nope"},
		{Embeddings: "emb", Method: "magic"},
		{Embeddings: "emb", Dist: "hamming"},
		{Embeddings: "emb", Method: "ratio", ComponentStatTest: "chisquare_typo"},
		{Embeddings: "emb", Method: "ratio", Bootstrap: &yes},
		{Embeddings: "emb", PCAComponents: -1},
		{Embeddings: "emb", Method: "distance", PCAComponents: 100},
		{Embeddings: "emb", Method: "mmd", Dist: "cosine"},
		{Embeddings: "emb", QuantileProbability: &q},
		{Embeddings: "emb", Method: "mmd", MaxRows: 1},
	} {
		_, err := m.Compute(context.Background(), in)
		assert.ErrorIs(t, err, metrics.ErrOption, "%+v", m)
	}
	_, err := (&metrics.EmbeddingsDrift{Embeddings: "emb"}).Compute(context.Background(), &metrics.Input{Current: in.Current, Definition: in.Definition})
	assert.ErrorIs(t, err, metrics.ErrNoReference)

	bad := &metrics.Input{Reference: in.Reference, Current: in.Current, Definition: &dataset.Definition{Embeddings: map[string][]string{"emb": {"e0", "zz"}}}}
	_, err = (&metrics.EmbeddingsDrift{Embeddings: "emb"}).Compute(context.Background(), bad)
	assert.ErrorIs(t, err, metrics.ErrNoColumn)
	var ce *metrics.ColumnError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "zz", ce.Column)

	// Every row has a missing value: nothing to compare.
	nan := math.NaN()
	f, err := dataset.New("x", dataset.NewNumericColumn("a", []float64{1, nan}), dataset.NewNumericColumn("b", []float64{nan, 2}))
	require.NoError(t, err)
	empty := &metrics.Input{Reference: f, Current: f, Definition: &dataset.Definition{Embeddings: map[string][]string{"emb": {"a", "b"}}}}
	_, err = (&metrics.EmbeddingsDrift{Embeddings: "emb"}).Compute(context.Background(), empty)
	assert.ErrorIs(t, err, metrics.ErrEmpty)

	// A zero mean vector has no cosine distance.
	z, err := dataset.New("z", dataset.NewNumericColumn("a", []float64{-1, 1}), dataset.NewNumericColumn("b", []float64{1, -1}))
	require.NoError(t, err)
	zero := &metrics.Input{Reference: z, Current: z, Definition: &dataset.Definition{Embeddings: map[string][]string{"emb": {"a", "b"}}}}
	_, err = (&metrics.EmbeddingsDrift{Embeddings: "emb", Method: "distance", Dist: "cosine"}).Compute(context.Background(), zero)
	assert.ErrorIs(t, err, metrics.ErrEmpty)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = (&metrics.EmbeddingsDrift{Embeddings: "emb", Method: "mmd"}).Compute(ctx, in)
	assert.ErrorIs(t, err, context.Canceled)
}

// Above MaxRows per side mmd uses a seeded sample; the score stays close
// to the full one.
func TestEmbeddingsDriftMMDCap(t *testing.T) {
	c := loadEmbCases(t)[0]
	in := embInput(t, c)
	full := embRun(t, &metrics.EmbeddingsDrift{Embeddings: "emb", Method: "mmd"}, in)
	capped := embRun(t, &metrics.EmbeddingsDrift{Embeddings: "emb", Method: "mmd", MaxRows: 150, Seed: 2}, in)
	assert.NotEqual(t, full.Score, capped.Score)
	assert.InDelta(t, float64(full.Score), float64(capped.Score), 0.02)
	assert.True(t, capped.Drifted)
	assert.Equal(t, full.RowsUsed, capped.RowsUsed, "rows_used counts complete rows before the sample")
}

package stattest_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

var (
	weatherWords = strings.Fields("rain sunny cloud storm wind snow humid forecast drizzle thunder fog breeze")
	financeWords = strings.Fields("stock bond market yield dividend equity inflation rate shares profit loss trading")
	sharedWords  = strings.Fields("report today people city morning update news week local time the of and is")
)

// corpus returns n short documents mixing topic words with shared and
// stop words, drawn from a generator seeded with seed.
func corpus(n int, topic []string, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 11))
	docs := make([]string, n)
	for i := range docs {
		k := 4 + rng.IntN(10)
		w := make([]string, k)
		for j := range w {
			if rng.Float64() < 0.4 {
				w[j] = topic[rng.IntN(len(topic))]
			} else {
				w[j] = sharedWords[rng.IntN(len(sharedWords))]
			}
		}
		docs[i] = strings.Join(w, " ")
	}
	return docs
}

func runText(t *testing.T, name string, ref, cur []string, opts stattest.Options) stattest.Result {
	t.Helper()
	tt, ok := stattest.Default().Lookup(name)
	require.True(t, ok)
	res, err := tt.Run(stattest.TextInput(ref, cur), tt.DefaultThreshold, opts)
	require.NoError(t, err)
	return res
}

func TestTextDriftSameCorpus(t *testing.T) {
	// Two samples of one source: the classifier cannot tell them apart.
	mixed := append(corpus(300, weatherWords, 1), corpus(300, financeWords, 2)...)
	rng := rand.New(rand.NewPCG(3, 3))
	rng.Shuffle(len(mixed), func(i, j int) { mixed[i], mixed[j] = mixed[j], mixed[i] })
	ref, cur := mixed[:300], mixed[300:]
	for _, name := range []string{"perc_text_content_drift", "abs_text_content_drift"} {
		res := runText(t, name, ref, cur, stattest.Options{})
		assert.False(t, res.Drifted, name)
		assert.InDelta(t, 0.5, res.Score, 0.06, name)
		assert.Equal(t, res.Score, res.Statistic)
		require.NotNil(t, res.Text)
		assert.Empty(t, res.Text.WordsCurrent, "extras only on drift")
	}
	perc := runText(t, "perc_text_content_drift", ref, cur, stattest.Options{})
	require.NotNil(t, perc.Text.RandomAUC)
	// The 95th percentile of random AUCs on 300 test rows is about
	// 0.5 + 1.645·sqrt((n+1)/(12·n₊·n₋)) ≈ 0.555.
	assert.InDelta(t, 0.555, *perc.Text.RandomAUC, 0.02)
	assert.InDelta(t, 0.05, perc.PValue, 1e-15, "1 - threshold, as Evidently")
	assert.Equal(t, 300, perc.Text.TestRows)
}

func TestTextDriftDifferentCorpora(t *testing.T) {
	ref := corpus(200, weatherWords, 1)
	cur := corpus(200, financeWords, 2)
	for _, name := range []string{"perc_text_content_drift", "abs_text_content_drift"} {
		res := runText(t, name, ref, cur, stattest.Options{})
		assert.True(t, res.Drifted, name)
		assert.Greater(t, res.Score, 0.95, name)
		require.NotNil(t, res.Text)
		// The words typical of each side are that side's topic words.
		require.NotEmpty(t, res.Text.WordsCurrent)
		require.NotEmpty(t, res.Text.WordsReference)
		assert.LessOrEqual(t, len(res.Text.WordsCurrent), 25)
		for _, w := range res.Text.WordsCurrent[:5] {
			assert.Contains(t, financeWords, w, name)
		}
		for _, w := range res.Text.WordsReference[:5] {
			assert.Contains(t, weatherWords, w, name)
		}
		assert.Len(t, res.Text.ExamplesCurrent, 10)
		assert.Len(t, res.Text.ExamplesReference, 10)
	}
	abs := runText(t, "abs_text_content_drift", ref, cur, stattest.Options{})
	assert.True(t, abs.PValue != abs.PValue, "abs has no p-value")
}

// A small shift (one topic word in ten replaced) is found by the
// percentile test at 1000 rows per side while a stricter absolute
// threshold does not fire.
func TestTextDriftThresholds(t *testing.T) {
	ref := corpus(1000, weatherWords, 5)
	cur := corpus(1000, weatherWords, 6)
	rng := rand.New(rand.NewPCG(9, 9))
	for i := range cur {
		if rng.IntN(3) == 0 {
			cur[i] += " " + financeWords[rng.IntN(len(financeWords))]
		}
	}
	perc := runText(t, "perc_text_content_drift", ref, cur, stattest.Options{})
	assert.True(t, perc.Drifted)
	tt, _ := stattest.Default().Lookup("abs_text_content_drift")
	strict, err := tt.Run(stattest.TextInput(ref, cur), 0.9, stattest.Options{})
	require.NoError(t, err)
	assert.False(t, strict.Drifted)
	assert.Equal(t, perc.Score, strict.Score, "the same classifier")
	pt, ok := stattest.Default().Lookup("perc_text_content_drift")
	require.True(t, ok)
	_, err = pt.Run(stattest.TextInput(ref, cur), 1.5, stattest.Options{})
	assert.ErrorIs(t, err, stattest.ErrBadInput)
}

// Rows are sorted before the seeded split, so the order of the rows does
// not change anything, and the same seed gives the same result.
func TestTextShuffleInvariance(t *testing.T) {
	ref := corpus(150, weatherWords, 1)
	cur := append(corpus(100, weatherWords, 7), corpus(50, financeWords, 8)...)
	base := runText(t, "perc_text_content_drift", ref, cur, stattest.Options{Seed: 4})
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3 {
		rng.Shuffle(len(ref), func(i, j int) { ref[i], ref[j] = ref[j], ref[i] })
		rng.Shuffle(len(cur), func(i, j int) { cur[i], cur[j] = cur[j], cur[i] })
		assert.Equal(t, base, runText(t, "perc_text_content_drift", ref, cur, stattest.Options{Seed: 4}))
	}
	other := runText(t, "perc_text_content_drift", ref, cur, stattest.Options{Seed: 5})
	assert.Equal(t, base.Drifted, other.Drifted, "another seed, the same decision")
}

func TestTextDriftEdgeCases(t *testing.T) {
	tt, _ := stattest.Default().Lookup("abs_text_content_drift")
	_, err := tt.Run(stattest.TextInput(nil, []string{"a b"}), 0.55, stattest.Options{})
	assert.ErrorIs(t, err, stattest.ErrEmpty)
	_, err = tt.Run(stattest.TextInput([]string{"rain"}, []string{"stock"}), 0.55, stattest.Options{})
	assert.ErrorIs(t, err, stattest.ErrTooFew)
	_, err = tt.Run(stattest.NumericalInput(stattest.MustSample([]float64{1}), stattest.MustSample([]float64{2})), 0.55, stattest.Options{})
	assert.ErrorIs(t, err, stattest.ErrWrongKind)
	// Only stop words: no features, every score equal, AUC ½.
	stop := []string{"the of", "and is", "it was", "a an"}
	res, err := tt.Run(stattest.TextInput(stop, stop), 0.55, stattest.Options{})
	require.NoError(t, err)
	assert.Equal(t, 0.5, res.Score)
	assert.Equal(t, 0, res.Text.Features)
}

// Above TextMaxRows per side a seeded sample is used.
func TestTextDriftCap(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on 20000 rows")
	}
	ref := corpus(stattest.TextMaxRows+500, weatherWords, 1)
	cur := corpus(300, financeWords, 2)
	res := runText(t, "abs_text_content_drift", ref, cur, stattest.Options{})
	assert.Equal(t, [2]int{stattest.TextMaxRows, 300}, res.Text.RowsSampled)
	assert.True(t, res.Drifted)
}

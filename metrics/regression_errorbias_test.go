package metrics_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

func TestRegressionErrorBiasTableFixtures(t *testing.T) {
	for _, c := range extraFixtures(t).ErrorBias {
		t.Run(c.Name, func(t *testing.T) {
			m := &metrics.RegressionErrorBiasTable{Columns: c.Columns, TopError: c.TopError}
			r, err := m.Compute(context.Background(), c.input(t))
			require.NoError(t, err)
			res := r.(*metrics.RegressionErrorBiasTableResult)
			top := 0.05
			if c.TopError != nil {
				top = *c.TopError
			}
			assert.Equal(t, top, res.TopError)

			var names, types []string
			c.want(t, "features", &names)
			c.want(t, "feature_types", &types)
			got := map[string]metrics.ErrorBiasFeature{}
			var gotNames []string
			for _, f := range res.Features {
				got[f.Column] = f
				gotNames = append(gotNames, f.Column)
			}
			if c.Columns != nil {
				assert.Equal(t, names, gotNames, "the order of columns")
			} else {
				assert.ElementsMatch(t, names, gotNames)
			}

			sides := map[string]*metrics.ErrorBiasGroups{"current": res.Current, "reference": res.Reference}
			if c.Reference == nil {
				assert.Nil(t, res.Reference)
				delete(sides, "reference")
			}
			for side, g := range sides {
				require.NotNil(t, g, side)
				var w map[string]json.RawMessage
				c.want(t, side+" groups", &w)
				var wg struct {
					Rows, Dropped int
					Q             [2]float64
					Counts        [3]int
				}
				decodeKey(t, w, "rows", &wg.Rows)
				decodeKey(t, w, "rows_dropped", &wg.Dropped)
				decodeKey(t, w, "[quantile(err, top), quantile(err, 1 - top)]", &wg.Q)
				decodeKey(t, w, "[under, majority, over] = [err <= lo, else err >= hi, else]", &wg.Counts)
				assert.Equal(t, wg.Rows, g.Rows, side)
				assert.Equal(t, wg.Dropped, g.RowsDropped, side)
				near(t, &wg.Q[0], float64(g.QuantileLow), side, "quantile low")
				near(t, &wg.Q[1], float64(g.QuantileHigh), side, "quantile high")
				assert.Equal(t, wg.Counts, [3]int{g.Underestimation, g.Majority, g.Overestimation}, side)

				var want map[string]map[string]json.RawMessage
				c.want(t, side, &want)
				for i, name := range names {
					f, ok := got[name]
					require.True(t, ok, name)
					assert.Equal(t, types[i], f.FeatureType, name)
					b := f.Current
					if side == "reference" {
						b = f.Reference
					}
					require.NotNil(t, b, side, name)
					checkBias(t, want[name], b, side+" "+name)
				}
			}
		})
	}
}

func checkBias(t *testing.T, want map[string]json.RawMessage, got *metrics.ErrorBias, msg string) {
	t.Helper()
	dec := func(key string, v any) { decodeKey(t, want, key, v) }
	var missing int
	dec("missing = isna().sum()", &missing)
	assert.Equal(t, missing, got.Missing, msg)
	if _, ok := want["[min, max]"]; ok {
		require.NotNil(t, got.Num, msg)
		assert.Nil(t, got.Cat, msg)
		var means [4]*float64
		var minMax [2]*float64
		var rng *float64
		dec("mean [overall, under, majority, over]", &means)
		dec("[min, max]", &minMax)
		dec("range = 100*|over - under|/(max - min), 0 if equal", &rng)
		n := got.Num
		for i, g := range []metrics.Float{n.Overall, n.Under, n.Majority, n.Over} {
			near(t, means[i], float64(g), msg, "mean", i)
		}
		near(t, minMax[0], float64(n.Min), msg, "min")
		near(t, minMax[1], float64(n.Max), msg, "max")
		near(t, rng, float64(n.Range), msg, "range")
		return
	}
	require.NotNil(t, got.Cat, msg)
	assert.Nil(t, got.Num, msg)
	var modes [4]*string
	var rng *float64
	var cats []string
	var counts [3][]int
	dec("stable_value_counts().idxmax() [overall, under, majority, over]", &modes)
	dec("range: 1 if modes differ", &rng)
	dec("categories = pd.unique", &cats)
	dec("value_counts().reindex(categories, fill_value=0) [under, majority, over]", &counts)
	cb := got.Cat
	assert.Equal(t, modes, [4]*string{cb.Overall, cb.Under, cb.Majority, cb.Over}, msg)
	near(t, rng, float64(cb.Range), msg, "range")
	assert.Equal(t, cats, cb.Categories, msg)
	assert.Equal(t, counts, [3][]int{cb.Counts.Under, cb.Counts.Majority, cb.Counts.Over}, msg)
}

// The error groups are RegressionQuality's: same bounds and sizes.
func TestRegressionErrorBiasTableMatchesQualityGroups(t *testing.T) {
	c := extraFixtures(t).ErrorBias[0]
	in := c.input(t)
	ctx := context.Background()
	r, err := (&metrics.RegressionErrorBiasTable{}).Compute(ctx, in)
	require.NoError(t, err)
	q, err := (&metrics.RegressionQuality{}).Compute(ctx, in)
	require.NoError(t, err)
	b, g := r.(*metrics.RegressionErrorBiasTableResult), q.(*metrics.RegressionQualityResult)
	for _, p := range []struct {
		b *metrics.ErrorBiasGroups
		g metrics.ErrorGroups
	}{{b.Current, g.Current.Groups}, {b.Reference, g.Reference.Groups}} {
		assert.Equal(t, p.g.Quantile5, p.b.QuantileLow)
		assert.Equal(t, p.g.Quantile95, p.b.QuantileHigh)
		assert.Equal(t, [3]int{p.g.Underestimation.Count, p.g.Majority.Count, p.g.Overestimation.Count},
			[3]int{p.b.Underestimation, p.b.Majority, p.b.Overestimation})
	}
}

func TestRegressionErrorBiasTableErrors(t *testing.T) {
	ctx := context.Background()
	cur, err := dataset.New("cur", dataset.NewNumericColumn("y", []float64{1, 2, 3}),
		dataset.NewNumericColumn("pred", []float64{1, 2, 4}),
		dataset.NewStringColumn("txt", dataset.Text, []string{"a b", "c", "d"}, nil))
	require.NoError(t, err)
	def := &dataset.Definition{Target: "y", Prediction: "pred"}
	for _, top := range []float64{0, 0.5, -1, 0.7} {
		_, err := (&metrics.RegressionErrorBiasTable{TopError: &top}).Compute(ctx, &metrics.Input{Current: cur, Definition: def})
		assert.True(t, errors.Is(err, metrics.ErrOption), "top_error %v: %v", top, err)
	}
	_, err = (&metrics.RegressionErrorBiasTable{Columns: []string{"nope"}}).Compute(ctx, &metrics.Input{Current: cur, Definition: def})
	assert.True(t, errors.Is(err, metrics.ErrNoColumn), err)
	_, err = (&metrics.RegressionErrorBiasTable{Columns: []string{"txt"}}).Compute(ctx, &metrics.Input{Current: cur, Definition: def})
	assert.True(t, errors.Is(err, metrics.ErrColumnType), err)
	// no feature: an empty table, not an error
	r, err := (&metrics.RegressionErrorBiasTable{}).Compute(ctx, &metrics.Input{Current: cur, Definition: def})
	require.NoError(t, err)
	out, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"features":[]`)
	top := 0.1
	id, err := metrics.ID(&metrics.RegressionErrorBiasTable{Columns: []string{"a", "b"}, TopError: &top})
	require.NoError(t, err)
	assert.Equal(t, `RegressionErrorBiasTable(columns=["a","b"],top_error=0.1)`, id)
}

// Every result encodes to JSON, undefined statistics as null.
func TestModelExtraResultsEncode(t *testing.T) {
	cs := extraFixtures(t)
	run := func(m metrics.Metric, c extraCase) {
		r, err := m.Compute(context.Background(), c.input(t))
		require.NoError(t, err, c.Name)
		_, err = json.Marshal(r)
		require.NoError(t, err, c.Name)
	}
	for _, c := range cs.ClassBalance {
		run(&metrics.ClassificationClassBalance{}, c)
	}
	for _, c := range cs.ProbDistribution {
		run(&metrics.ClassificationProbDistribution{}, c)
	}
	for _, c := range cs.ErrorBias {
		run(&metrics.RegressionErrorBiasTable{}, c)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := (&metrics.RegressionErrorBiasTable{}).Compute(ctx, cs.ErrorBias[0].input(t))
	assert.ErrorIs(t, err, context.Canceled)
}

func ExampleRegressionErrorBiasTable() {
	y := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	pred := []float64{0, 2, 3, 4, 5, 6, 7, 8, 9, 12} // under at row 0, over at row 9
	size := []float64{5, 1, 2, 3, 1, 2, 3, 1, 2, 9}
	city := []string{"oslo", "rome", "rome", "oslo", "rome", "rome", "oslo", "rome", "rome", "lima"}
	cur, _ := dataset.New("current", dataset.NewNumericColumn("y", y), dataset.NewNumericColumn("pred", pred),
		dataset.NewNumericColumn("size", size), dataset.NewStringColumn("city", dataset.Categorical, city, nil))
	top := 0.1
	r, err := (&metrics.RegressionErrorBiasTable{TopError: &top}).Compute(context.Background(),
		&metrics.Input{Current: cur, Definition: &dataset.Definition{Target: "y", Prediction: "pred"}})
	if err != nil {
		panic(err)
	}
	res := r.(*metrics.RegressionErrorBiasTableResult)
	g := res.Current
	fmt.Printf("groups: %d under, %d majority, %d over\n", g.Underestimation, g.Majority, g.Overestimation)
	for _, f := range res.Features {
		if n := f.Current.Num; n != nil {
			fmt.Printf("%s: overall %.2f, under %.0f, over %.0f, range %.1f%%\n", f.Column, n.Overall, n.Under, n.Over, n.Range)
		} else {
			c := f.Current.Cat
			fmt.Printf("%s: overall %s, under %s, over %s, range %.0f\n", f.Column, *c.Overall, *c.Under, *c.Over, c.Range)
		}
	}
	// Output:
	// groups: 1 under, 8 majority, 1 over
	// size: overall 2.90, under 5, over 9, range 50.0%
	// city: overall rome, under oslo, over lima, range 1
}

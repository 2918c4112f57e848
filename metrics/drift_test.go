package metrics_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/metrics/stattest"
)

// seattle reads the demo data split as the demo splits it.
func seattle(t testing.TB) (ref, cur *dataset.Frame) {
	t.Helper()
	data, err := os.ReadFile("../internal/demodata/seattle-weather.csv")
	require.NoError(t, err)
	all, err := dataset.ReadCSV(context.Background(), bytes.NewReader(data), "seattle-weather.csv", nil)
	require.NoError(t, err)
	dates := all.Columns()[0].(*dataset.TimeColumn)
	var r, c []int
	for i := 0; i < all.Len(); i++ {
		tm, _ := dates.Time(i)
		if tm.Year() <= 2013 {
			r = append(r, i)
		} else {
			c = append(c, i)
		}
	}
	ref, err = all.Take(r)
	require.NoError(t, err)
	cur, err = all.Take(c)
	require.NoError(t, err)
	return ref, cur
}

// driftRefs are the SciPy values of internal/testdata/gen/drift_refs.py.
type driftRefs struct {
	Columns map[string]map[string]json.RawMessage `json:"columns"`
}

type refStat struct {
	Call      string  `json:"call"`
	Statistic float64 `json:"statistic"`
	PValue    float64 `json:"p_value"`
	Score     float64 `json:"score"`
}

func loadDriftRefs(t *testing.T) driftRefs {
	data, err := os.ReadFile("testdata/drift_seattle.json")
	require.NoError(t, err)
	var r driftRefs
	require.NoError(t, json.Unmarshal(data, &r))
	return r
}

func (r driftRefs) stat(t *testing.T, col, test string) refStat {
	var s refStat
	require.NoError(t, json.Unmarshal(r.Columns[col][test], &s), "%s/%s", col, test)
	return s
}

func relEqual(t *testing.T, want, got float64, rel float64, msg string) {
	t.Helper()
	if math.Abs(want-got) > rel*math.Max(math.Abs(want), 1e-300) {
		t.Errorf("%s: got %.17g, want %.17g (rel tol %g)", msg, got, want, rel)
	}
}

func runDataDrift(t *testing.T, m *metrics.DataDrift, ref, cur *dataset.Frame, def *dataset.Definition) *metrics.DataDriftResult {
	t.Helper()
	if def == nil {
		def = &dataset.Definition{}
	}
	res, err := m.Compute(context.Background(), &metrics.Input{Reference: ref, Current: cur, Definition: def, Cache: &metrics.Cache{}})
	require.NoError(t, err)
	return res.(*metrics.DataDriftResult)
}

func TestDataDriftSeattleAgreesWithSciPy(t *testing.T) {
	ref, cur := seattle(t)
	refs := loadDriftRefs(t)
	res := runDataDrift(t, &metrics.DataDrift{}, ref, cur, &dataset.Definition{Datetime: "date"})

	require.Len(t, res.Columns, 5, "date is the datetime column, not tested")
	byName := map[string]metrics.ColumnDriftResult{}
	for _, c := range res.Columns {
		byName[c.Column] = c
		require.Empty(t, c.Error)
	}
	for _, col := range []string{"precipitation", "temp_max", "temp_min", "wind"} {
		c := byName[col]
		want := refs.stat(t, col, "ks")
		assert.Equal(t, "ks", c.StatTest, "731 reference rows and many values: Evidently picks ks")
		assert.Equal(t, "K-S p_value", c.StatTestName)
		relEqual(t, want.Statistic, float64(c.Statistic), 1e-12, col+" statistic ("+want.Call+")")
		relEqual(t, want.PValue, float64(c.PValue), 1e-7, col+" p-value ("+want.Call+")")
		assert.Equal(t, metrics.VerdictOf(float64(c.PValue) <= 0.05), c.Drifted, col)
		assert.Equal(t, metrics.Sides{Reference: 731, Current: 730}, c.RowsUsed)
		assert.Equal(t, "histogram", c.Distribution.Kind)
		assert.Len(t, c.Distribution.Edges, len(c.Distribution.Reference)+1)
		assert.InDelta(t, 1, sum(c.Distribution.Reference), 1e-12)
		assert.InDelta(t, 1, sum(c.Distribution.Current), 1e-12)
	}
	w := byName["weather"]
	want := refs.stat(t, "weather", "chisquare")
	assert.Equal(t, "chisquare", w.StatTest)
	relEqual(t, want.Statistic, float64(w.Statistic), 1e-9, "weather chisquare statistic")
	relEqual(t, want.PValue, float64(w.PValue), 1e-7, "weather chisquare p-value")
	assert.Equal(t, metrics.Drift, w.Drifted)
	assert.Equal(t, "categories", w.Distribution.Kind)

	// temp_max, temp_min and weather drift: 3 of 5 >= 0.5.
	assert.Equal(t, 5, res.NumberOfColumns)
	assert.Equal(t, 3, res.NumberOfDriftedColumns)
	assert.InDelta(t, 0.6, float64(res.ShareOfDriftedColumns), 1e-15)
	assert.True(t, res.DatasetDrift)

	// The same with drift_share 0.7: no dataset drift.
	res = runDataDrift(t, &metrics.DataDrift{DriftShare: ptr(0.7)}, ref, cur, &dataset.Definition{Datetime: "date"})
	assert.False(t, res.DatasetDrift)
}

func TestDriftPrecedence(t *testing.T) {
	ref, cur := seattle(t)
	refs := loadDriftRefs(t)
	m := &metrics.DataDrift{DriftOptions: metrics.DriftOptions{
		StatTest:           "psi",
		NumStatTest:        "wasserstein",
		NumThreshold:       ptr(0.2),
		PerColumnStatTest:  map[string]string{"wind": "ks"},
		PerColumnThreshold: map[string]float64{"temp_max": 0.15},
	}}
	res := runDataDrift(t, m, ref, cur, &dataset.Definition{Datetime: "date"})
	got := map[string]metrics.ColumnDriftResult{}
	for _, c := range res.Columns {
		got[c.Column] = c
	}
	// Per column beats per type beats all.
	assert.Equal(t, "ks", got["wind"].StatTest)
	assert.InDelta(t, 0.2, float64(got["wind"].Threshold), 0, "threshold from the per-type level")
	assert.Equal(t, "wasserstein", got["temp_max"].StatTest)
	assert.InDelta(t, 0.15, float64(got["temp_max"].Threshold), 0, "per-column threshold")
	relEqual(t, refs.stat(t, "temp_max", "wasserstein").Score, float64(got["temp_max"].Score), 1e-9, "normed wasserstein")
	assert.Equal(t, metrics.Drift, got["temp_max"].Drifted, "0.211 >= 0.15")
	assert.Equal(t, "psi", got["weather"].StatTest, "categorical: the all-columns test")
	assert.InDelta(t, 0.1, float64(got["weather"].Threshold), 0, "psi's default threshold")
	assert.True(t, math.IsNaN(float64(got["temp_max"].PValue)), "a distance has no p-value")
}

func TestColumnDrift(t *testing.T) {
	ref, cur := seattle(t)
	refs := loadDriftRefs(t)
	in := &metrics.Input{Reference: ref, Current: cur, Definition: &dataset.Definition{}}
	res, err := (&metrics.ColumnDrift{Column: "weather", DriftOptions: metrics.DriftOptions{StatTest: "jensenshannon"}}).Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.ColumnDriftResult)
	relEqual(t, refs.stat(t, "weather", "jensenshannon").Score, float64(r.Score), 1e-9, "jensenshannon")

	// The JSON shape of the contract, p_value null for a distance.
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	for _, k := range []string{"column", "column_type", "stattest", "statistic", "p_value", "score", "threshold", "drifted", "rows_used", "rows_dropped"} {
		assert.Contains(t, m, k)
	}
	assert.Nil(t, m["p_value"])
	assert.Equal(t, "categorical", m["column_type"])

	cases := []struct {
		name string
		m    *metrics.ColumnDrift
		in   *metrics.Input
		is   error
	}{
		{"no reference", &metrics.ColumnDrift{Column: "wind"}, &metrics.Input{Current: cur, Definition: &dataset.Definition{}}, metrics.ErrNoReference},
		{"no column", &metrics.ColumnDrift{Column: "nope"}, in, metrics.ErrNoColumn},
		{"ks on a categorical column", &metrics.ColumnDrift{Column: "weather", DriftOptions: metrics.DriftOptions{StatTest: "ks"}}, in, stattest.ErrWrongKind},
		{"unknown test", &metrics.ColumnDrift{Column: "wind", DriftOptions: metrics.DriftOptions{StatTest: "nope"}}, in, metrics.ErrOption},
		{"datetime column", &metrics.ColumnDrift{Column: "date"}, in, metrics.ErrColumnType},
		{"bad alternative", &metrics.ColumnDrift{Column: "wind", DriftOptions: metrics.DriftOptions{Alternative: "sideways"}}, in, metrics.ErrOption},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.m.Compute(context.Background(), c.in)
			require.ErrorIs(t, err, c.is)
		})
	}
}

func TestDriftDropsMissingAndInfinite(t *testing.T) {
	ref, err := dataset.New("ref", dataset.NewNumericColumn("x", []float64{1, 2, 3, math.NaN(), math.Inf(1), 4, 5, 6}))
	require.NoError(t, err)
	cur, err := dataset.New("cur", dataset.NewNumericColumn("x", []float64{math.NaN(), math.NaN(), math.NaN()}))
	require.NoError(t, err)
	in := &metrics.Input{Reference: ref, Current: cur, Definition: &dataset.Definition{}}
	_, err = (&metrics.ColumnDrift{Column: "x"}).Compute(context.Background(), in)
	require.ErrorIs(t, err, metrics.ErrEmpty)
	assert.Contains(t, err.Error(), "no finite values in the current data (3 missing, 0 infinite dropped)")

	// In DataDrift the empty column is an entry with an error; the other
	// columns still decide.
	ref2, _ := dataset.New("ref", dataset.NewNumericColumn("x", []float64{1, 2, 3, 4, 5, 6}), dataset.NewNumericColumn("y", []float64{1, 2, 3, 4, 5, 6}))
	cur2, _ := dataset.New("cur", dataset.NewNumericColumn("x", []float64{math.NaN(), math.Inf(-1)}), dataset.NewNumericColumn("y", []float64{1, 2}))
	res := runDataDrift(t, &metrics.DataDrift{}, ref2, cur2, nil)
	assert.Equal(t, 1, res.NumberOfColumns)
	assert.Equal(t, 1, res.NumberOfColumnsWithErrors)
	assert.Equal(t, metrics.NotTested, res.Columns[0].Drifted, "no decision for a column that could not be tested")
	assert.Equal(t, metrics.Sides{Reference: 0, Current: 2}, res.Columns[0].RowsDropped)
	assert.Contains(t, res.Columns[0].Error, "1 missing, 1 infinite")
	require.True(t, res.Columns[1].Drifted.Tested())
}

func TestDriftShuffleInvariance(t *testing.T) {
	ref, cur := seattle(t)
	base := runDataDrift(t, &metrics.DataDrift{}, ref, cur, &dataset.Definition{Datetime: "date"})
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 3; trial++ {
		perm := rng.Perm(cur.Len())
		shuffled, err := cur.Take(perm)
		require.NoError(t, err)
		permRef := rng.Perm(ref.Len())
		shuffledRef, err := ref.Take(permRef)
		require.NoError(t, err)
		got := runDataDrift(t, &metrics.DataDrift{}, shuffledRef, shuffled, &dataset.Definition{Datetime: "date"})
		require.Len(t, got.Columns, len(base.Columns))
		for i, c := range got.Columns {
			b := base.Columns[i]
			assert.Equal(t, b.Drifted, c.Drifted, c.Column)
			relEqual(t, float64(b.Statistic), float64(c.Statistic), 1e-12, c.Column+" statistic after shuffling")
			relEqual(t, float64(b.PValue), float64(c.PValue), 1e-12, c.Column+" p-value after shuffling")
		}
		assert.Equal(t, base.DatasetDrift, got.DatasetDrift)
	}
}

func TestDataDriftDefaultColumns(t *testing.T) {
	ref, cur := seattle(t)
	def := &dataset.Definition{Datetime: "date", Target: "weather", ID: "wind"}
	res := runDataDrift(t, &metrics.DataDrift{}, ref, cur, def)
	var names []string
	for _, c := range res.Columns {
		names = append(names, c.Column)
	}
	assert.Equal(t, []string{"precipitation", "temp_max", "temp_min", "weather"}, names, "the target is tested, id and datetime are not; frame order")

	res = runDataDrift(t, &metrics.DataDrift{Columns: []string{"wind"}}, ref, cur, def)
	require.Len(t, res.Columns, 1)
}

func ptr(v float64) *float64 { return &v }

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

func TestTargetDriftSeattle(t *testing.T) {
	ref, cur := seattle(t)
	data, err := os.ReadFile("testdata/drift_seattle.json")
	require.NoError(t, err)
	var refs struct {
		Target struct {
			KS struct {
				Statistic float64 `json:"statistic"`
				PValue    float64 `json:"p_value"`
			} `json:"ks"`
			Pearson struct {
				Reference map[string]float64 `json:"reference"`
				Current   map[string]float64 `json:"current"`
			} `json:"pearson"`
			SpearmanCurrent map[string]float64 `json:"spearman_current"`
		} `json:"target_drift"`
		Penguins struct {
			Reference map[string]float64 `json:"reference"`
			Current   map[string]float64 `json:"current"`
		} `json:"penguins_cramer_v"`
	}
	require.NoError(t, json.Unmarshal(data, &refs))

	def := &dataset.Definition{Datetime: "date", Target: "temp_max"}
	in := &metrics.Input{Reference: ref, Current: cur, Definition: def, Cache: &metrics.Cache{}}
	res, err := (&metrics.TargetDrift{}).Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.TargetDriftResult)
	require.NotNil(t, r.Target)
	relEqual(t, refs.Target.KS.Statistic, float64(r.Target.Statistic), 1e-12, "target ks statistic")
	relEqual(t, refs.Target.KS.PValue, float64(r.Target.PValue), 1e-7, "target ks p-value")
	assert.Empty(t, r.Predictions)
	require.Len(t, r.Correlations, 1)
	c := r.Correlations[0]
	assert.Equal(t, "temp_max", c.Column)
	assert.Equal(t, "pearson", c.Method)
	assert.Equal(t, []string{"precipitation", "temp_min", "wind"}, c.Features)
	for i, f := range c.Features {
		relEqual(t, refs.Target.Pearson.Reference[f], float64(c.Reference[i]), 1e-9, "reference pearson "+f)
		relEqual(t, refs.Target.Pearson.Current[f], float64(c.Current[i]), 1e-9, "current pearson "+f)
	}

	res, err = (&metrics.TargetDrift{Method: "spearman"}).Compute(context.Background(), in)
	require.NoError(t, err)
	c = res.(*metrics.TargetDriftResult).Correlations[0]
	for i, f := range c.Features {
		relEqual(t, refs.Target.SpearmanCurrent[f], float64(c.Current[i]), 1e-9, "current spearman "+f)
	}

	// A prediction column is tested and correlated too.
	def2 := &dataset.Definition{Datetime: "date", Target: "temp_max", Prediction: "temp_min"}
	res, err = (&metrics.TargetDrift{}).Compute(context.Background(), &metrics.Input{Reference: ref, Current: cur, Definition: def2})
	require.NoError(t, err)
	r = res.(*metrics.TargetDriftResult)
	require.Len(t, r.Predictions, 1)
	assert.Equal(t, "temp_min", r.Predictions[0].Column)
	require.Len(t, r.Correlations, 2)
	assert.Equal(t, []string{"precipitation", "wind"}, r.Correlations[0].Features, "the prediction is not a feature")

	_, err = (&metrics.TargetDrift{}).Compute(context.Background(), &metrics.Input{Reference: ref, Current: cur, Definition: &dataset.Definition{}})
	require.ErrorIs(t, err, metrics.ErrOption)
	_, err = (&metrics.TargetDrift{Method: "magic"}).Compute(context.Background(), in)
	require.ErrorIs(t, err, metrics.ErrOption)

	// A categorical target: Cramér's V with the categorical features.
	peng, err := dataset.Read(context.Background(), "../../shared/data/penguins.json", nil)
	if err != nil {
		t.Skipf("penguins.json: %v", err)
	}
	island, _ := peng.Column("Island")
	var pr, pc []int
	for i := 0; i < peng.Len(); i++ {
		if v, _ := island.(*dataset.StringColumn).Value(i); v == "Biscoe" {
			pc = append(pc, i)
		} else {
			pr = append(pr, i)
		}
	}
	pref, _ := peng.Take(pr)
	pcur, _ := peng.Take(pc)
	pdef := &dataset.Definition{Target: "Species", ID: "Island"}
	res, err = (&metrics.TargetDrift{}).Compute(context.Background(), &metrics.Input{Reference: pref, Current: pcur, Definition: pdef})
	require.NoError(t, err)
	c = res.(*metrics.TargetDriftResult).Correlations[0]
	assert.Equal(t, "cramer_v", c.Method)
	assert.Equal(t, []string{"Sex"}, c.Features)
	assert.InDelta(t, refs.Penguins.Reference["Sex"], float64(c.Reference[0]), 1e-12)
	relEqual(t, refs.Penguins.Current["Sex"], float64(c.Current[0]), 1e-9, "current Cramér's V")
}

// Evidently 0.4.40's
// tests/metrics/data_drift/test_data_drift_table.py::test_data_drift_metrics_json_output,
// with its frames as pandas' to_csv writes them: the current prediction
// [1, 0, NaN, 5] becomes 1.0, 0.0, , 5.0 and the reference [1, 5, 4, 4]
// stays 1, 5, 4, 4. Evidently finds the categories 0, 1, 4, 5 with counts
// [1, 1, 0, 1] (current) and [0, 1, 2, 1] (reference), and a chi-square
// p-value of 0 (a category new in the current data); so does telltale
// once the pair is aligned.
func TestColumnDriftIntegerCategoriesWrittenAsFloats(t *testing.T) {
	ctx := context.Background()
	ref, err := dataset.ReadCSV(ctx, bytes.NewReader([]byte("target,prediction\n1,1\n4,5\n5,4\n5,4\n")), "ref.csv", nil)
	require.NoError(t, err)
	cur, err := dataset.ReadCSV(ctx, bytes.NewReader([]byte("target,prediction\n,1.0\n,0.0\n3.0,\n4.0,5.0\n")), "cur.csv",
		&dataset.ReadOptions{Types: map[string]dataset.Type{"target": dataset.Categorical, "prediction": dataset.Categorical}})
	require.NoError(t, err)
	ref, cur, err = dataset.Align(ref, cur, dataset.PairOptions{})
	require.NoError(t, err)
	m := &metrics.ColumnDrift{Column: "prediction", DriftOptions: metrics.DriftOptions{StatTestThreshold: ptr(0.7)}}
	res, err := m.Compute(ctx, &metrics.Input{Reference: ref, Current: cur, Definition: &dataset.Definition{}})
	require.NoError(t, err)
	r := res.(*metrics.ColumnDriftResult)
	assert.Equal(t, "chisquare", r.StatTest)
	assert.Equal(t, 0.0, float64(r.PValue))
	assert.Equal(t, metrics.Drift, r.Drifted)
	got := map[string][2]float64{}
	for i, c := range r.Distribution.Categories {
		got[c] = [2]float64{r.Distribution.Reference[i] * 4, r.Distribution.Current[i] * 3}
	}
	assert.Equal(t, map[string][2]float64{"0": {0, 1}, "1": {1, 1}, "4": {2, 0}, "5": {1, 1}}, got)
}

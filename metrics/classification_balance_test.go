package metrics_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// extraColumn is one column of a model_extra.json case: kind "int",
// "float" or "cat", null for a missing value.
type extraColumn struct {
	Kind   string            `json:"kind"`
	Values []json.RawMessage `json:"values"`
}

// extraCase is a case of metrics/testdata/model_extra.json, written by
// internal/testdata/gen/model_extra_refs.py.
type extraCase struct {
	Name    string `json:"name"`
	Mapping struct {
		Target      string            `json:"target"`
		Prediction  string            `json:"prediction"`
		Probas      map[string]string `json:"probas"`
		PosLabel    string            `json:"pos_label"`
		Numerical   []string          `json:"numerical"`
		Categorical []string          `json:"categorical"`
	} `json:"mapping"`
	Current   map[string]extraColumn     `json:"current"`
	Reference map[string]extraColumn     `json:"reference"`
	Columns   []string                   `json:"columns"`
	TopError  *float64                   `json:"top_error"`
	Bins      int                        `json:"bins"`
	Expected  map[string]json.RawMessage `json:"expected"`
}

type extraCases struct {
	ClassBalance     []extraCase `json:"class_balance"`
	ProbDistribution []extraCase `json:"prob_distribution"`
	ErrorBias        []extraCase `json:"error_bias"`
}

func (c *extraCase) want(t testing.TB, key string, v any) {
	t.Helper()
	raw, ok := c.Expected[key]
	require.True(t, ok, "fixture has %q", key)
	require.NoError(t, json.Unmarshal(raw, v), key)
}

// frame builds one side's frame, columns sorted by name.
func (c *extraCase) frame(t testing.TB, side string, cols map[string]extraColumn) *dataset.Frame {
	t.Helper()
	if cols == nil {
		return nil
	}
	names := make([]string, 0, len(cols))
	for n := range cols {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []dataset.Column
	for _, n := range names {
		col := cols[n]
		nulls := make([]bool, len(col.Values))
		for i, v := range col.Values {
			nulls[i] = string(v) == "null"
		}
		switch col.Kind {
		case "float":
			vals := make([]float64, len(col.Values))
			for i, v := range col.Values {
				vals[i] = math.NaN()
				if !nulls[i] {
					require.NoError(t, json.Unmarshal(v, &vals[i]))
				}
			}
			out = append(out, dataset.NewNumericColumn(n, vals))
		case "int":
			vals := make([]int64, len(col.Values))
			for i, v := range col.Values {
				if !nulls[i] {
					require.NoError(t, json.Unmarshal(v, &vals[i]))
				}
			}
			out = append(out, dataset.NewIntColumn(n, vals, nulls))
		default:
			vals := make([]string, len(col.Values))
			for i, v := range col.Values {
				if !nulls[i] {
					require.NoError(t, json.Unmarshal(v, &vals[i]))
				}
			}
			out = append(out, dataset.NewStringColumn(n, dataset.Categorical, vals, nulls))
		}
	}
	f, err := dataset.New(c.Name+" "+side, out...)
	require.NoError(t, err)
	return f
}

// input builds the case's metric input. Features follow the frame's
// column types; the mapping's numerical and categorical lists are what
// Definition.Features finds (the generator's kinds match them).
func (c *extraCase) input(t testing.TB) *metrics.Input {
	def := &dataset.Definition{Target: c.Mapping.Target, Prediction: c.Mapping.Prediction, PosLabel: c.Mapping.PosLabel}
	labels := make([]string, 0, len(c.Mapping.Probas))
	for l := range c.Mapping.Probas {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	for _, l := range labels {
		def.PredictionProbas = append(def.PredictionProbas, dataset.ProbaColumn{Label: l, Column: c.Mapping.Probas[l]})
	}
	in := &metrics.Input{Current: c.frame(t, "current", c.Current), Definition: def}
	if c.Reference != nil {
		in.Reference = c.frame(t, "reference", c.Reference)
	}
	return in
}

// decodeKey decodes m[key] into v; keys name pandas calls, which struct
// tags cannot hold.
func decodeKey(t testing.TB, m map[string]json.RawMessage, key string, v any) {
	t.Helper()
	raw, ok := m[key]
	require.True(t, ok, "fixture has %q", key)
	require.NoError(t, json.Unmarshal(raw, v), key)
}

func extraFixtures(t testing.TB) extraCases { return modelFixture[extraCases](t, "extra") }

func TestClassificationClassBalanceFixtures(t *testing.T) {
	for _, c := range extraFixtures(t).ClassBalance {
		t.Run(c.Name, func(t *testing.T) {
			r, err := (&metrics.ClassificationClassBalance{}).Compute(context.Background(), c.input(t))
			require.NoError(t, err)
			res := r.(*metrics.ClassificationClassBalanceResult)
			var labels []string
			c.want(t, "labels", &labels)
			assert.Equal(t, labels, res.Labels)
			sides := map[string]*metrics.ClassBalance{"current": res.Current, "reference": res.Reference}
			if c.Reference == nil {
				assert.Nil(t, res.Reference)
				delete(sides, "reference")
			}
			for name, got := range sides {
				require.NotNil(t, got, name)
				var w map[string]json.RawMessage
				c.want(t, name, &w)
				var want struct {
					Rows, Missing int
					Counts        []int
					Shares        []*float64
				}
				decodeKey(t, w, "rows = target.notna().sum()", &want.Rows)
				decodeKey(t, w, "missing = target.isna().sum()", &want.Missing)
				decodeKey(t, w, "value_counts().reindex(labels, fill_value=0)", &want.Counts)
				decodeKey(t, w, "value_counts(normalize=True).reindex(labels, fill_value=0)", &want.Shares)
				assert.Equal(t, want.Rows, got.Rows, name)
				assert.Equal(t, want.Missing, got.Missing, name)
				assert.Equal(t, want.Counts, got.Counts, name)
				require.Len(t, got.Shares, len(want.Shares), name)
				for i := range want.Shares {
					near(t, want.Shares[i], float64(got.Shares[i]), name, labels[i])
				}
			}
		})
	}
}

func TestClassificationClassBalanceEdges(t *testing.T) {
	ctx := context.Background()
	m := &metrics.ClassificationClassBalance{}
	// every target missing: counts 0, shares undefined (null)
	cur, err := dataset.New("cur", dataset.NewIntColumn("y", []int64{0, 0}, []bool{true, true}),
		dataset.NewIntColumn("pred", []int64{1, 0}, nil))
	require.NoError(t, err)
	r, err := m.Compute(ctx, &metrics.Input{Current: cur, Definition: &dataset.Definition{Target: "y", Prediction: "pred"}})
	require.NoError(t, err)
	res := r.(*metrics.ClassificationClassBalanceResult)
	assert.Equal(t, []string{"0", "1"}, res.Labels)
	assert.Equal(t, 2, res.Current.Missing)
	assert.Equal(t, []int{0, 0}, res.Current.Counts)
	b, err := json.Marshal(res.Current)
	require.NoError(t, err)
	assert.JSONEq(t, `{"rows":0,"missing":2,"counts":[0,0],"shares":[null,null]}`, string(b))

	_, err = m.Compute(ctx, &metrics.Input{Current: cur, Definition: &dataset.Definition{}})
	assert.Error(t, err)
	_, err = m.Compute(ctx, &metrics.Input{Current: cur, Definition: &dataset.Definition{Target: "nope"}})
	assert.True(t, errors.Is(err, metrics.ErrNoColumn), err)
	p, err := metrics.ParamsOf(m)
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(p))
}

package metrics_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// qualityRefs is metrics/testdata/quality_refs.json, written by
// internal/testdata/gen/quality_refs.py (pandas, SciPy, NumPy).
func qualityRefs(t testing.TB) map[string]json.RawMessage {
	t.Helper()
	b, err := os.ReadFile("testdata/quality_refs.json")
	require.NoError(t, err)
	var out map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// decode unmarshals the fixture raw into v.
func decode(t testing.TB, raw json.RawMessage, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(raw, v))
}

// fixtureFloats turns fixture values (numbers, null, "inf", "-inf") into
// float64s with NaN for null.
func fixtureFloats(t testing.TB, vals []any) []float64 {
	t.Helper()
	out := make([]float64, len(vals))
	for i, v := range vals {
		switch v := v.(type) {
		case nil:
			out[i] = math.NaN()
		case float64:
			out[i] = v
		case string:
			switch v {
			case "inf":
				out[i] = math.Inf(1)
			case "-inf":
				out[i] = math.Inf(-1)
			default:
				t.Fatalf("bad fixture value %q", v)
			}
		}
	}
	return out
}

// fixtureStrings turns fixture values (strings or null) into a string
// column of type typ.
func fixtureStrings(name string, typ dataset.Type, vals []any) *dataset.StringColumn {
	s := make([]string, len(vals))
	nulls := make([]bool, len(vals))
	for i, v := range vals {
		if v == nil {
			nulls[i] = true
		} else {
			s[i] = v.(string)
		}
	}
	return dataset.NewStringColumn(name, typ, s, nulls)
}

func frameOf(t testing.TB, cols ...dataset.Column) *dataset.Frame {
	t.Helper()
	f, err := dataset.New("test", cols...)
	require.NoError(t, err)
	return f
}

// rel asserts that got is want to a relative 1e-9 (absolute 1e-12 near
// zero); nil want means NaN (JSON null).
func rel(t testing.TB, want *float64, got metrics.Float, what string) {
	t.Helper()
	g := float64(got)
	if want == nil {
		require.Truef(t, math.IsNaN(g), "%s: got %v, want NaN", what, g)
		return
	}
	w := *want
	require.Truef(t, math.Abs(g-w) <= math.Max(1e-9*math.Abs(w), 1e-12), "%s: got %v, want %v", what, g, w)
}

func f64(v float64) *float64 { return &v }

func naN() float64 { return math.NaN() }

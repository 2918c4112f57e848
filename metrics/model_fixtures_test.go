package metrics_test

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// modelRelTol is the relative tolerance of every comparison with the
// scikit-learn and SciPy fixtures: the Go code does the same IEEE
// operations in a possibly different order (sums, trapezoids).
const modelRelTol = 1e-9

// modelFixture reads metrics/testdata/model_<name>.json, written by
// internal/testdata/gen/model_refs.py.
func modelFixture[T any](t testing.TB, name string) T {
	t.Helper()
	b, err := os.ReadFile("testdata/model_" + name + ".json")
	require.NoError(t, err)
	var out struct {
		Cases T `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(b, &out))
	return out.Cases
}

// near asserts got ≈ want within modelRelTol (absolute 1e-12 near zero);
// a nil want means NaN.
func near(t testing.TB, want *float64, got float64, msg ...any) {
	t.Helper()
	if want == nil {
		assert.True(t, math.IsNaN(got), "want NaN (null), got %v %v", got, msg)
		return
	}
	tol := math.Max(modelRelTol*math.Abs(*want), 1e-12)
	assert.InDelta(t, *want, got, tol, msg...)
}

func nearAll(t testing.TB, want []float64, got []float64, msg ...any) {
	t.Helper()
	require.Len(t, got, len(want), msg...)
	for i := range want {
		near(t, &want[i], got[i], append(msg, i)...)
	}
}

// bigUV are the two deterministic sequences of the 50,000-row cases:
// u_i = ((i·2654435761) mod 2³²)/2³², v_i = ((i·40503) mod 65536)/65536.
func bigUV(n int) (u, v []float64) {
	u, v = make([]float64, n), make([]float64, n)
	for i := range u {
		u[i] = float64((uint64(i)*2654435761)%(1<<32)) / (1 << 32)
		v[i] = float64((uint64(i)*40503)%65536) / 65536
	}
	return u, v
}

// labelColumn builds a column of labels: integers when every label is
// one, else categorical strings, so both readers are tested.
func labelColumn(name string, labels []string) dataset.Column {
	ints := make([]int64, len(labels))
	for i, l := range labels {
		v, err := strconv.ParseInt(l, 10, 64)
		if err != nil {
			return dataset.NewStringColumn(name, dataset.Categorical, labels, nil)
		}
		ints[i] = v
	}
	return dataset.NewIntColumn(name, ints, nil)
}

func ptrF(v float64) *float64 { return &v }

func ptrOf(v metrics.Float) *float64 {
	if math.IsNaN(float64(v)) {
		return nil
	}
	f := float64(v)
	return &f
}

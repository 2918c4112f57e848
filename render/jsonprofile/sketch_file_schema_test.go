package jsonprofile_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/sketch"
)

// TestSketchFilesMatchSchema encodes sketches of every column kind, exact
// and beyond the exact limits (KLL, HyperLogLog, Misra-Gries), merged
// and not, and validates the JSON inside each file against
// sketch/schema.json with this package's schema validator.
func TestSketchFilesMatchSchema(t *testing.T) {
	schema, v := loadSchemaFile(t, "../../sketch/schema.json")
	r := rand.New(rand.NewPCG(5, 5))
	mk := func(n int) *dataset.Frame {
		num, ints := make([]float64, n), make([]int64, n)
		cats, text := make([]string, n), make([]string, n)
		ts, null := make([]int64, n), make([]bool, n)
		for i := range n {
			num[i] = r.NormFloat64()
			if i%50 == 0 {
				num[i] = math.NaN()
			}
			if i%333 == 0 {
				num[i] = math.Inf(1)
			}
			ints[i] = int64(r.IntN(7))
			cats[i] = fmt.Sprintf("c%d", r.IntN(3000))
			text[i] = fmt.Sprintf("a text of some words, number %d", r.IntN(1e6))
			ts[i] = int64(r.IntN(1e6)) * 1e9
			null[i] = i%9 == 0
		}
		f, err := dataset.New("f.csv", dataset.NewNumericColumn("num", num), dataset.NewIntColumn("ints", ints, null),
			dataset.NewStringColumn("cats", dataset.Categorical, cats, null), dataset.NewStringColumn("text", dataset.Text, text, nil),
			dataset.NewTimeColumnNanos("ts", ts, null, false))
		require.NoError(t, err)
		return f
	}
	for _, c := range []struct {
		name string
		n    int
		o    sketch.Options
	}{
		{"empty", 0, sketch.Options{}},
		{"exact", 500, sketch.Options{}},
		{"beyond the limits", 20000, sketch.Options{K: 32, Bins: 16, ExactValues: 64, Categories: 64, HeavyHitters: 8, HLLPrecision: 6}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := sketch.Of(context.Background(), mk(c.n), c.o)
			require.NoError(t, err)
			b, err := sketch.Of(context.Background(), mk(c.n), c.o)
			require.NoError(t, err)
			check := func(s *sketch.Sketch) {
				var buf bytes.Buffer
				require.NoError(t, s.Encode(&buf, []string{"f.csv"}))
				zr, err := gzip.NewReader(&buf)
				require.NoError(t, err)
				raw, err := io.ReadAll(zr)
				require.NoError(t, err)
				var x map[string]any
				require.NoError(t, json.Unmarshal(raw, &x))
				assert.Empty(t, v.validate(schema, x, "$"))
				// The validator does reject: an unknown key in a column.
				cols := x["columns"].([]any)
				if len(cols) > 0 {
					cols[0].(map[string]any)["extra"] = 1.0
					assert.NotEmpty(t, v.validate(schema, x, "$"))
				}
			}
			check(a)
			check(b)
			require.NoError(t, a.Merge(b))
			check(a)
		})
	}
}

package jsonprofile_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/demodata"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/render/jsonprofile"
	"github.com/telltale-ml/telltale/report"
)

// validator checks a JSON value against the subset of JSON Schema that
// schema.json uses: type, required, properties, additionalProperties,
// items, enum, const, anyOf, oneOf, minimum, maximum, minItems, maxItems,
// contentEncoding (base64) and $ref into $defs (sketch/schema.json, the
// sketch file's schema, is checked with it too). A keyword it does not know is an error, so the schema cannot
// silently use more than is checked.
type validator struct {
	defs map[string]map[string]any
}

var known = map[string]bool{"$schema": true, "$id": true, "title": true, "description": true, "$defs": true,
	"type": true, "required": true, "properties": true, "additionalProperties": true, "items": true,
	"enum": true, "const": true, "anyOf": true, "oneOf": true, "minimum": true, "maximum": true, "minItems": true, "maxItems": true,
	"contentEncoding": true, "$ref": true}

func loadSchema(t testing.TB) (map[string]any, *validator) {
	t.Helper()
	return loadSchemaFile(t, "schema.json")
}

func loadSchemaFile(t testing.TB, path string) (map[string]any, *validator) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var s map[string]any
	require.NoError(t, json.Unmarshal(b, &s))
	v := &validator{defs: map[string]map[string]any{}}
	for k, d := range s["$defs"].(map[string]any) {
		v.defs[k] = d.(map[string]any)
	}
	return s, v
}

func (v *validator) validate(schema map[string]any, x any, path string) []string {
	var errs []string
	fail := func(f string, a ...any) { errs = append(errs, path+": "+fmt.Sprintf(f, a...)) }
	for k := range schema {
		if !known[k] {
			fail("schema keyword %q is not supported by the test's validator", k)
		}
	}
	if ref, ok := schema["$ref"].(string); ok {
		name, found := strings.CutPrefix(ref, "#/$defs/")
		d, ok := v.defs[name]
		if !found || !ok {
			fail("unknown $ref %q", ref)
			return errs
		}
		errs = append(errs, v.validate(d, x, path)...)
	}
	if alts, ok := schema["anyOf"].([]any); ok {
		matched := false
		for _, s := range alts {
			if len(v.validate(s.(map[string]any), x, path)) == 0 {
				matched = true
				break
			}
		}
		if !matched {
			fail("matches none of anyOf")
		}
	}
	if alts, ok := schema["oneOf"].([]any); ok {
		n := 0
		for _, s := range alts {
			if len(v.validate(s.(map[string]any), x, path)) == 0 {
				n++
			}
		}
		if n != 1 {
			fail("matches %d of oneOf, want exactly 1", n)
		}
	}
	if t, ok := schema["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, s := range t {
				types = append(types, s.(string))
			}
		}
		okType := false
		for _, ty := range types {
			if typeOf(x, ty) {
				okType = true
			}
		}
		if !okType {
			fail("%s is not of type %v", short(x), types)
			return errs
		}
	}
	if c, ok := schema["const"]; ok && fmt.Sprint(c) != fmt.Sprint(x) {
		fail("%s is not %v", short(x), c)
	}
	if e, ok := schema["enum"].([]any); ok {
		in := false
		for _, v := range e {
			if fmt.Sprint(v) == fmt.Sprint(x) {
				in = true
			}
		}
		if !in {
			fail("%s is not one of %v", short(x), e)
		}
	}
	if m, ok := schema["minimum"].(float64); ok {
		if f, isNum := x.(float64); isNum && f < m {
			fail("%v < minimum %v", f, m)
		}
	}
	if m, ok := schema["maximum"].(float64); ok {
		if f, isNum := x.(float64); isNum && f > m {
			fail("%v > maximum %v", f, m)
		}
	}
	if enc, ok := schema["contentEncoding"].(string); ok {
		if str, isStr := x.(string); isStr {
			if enc != "base64" {
				fail("contentEncoding %q is not supported by the test's validator", enc)
			} else if _, err := base64.StdEncoding.DecodeString(str); err != nil {
				fail("not base64: %v", err)
			}
		}
	}
	if obj, ok := x.(map[string]any); ok {
		for _, r := range asSlice(schema["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				fail("missing required %q", r)
			}
		}
		props, _ := schema["properties"].(map[string]any)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := props[k]; ok {
				errs = append(errs, v.validate(p.(map[string]any), obj[k], path+"."+k)...)
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case bool:
				if !ap {
					fail("unexpected property %q", k)
				}
			case map[string]any:
				errs = append(errs, v.validate(ap, obj[k], path+"."+k)...)
			}
		}
	}
	if arr, ok := x.([]any); ok {
		if n, ok := schema["minItems"].(float64); ok && float64(len(arr)) < n {
			fail("%d items < minItems %v", len(arr), n)
		}
		if n, ok := schema["maxItems"].(float64); ok && float64(len(arr)) > n {
			fail("%d items > maxItems %v", len(arr), n)
		}
		if it, ok := schema["items"].(map[string]any); ok {
			for i, e := range arr {
				errs = append(errs, v.validate(it, e, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	return errs
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func typeOf(x any, t string) bool {
	switch t {
	case "null":
		return x == nil
	case "boolean":
		_, ok := x.(bool)
		return ok
	case "string":
		_, ok := x.(string)
		return ok
	case "number":
		_, ok := x.(float64)
		return ok
	case "integer":
		f, ok := x.(float64)
		return ok && f == math.Trunc(f)
	case "array":
		_, ok := x.([]any)
		return ok
	case "object":
		_, ok := x.(map[string]any)
		return ok
	}
	return false
}

func short(x any) string {
	b, _ := json.Marshal(x)
	if len(b) > 60 {
		return string(b[:60]) + "…"
	}
	return string(b)
}

// validateProfile checks a profile against the schema, and each metric's
// result against the shape the schema gives its metric, when it gives one.
func validateProfile(t *testing.T, profile []byte) {
	t.Helper()
	schema, v := loadSchema(t)
	var x any
	require.NoError(t, json.Unmarshal(profile, &x))
	errs := v.validate(schema, x, "$")
	for i, m := range x.(map[string]any)["metrics"].([]any) {
		e := m.(map[string]any)
		if d, ok := v.defs[e["metric"].(string)]; ok && e["result"] != nil {
			errs = append(errs, v.validate(d, e["result"], fmt.Sprintf("$.metrics[%d].result", i))...)
		}
	}
	assert.Empty(t, errs)
}

func TestValidatorRejects(t *testing.T) {
	schema, v := loadSchema(t)
	good := map[string]any{"schema": "telltale.profile/v1", "telltale_version": "x",
		"datasets": map[string]any{"reference": nil, "current": map[string]any{"source": "a", "rows": 1.0, "columns": []any{}}},
		"metrics":  []any{}, "tests": []any{}, "notes": []any{},
		"summary": map[string]any{"total": 0.0, "success": 0.0, "fail": 0.0, "warning": 0.0, "error": 0.0, "skipped": 0.0, "failed": false}}
	assert.Empty(t, v.validate(schema, good, "$"))
	for name, mutate := range map[string]func(m map[string]any){
		"wrong schema":  func(m map[string]any) { m["schema"] = "v2" },
		"missing notes": func(m map[string]any) { delete(m, "notes") },
		"extra key":     func(m map[string]any) { m["extra"] = 1.0 },
		"bad status": func(m map[string]any) {
			m["tests"] = []any{map[string]any{"id": "a", "name": "a", "status": "OK", "description": "", "metric_id": "m", "condition": nil, "value": nil}}
		},
		"negative rows": func(m map[string]any) { m["datasets"].(map[string]any)["current"].(map[string]any)["rows"] = -1.0 },
		"fractional":    func(m map[string]any) { m["summary"].(map[string]any)["total"] = 1.5 },
		"bad condition": func(m map[string]any) {
			m["tests"] = []any{map[string]any{"id": "a", "name": "a", "status": "FAIL", "description": "", "metric_id": "m", "condition": map[string]any{"between": []any{1.0}}, "value": 1.0}}
		},
	} {
		b, _ := json.Marshal(good)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		mutate(m)
		assert.NotEmpty(t, v.validate(schema, m, "$"), name)
	}
}

// demoFrames reads the embedded Seattle weather halves.
func demoFrames(t *testing.T) (ref, cur *dataset.Frame) {
	ctx := context.Background()
	ref, err := dataset.ReadCSV(ctx, bytes.NewReader(demodata.Reference()), demodata.ReferenceName, nil)
	require.NoError(t, err)
	types := map[string]dataset.Type{}
	for _, c := range ref.Columns() {
		types[c.Name()] = c.Type()
	}
	cur, err = dataset.ReadCSV(ctx, bytes.NewReader(demodata.Current()), demodata.CurrentName, &dataset.ReadOptions{Types: types})
	require.NoError(t, err)
	ref, cur, err = dataset.Align(ref, cur, dataset.PairOptions{})
	require.NoError(t, err)
	return ref, cur
}

// modelFrames returns a model's data: features, a binary label target, a
// predicted label, the probability of "1", and a numeric target and
// prediction for regression.
func modelFrames(t *testing.T) (ref, cur *dataset.Frame) {
	mk := func(name string, seed uint64, noise float64) *dataset.Frame {
		rng := rand.New(rand.NewPCG(seed, 3))
		n := 400
		x1, x2, proba, yt, yp := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		target, pred, cat := make([]string, n), make([]string, n), make([]string, n)
		for i := range n {
			x1[i], x2[i] = rng.NormFloat64(), rng.NormFloat64()
			z := x1[i] + noise*rng.NormFloat64()
			proba[i] = 1 / (1 + math.Exp(-2*x1[i]))
			target[i], pred[i] = "0", "0"
			if z > 0 {
				target[i] = "1"
			}
			if proba[i] > 0.5 {
				pred[i] = "1"
			}
			cat[i] = []string{"a", "b", "c"}[rng.IntN(3)]
			yt[i] = 3*x1[i] + x2[i] + noise*rng.NormFloat64()
			yp[i] = 3*x1[i] + x2[i]
		}
		f, err := dataset.New(name,
			dataset.NewNumericColumn("x1", x1), dataset.NewNumericColumn("x2", x2),
			dataset.NewStringColumn("cat", dataset.Categorical, cat, nil),
			dataset.NewStringColumn("target", dataset.Categorical, target, nil),
			dataset.NewStringColumn("prediction", dataset.Categorical, pred, nil),
			dataset.NewNumericColumn("proba", proba),
			dataset.NewNumericColumn("y", yt), dataset.NewNumericColumn("y_hat", yp))
		require.NoError(t, err)
		return f
	}
	return mk("ref.csv", 1, 0.5), mk("cur.csv", 2, 0.8)
}

// textFrames are reviews: short and kind in the reference, long, angry
// and with links in the current data.
func textFrames(t *testing.T) (*dataset.Frame, *dataset.Frame) {
	t.Helper()
	mk := func(name string, n int, angry bool) *dataset.Frame {
		texts := make([]string, n)
		for i := range texts {
			if angry {
				texts[i] = fmt.Sprintf("Terrible product, it broke after %d days. Never again! See https://example.com/%d", i%9+1, i)
			} else {
				texts[i] = fmt.Sprintf("Good value. Works well, %d stars.", i%5+1)
			}
		}
		f, err := dataset.New(name, dataset.NewStringColumn("review", dataset.Text, texts, nil))
		require.NoError(t, err)
		return f
	}
	return mk("ref.csv", 80, false), mk("cur.csv", 70, true)
}

// TestEveryPresetMatchesSchema runs each metric and test preset on data it
// fits and validates the JSON profile against schema.json; it also checks
// that the output is deterministic.
func TestEveryPresetMatchesSchema(t *testing.T) {
	type kind struct {
		name string
		mk   func() presets.Preset
	}
	var all []kind
	for _, k := range []struct {
		prefix string
		m      map[string]presets.Factory
	}{{"metrics:", presets.Metrics()}, {"tests:", presets.Tests()}} {
		for name, f := range k.m {
			all = append(all, kind{k.prefix + name, f})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].name < all[j].name })
	require.NotEmpty(t, all)
	for _, p := range all {
		t.Run(p.name, func(t *testing.T) {
			var data report.Data
			switch {
			case strings.Contains(p.name, "classification") || strings.Contains(p.name, "target"):
				ref, cur := modelFrames(t)
				data = report.Data{Reference: ref, Current: cur, Definition: &dataset.Definition{
					Target: "target", Prediction: "prediction", PosLabel: "1",
					PredictionProbas: []dataset.ProbaColumn{{Label: "1", Column: "proba"}}}}
			case strings.Contains(p.name, "text"):
				ref, cur := textFrames(t)
				data = report.Data{Reference: ref, Current: cur}
			case strings.Contains(p.name, "regression"):
				ref, cur := modelFrames(t)
				data = report.Data{Reference: ref, Current: cur, Definition: &dataset.Definition{Target: "y", Prediction: "y_hat"}}
			default:
				ref, cur := demoFrames(t)
				data = report.Data{Reference: ref, Current: cur, Definition: &dataset.Definition{Datetime: "date"}}
			}
			preset := p.mk()
			if strings.Contains(p.name, "topk") {
				require.NoError(t, json.Unmarshal([]byte(`{"k": 40}`), preset))
			}
			r := &report.Report{Presets: []presets.Preset{preset}}
			s, err := r.Run(context.Background(), data, &report.Options{Version: "test"})
			require.NoError(t, err)
			require.NotEmpty(t, s.Metrics)
			for _, e := range s.Metrics {
				assert.Empty(t, e.Error, "metric %s", e.ID)
			}
			a, err := jsonprofile.Marshal(s)
			require.NoError(t, err)
			validateProfile(t, a)
			s2, err := r.Run(context.Background(), data, &report.Options{Version: "test"})
			require.NoError(t, err)
			b, err := jsonprofile.Marshal(s2)
			require.NoError(t, err)
			assert.Equal(t, string(a), string(b), "two runs on the same data diff clean")
			assert.NotContains(t, string(a), `"timestamp"`)

			// The same snapshot renders to HTML, deterministically.
			var h1, h2 bytes.Buffer
			require.NoError(t, html.Write(&h1, s, nil))
			require.NoError(t, html.Write(&h2, s2, nil))
			assert.Equal(t, h1.String(), h2.String())
			assert.Less(t, h1.Len(), 3<<20)
		})
	}
}

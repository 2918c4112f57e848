package metrics_test

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// TestMetricDocsNameTheirResult: each built-in metric's doc comment says
// "Compute returns *XResult." naming the type its Compute returns, which
// the test checks by computing it.
func TestMetricDocsNameTheirResult(t *testing.T) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	var files []*ast.File
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			f, err := parser.ParseFile(fset, n, nil, parser.ParseComments)
			require.NoError(t, err)
			files = append(files, f)
		}
	}
	pkg, err := doc.NewFromFiles(fset, files, "github.com/telltale-ml/telltale/metrics")
	require.NoError(t, err)
	docs := map[string]string{}
	for _, ty := range pkg.Types {
		docs[ty.Name] = ty.Doc
	}
	returns := regexp.MustCompile(`Compute returns \*(\w+)\.`)

	f := frameOf(t,
		dataset.NewNumericColumn("x", []float64{1, 2, 3, 4, 5, 6}),
		dataset.NewNumericColumn("y", []float64{2, 1, 4, 3, 6, 5}),
		dataset.NewNumericColumn("pa", []float64{0.9, 0.2, 0.7, 0.4, 0.6, 0.1}),
		dataset.NewStringColumn("c", dataset.Categorical, []string{"a", "b", "a", "b", "a", "b"}, nil),
		dataset.NewStringColumn("p", dataset.Categorical, []string{"a", "b", "b", "b", "a", "b"}, nil),
		dataset.NewTimeColumn("t", []time.Time{time.Unix(0, 0), time.Unix(3600, 0), time.Unix(7200, 0), time.Unix(9000, 0), time.Unix(20000, 0), time.Unix(90000, 0)}, nil))
	defs := []*dataset.Definition{
		{Embeddings: map[string][]string{"e": {"x", "y"}}},
		{Target: "c", PredictionProbas: []dataset.ProbaColumn{{Label: "a", Column: "pa"}}, PosLabel: "a"},
		{Target: "x", Prediction: "y"},
		{Target: "x", Prediction: "y", Datetime: "t"},
	}
	opts := []byte(`{"category": "a", "reg_exp": "a", "embeddings": "e"}`)
	for _, name := range metrics.CatalogNames() {
		m := metrics.Catalog()[name]()
		typ := reflect.TypeOf(m).Elem().Name()
		match := returns.FindStringSubmatch(docs[typ])
		if !assert.NotNil(t, match, "the doc of %s does not say \"Compute returns *...\"", typ) {
			continue
		}
		_, exists := docs[match[1]]
		assert.True(t, exists, "%s's doc names %s, which is not a type of the package", typ, match[1])
		require.NoError(t, json.Unmarshal(opts, m))
		computed := false
		for _, col := range []string{`{"column": "x"}`, `{"column": "c"}`} {
			require.NoError(t, json.Unmarshal([]byte(col), m))
			for _, def := range defs {
				r, err := m.Compute(context.Background(), &metrics.Input{Reference: f, Current: f, Definition: def})
				if err == nil && !computed {
					assert.Equal(t, "*metrics."+match[1], reflect.TypeOf(r).String(), "%s's doc", typ)
					computed = true
				}
			}
		}
		assert.True(t, computed, "%s computed on none of the test inputs", name)
	}
}

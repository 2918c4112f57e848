package tests_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

// evidentlyCase returns one case of tests/testdata/evidently_cases.json,
// written by internal/testdata/gen/evidently_cases.py: the input of a test
// of Evidently 0.4.40's own suite and the values pandas and scikit-learn
// compute from it, under keys naming the call.
func evidentlyCase(t *testing.T, name string) map[string]json.RawMessage {
	t.Helper()
	b, err := os.ReadFile("testdata/evidently_cases.json")
	require.NoError(t, err)
	var all map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &all))
	var c map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(all[name], &c), name)
	return c
}

// caseValue decodes key of case c into a value of type T.
func caseValue[T any](t *testing.T, c map[string]json.RawMessage, key string) T {
	t.Helper()
	raw, ok := c[key]
	require.True(t, ok, "fixture key %q", key)
	var v T
	require.NoError(t, json.Unmarshal(raw, &v))
	return v
}

// readCSV reads a CSV text as the CLI reads a file, with inferred types.
func readCSV(t *testing.T, text string) *dataset.Frame {
	t.Helper()
	f, err := dataset.ReadCSV(context.Background(), strings.NewReader(text), "data.csv", nil)
	require.NoError(t, err)
	return f
}

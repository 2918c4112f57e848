package server_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/server"
	"github.com/telltale-ml/telltale/tracking"
)

// exchange is testdata/mlflow-exchange.json: MLflow's client talking to
// MLflow's server, as recorded in the reference (see its "source").
type exchange struct {
	Source  string            `json:"source"`
	Compare string            `json:"compare"`
	Steps   []json.RawMessage `json:"steps"`
}

type exchangeStep struct {
	Note        string            `json:"note"`
	Method      string            `json:"method"`
	Path        string            `json:"path"`
	Body        json.RawMessage   `json:"body"`
	BodyText    *string           `json:"body_text"`
	ContentType string            `json:"content_type"`
	Status      int               `json:"status"`
	Response    json.RawMessage   `json:"response"`
	Capture     map[string]string `json:"capture"`
}

// replayExchange sends every recorded request to the server over store
// and checks each answer's status and JSON fields against the recording.
func replayExchange(t *testing.T, store tracking.Store) {
	data, err := os.ReadFile("testdata/mlflow-exchange.json")
	require.NoError(t, err)
	var ex exchange
	require.NoError(t, json.Unmarshal(data, &ex))
	require.NotEmpty(t, ex.Steps)
	ts := startServer(t, store, server.Options{ServeArtifacts: true})
	vars := map[string]string{}
	for i, raw := range ex.Steps {
		text := string(raw)
		for k, v := range vars {
			text = strings.ReplaceAll(text, "{{"+k+"}}", v)
		}
		var st exchangeStep
		require.NoError(t, json.Unmarshal([]byte(text), &st))
		name := fmt.Sprintf("step %d (%s %s: %s)", i+1, st.Method, st.Path, st.Note)
		require.NotContains(t, st.Path, "{{", name)
		body, ct := "", st.ContentType
		switch {
		case st.BodyText != nil:
			body = *st.BodyText
		case st.Body != nil:
			body, ct = string(st.Body), "application/json"
		}
		code, got, hdr := ts.do(t, st.Method, st.Path, ct, body, "User-Agent", "mlflow-python-client/3.6.1.dev0")
		require.Equal(t, st.Status, code, "%s: %s", name, got)
		var want any
		require.NoError(t, json.Unmarshal(st.Response, &want))
		if s, ok := want.(string); ok {
			require.Equal(t, s, got, name)
			continue
		}
		require.Equal(t, "application/json", hdr.Get("Content-Type"), name)
		var have any
		require.NoError(t, json.Unmarshal([]byte(got), &have), "%s: %s", name, got)
		// Bind the ids this answer gives, then compare with them filled in.
		for k, p := range st.Capture {
			v, ok := lookup(have, p)
			require.True(t, ok, "%s: no %s in %s", name, p, got)
			vars[k] = v.(string)
		}
		wantText := string(st.Response)
		for k, v := range vars {
			wantText = strings.ReplaceAll(wantText, "{{"+k+"}}", v)
		}
		require.NoError(t, json.Unmarshal([]byte(wantText), &want))
		if diffs := compareJSON("", want, have); len(diffs) > 0 {
			t.Fatalf("%s: the answer differs from MLflow's:\n  %s\ngot: %s", name, strings.Join(diffs, "\n  "), got)
		}
	}
}

// TestReplayMLflowExchange replays the recorded exchange against
// telltale's server over each store of the build.
func TestReplayMLflowExchange(t *testing.T) {
	for _, k := range storeKinds(t) {
		t.Run(k.name, func(t *testing.T) { replayExchange(t, k.open(t)) })
	}
}

// lookup reads a dotted path ("run.info.run_id") in decoded JSON.
func lookup(v any, p string) (any, bool) {
	for _, k := range strings.Split(p, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[k]; !ok {
			return nil, false
		}
	}
	return v, true
}

// compareJSON lists the differences between a recorded answer and one
// of telltale's: missing or extra fields, and different values (see the
// fixture's "compare").
func compareJSON(at string, want, have any) []string {
	if w, ok := want.(string); ok && w == "*" {
		return nil // a server time: any value
	}
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an object, got %v", at, have)}
		}
		var out []string
		for _, k := range sortedKeys(w) {
			hv, ok := h[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s.%s: missing", at, k))
				continue
			}
			if k == "message" {
				if _, ok := hv.(string); !ok {
					out = append(out, fmt.Sprintf("%s.%s: not a string", at, k))
				}
				continue
			}
			out = append(out, compareJSON(at+"."+k, w[k], hv)...)
		}
		for _, k := range sortedKeys(h) {
			if _, ok := w[k]; !ok {
				out = append(out, fmt.Sprintf("%s.%s: not in MLflow's answer (%v)", at, k, h[k]))
			}
		}
		return out
	case []any:
		h, ok := have.([]any)
		if !ok || len(h) != len(w) {
			return []string{fmt.Sprintf("%s: want %d elements, got %v", at, len(w), have)}
		}
		w, h = byKey(w), byKey(h)
		var out []string
		for i := range w {
			out = append(out, compareJSON(fmt.Sprintf("%s[%d]", at, i), w[i], h[i])...)
		}
		return out
	case float64:
		if hs, ok := have.(string); ok && w == math.MaxFloat64 && hs == "Infinity" {
			return nil // MLflow's SQL store clamps infinities
		}
		if h, ok := have.(float64); !ok || h != w {
			return []string{fmt.Sprintf("%s: want %v, got %v", at, w, have)}
		}
		return nil
	default:
		if want != have {
			return []string{fmt.Sprintf("%s: want %#v, got %#v", at, want, have)}
		}
		return nil
	}
}

// byKey sorts arrays of {key, ...} objects by key (MLflow keeps tags in
// the order it stored them; telltale sorts them); other arrays keep their
// order.
func byKey(a []any) []any {
	key := func(v any) (string, bool) {
		m, ok := v.(map[string]any)
		if !ok {
			return "", false
		}
		k, ok := m["key"].(string)
		return k, ok
	}
	for _, v := range a {
		if _, ok := key(v); !ok {
			return a
		}
	}
	out := append([]any(nil), a...)
	sort.SliceStable(out, func(i, j int) bool {
		ki, _ := key(out[i])
		kj, _ := key(out[j])
		return ki < kj
	})
	return out
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

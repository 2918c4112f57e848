package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzJSONDoc checks the request parser against encoding/json: it
// accepts exactly what json.Valid accepts, and every member of an object
// reads as encoding/json decodes it into a map (the last of a repeated
// name, strings unquoted alike).
func FuzzJSONDoc(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"a":1}`, `{"a" : [1, -2.5e+3, "x", true, false, null, {"b":{}}]}`, ` {"a":"\u00e9\n\"\\\/\b\f\r\t"} `,
		`{"a":1,"a":2}`, `{"run\u005fid":"x"}`, "{\"a\":\"\xff\xfe\"}", `[`, `{"a":}`, `{"a":01}`, `{"a":1.}`, `{"a":.5}`,
		`{"a":-}`, `{"a":1e}`, `{"a":"\x"}`, `{"a":"\u12"}`, "{\"a\":\"\x01\"}", `{"a":tru}`, `{"a":1}x`, `{"a":1} {}`,
		`{"a":1,}`, `[1,]`, `{,}`, `"s"`, `12`, `null`, ``, `  `, strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000), `{"a":[{"b":[{"c":[]}]}]}`, `{"\ud800":1}`, `{"a":"\ud83d\ude00"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		doc, err := parseJSONDoc(body, nil)
		ok := err == nil
		if ok != json.Valid(body) {
			t.Fatalf("%q: the parser says valid %v, json.Valid %v", body, ok, !ok)
		}
		if !ok {
			return
		}
		require.Equal(t, strings.TrimSpace(string(body)), string(doc.raw(0)))
		checkNode(t, &doc, 0, 0)
	})
}

// checkNode compares node i and its subtree with encoding/json's reading
// of its text, down to 20 levels (deeper, the cost grows as the square).
func checkNode(t *testing.T, doc *jsonDoc, i, depth int) {
	if depth > 20 {
		return
	}
	raw := doc.raw(i)
	switch raw[0] {
	case '{':
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(raw, &m), "%q", raw)
		n := 0
		for c := i + 1; c < int(doc.nodes[i].next); c = int(doc.nodes[c].next) {
			name := unquote(doc.body[doc.nodes[c].keyStart:doc.nodes[c].keyEnd])
			j := doc.member(i, name)
			require.GreaterOrEqual(t, j, 0, "%q: member %q", raw, name)
			assert.Equal(t, string(m[name]), string(doc.raw(j)), "%q: member %q", raw, name)
			checkNode(t, doc, c, depth+1)
			n++
		}
		assert.LessOrEqual(t, len(m), n, "%q: members", raw)
		for name := range m {
			assert.GreaterOrEqual(t, doc.member(i, name), 0, "%q: member %q", raw, name)
		}
	case '[':
		var a []json.RawMessage
		require.NoError(t, json.Unmarshal(raw, &a), "%q", raw)
		els := doc.elements(i)
		require.Len(t, els, len(a), "%q", raw)
		for k, c := range els {
			assert.Equal(t, string(a[k]), string(doc.raw(c)), "%q: element %d", raw, k)
			checkNode(t, doc, c, depth+1)
		}
	case '"':
		var s string
		require.NoError(t, json.Unmarshal(raw, &s), "%q", raw)
		assert.Equal(t, s, unquote(raw), "%q", raw)
	}
}

// TestParseFieldsErrors: bodies that are not a JSON object get
// encoding/json's words, as before the one-pass parser.
func TestParseFieldsErrors(t *testing.T) {
	for body, want := range map[string]string{
		`{"name":`:                  "Malformed JSON request body: unexpected EOF",
		`{"name":"a"} {"name":"b"}`: "Malformed JSON request body: more than one JSON value.",
		`{"name":"a"}x`:             "Malformed JSON request body: more than one JSON value.",
		`[1,2]`:                     "Malformed JSON request body: want a JSON object, got a JSON array.",
		`"s"`:                       "Malformed JSON request body: want a JSON object, got a JSON string.",
		`{"a":01}`:                  "Malformed JSON request body: invalid character '1' after object key:value pair",
		strings.Repeat("[", 10001):  "exceeded max depth",
	} {
		_, err := parseFields([]byte(body), new(reqBuffers))
		require.Error(t, err, "%.40s", body)
		assert.Contains(t, err.Error(), want, "%.40s", body)
	}
	for _, body := range []string{``, ` `, `null`, ` null `, `{}`} {
		f, err := parseFields([]byte(body), new(reqBuffers))
		require.NoError(t, err, body)
		assert.False(t, f.has("a"), body)
	}
}

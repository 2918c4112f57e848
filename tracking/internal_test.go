package tracking

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// Expected strings are Python's str(float) (CPython repr, "short" mode).
func TestFormatFloatLikePython(t *testing.T) {
	cases := []struct {
		v    float64
		want string
	}{
		{0.95, "0.95"}, {1, "1.0"}, {0, "0.0"}, {math.Copysign(0, -1), "-0.0"}, {-2.5, "-2.5"},
		{1e-05, "1e-05"}, {0.0001, "0.0001"}, {0.00012, "0.00012"}, {1.5e-07, "1.5e-07"},
		{1e15, "1000000000000000.0"}, {1e16, "1e+16"}, {1.2345e16, "1.2345e+16"}, {123456789.125, "123456789.125"},
		{1e100, "1e+100"}, {5e-324, "5e-324"}, {math.MaxFloat64, "1.7976931348623157e+308"},
		{0.30000000000000004, "0.30000000000000004"}, {math.NaN(), "nan"}, {math.Inf(1), "inf"}, {math.Inf(-1), "-inf"},
	}
	for _, c := range cases {
		got := formatFloat(c.v)
		assert.Equal(t, c.want, got, "%v", c.v)
		back, err := parseFloat(got)
		require.NoError(t, err)
		if !math.IsNaN(c.v) {
			assert.Equal(t, c.v, back)
		}
	}
}

func TestQuoteYAMLRoundTrip(t *testing.T) {
	for _, s := range []string{"", "plain", "on", "1:20", "012", "2024-01-02", "it's", `say "hi"`, `back\slash`,
		"tab\there", "line\nbreak", "ünïcödé ✓", "\x00\x01\x7f", "\u0085\u2028\u2029", "# not a comment", "- dash", "null", "~", "🙂"} {
		q := quoteYAML(s)
		var m map[string]string
		require.NoError(t, yaml.Unmarshal([]byte("k: "+q+"\n"), &m), q)
		assert.Equal(t, s, m["k"], q)
		got, err := decodeYAML([]byte("k: " + q + "\n"))
		require.NoError(t, err)
		assert.Equal(t, s, got["k"], q)
	}
}

// The fast meta.yaml reader must agree with the YAML decoder, and defer
// to it on anything it does not know.
func TestDecodeFlatYAML(t *testing.T) {
	doc := "artifact_uri: file:///x/0/r/artifacts\ndeleted_time: null\nend_time: null\nentry_point_name: ''\n" +
		"experiment_id: '0'\nlifecycle_stage: active\nrun_id: abc\nrun_name: \"r 1\"\nsource_type: 4\n" +
		"start_time: 1795634921933\nstatus: 3\ntags: []\nuser_id: root\nname: 'it''s'\n"
	m, ok := decodeFlatYAML([]byte(doc))
	require.True(t, ok)
	assert.Equal(t, map[string]any{
		"artifact_uri": "file:///x/0/r/artifacts", "deleted_time": nil, "end_time": nil, "entry_point_name": "",
		"experiment_id": "0", "lifecycle_stage": "active", "run_id": "abc", "run_name": "r 1", "source_type": int64(4),
		"start_time": int64(1795634921933), "status": int64(3), "tags": []any{}, "user_id": "root", "name": "it's",
	}, m)
	for _, hard := range []string{"name: a\n  folded\n", "name: \"esc\\n\"\n", "n: 012\n", "b: yes\n", "d: 2024-01-02\n", "f: 1.5\n", "k: {a: 1}\n"} {
		_, ok := decodeFlatYAML([]byte(hard))
		assert.False(t, ok, hard)
		_, err := decodeYAML([]byte(hard))
		assert.NoError(t, err, hard)
	}
}

func TestValidateKey(t *testing.T) {
	good := []string{"accuracy", "a.b", "train/loss", "with space", "a:b", "ü_1-2", "x" + strings.Repeat("y", 249)}
	for _, k := range good {
		assert.NoError(t, validateKey("metric", k), k)
	}
	bad := []string{"", ".", "..", "../x", "a/../b", "/abs", "a//b", "a/", "a/./b", "bad\nkey", "a*b", "x" + strings.Repeat("y", 250), "..hidden"}
	for _, k := range bad {
		err := validateKey("metric", k)
		assert.ErrorIs(t, err, ErrInvalid, k)
	}
}

func TestValidateArtifactPath(t *testing.T) {
	for _, p := range []string{"", "a.html", "reports/drift.html", "a..b"} {
		assert.NoError(t, validateArtifactPath(p), p)
	}
	for _, p := range []string{"/etc/passwd", "..", "../x", "a/../../x", "a/..", "./a", "a//b", `a\b`, "C:/x", "."} {
		assert.ErrorIs(t, validateArtifactPath(p), ErrInvalid, p)
	}
}

func TestNewIDs(t *testing.T) {
	r := strings.NewReader(strings.Repeat("\x00", 64))
	id, err := newExperimentID(r)
	require.NoError(t, err)
	assert.Len(t, id, 18)
	assert.NotEqual(t, byte('0'), id[0])
	rid, err := newRunID(strings.NewReader("\xef\x3c\xd2\x03\xa5\x62\x40\xb0\xac\x27\xa6\xaf\x40\x5e\x6a\x96"))
	require.NoError(t, err)
	assert.Equal(t, "ef3cd203a56240b0ac27a6af405e6a96", rid)
	assert.Regexp(t, `^[0-9a-f]{32}$`, rid)
}

func TestPageToken(t *testing.T) {
	// base64.b64encode(json.dumps({"offset": 10}).encode())
	assert.Equal(t, "eyJvZmZzZXQiOiAxMH0=", encodePageToken(10))
	n, err := decodePageToken("eyJvZmZzZXQiOiAxMH0=")
	require.NoError(t, err)
	assert.Equal(t, 10, n)
	for _, bad := range []string{"!!", "eyJvZmZzZXQiOiAwfQ==" /* offset 0 */, "e30=" /* {} */} {
		_, err := decodePageToken(bad)
		assert.ErrorIs(t, err, ErrInvalid, bad)
	}
}

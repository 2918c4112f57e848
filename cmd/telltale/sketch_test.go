package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/demodata"
)

// driftOf reads the per-column drift of a JSON profile: column -> score
// and decision.
func driftOf(t *testing.T, path string) map[string][2]any {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var p struct {
		Metrics []struct {
			Metric string `json:"metric"`
			Result struct {
				Columns []struct {
					Column  string   `json:"column"`
					Score   *float64 `json:"score"`
					Drifted *bool    `json:"drifted"`
				} `json:"columns"`
			} `json:"result"`
		} `json:"metrics"`
	}
	require.NoError(t, json.Unmarshal(b, &p))
	out := map[string][2]any{}
	for _, m := range p.Metrics {
		for _, c := range m.Result.Columns {
			require.NotNil(t, c.Score, c.Column)
			require.NotNil(t, c.Drifted, c.Column)
			out[c.Column] = [2]any{*c.Score, *c.Drifted}
		}
	}
	require.NotEmpty(t, out, "no drift columns in %s", path)
	return out
}

// TestSketchCLI walks the commands: sketch files, merge sketches,
// a report and a test on sketches, and checks the numbers against the
// report on the rows (the Seattle halves have fewer distinct values than
// the exact limits, so the sketches are exact and the scores equal).
func TestSketchCLI(t *testing.T) {
	dir := t.TempDir()
	ref, cur := filepath.Join(dir, "ref.csv"), filepath.Join(dir, "cur.csv")
	require.NoError(t, os.WriteFile(ref, demodata.Reference(), 0o644))
	require.NoError(t, os.WriteFile(cur, demodata.Current(), 0o644))
	p := func(name string) string { return filepath.Join(dir, name) }

	out, errOut, code := runCLI(t, "sketch", ref, "-o", p("ref.sketch"))
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `^wrote .*ref.sketch: 731 rows, 6 columns, [0-9.]+ KB\n$`, out)
	_, errOut, code = runCLI(t, "sketch", cur, "-o", p("cur.sketch"))
	require.Equal(t, 0, code, errOut)
	_, errOut, code = runCLI(t, "sketch", ref, cur, "-o", p("both.sketch"))
	require.Equal(t, 0, code, errOut)
	out, errOut, code = runCLI(t, "sketch", "merge", p("ref.sketch"), p("cur.sketch"), "-o", p("merged.sketch"))
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "1461 rows, 6 columns")

	// A sketch of the whole and the merge of the parts' sketches give the
	// same report.
	_, errOut, code = runCLI(t, "report", "--reference", p("both.sketch"), "--current", cur, "--preset", "data-drift", "--json", p("both.json"))
	require.Equal(t, 0, code, errOut)
	_, errOut, code = runCLI(t, "report", "--reference", p("merged.sketch"), "--current", cur, "--preset", "data-drift", "--json", p("merged.json"))
	require.Equal(t, 0, code, errOut)
	both, merged := driftOf(t, p("both.json")), driftOf(t, p("merged.json"))
	for col, b := range both {
		assert.InDelta(t, b[0], merged[col][0], 1e-12, col)
		assert.Equal(t, b[1], merged[col][1], col)
	}

	// The report: a sketch reference, a data file as the current;
	// the drift equals the drift on the rows.
	_, errOut, code = runCLI(t, "report", "--reference", p("ref.sketch"), "--current", cur, "--preset", "data-drift", "--html", p("drift.html"), "--json", p("sk.json"))
	require.Equal(t, 0, code, errOut)
	_, errOut, code = runCLI(t, "report", "--reference", ref, "--current", cur, "--preset", "data-drift", "--json", p("exact.json"))
	require.Equal(t, 0, code, errOut)
	sk, exact := driftOf(t, p("sk.json")), driftOf(t, p("exact.json"))
	require.Equal(t, len(exact), len(sk))
	for col, e := range exact {
		s := sk[col]
		assert.InDelta(t, e[0].(float64), s[0].(float64), 1e-9*math.Max(1, math.Abs(e[0].(float64))), col)
		assert.Equal(t, e[1], s[1], col)
	}
	html, err := os.ReadFile(p("drift.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), `class="approx"`)

	// The test on two sketches.
	out, errOut, code = runCLI(t, "test", "--reference", p("ref.sketch"), "--current", p("cur.sketch"), "--preset", "data-stability", "--json", p("test.json"))
	require.Contains(t, []int{0, 1}, code, errOut)
	assert.NotContains(t, out+errOut, "panic")
	tj, err := os.ReadFile(p("test.json"))
	require.NoError(t, err)
	assert.Contains(t, string(tj), `"sketch": true`)
}

// TestSketchCLIErrors: bad input gets exit code 2 and a message naming
// the file; nothing is overwritten.
func TestSketchCLIErrors(t *testing.T) {
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.csv")
	require.NoError(t, os.WriteFile(ref, demodata.Reference(), 0o644))
	bad := filepath.Join(dir, "bad.sketch")
	require.NoError(t, os.WriteFile(bad, []byte("not a sketch"), 0o644))
	good := filepath.Join(dir, "good.sketch")
	_, errOut, code := runCLI(t, "sketch", ref, "-o", good)
	require.Equal(t, 0, code, errOut)

	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"corrupt sketch in merge":  {[]string{"sketch", "merge", good, bad, "-o", filepath.Join(dir, "m.sketch")}, "bad.sketch"},
		"corrupt sketch in report": {[]string{"report", "--reference", bad, "--current", ref, "--preset", "data-drift", "--json", filepath.Join(dir, "r.json")}, "bad.sketch"},
		"output is an input":       {[]string{"sketch", ref, "-o", ref}, "also an input"},
		"no output":                {[]string{"sketch", ref}, "-o OUT.sketch"},
		"no input":                 {[]string{"sketch", "-o", filepath.Join(dir, "x.sketch")}, "at least one data file"},
		"missing file":             {[]string{"sketch", filepath.Join(dir, "nope.csv"), "-o", filepath.Join(dir, "x.sketch")}, "nope.csv"},
		"bad k":                    {[]string{"sketch", ref, "--k", "-3", "-o", filepath.Join(dir, "x.sketch")}, "k"},
	} {
		t.Run(name, func(t *testing.T) {
			_, errOut, code := runCLI(t, c.args...)
			assert.Equal(t, 2, code, errOut)
			assert.Contains(t, errOut, c.want)
			assert.NotContains(t, errOut, "panic")
		})
	}
	for _, f := range []string{"m.sketch", "r.json", "x.sketch"} {
		_, err := os.Stat(filepath.Join(dir, f))
		assert.True(t, os.IsNotExist(err), "%s written despite the error", f)
	}
	b, err := os.ReadFile(ref)
	require.NoError(t, err)
	assert.Equal(t, string(demodata.Reference()), string(b), "the input was overwritten")

	// A metric that needs the rows says so.
	_, errOut, code = runCLI(t, "report", "--reference", good, "--current", good, "--preset", "regression", "--target", "temp_max", "--prediction", "temp_min", "--json", filepath.Join(dir, "reg.json"))
	assert.Equal(t, 2, code, errOut)
	assert.Contains(t, errOut, "cannot be computed from a sketch")
}

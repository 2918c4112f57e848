package main

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/demodata"
)

// weatherFiles writes the demo data (Seattle weather; 2012-2013 the
// reference, 2014-2015 the current data) to dir with the predictions of a
// naive "same as yesterday" forecaster: pred_weather (multiclass),
// rain/pred_rain/p_rain (binary, with a probability from yesterday's
// precipitation) and pred_temp (regression of temp_max).
func weatherFiles(t *testing.T, dir string) (ref, cur string) {
	t.Helper()
	write := func(name string, data []byte) string {
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		var b strings.Builder
		b.WriteString(lines[0] + ",pred_weather,rain,pred_rain,p_rain,pred_temp\n")
		prev := strings.Split(lines[1], ",")
		for _, l := range lines[1:] {
			f := strings.Split(l, ",")
			require.Len(t, f, 6, l)
			rain := func(f []string) string {
				if f[5] == "rain" {
					return "1"
				}
				return "0"
			}
			precip, err := strconv.ParseFloat(prev[1], 64)
			require.NoError(t, err)
			fmt.Fprintf(&b, "%s,%s,%s,%s,%g,%s\n", l, prev[5], rain(f), rain(prev), min(1, precip/10), prev[2])
			prev = f
		}
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(b.String()), 0o644))
		return p
	}
	return write("ref.csv", demodata.Reference()), write("cur.csv", demodata.Current())
}

func TestEveryPresetOnTheDemoData(t *testing.T) {
	dir := t.TempDir()
	ref, cur := weatherFiles(t, dir)
	data := []string{"--reference", ref, "--current", cur}
	multiclass := []string{"--target", "weather", "--prediction", "pred_weather", "--id", "date"}
	binary := []string{"--target", "rain", "--prediction-probas", "p_rain", "--id", "date"}
	regression := []string{"--target", "temp_max", "--prediction", "pred_temp", "--id", "date"}
	for _, c := range []struct {
		cmd, preset string
		mapping     []string
	}{
		{"report", "data-drift", []string{"--datetime", "date"}},
		{"report", "data-summary", nil},
		{"report", "data-quality", nil},
		{"report", "classification", multiclass},
		{"report", "classification", binary},
		{"report", "regression", regression},
		{"report", "target-drift", regression},
		{"test", "data-stability", nil},
		{"test", "data-quality", nil},
		{"test", "data-drift", regression},
		{"test", "no-target-performance", regression},
		{"test", "regression", regression},
		{"test", "binary-classification", binary},
		{"test", "multiclass-classification", multiclass},
	} {
		t.Run(c.cmd+"/"+c.preset, func(t *testing.T) {
			out := filepath.Join(dir, c.cmd+"-"+c.preset+".json")
			args := append(append([]string{c.cmd, "--preset", c.preset, "--json", out}, data...), c.mapping...)
			stdout, stderr, code := runCLI(t, args...)
			require.Contains(t, []int{0, 1}, code, "%s\n%s", stdout, stderr)
			var profile struct {
				Metrics []struct {
					ID    string `json:"id"`
					Error string `json:"error"`
				} `json:"metrics"`
				Tests []struct {
					ID          string `json:"id"`
					Status      string `json:"status"`
					Description string `json:"description"`
				} `json:"tests"`
				Summary struct {
					Total  int  `json:"total"`
					Failed bool `json:"failed"`
				} `json:"summary"`
			}
			b, err := os.ReadFile(out)
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(b, &profile))
			require.NotEmpty(t, profile.Metrics)
			for _, m := range profile.Metrics {
				assert.Empty(t, m.Error, m.ID)
			}
			for _, o := range profile.Tests {
				assert.NotEqual(t, "ERROR", o.Status, "%s: %s", o.ID, o.Description)
			}
			if c.cmd == "test" {
				assert.NotZero(t, profile.Summary.Total)
				assert.Equal(t, profile.Summary.Failed, code == 1)
			} else {
				assert.Equal(t, 0, code)
			}
		})
	}

	// Top-k needs k: from a config file.
	cfg := filepath.Join(dir, "topk.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte(`reference: ref.csv
current: cur.csv
mapping: {target: rain, prediction_probas: [p_rain], id: date}
presets:
  - {preset: binary-classification-topk, k: 100}
`), 0o644))
	stdout, stderr, code := runCLI(t, "test", "--config", cfg)
	require.Contains(t, []int{0, 1}, code, "%s\n%s", stdout, stderr)
	assert.Contains(t, stdout, "AccuracyScore(k=100)")
	assert.NotContains(t, stdout, "ERROR ")
}

func TestSuiteUsageErrors(t *testing.T) {
	dir := t.TempDir()
	ref, cur := weatherFiles(t, dir)
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("tests:\n  - test: NumberOfRows\n    lt_e: 3\n"), 0o644))
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"test", "--current", cur}, "nothing to do"},
		{[]string{"test", "--preset", "data-drift"}, "give the current data"},
		{[]string{"test", "--preset", "nope", "--current", cur}, `unknown preset "nope"`},
		{[]string{"test", "--config", bad, "--current", cur}, `bad.yaml:3: tests[0]: unknown key "lt_e"`},
		{[]string{"test", "--preset", "data-drift", "--current", filepath.Join(dir, "missing.csv"), "--reference", ref}, "missing.csv"},
		{[]string{"test", "--preset", "regression", "--current", cur, "--reference", ref}, "the mapping has no target"},
		{[]string{"report", "--preset", "data-drift", "--current", cur, "--target", "nope"}, "nope"},
		{[]string{"report", "extra", "--current", cur}, `unexpected argument "extra"`},
	} {
		_, stderr, code := runCLI(t, c.args...)
		assert.Equal(t, 2, code, "%v: %s", c.args, stderr)
		assert.Contains(t, stderr, c.err, c.args)
	}
	out, _, code := runCLI(t, "test", "--list")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "ShareOfDriftedColumns")
	assert.Contains(t, out, "data-stability")
	out, _, code = runCLI(t, "test", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "prediction_probas")
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// telltaleBinary builds the telltale command once per test binary, with
// CGO_ENABLED=0 as the README does.
func telltaleBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "telltale-e2e")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "telltale")
		// As the README says to build it.
		build := exec.Command("go", "build", "-o", binPath, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := build.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, buildErr)
	return binPath
}

func TestExitCodesEndToEnd(t *testing.T) {
	bin := telltaleBinary(t)
	dir := t.TempDir()
	ref, cur := weatherFiles(t, dir)
	config := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	pass := config("pass.yaml", `reference: ref.csv
current: cur.csv
mapping: {id: date}
tests:
  - test: NumberOfRows
    gt: 700
  - test: ColumnShareOfMissingValues
    column: wind
    eq: 0
  - test: ColumnValueMax      # 2014-2015 were warmer than 35.6: a warning only
    column: temp_max
    lte: 35
    critical: false
`)
	fail := config("fail.yaml", `reference: ref.csv
current: cur.csv
tests:
  - test: NumberOfRows
    lt: 100
  - test: ColumnShareOfMissingValues
    column: wind
    eq: 0
`)
	exitOf := func(err error) int {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		require.NoError(t, err)
		return 0
	}

	junitPath, mdPath, jsonPath := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "summary.md"), filepath.Join(dir, "p.json")
	cmd := exec.Command(bin, "test", "--config", pass, "--junit", junitPath, "--markdown", mdPath, "--json", jsonPath)
	out, err := cmd.Output()
	assert.Equal(t, 0, exitOf(err), string(out))
	assert.Contains(t, string(out), "WARNING")
	assert.Contains(t, string(out), "PASSED: 2 of 3 tests passed (1 warning)")
	assert.NotContains(t, string(out), "\033[", "no colour when stdout is not a terminal")
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suite    struct {
			Cases []struct {
				Name string `xml:"name,attr"`
				Out  string `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	b, err := os.ReadFile(junitPath)
	require.NoError(t, err)
	require.NoError(t, xml.Unmarshal(b, &doc))
	assert.Equal(t, 3, doc.Tests)
	assert.Equal(t, 0, doc.Failures)
	require.Len(t, doc.Suite.Cases, 3)
	assert.Equal(t, "ColumnValueMax(column=temp_max)", doc.Suite.Cases[2].Name)
	assert.Contains(t, doc.Suite.Cases[2].Out, "WARNING: ")
	md, err := os.ReadFile(mdPath)
	require.NoError(t, err)
	assert.Contains(t, string(md), "## ✅ telltale: all 3 tests passed")
	var profile struct {
		Tests []map[string]any `json:"tests"`
	}
	b, err = os.ReadFile(jsonPath)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &profile))
	require.Len(t, profile.Tests, 3)
	for _, k := range []string{"id", "name", "status", "description", "metric_id", "condition", "value"} {
		assert.Contains(t, profile.Tests[0], k)
	}

	out, err = exec.Command(bin, "test", "--config", fail, "--junit", junitPath).Output()
	assert.Equal(t, 1, exitOf(err), string(out))
	assert.Contains(t, string(out), "FAIL")
	assert.Contains(t, string(out), "Number of rows")
	b, err = os.ReadFile(junitPath)
	require.NoError(t, err)
	require.NoError(t, xml.Unmarshal(b, &doc))
	assert.Equal(t, 1, doc.Failures)

	// report never gates on its tests.
	out, err = exec.Command(bin, "report", "--config", fail, "--preset", "data-drift").Output()
	assert.Equal(t, 0, exitOf(err), string(out))

	for _, args := range [][]string{
		{"test", "--config", filepath.Join(dir, "nope.yaml")},
		{"test", "--reference", ref, "--current", cur, "--preset", "no-such-preset"},
		{"test", "--reference", ref, "--current", cur},
		{"test", "--bogus-flag"},
	} {
		c := exec.Command(bin, args...)
		var stderr strings.Builder
		c.Stderr = &stderr
		err := c.Run()
		assert.Equal(t, 2, exitOf(err), "%v: %s", args, stderr.String())
		assert.NotEmpty(t, stderr.String())
	}
}

func TestDemoRunsPresetsAndSuite(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runCLI(t, "demo", "--out", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "2 warnings")
	b, err := os.ReadFile(filepath.Join(dir, "telltale-demo.json"))
	require.NoError(t, err)
	var p struct {
		Metrics []struct {
			Metric string `json:"metric"`
			Error  string `json:"error"`
		} `json:"metrics"`
		Tests   []struct{ Status string } `json:"tests"`
		Summary struct{ Warning, Total int }
	}
	require.NoError(t, json.Unmarshal(b, &p))
	names := map[string]bool{}
	for _, m := range p.Metrics {
		names[m.Metric] = true
		assert.Empty(t, m.Error, m.Metric)
	}
	for _, n := range []string{"DataDrift", "DatasetSummary", "ColumnSummaries"} {
		assert.True(t, names[n], n)
	}
	assert.Equal(t, 10, p.Summary.Total)
	assert.Equal(t, 2, p.Summary.Warning)
}

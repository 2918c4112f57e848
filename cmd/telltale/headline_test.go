package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/report"
)

func TestReportPrintsAHeadlinePerMetric(t *testing.T) {
	dir := t.TempDir()
	ref, cur := weatherFiles(t, dir)
	stdout, stderr, code := runCLI(t, "report", "--reference", ref, "--current", cur,
		"--preset", "data-drift,classification", "--target", "weather", "--prediction", "pred_weather", "--datetime", "date")
	require.Equal(t, 0, code, "%s\n%s", stdout, stderr)
	assert.NotContains(t, stdout, "metrics computed")
	assert.Regexp(t, `(?m)^DataDrift: dataset drift detected: \d of \d+ columns drifted \(.*temp_max.*\)$`, stdout)
	assert.Regexp(t, `(?m)^ClassificationQuality: multiclass: accuracy 0\.\d+ vs 0\.\d+ in the reference, F1 0\.\d+ vs 0\.\d+ in the reference$`, stdout)
	assert.Contains(t, stdout, "also computed: ClassificationClassBalance, ClassificationByClass", "metrics without a headline are named")
}

func TestReportWithNothingComputedIsBadUsage(t *testing.T) {
	dir := t.TempDir()
	ref, cur := weatherFiles(t, dir)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--preset", "regression", "--reference", ref, "--current", cur}, "RegressionQuality: the column mapping needs a target and a prediction"},
		{[]string{"--preset", "data-drift", "--current", cur}, "DataDrift: needs reference data"},
	} {
		out := filepath.Join(dir, "out.json")
		stdout, stderr, code := runCLI(t, append(append([]string{"report"}, c.args...), "--json", out)...)
		assert.Equal(t, 2, code, "%s\n%s", stdout, stderr)
		assert.Contains(t, stderr, "no metric could be computed")
		assert.Contains(t, stderr, c.want)
		assert.NoFileExists(t, out)
	}
	// Some metrics computed, some not: the report is written, exit 0,
	// and the failure is printed once with its reason.
	stdout, stderr, code := runCLI(t, "report", "--preset", "data-summary,regression", "--reference", ref, "--current", cur)
	assert.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "RegressionQuality: failed: the column mapping needs a target")
	assert.NotContains(t, stdout, "RegressionQuality: RegressionQuality:")
	assert.Contains(t, stdout, "DatasetSummary: 730 rows")

	stdout, _, _ = runCLI(t, "report", "--help")
	assert.Contains(t, stdout, "even when some metrics failed")
}

func TestVerdictLine(t *testing.T) {
	for _, c := range []struct {
		sum  report.Summary
		want string
	}{
		{report.Summary{Total: 17, Success: 15, Fail: 2, Failed: true}, "FAILED: 2 of 17 tests failed (15 passed)"},
		{report.Summary{Total: 5, Success: 1, Fail: 1, Error: 1, Warning: 1, Skipped: 1, Failed: true}, "FAILED: 2 of 5 tests failed (1 errored, 1 passed, 1 warning, 1 skipped)"},
		{report.Summary{Total: 2, Fail: 2, Failed: true}, "FAILED: 2 of 2 tests failed"},
		{report.Summary{Total: 17, Success: 17}, "PASSED: all 17 tests passed"},
		{report.Summary{Total: 3, Success: 2, Warning: 1}, "PASSED: 2 of 3 tests passed (1 warning)"},
		{report.Summary{Total: 4, Success: 1, Warning: 2, Skipped: 1}, "PASSED: 1 of 4 tests passed (2 warnings, 1 skipped)"},
	} {
		assert.Equal(t, c.want, verdict(c.sum))
	}
}

package markdown_test

import (
	"bytes"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/render/markdown"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

func TestWrite(t *testing.T) {
	s := &report.Snapshot{
		Tests: []tests.Outcome{
			{ID: "NumberOfRows", Status: tests.Success, Description: "Number of rows is 40; expected > 30", Value: 40},
			{ID: "ShareOfDriftedColumns", Status: tests.Fail, Description: "Share | <b>drifted</b>\nis 0.4", Value: 0.4},
			{ID: "A`B", Status: tests.Warning, Description: "warned", Value: metrics.Float(math.NaN())},
		},
		Metrics:  []report.MetricEntry{{ID: "DataDrift", Error: "boom"}},
		Summary:  report.Summary{Total: 3, Success: 1, Fail: 1, Warning: 1, Failed: true},
		Datasets: report.Datasets{Reference: &report.DatasetInfo{Source: "ref.csv", Rows: 10}, Current: report.DatasetInfo{Source: "cur.csv", Rows: 40}},
	}
	var buf bytes.Buffer
	require.NoError(t, markdown.Write(&buf, s))
	out := buf.String()
	assert.True(t, strings.HasPrefix(out, "## ❌ telltale: 1 of 3 tests failed\n\n✅ 1 SUCCESS · ❌ 1 FAIL · ⚠️ 1 WARNING\n"), out)
	assert.Contains(t, out, "Reference: `ref.csv` (10 rows) · Current: `cur.csv` (40 rows)")
	assert.Contains(t, out, "| ❌ FAIL | `ShareOfDriftedColumns` | 0.4 | Share &#124; &#60;b&#62;drifted&#60;/b&#62; is 0.4 |\n")
	assert.Contains(t, out, "| ⚠️ WARNING | `A'B` |  | warned |\n")
	assert.Contains(t, out, "<details><summary>1 passed or skipped</summary>\n\n| Status | Test | Value | Description |\n|---|---|---:|---|\n| ✅ SUCCESS | `NumberOfRows` | 40 |")
	assert.Contains(t, out, "**Metrics that failed**\n\n- `DataDrift`: boom")
	assert.NotContains(t, out, "<b>")

	s.Tests, s.Summary, s.Metrics = s.Tests[:1], report.Summary{Total: 1, Success: 1}, nil
	buf.Reset()
	require.NoError(t, markdown.Write(&buf, s))
	assert.True(t, strings.HasPrefix(buf.String(), "## ✅ telltale: all 1 tests passed"), buf.String())
	assert.NotContains(t, buf.String(), "Metrics that failed")
}

// A column named @octocat must not ping a GitHub user from a pull-request
// comment (issue 17.15): outside code spans, no "@" is directly followed
// by a name character, as GitHub's mention filter requires.
func TestMentionsAreNeutralised(t *testing.T) {
	s := &report.Snapshot{
		Tests: []tests.Outcome{
			{ID: "ColumnDrift(column=@octocat)", Status: tests.Fail, Description: "Drift detected for column @octocat; cc @org/team and mail a@b.io", Value: 0.01},
			{ID: "NumberOfRows", Status: tests.Success, Description: "@here 40 rows", Value: 40},
		},
		Metrics:  []report.MetricEntry{{ID: "ColumnSummary(column=@octocat)", Error: "column \"@octocat\" is empty"}},
		Summary:  report.Summary{Total: 2, Success: 1, Fail: 1, Failed: true},
		Datasets: report.Datasets{Current: report.DatasetInfo{Source: "@octocat.csv", Rows: 40}},
	}
	var buf bytes.Buffer
	require.NoError(t, markdown.Write(&buf, s))
	out := buf.String()
	// Code spans are safe: GitHub finds no mentions in code.
	text := regexp.MustCompile("`[^`\n]*`").ReplaceAllString(out, "")
	assert.NotRegexp(t, `@[A-Za-z0-9]`, text, out)
	assert.Contains(t, out, "column @\u2060octocat; cc @\u2060org/team", "the text still reads @octocat")
	assert.Contains(t, out, "`ColumnDrift(column=@octocat)`")
}

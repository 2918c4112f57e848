// Package markdown writes a summary of a report snapshot as GitHub-flavoured
// Markdown, for a pull-request comment or $GITHUB_STEP_SUMMARY: a headline
// with the verdict and the counts by status, a table of the tests that
// FAILed, ERRORed or WARNed, and the rest (SUCCESS, SKIPPED) folded in a
// <details> block so that a suite of hundreds of generated tests stays
// readable. Text from the data is escaped so that it cannot break the
// table, inject HTML or mention (notify) a GitHub user.
package markdown

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

var icons = map[tests.Status]string{
	tests.Success: "✅", tests.Fail: "❌", tests.Warning: "⚠️", tests.Error: "💥", tests.Skipped: "⏭️",
}

// Write writes the Markdown summary of s to w. The output is deterministic.
func Write(w io.Writer, s *report.Snapshot) error {
	b := bufio.NewWriter(w)
	sum := s.Summary
	switch {
	case sum.Total == 0:
		fmt.Fprintf(b, "## telltale: %d metrics computed, no tests\n\n", len(s.Metrics))
	case sum.Failed:
		fmt.Fprintf(b, "## ❌ telltale: %d of %d tests failed\n\n", sum.Fail+sum.Error, sum.Total)
	default:
		fmt.Fprintf(b, "## ✅ telltale: all %d tests passed\n\n", sum.Total)
	}
	if sum.Total > 0 {
		var counts []string
		for _, st := range tests.Statuses() {
			if n := count(sum, st); n > 0 {
				counts = append(counts, fmt.Sprintf("%s %d %s", icons[st], n, st))
			}
		}
		fmt.Fprintf(b, "%s\n\n", strings.Join(counts, " · "))
	}
	if ref := s.Datasets.Reference; ref != nil {
		fmt.Fprintf(b, "Reference: `%s` (%d rows) · ", code(ref.Source), ref.Rows)
	}
	fmt.Fprintf(b, "Current: `%s` (%d rows)\n", code(s.Datasets.Current.Source), s.Datasets.Current.Rows)
	var bad, good []tests.Outcome
	for _, o := range s.Tests {
		if o.Status == tests.Success || o.Status == tests.Skipped {
			good = append(good, o)
		} else {
			bad = append(bad, o)
		}
	}
	if len(bad) > 0 {
		b.WriteString("\n")
		table(b, bad)
	}
	if len(good) > 0 {
		fmt.Fprintf(b, "\n<details><summary>%d passed or skipped</summary>\n\n", len(good))
		table(b, good)
		b.WriteString("\n</details>\n")
	}
	var failed []string
	for _, m := range s.Metrics {
		if m.Error != "" {
			failed = append(failed, fmt.Sprintf("- `%s`: %s", code(m.ID), cell(m.Error)))
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(b, "\n**Metrics that failed**\n\n%s\n", strings.Join(failed, "\n"))
	}
	return b.Flush()
}

func table(b *bufio.Writer, os []tests.Outcome) {
	b.WriteString("| Status | Test | Value | Description |\n|---|---|---:|---|\n")
	for _, o := range os {
		v := ""
		if f := float64(o.Value); !math.IsNaN(f) {
			v = strconv.FormatFloat(f, 'g', 4, 64)
		}
		fmt.Fprintf(b, "| %s %s | `%s` | %s | %s |\n", icons[o.Status], o.Status, code(o.ID), v, cell(o.Description))
	}
}

func count(s report.Summary, st tests.Status) int {
	switch st {
	case tests.Success:
		return s.Success
	case tests.Fail:
		return s.Fail
	case tests.Warning:
		return s.Warning
	case tests.Error:
		return s.Error
	}
	return s.Skipped
}

// cell escapes text for a table cell: HTML and Markdown punctuation
// become character references, newlines spaces. An @ is followed by a
// WORD JOINER (U+2060, invisible): GitHub links "@name" to a user, and
// notifies them, wherever it stands in text (a character reference such
// as &#64; is decoded before mentions are found, so it would not help); a
// column named @octocat must not ping anyone. Code spans are left alone:
// GitHub finds no mentions in code.
func cell(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '@':
			b.WriteString("@\u2060")
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		case '|', '<', '>', '&', '*', '_', '`', '[', ']', '\\', '#', '~':
			fmt.Fprintf(&b, "&#%d;", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// code prepares text for an inline code span: backticks and pipes (which
// GitHub's tables split on even in code) are replaced, newlines dropped.
func code(s string) string {
	return strings.NewReplacer("`", "'", "|", "¦", "\n", " ", "\r", " ").Replace(s)
}

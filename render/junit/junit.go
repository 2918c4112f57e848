// Package junit writes a report snapshot's test outcomes as JUnit XML, the
// format CI systems (GitHub Actions test reporters, GitLab, Jenkins) load
// to show tests, their failures and their history.
//
// The document is one <testsuites> holding one <testsuite> named
// "telltale"; each test outcome is a <testcase> whose name is the test's
// ID (stable from run to run, so CI can track its history) and whose
// classname is "telltale." followed by the test's name. By status:
//
//   - SUCCESS: a passing testcase.
//   - FAIL: a <failure> with the description as message.
//   - ERROR: an <error> with the description as message (the metric failed).
//   - SKIPPED: a <skipped> with the reason as message.
//   - WARNING: a passing testcase (a warning does not fail the pipeline,
//     as telltale's exit code says) whose <system-out> reads
//     "WARNING: " and the description. GitLab and Jenkins show a
//     testcase's system-out beside it, and the GitHub test-report actions
//     show it in the test's details; marking warnings <skipped> instead
//     would hide that the check ran and would count them as not run.
//
// Every testcase's <system-out> also holds its status, value, condition
// and metric, so a reader of the CI page sees what was checked.
package junit

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

// Testsuites is the JUnit document.
type Testsuites struct {
	XMLName  xml.Name    `xml:"testsuites"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Suites   []Testsuite `xml:"testsuite"`
}

// Testsuite is the suite of one snapshot.
type Testsuite struct {
	Name       string     `xml:"name,attr"`
	Tests      int        `xml:"tests,attr"`
	Failures   int        `xml:"failures,attr"`
	Errors     int        `xml:"errors,attr"`
	Skipped    int        `xml:"skipped,attr"`
	Timestamp  string     `xml:"timestamp,attr,omitempty"`
	Properties []Property `xml:"properties>property,omitempty"`
	Cases      []Testcase `xml:"testcase"`
}

// Property is a name and a value.
type Property struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// Testcase is one test outcome.
type Testcase struct {
	Name      string   `xml:"name,attr"`
	Classname string   `xml:"classname,attr"`
	Time      string   `xml:"time,attr"`
	Failure   *Problem `xml:"failure,omitempty"`
	Error     *Problem `xml:"error,omitempty"`
	Skipped   *Problem `xml:"skipped,omitempty"`
	SystemOut string   `xml:"system-out,omitempty"`
}

// Problem is a failure, an error or a skip.
type Problem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// Build returns the JUnit document of s.
func Build(s *report.Snapshot) *Testsuites {
	suite := Testsuite{Name: "telltale", Tests: len(s.Tests), Failures: s.Summary.Fail, Errors: s.Summary.Error,
		Skipped: s.Summary.Skipped, Cases: make([]Testcase, 0, len(s.Tests))}
	if s.Timestamp != nil {
		suite.Timestamp = s.Timestamp.UTC().Format("2006-01-02T15:04:05")
	}
	if s.Version != "" {
		suite.Properties = append(suite.Properties, Property{"telltale_version", s.Version})
	}
	if s.Datasets.Reference != nil {
		suite.Properties = append(suite.Properties, Property{"reference", s.Datasets.Reference.Source})
	}
	suite.Properties = append(suite.Properties, Property{"current", s.Datasets.Current.Source})
	for _, o := range s.Tests {
		c := Testcase{Name: o.ID, Classname: "telltale." + o.Name, Time: "0", SystemOut: details(o)}
		p := &Problem{Message: o.Description, Type: string(o.Status), Text: o.Description}
		switch o.Status {
		case tests.Fail:
			c.Failure = p
		case tests.Error:
			c.Error = p
		case tests.Skipped:
			c.Skipped = &Problem{Message: o.Description}
		case tests.Warning:
			c.SystemOut = "WARNING: " + o.Description + "\n" + c.SystemOut
		}
		suite.Cases = append(suite.Cases, c)
	}
	return &Testsuites{Name: "telltale", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors,
		Skipped: suite.Skipped, Suites: []Testsuite{suite}}
}

// details describes an outcome for its system-out.
func details(o tests.Outcome) string {
	var b strings.Builder
	fmt.Fprintf(&b, "status: %s\n", o.Status)
	if v := float64(o.Value); !math.IsNaN(v) {
		fmt.Fprintf(&b, "value: %s\n", strconv.FormatFloat(v, 'g', -1, 64))
	}
	if o.Condition != nil {
		fmt.Fprintf(&b, "condition: %s\n", o.Condition.String())
	}
	fmt.Fprintf(&b, "metric: %s\n", o.MetricID)
	return b.String()
}

// Write writes the JUnit XML of s to w, with the XML declaration and a
// trailing newline. The output is deterministic.
func Write(w io.Writer, s *report.Snapshot) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(Build(s)); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

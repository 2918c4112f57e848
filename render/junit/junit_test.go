package junit_test

import (
	"bytes"
	"encoding/xml"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/render/junit"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

func snapshot() *report.Snapshot {
	out := []tests.Outcome{
		{ID: "NumberOfRows", Name: "NumberOfRows", Status: tests.Success, Description: "Number of rows is 40; expected > 30", MetricID: "DatasetSummary", Condition: &tests.Condition{Gt: tests.Ptr(30)}, Value: 40},
		{ID: "ShareOfDriftedColumns", Name: "ShareOfDriftedColumns", Status: tests.Fail, Description: "Share of drifted columns is 0.4; expected < 0.3 <&\"\x01>", MetricID: "DataDrift", Condition: &tests.Condition{Lt: tests.Ptr(0.3)}, Value: 0.4},
		{ID: "ColumnShareOfMissingValues(column=age)", Name: "ColumnShareOfMissingValues", Status: tests.Warning, Description: "Share of missing values of column age is 0.1; expected <= 0.05", MetricID: "ColumnSummary(column=age)", Value: 0.1},
		{ID: "ColumnDrift(column=x)", Name: "ColumnDrift", Status: tests.Error, Description: "Its metric failed: no such column", MetricID: "ColumnDrift(column=x)", Value: metrics.Float(math.NaN())},
		{ID: "RocAuc", Name: "RocAuc", Status: tests.Skipped, Description: "no probabilities", MetricID: "ClassificationQuality", Value: metrics.Float(math.NaN())},
	}
	return &report.Snapshot{Version: "1.2.3", Tests: out, Summary: report.Summary{Total: 5, Success: 1, Fail: 1, Warning: 1, Error: 1, Skipped: 1, Failed: true},
		Datasets: report.Datasets{Current: report.DatasetInfo{Source: "cur.csv", Rows: 40}}}
}

func TestWriteDecodesBack(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, junit.Write(&buf, snapshot()))
	assert.True(t, bytes.HasPrefix(buf.Bytes(), []byte(`<?xml version="1.0" encoding="UTF-8"?>`)))

	var doc struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Errors   int      `xml:"errors,attr"`
		Skipped  int      `xml:"skipped,attr"`
		Suite    []struct {
			Name  string `xml:"name,attr"`
			Tests int    `xml:"tests,attr"`
			Props []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value,attr"`
			} `xml:"properties>property"`
			Cases []struct {
				Name      string `xml:"name,attr"`
				Classname string `xml:"classname,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
					Type    string `xml:"type,attr"`
				} `xml:"failure"`
				Error *struct {
					Message string `xml:"message,attr"`
				} `xml:"error"`
				Skipped *struct {
					Message string `xml:"message,attr"`
				} `xml:"skipped"`
				Out string `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc))
	assert.Equal(t, []int{5, 1, 1, 1}, []int{doc.Tests, doc.Failures, doc.Errors, doc.Skipped})
	require.Len(t, doc.Suite, 1)
	s := doc.Suite[0]
	assert.Equal(t, "telltale", s.Name)
	require.Len(t, s.Cases, 5)
	assert.Equal(t, "NumberOfRows", s.Cases[0].Name)
	assert.Equal(t, "telltale.NumberOfRows", s.Cases[0].Classname)
	assert.Nil(t, s.Cases[0].Failure)
	assert.Contains(t, s.Cases[0].Out, "value: 40\ncondition: > 30\nmetric: DatasetSummary")
	require.NotNil(t, s.Cases[1].Failure)
	assert.Equal(t, "Share of drifted columns is 0.4; expected < 0.3 <&\"\uFFFD>", s.Cases[1].Failure.Message)
	assert.Equal(t, "FAIL", s.Cases[1].Failure.Type)
	assert.Nil(t, s.Cases[2].Failure)
	assert.Nil(t, s.Cases[2].Skipped)
	assert.Contains(t, s.Cases[2].Out, "WARNING: Share of missing values of column age is 0.1")
	require.NotNil(t, s.Cases[3].Error)
	assert.NotContains(t, s.Cases[3].Out, "value:")
	require.NotNil(t, s.Cases[4].Skipped)
	assert.Equal(t, "no probabilities", s.Cases[4].Skipped.Message)
	assert.Contains(t, s.Props, struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}{"telltale_version", "1.2.3"})

	var again bytes.Buffer
	require.NoError(t, junit.Write(&again, snapshot()))
	assert.Equal(t, buf.String(), again.String())
}

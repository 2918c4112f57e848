package report

import (
	"encoding/json"
	"time"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/tests"
)

// SchemaV1 names the shape of the JSON profile a Snapshot encodes to.
const SchemaV1 = "telltale.profile/v1"

// Snapshot is everything a report found. Its JSON encoding is the JSON
// profile (see render/jsonprofile and its JSON Schema).
type Snapshot struct {
	Schema    string          `json:"schema"`
	Version   string          `json:"telltale_version"`
	Timestamp *time.Time      `json:"timestamp,omitempty"`
	Datasets  Datasets        `json:"datasets"`
	Metrics   []MetricEntry   `json:"metrics"`
	Tests     []tests.Outcome `json:"tests"`
	Summary   Summary         `json:"summary"`
	Notes     []string        `json:"notes"`
}

// Datasets describes the data a report ran on.
type Datasets struct {
	Reference *DatasetInfo `json:"reference"`
	Current   DatasetInfo  `json:"current"`
}

// DatasetInfo describes one frame.
type DatasetInfo struct {
	Source  string       `json:"source"`
	Rows    int          `json:"rows"`
	Columns []ColumnInfo `json:"columns"`
	// TimeRange is the first and last instant of TimeColumn, as RFC 3339
	// strings; absent without one.
	TimeRange *[2]string `json:"time_range,omitempty"`
	// TimeColumn is the definition's datetime column or, without one, the
	// frame's only datetime column (found by type inference).
	TimeColumn string `json:"time_column,omitempty"`
	// Sketch is set when the data was given as a sketch (a summary of
	// each column) rather than rows: approximate values in the metrics
	// carry their error bounds.
	Sketch bool `json:"sketch,omitempty"`
}

// ColumnInfo is one column's name and type.
type ColumnInfo struct {
	Name string       `json:"name"`
	Type dataset.Type `json:"type"`
}

// MetricEntry is one metric's result, or its error.
type MetricEntry struct {
	ID     string          `json:"id"`
	Metric string          `json:"metric"`
	Params json.RawMessage `json:"params"`
	Result metrics.Result  `json:"result"`
	Error  string          `json:"error,omitempty"`

	err error // the error itself, for errors.Is; not encoded
}

// Err returns the metric's error, nil when it succeeded.
func (e *MetricEntry) Err() error { return e.err }

// Summary counts the tests by status.
type Summary struct {
	Total   int  `json:"total"`
	Success int  `json:"success"`
	Fail    int  `json:"fail"`
	Warning int  `json:"warning"`
	Error   int  `json:"error"`
	Skipped int  `json:"skipped"`
	Failed  bool `json:"failed"` // a test FAILed or ERRORed: the CI gate
}

func summarize(outcomes []tests.Outcome) Summary {
	s := Summary{Total: len(outcomes)}
	for _, o := range outcomes {
		switch o.Status {
		case tests.Success:
			s.Success++
		case tests.Fail:
			s.Fail++
		case tests.Warning:
			s.Warning++
		case tests.Error:
			s.Error++
		case tests.Skipped:
			s.Skipped++
		}
	}
	s.Failed = s.Fail+s.Error > 0
	return s
}

// Metric returns the entry with the given id, or nil.
func (s *Snapshot) Metric(id string) *MetricEntry {
	for i := range s.Metrics {
		if s.Metrics[i].ID == id {
			return &s.Metrics[i]
		}
	}
	return nil
}

func describe(f *dataset.Frame, def *dataset.Definition) DatasetInfo {
	info := DatasetInfo{Source: f.Source(), Rows: f.Len(), Columns: make([]ColumnInfo, 0, f.NumColumns())}
	for _, c := range f.Columns() {
		info.Columns = append(info.Columns, ColumnInfo{Name: c.Name(), Type: c.Type()})
	}
	name := def.Datetime
	if name == "" {
		name = onlyTimeColumn(f)
	}
	if name != "" {
		if c, ok := f.Column(name); ok {
			if tc, ok := c.(*dataset.TimeColumn); ok {
				if lo, hi, ok := timeRange(tc); ok {
					info.TimeRange = &[2]string{lo.Format(time.RFC3339), hi.Format(time.RFC3339)}
					info.TimeColumn = name
				}
			}
		}
	}
	return info
}

// onlyTimeColumn returns the name of f's one datetime column, "" when it
// has none or several.
func onlyTimeColumn(f *dataset.Frame) string {
	found := ""
	for _, c := range f.Columns() {
		if _, ok := c.(*dataset.TimeColumn); ok {
			if found != "" {
				return ""
			}
			found = c.Name()
		}
	}
	return found
}

func timeRange(c *dataset.TimeColumn) (lo, hi time.Time, ok bool) {
	l, h, ok := c.Range()
	return time.Unix(0, l).UTC(), time.Unix(0, h).UTC(), ok
}

// describeSummary describes data given as a summary.
func describeSummary(s *dataset.Summary, def *dataset.Definition) DatasetInfo {
	info := DatasetInfo{Source: s.Source, Rows: s.Rows, Columns: make([]ColumnInfo, 0, len(s.Columns)), Sketch: true}
	name := def.Datetime
	for _, c := range s.Columns {
		info.Columns = append(info.Columns, ColumnInfo{Name: c.Name, Type: c.Type})
		if def.Datetime == "" && c.Time != nil {
			if name == "" {
				name = c.Name
			} else {
				name = "\x00" // several: none
			}
		}
	}
	if c, ok := s.Column(name); ok && c.Time != nil && c.Time.Count > 0 {
		info.TimeRange = &[2]string{time.Unix(0, c.Time.First).UTC().Format(time.RFC3339), time.Unix(0, c.Time.Last).UTC().Format(time.RFC3339)}
		info.TimeColumn = name
	}
	return info
}

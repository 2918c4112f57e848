package tracking

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Metric is one logged value of a metric: the latest one in Run.Metrics,
// every one in GetMetricHistory.
type Metric struct {
	Key       string  `json:"key"`
	Value     float64 `json:"value"`
	Timestamp int64   `json:"timestamp"` // ms since the epoch
	Step      int64   `json:"step"`
}

// MarshalJSON writes the value as a JSON number, or as the string "NaN",
// "Infinity" or "-Infinity" (the protobuf JSON mapping MLflow's REST API
// uses), since JSON has no such numbers.
func (m Metric) MarshalJSON() ([]byte, error) {
	type plain Metric
	var v any = m.Value
	switch {
	case math.IsNaN(m.Value):
		v = "NaN"
	case math.IsInf(m.Value, 1):
		v = "Infinity"
	case math.IsInf(m.Value, -1):
		v = "-Infinity"
	}
	return json.Marshal(struct {
		Key       string `json:"key"`
		Value     any    `json:"value"`
		Timestamp int64  `json:"timestamp"`
		Step      int64  `json:"step"`
	}{m.Key, v, m.Timestamp, m.Step})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (m *Metric) UnmarshalJSON(b []byte) error {
	var raw struct {
		Key       string          `json:"key"`
		Value     json.RawMessage `json:"value"`
		Timestamp int64           `json:"timestamp"`
		Step      int64           `json:"step"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*m = Metric{Key: raw.Key, Timestamp: raw.Timestamp, Step: raw.Step}
	var s string
	if json.Unmarshal(raw.Value, &s) == nil {
		v, err := strconv.ParseFloat(s, 64)
		m.Value = v
		return err
	}
	return json.Unmarshal(raw.Value, &m.Value)
}

// metricLine is a line of a metric file as MLflow writes it:
// "<timestamp ms> <value> <step>\n", the value as Python's str(float).
func metricLine(m Metric) []byte {
	return []byte(strconv.FormatInt(m.Timestamp, 10) + " " + formatFloat(m.Value) + " " + strconv.FormatInt(m.Step, 10) + "\n")
}

// parseMetricLine reads a metric line: 2 fields (step 0), 3, or 5 (with a
// dataset name and digest), separated by single spaces.
func parseMetricLine(line string) (Metric, error) {
	parts := strings.Split(line, " ")
	if n := len(parts); n != 2 && n != 3 && n != 5 {
		return Metric{}, fmt.Errorf("metric line %q: want 2, 3 or 5 fields, got %d", line, n)
	}
	ts, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return Metric{}, fmt.Errorf("metric line %q: timestamp: %w", line, err)
	}
	v, err := parseFloat(parts[1])
	if err != nil {
		return Metric{}, fmt.Errorf("metric line %q: value: %w", line, err)
	}
	m := Metric{Value: v, Timestamp: ts}
	if len(parts) >= 3 {
		if m.Step, err = strconv.ParseInt(parts[2], 10, 64); err != nil {
			return Metric{}, fmt.Errorf("metric line %q: step: %w", line, err)
		}
	}
	return m, nil
}

// scanMetricLines calls fn for each line of a metric file, read as a
// stream: a line longer than metricLineLimit is an error, so a huge file
// costs time, never memory. A last line without its newline that does not
// parse is ignored: it can only be a write in progress by another writer
// (telltale writes a line in one write, but other writers may not). p is
// for messages.
func scanMetricLines(r io.Reader, p string, fn func(Metric)) error {
	br := bufio.NewReaderSize(r, 2*metricLineLimit)
	for n := 1; ; n++ {
		line, err := br.ReadSlice('\n')
		last := err == io.EOF
		switch {
		case err == bufio.ErrBufferFull || len(line) > metricLineLimit:
			return fmt.Errorf("%w: %s: line %d is longer than %d bytes", ErrCorrupt, p, n, metricLineLimit)
		case err != nil && !last:
			return fmt.Errorf("tracking: read %s: %w", p, err)
		}
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte{'\n'}), []byte{'\r'})
		if len(line) > 0 {
			m, perr := parseMetricLine(string(line))
			if perr != nil {
				if last {
					return nil
				}
				return fmt.Errorf("%w: %s: line %d: %v", ErrCorrupt, p, n, perr)
			}
			fn(m)
		}
		if last {
			return nil
		}
	}
}

// later reports whether a is after b in MLflow's order for the latest
// value: the greatest (step, timestamp, value), NaN compared as 0 as
// MLflow's SQL store compares it (LaterMetric).
func later(a, b Metric) bool { return LaterMetric(a, b) }

// readLatestMetric reads the metric file name and returns its latest
// value; ok is false for an empty file.
func (r reader) readLatestMetric(name string) (m Metric, ok bool, err error) {
	f, err := r.openRegular(name)
	if err != nil {
		return Metric{}, false, err
	}
	defer f.Close()
	err = scanMetricLines(f, r.path(name), func(x Metric) {
		if !ok || later(x, m) {
			m, ok = x, true
		}
	})
	return m, ok, err
}

// GetMetricHistory returns every logged value of a metric of a run,
// ordered by timestamp, step and value as MLflow's SQL store orders them
// (points logged in time order stay in the order logged). A run without
// that metric gives an empty list.
func (s *FileStore) GetMetricHistory(ctx context.Context, runID, key string) ([]Metric, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := validateKey("metric", key); err != nil {
		return nil, err
	}
	ed, err := s.locateRun(runID)
	if err != nil {
		return nil, err
	}
	name := ed + "/" + runID + "/metrics/" + key
	f, err := s.openRegular(name)
	if absent(err) {
		return []Metric{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("tracking: run %s metric %q: %w", runID, key, err)
	}
	defer f.Close()
	out := []Metric{}
	err = scanMetricLines(f, s.path(name), func(m Metric) {
		m.Key = key
		out = append(out, m)
	})
	SortMetricHistory(out)
	return out, err
}

// SortMetricHistory orders metric points by timestamp, step and value,
// the order of GetMetricHistory; NaN values sort after numbers.
func SortMetricHistory(ms []Metric) {
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Timestamp != b.Timestamp {
			return a.Timestamp < b.Timestamp
		}
		if a.Step != b.Step {
			return a.Step < b.Step
		}
		return a.Value < b.Value || !math.IsNaN(a.Value) && math.IsNaN(b.Value)
	})
}

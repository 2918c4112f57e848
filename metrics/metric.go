package metrics

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/telltale-ml/telltale/dataset"
)

// Metric computes one result from a reference and a current dataset.
// See the package documentation for the implementer's contract.
type Metric interface {
	// Name returns the metric's type name, as Evidently spells it:
	// "ColumnDrift", "DataDrift", "ColumnSummary".
	Name() string
	// Compute computes the result.
	Compute(ctx context.Context, in *Input) (Result, error)
}

// Result is what a metric computes: a value that encoding/json turns into
// the "result" object of the JSON profile.
type Result any

// Parameterized is implemented by metrics with options. Params returns them
// as a value whose JSON encoding is the "params" object of the JSON profile
// (a struct with json tags, or a map). Two metrics with the same name and
// the same encoded params are the same metric.
type Parameterized interface {
	Params() any
}

// Input is what a metric reads.
type Input struct {
	// Reference is the reference data, nil when there is none.
	Reference *dataset.Frame
	// Current is the data being checked; never nil.
	Current *dataset.Frame
	// Definition says what the columns mean; nil means the zero
	// Definition (no target, prediction or roles: every column a feature
	// of its inferred type), as in report.Data. Read it with Def.
	Definition *dataset.Definition
	// Cache shares work between the metrics of one report, such as each
	// column's sorted values. It may be nil.
	Cache *Cache

	// CurrentSummary and ReferenceSummary give the data as per-column
	// summaries (what package sketch makes from a sketch) instead of rows.
	// When CurrentSummary is set, Current and Reference are nil and the
	// reference, if any, is ReferenceSummary. Metrics that implement
	// SummaryReader compute from summaries, with the error bound of every
	// approximate value in their result; the others return an error
	// wrapping ErrNeedsRows (see CheckSummaries).
	CurrentSummary, ReferenceSummary *dataset.Summary
}

// Def returns in.Definition, or a zero Definition when it is nil, so that
// metrics never dereference a nil one.
func (in *Input) Def() *dataset.Definition {
	if in.Definition == nil {
		return &dataset.Definition{}
	}
	return in.Definition
}

// Frames returns the reference and current frames, for code that handles
// both sides alike; the reference is skipped when absent.
func (in *Input) Frames() []*dataset.Frame {
	if in.Reference == nil {
		return []*dataset.Frame{in.Current}
	}
	return []*dataset.Frame{in.Reference, in.Current}
}

// ParamsOf returns the JSON encoding of m's params: "{}" when m has none.
func ParamsOf(m Metric) (json.RawMessage, error) {
	p, ok := m.(Parameterized)
	if !ok || p.Params() == nil {
		return json.RawMessage("{}"), nil
	}
	b, err := json.Marshal(p.Params())
	if err != nil {
		return nil, fmt.Errorf("metrics: %s: encoding params: %w", m.Name(), err)
	}
	return b, nil
}

// ID returns a stable identifier of m: its name, followed by its params in
// a compact, sorted key=value form when it has any, for example
// "ColumnDrift(column=temp_max,stattest=psi)". Metrics with equal IDs are
// the same metric.
func ID(m Metric) (string, error) {
	raw, err := ParamsOf(m)
	if err != nil {
		return "", err
	}
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil || len(fields) == 0 {
		if err == nil || string(raw) == "{}" || string(raw) == "null" {
			return m.Name(), nil
		}
		return m.Name() + "(" + string(raw) + ")", nil
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v, _ := json.Marshal(fields[k]) // re-encoding sorts nested keys
		s := string(v)
		if str, ok := fields[k].(string); ok && !strings.ContainsAny(str, ",()=\"") {
			s = str
		}
		parts = append(parts, k+"="+s)
	}
	return m.Name() + "(" + strings.Join(parts, ",") + ")", nil
}

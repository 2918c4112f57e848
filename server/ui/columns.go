package ui

import (
	"sort"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// column is a param, metric or tag column of the runs table, named in
// the URL as the search grammar names it: "params.model",
// "metrics.accuracy", "tags.stage" (the key is everything after the
// first dot, unquoted).
type column struct {
	Kind string // "params", "metrics" or "tags"
	Key  string
}

func (c column) ID() string { return c.Kind + "." + c.Key }

// Group is the column's kind for people: "param", "metric", "tag".
func (c column) Group() string { return strings.TrimSuffix(c.Kind, "s") }

// parseColumn reads a column id; ok is false for anything else.
func parseColumn(s string) (column, bool) {
	kind, key, ok := strings.Cut(s, ".")
	if !ok || key == "" {
		return column{}, false
	}
	switch kind {
	case "params", "metrics", "tags":
		return column{Kind: kind, Key: key}, true
	}
	return column{}, false
}

// orderKey returns the identifier of a column for order_by, with the key
// quoted when it is not a plain dotted word; "" when it cannot be quoted
// (it holds both quote characters).
func orderKey(kind, key string) string {
	plain := key != ""
	for _, r := range key {
		if !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			plain = false
			break
		}
	}
	switch {
	case plain && !strings.HasPrefix(key, ".") && !strings.HasSuffix(key, ".") && !strings.Contains(key, ".."):
		return kind + "." + key
	case !strings.Contains(key, "`"):
		return kind + ".`" + key + "`"
	case !strings.Contains(key, `"`):
		return kind + `."` + key + `"`
	}
	return ""
}

// attribute columns that can be sorted, by the id the URL uses.
var attrSorts = map[string]string{
	"status": "attributes.status", "name": "attributes.run_name", "start": "attributes.start_time", "end": "attributes.end_time",
}

// keysOf returns the param, metric and tag keys of runs, each sorted.
// Tags MLflow sets on every run (mlflow.*) are left out.
func keysOf(runs []*tracking.Run) (params, metrics, tags []string) {
	ps, ms, ts := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, r := range runs {
		for k := range r.Params {
			ps[k] = true
		}
		for k := range r.Metrics {
			ms[k] = true
		}
		for k := range r.Tags {
			if !strings.HasPrefix(k, "mlflow.") {
				ts[k] = true
			}
		}
	}
	return sortedKeys(ps), sortedMetricKeys(ms), sortedKeys(ts)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// sortedMetricKeys sorts metric keys with the plain ones first and the
// per-column families ("drift_score/age") after them.
func sortedMetricKeys(m map[string]bool) []string {
	out := sortedKeys(m)
	sort.SliceStable(out, func(i, j int) bool {
		return !strings.Contains(out[i], "/") && strings.Contains(out[j], "/")
	})
	return out
}

// Defaults of the runs table when the URL chooses no column: the first
// params and metrics of the page's runs.
const (
	defaultParamCols  = 10
	defaultMetricCols = 15
)

// chooseColumns returns the columns to show: those of the URL, else the
// defaults.
func chooseColumns(chosen []string, params, metrics []string) []column {
	var out []column
	seen := map[string]bool{}
	for _, s := range chosen {
		if c, ok := parseColumn(s); ok && !seen[s] {
			seen[s] = true
			out = append(out, c)
		}
	}
	if len(out) > 0 {
		return out
	}
	for i, k := range params {
		if i == defaultParamCols {
			break
		}
		out = append(out, column{"params", k})
	}
	for i, k := range metrics {
		if i == defaultMetricCols {
			break
		}
		out = append(out, column{"metrics", k})
	}
	return out
}

// cell is what a run shows in a column.
func cellOf(r *tracking.Run, c column) tableCell {
	switch c.Kind {
	case "params":
		if v, ok := r.Params[c.Key]; ok {
			return tableCell{Text: v, Title: v, Present: true}
		}
	case "tags":
		if v, ok := r.Tags[c.Key]; ok {
			return tableCell{Text: v, Title: v, Present: true}
		}
	case "metrics":
		if m, ok := r.Metrics[c.Key]; ok {
			return tableCell{Text: numText(m.Value), Title: fullNum(m.Value), Num: true, Present: true}
		}
	}
	return tableCell{}
}

// tableCell is one cell of the runs table.
type tableCell struct {
	Text, Title string
	Num         bool
	Present     bool
}

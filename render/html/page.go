package html

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

// page is what the template draws. Every string in it is plain text that
// html/template escapes; chart options are JSON that it escapes again for
// the script element that carries them.
type page struct {
	Title     string
	Version   string
	Timestamp string
	Datasets  []datasetRow
	Summary   report.Summary
	Statuses  []statusCount
	Drift     *metrics.Counter
	Sections  []section
	Tests     []testCard
	Notes     []string
	Charts    int
}

type datasetRow struct {
	Role, Source string
	Rows         int
	Columns      []report.ColumnInfo
	TimeRange    string
	Sketch       bool // given as a sketch: approximate values
}

type statusCount struct {
	Status string
	Count  int
}

type section struct {
	Anchor, ID, Metric, Params, Error string
	Views                             []viewModel
}

type viewModel struct {
	Kind     string
	Title    string
	Counters []counterModel
	Table    *tableModel
	Chart    *chartModel
}

type counterModel struct {
	Label, Value, Status string
}

type chartModel struct {
	ID     string
	Option json.RawMessage
	Lazy   bool
	Height int // pixels
}

type tableModel struct {
	ID      string
	Title   string
	Columns []metrics.TableColumn
	Spark   string
	Rows    []rowModel
	Width   int // columns, with the spark and expand columns
	Expand  bool
}

type rowModel struct {
	Cells  []cellModel
	Spark  *sparkModel
	Detail *chartModel
}

type cellModel struct {
	Text, Sort, Status string
}

type sparkModel struct {
	Reference, Current string // SVG path data
}

type testCard struct {
	ID, Name, Status, Description, MetricID, Condition, Value string
}

// builder turns a snapshot into a page, numbering the charts in order so
// that the same snapshot gives the same ids.
type builder struct {
	charts int
	tables int
}

func (b *builder) build(s *report.Snapshot, opts *Options) (*page, error) {
	p := &page{Title: opts.Title, Version: s.Version, Summary: s.Summary, Notes: s.Notes}
	if p.Title == "" {
		p.Title = "telltale report"
	}
	if s.Timestamp != nil {
		p.Timestamp = s.Timestamp.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	if r := s.Datasets.Reference; r != nil {
		p.Datasets = append(p.Datasets, datasetOf("reference", r))
	}
	p.Datasets = append(p.Datasets, datasetOf("current", &s.Datasets.Current))
	for _, st := range tests.Statuses() {
		n := 0
		for _, o := range s.Tests {
			if o.Status == st {
				n++
			}
		}
		p.Statuses = append(p.Statuses, statusCount{Status: string(st), Count: n})
	}
	for i := range s.Metrics {
		e := &s.Metrics[i]
		sec, err := b.section(i, e)
		if err != nil {
			return nil, err
		}
		if p.Drift == nil {
			if d, ok := e.Result.(*metrics.DataDriftResult); ok && d != nil {
				c := d.Views()[0].(*metrics.Counters).Items[0]
				p.Drift = &c
			}
		}
		p.Sections = append(p.Sections, sec)
	}
	for _, o := range s.Tests {
		p.Tests = append(p.Tests, testCardOf(o))
	}
	p.Charts = b.charts
	return p, nil
}

func datasetOf(role string, d *report.DatasetInfo) datasetRow {
	r := datasetRow{Role: role, Source: d.Source, Rows: d.Rows, Columns: d.Columns, Sketch: d.Sketch}
	if d.TimeRange != nil {
		r.TimeRange = d.TimeRange[0] + " to " + d.TimeRange[1]
		if d.TimeColumn != "" {
			r.TimeRange += " (" + d.TimeColumn + ")"
		}
	}
	return r
}

func testCardOf(o tests.Outcome) testCard {
	c := testCard{ID: o.ID, Name: o.Name, Status: string(o.Status), Description: o.Description,
		MetricID: o.MetricID, Value: formatFloat(float64(o.Value))}
	if o.Condition != nil {
		if b, err := json.Marshal(o.Condition); err == nil {
			c.Condition = string(b)
		}
	}
	return c
}

func (b *builder) section(i int, e *report.MetricEntry) (section, error) {
	// A metric's error starts with its name, which the heading shows.
	sec := section{Anchor: "metric-" + strconv.Itoa(i+1), ID: e.ID, Metric: e.Metric, Error: strings.TrimPrefix(e.Error, e.Metric+": ")}
	if len(e.Params) > 0 && string(e.Params) != "{}" && string(e.Params) != "null" {
		sec.Params = string(e.Params)
	}
	if e.Result == nil {
		return sec, nil
	}
	views := metrics.ViewsOf(e.Result)
	if views == nil {
		t, err := genericTable(e.Result)
		if err != nil {
			return sec, fmt.Errorf("html: metric %s: %w", e.ID, err)
		}
		views = []metrics.View{t}
	}
	for _, v := range views {
		vm, err := b.view(v, false)
		if err != nil {
			return sec, fmt.Errorf("html: metric %s: %w", e.ID, err)
		}
		if vm != nil {
			sec.Views = append(sec.Views, *vm)
		}
	}
	return sec, nil
}

func (b *builder) view(v metrics.View, lazy bool) (*viewModel, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case *metrics.Counters:
		vm := &viewModel{Kind: metrics.KindCounters, Title: v.Title}
		for _, c := range v.Items {
			val := c.Text
			if val == "" {
				val = formatFloat(float64(c.Value))
			}
			vm.Counters = append(vm.Counters, counterModel{Label: c.Label, Value: val, Status: c.Status})
		}
		return vm, nil
	case *metrics.Table:
		t, err := b.table(v)
		if err != nil {
			return nil, err
		}
		return &viewModel{Kind: metrics.KindTable, Title: v.Title, Table: t}, nil
	default:
		opt, height, err := chartOption(v)
		if err != nil {
			return nil, err
		}
		b.charts++
		return &viewModel{Kind: v.ViewKind(), Chart: &chartModel{ID: "chart-" + strconv.Itoa(b.charts), Option: opt, Lazy: lazy, Height: height}}, nil
	}
}

func (b *builder) table(v *metrics.Table) (*tableModel, error) {
	b.tables++
	t := &tableModel{ID: "table-" + strconv.Itoa(b.tables), Title: v.Title, Columns: v.Columns, Spark: v.Spark}
	hasSpark, hasDetail := false, false
	for _, r := range v.Rows {
		hasSpark = hasSpark || r.Spark != nil
		hasDetail = hasDetail || r.Detail != nil
	}
	if !hasSpark {
		t.Spark = ""
	} else if t.Spark == "" {
		t.Spark = "distribution"
	}
	t.Width = len(v.Columns)
	if hasSpark {
		t.Width++
	}
	if hasDetail {
		t.Width++
		t.Expand = true
	}
	for _, r := range v.Rows {
		if len(r.Cells) != len(v.Columns) {
			return nil, fmt.Errorf("table %q: a row has %d cells for %d columns", v.Title, len(r.Cells), len(v.Columns))
		}
		rm := rowModel{}
		for j, c := range r.Cells {
			cm := cellModel{Text: c.Text, Status: c.Status}
			if c.Value != nil {
				f := float64(*c.Value)
				cm.Text = formatFloat(f)
				if !math.IsNaN(f) {
					cm.Sort = strconv.FormatFloat(f, 'g', -1, 64)
				}
			} else if v.Columns[j].Numeric {
				cm.Sort = ""
			}
			rm.Cells = append(rm.Cells, cm)
		}
		if r.Spark != nil {
			rm.Spark = spark(r.Spark)
		}
		if r.Detail != nil {
			vm, err := b.view(r.Detail, true)
			if err != nil {
				return nil, err
			}
			if vm != nil && vm.Chart != nil {
				rm.Detail = vm.Chart
			}
		}
		t.Rows = append(t.Rows, rm)
	}
	return t, nil
}

// spark draws the small distribution as two step outlines in a 100×24 box:
// the reference filled, the current as a line.
func spark(s *metrics.Spark) *sparkModel {
	n := len(s.Current)
	if n == 0 {
		return nil
	}
	top := 0.0
	for _, side := range [][]float64{s.Reference, s.Current} {
		for _, v := range side {
			if !math.IsNaN(v) && v > top {
				top = v
			}
		}
	}
	if top <= 0 {
		top = 1
	}
	path := func(vals []float64, closed bool) string {
		if len(vals) != n {
			return ""
		}
		var sb strings.Builder
		w := 100 / float64(n)
		sb.WriteString("M0 24")
		for i, v := range vals {
			if math.IsNaN(v) || v < 0 {
				v = 0
			}
			y := 24 - 22*v/top
			fmt.Fprintf(&sb, "V%s H%s", trim(y), trim(float64(i+1)*w))
		}
		sb.WriteString("V24")
		if closed {
			sb.WriteString("Z")
		}
		return sb.String()
	}
	return &sparkModel{Reference: path(s.Reference, true), Current: path(s.Current, false)}
}

func trim(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// formatFloat prints a number for people: integers as they are, others
// with four significant digits, NaN as a dash.
func formatFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "-∞"
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case math.Abs(v) >= 1e-3 && math.Abs(v) < 1e6:
		s := strconv.FormatFloat(v, 'f', 4, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		return s
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// genericTable shows a result that offers no views as a table of its JSON:
// one row per leaf, keyed by its path; long arrays are summarised.
func genericTable(r metrics.Result) (*metrics.Table, error) {
	raw, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	t := &metrics.Table{Columns: []metrics.TableColumn{{Name: "field"}, {Name: "value"}}}
	const maxRows = 500
	var walk func(path string, v any)
	walk = func(path string, v any) {
		if len(t.Rows) >= maxRows {
			return
		}
		add := func(s string) {
			t.Rows = append(t.Rows, metrics.TableRow{Cells: []metrics.Cell{{Text: path}, {Text: s}}})
		}
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if len(keys) == 0 {
				add("{}")
			}
			for _, k := range keys {
				walk(joinPath(path, k), v[k])
			}
		case []any:
			if scalars(v) && len(v) <= 20 {
				parts := make([]string, len(v))
				for i, x := range v {
					parts[i] = scalarText(x)
				}
				add("[" + strings.Join(parts, ", ") + "]")
				return
			}
			if len(v) > 50 {
				add(fmt.Sprintf("[%d values]", len(v)))
				return
			}
			for i, x := range v {
				walk(path+"["+strconv.Itoa(i)+"]", x)
			}
		default:
			add(scalarText(v))
		}
	}
	walk("", v)
	if len(t.Rows) >= maxRows {
		t.Rows = append(t.Rows, metrics.TableRow{Cells: []metrics.Cell{{Text: "…"}, {Text: "more in the JSON profile"}}})
	}
	return t, nil
}

func joinPath(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func scalars(v []any) bool {
	for _, x := range v {
		switch x.(type) {
		case map[string]any, []any:
			return false
		}
	}
	return true
}

func scalarText(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case json.Number:
		if f, err := v.Float64(); err == nil {
			return formatFloat(f)
		}
		return v.String()
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprint(v)
}

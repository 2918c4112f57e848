package ui

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/telltale-ml/telltale/tracking"
)

// This file builds the charts' ECharts options as data. A chart is a
// container and a JSON block that assets/ui.js hands to echarts.init:
//
//	{"option": {...}, "tooltip": "step"|"time"|"run"|"parallel", "links": [[url, ...], ...]}
//
// links[s][i] is the page that a click on point i of series s opens.
// Strings in it (run names, keys) are data: the script's tooltips escape
// them, and ECharts draws the rest as SVG text.

// chart is a chart of a page.
type chart struct {
	ID, Label, Class string
	Spec             json.RawMessage
}

// chartSpec is the JSON of a chart.
type chartSpec struct {
	Option  map[string]any `json:"option"`
	Tooltip string         `json:"tooltip,omitempty"`
	Links   [][]string     `json:"links,omitempty"`
}

func newChart(id, label, class string, spec chartSpec) (chart, error) {
	b, err := json.Marshal(spec)
	if err != nil {
		return chart{}, err
	}
	return chart{ID: id, Label: label, Class: class, Spec: b}, nil
}

// jnum is a number for a chart: NaN and infinities, which JSON cannot
// hold, become null, which ECharts draws as a gap.
type jnum float64

func (v jnum) MarshalJSON() ([]byte, error) {
	f := float64(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// grid is the plot area of the UI's charts.
func grid(bottom int) map[string]any {
	return map[string]any{"left": 56, "right": 24, "top": 36, "bottom": bottom, "containLabel": false}
}

// byStep reports whether a history is drawn against its steps: when the
// steps are not all the same. Otherwise its x axis is the time.
func byStep(points []tracking.Metric) bool {
	for _, p := range points[1:] {
		if p.Step != points[0].Step {
			return true
		}
	}
	return false
}

// historyOption draws the histories of one metric (one series per run)
// against step, or against time when no history has two distinct steps.
func historyOption(series []namedHistory) (map[string]any, string) {
	steps := false
	for _, s := range series {
		if len(s.Points) > 1 && byStep(s.Points) {
			steps = true
		}
	}
	xAxis := map[string]any{"type": "time"}
	tooltip := "time"
	if steps {
		xAxis = map[string]any{"type": "value", "name": "step", "nameLocation": "middle", "nameGap": 26, "minInterval": 1, "scale": true}
		tooltip = "step"
	}
	var out []map[string]any
	for _, s := range series {
		data := make([][2]any, len(s.Points))
		for i, p := range s.Points {
			x := any(p.Timestamp)
			if steps {
				x = p.Step
			}
			data[i] = [2]any{x, jnum(p.Value)}
		}
		out = append(out, map[string]any{"type": "line", "name": s.Name, "data": data,
			"showSymbol": len(s.Points) <= 60, "symbolSize": 5, "connectNulls": false})
	}
	opt := map[string]any{
		"backgroundColor": "transparent",
		"animation":       false,
		"grid":            grid(40),
		"tooltip":         map[string]any{"trigger": "axis"},
		"xAxis":           xAxis,
		"yAxis":           map[string]any{"type": "value", "scale": true},
		"series":          out,
	}
	if len(series) > 1 {
		opt["legend"] = map[string]any{"top": 0, "type": "scroll"}
	}
	n := 0
	for _, s := range series {
		n = max(n, len(s.Points))
	}
	if n > 200 {
		opt["dataZoom"] = []map[string]any{{"type": "inside"}}
	}
	return opt, tooltip
}

// namedHistory is a metric history with the name of its series.
type namedHistory struct {
	Name   string
	Points []tracking.Metric
}

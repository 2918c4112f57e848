package html

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/telltale-ml/telltale/metrics"
)

// Colours of the two datasets, the same in every chart and in the
// sparklines (see page.css).
const (
	colorReference = "#8c8c8c"
	colorCurrent   = "#2f6fdf"
)

// chartOption builds the ECharts option of a chart view with go-echarts's
// option structs and returns its JSON. Only the option is taken from
// go-echarts: the page, the chart ids and the script that draws them are
// ours, so the output is deterministic and no user string reaches the page
// unescaped. The JSON holds no functions. It also returns the height in
// pixels the chart needs: more than chartPx for upright axis labels and
// for heatmaps of many rows.
func chartOption(v metrics.View) (json.RawMessage, int, error) {
	var obj map[string]any
	var err error
	switch v := v.(type) {
	case *metrics.HistogramView:
		obj, err = histogramOption(v)
	case *metrics.Bars:
		obj, err = barsOption(v)
	case *metrics.Lines:
		obj, err = linesOption(v)
	case *metrics.Heatmap:
		obj, err = heatmapOption(v)
	default:
		err = fmt.Errorf("html: %T is not a chart view", v)
	}
	if err != nil {
		return nil, 0, err
	}
	height := chartPx
	x := obj["xAxis"].([]axis)[0]
	if x.Type == "category" {
		height += int(math.Max(0, x.extent-linePx))
	}
	if h, ok := v.(*metrics.Heatmap); ok {
		height = max(height, int(heatmapFramePx+x.extent)+heatmapRowPx*len(h.YLabels))
	}
	obj["backgroundColor"] = "transparent"
	obj["animation"] = false
	delete(obj, "toolbox")
	b, err := json.Marshal(obj) // escapes <, > and & in strings
	if err != nil {
		return nil, 0, fmt.Errorf("html: chart option: %w", err)
	}
	return b, height, nil
}

// Chart heights in pixels: a chart with one line of axis labels, and a
// heatmap's title, colour scale and axis name plus each row.
const (
	chartPx        = 360
	heatmapFramePx = 170
	heatmapRowPx   = 28
)

// num is v for JSON, nil (a gap) when it is NaN or infinite.
func num(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

func formatEdge(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

// round4 rounds v to 4 significant digits, for the labels of heatmap
// cells; the JSON profile keeps every digit.
func round4(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// common sets the title, the legend under it, the tooltip and the grid;
// the axes are set on the option afterwards (see axes.go).
func common(c *charts.RectChart, title string) {
	c.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: title, Left: "center", TitleStyle: &opts.TextStyle{FontSize: 13}}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "24", Left: "center"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "8%", Right: "6%", Top: "64", Bottom: "24", ContainLabel: opts.Bool(true)}),
	)
}

// setAxes puts the axes on a chart's option.
func setAxes(obj map[string]any, x, y axis) map[string]any {
	obj["xAxis"], obj["yAxis"] = []axis{x}, []axis{y}
	return obj
}

func histogramOption(v *metrics.HistogramView) (map[string]any, error) {
	if len(v.Edges) != len(v.Current)+1 || (len(v.Reference) > 0 && len(v.Reference) != len(v.Current)) {
		return nil, fmt.Errorf("html: histogram %q: %d edges for %d and %d bins", v.Title, len(v.Edges), len(v.Reference), len(v.Current))
	}
	c := charts.NewBar()
	labels := make([]string, len(v.Current))
	for i := range labels {
		labels[i] = "[" + formatEdge(v.Edges[i]) + ", " + formatEdge(v.Edges[i+1]) + ")"
	}
	common(&c.RectChart, v.Title)
	overlay := charts.WithBarChartOpts(opts.BarChart{BarGap: "-100%", BarCategoryGap: "2%"})
	if len(v.Reference) > 0 {
		c.AddSeries("reference", barData(v.Reference), overlay,
			charts.WithItemStyleOpts(opts.ItemStyle{Color: colorReference, Opacity: opts.Float(0.55)}))
	}
	c.AddSeries("current", barData(v.Current), overlay,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorCurrent, Opacity: opts.Float(0.55)}))
	c.Validate()
	return setAxes(c.JSON(), categoryAxis(labels, v.XLabel, true),
		valueAxis(v.YLabel, false, 0, maxAbs(append(append([]float64(nil), v.Reference...), v.Current...)...))), nil
}

func barData(xs []float64) []opts.BarData {
	out := make([]opts.BarData, len(xs))
	for i, x := range xs {
		out[i] = opts.BarData{Value: num(x)}
	}
	return out
}

func barsOption(v *metrics.Bars) (map[string]any, error) {
	c := charts.NewBar()
	common(&c.RectChart, v.Title)
	var all []float64
	for i, s := range v.Series {
		if len(s.Values) != len(v.Categories) {
			return nil, fmt.Errorf("html: bars %q: series %q has %d values for %d categories", v.Title, s.Name, len(s.Values), len(v.Categories))
		}
		data := make([]opts.BarData, len(s.Values))
		for j, x := range s.Values {
			data[j] = opts.BarData{Value: num(float64(x))}
			all = append(all, float64(x))
		}
		c.AddSeries(s.Name, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: seriesColor(s.Name, i)}))
	}
	c.Validate()
	top, hi := float64(v.YMax), maxAbs(all...)
	if hi > top {
		top = 0 // a value beyond YMax: fit the data
	}
	return setAxes(c.JSON(), categoryAxis(v.Categories, "", true), valueAxis(v.YLabel, false, top, hi)), nil
}

// seriesColor keeps the reference grey and the current blue in every chart.
func seriesColor(name string, i int) string {
	switch name {
	case "reference":
		return colorReference
	case "current":
		return colorCurrent
	}
	palette := []string{"#2f6fdf", "#e07b39", "#3a9e5f", "#b5479b", "#8c8c8c", "#c9a227"}
	return palette[i%len(palette)]
}

func linesOption(v *metrics.Lines) (map[string]any, error) {
	c := charts.NewLine()
	common(&c.RectChart, v.Title)
	c.SetGlobalOptions(charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}))
	var scatter *charts.Scatter
	for i, s := range v.Series {
		if len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("html: lines %q: series %q has %d x and %d y", v.Title, s.Name, len(s.X), len(s.Y))
		}
		color := seriesColor(s.Name, i)
		if s.Points {
			if scatter == nil {
				scatter = charts.NewScatter()
			}
			data := make([]opts.ScatterData, len(s.X))
			for j := range s.X {
				data[j] = opts.ScatterData{Value: []any{num(float64(s.X[j])), num(float64(s.Y[j]))}}
			}
			scatter.AddSeries(s.Name, data, charts.WithScatterChartOpts(opts.ScatterChart{SymbolSize: 5}),
				charts.WithItemStyleOpts(opts.ItemStyle{Color: color}))
			continue
		}
		data := make([]opts.LineData, len(s.X))
		for j := range s.X {
			data[j] = opts.LineData{Value: []any{num(float64(s.X[j])), num(float64(s.Y[j]))}}
		}
		style := opts.LineStyle{Color: color, Width: 2}
		if s.Dashed {
			style = opts.LineStyle{Color: colorReference, Width: 1, Type: "dashed"}
		}
		c.AddSeries(s.Name, data, charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
			charts.WithLineStyleOpts(style), charts.WithItemStyleOpts(opts.ItemStyle{Color: style.Color}))
	}
	if scatter != nil {
		c.Overlap(scatter)
	}
	c.Validate()
	var ys []float64
	for _, s := range v.Series {
		for _, y := range s.Y {
			ys = append(ys, float64(y))
		}
	}
	x := axis{Type: "value", Name: v.XLabel, NameLocation: "middle", NameGap: linePx + nameGapPx, Scale: true}
	if v.XTime {
		x.Type = "time" // x values are Unix milliseconds
	}
	return setAxes(c.JSON(), x, valueAxis(v.YLabel, true, 0, maxAbs(ys...))), nil
}

func heatmapOption(v *metrics.Heatmap) (map[string]any, error) {
	if len(v.Values) != len(v.YLabels) {
		return nil, fmt.Errorf("html: heatmap %q: %d rows for %d labels", v.Title, len(v.Values), len(v.YLabels))
	}
	lo, hi := float64(v.Min), float64(v.Max)
	auto := lo == 0 && hi == 0
	if auto {
		lo, hi = math.Inf(1), math.Inf(-1)
	}
	var data, undefined []opts.HeatMapData
	for y, row := range v.Values {
		if len(row) != len(v.XLabels) {
			return nil, fmt.Errorf("html: heatmap %q: row %d has %d values for %d labels", v.Title, y, len(row), len(v.XLabels))
		}
		for x, val := range row {
			f := float64(val)
			if math.IsNaN(f) {
				undefined = append(undefined, opts.HeatMapData{Value: [3]any{x, y, 0}})
				continue
			}
			data = append(data, opts.HeatMapData{Value: [3]any{x, y, num(round4(f))}})
			if auto && !math.IsNaN(f) && !math.IsInf(f, 0) {
				lo, hi = math.Min(lo, f), math.Max(hi, f)
			}
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	scale := []string{"#f2f6fd", "#2f6fdf", "#0b2a66"}
	if lo < 0 {
		scale = []string{"#c0392b", "#f7f7f7", "#2f6fdf"} // diverging, for correlations
	}
	c := charts.NewHeatMap()
	c.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: v.Title, Left: "center", TitleStyle: &opts.TextStyle{FontSize: 13}}),
		// No legend: the one series is named by the title; undefined
		// cells are labelled.
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "8%", Right: "6%", Top: "48", Bottom: "90", ContainLabel: opts.Bool(true)}),
	)
	// Cells are labelled when there are few and they are wide enough.
	labels := len(data)+len(undefined) <= 144 && len(v.XLabels) <= 12
	c.AddSeries(v.Title, data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(labels)}))
	if len(undefined) > 0 {
		// Undefined cells (a constant column's correlations) are a series
		// of their own that the colour scale leaves grey, named and
		// labelled "undefined".
		c.AddSeries("undefined", undefined,
			charts.WithItemStyleOpts(opts.ItemStyle{Color: colorUndefined}),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(labels), Formatter: "undefined", Color: "#555555"}))
	}
	c.Validate()
	// The axes carry their labels in Data (go-echarts's HeatMap.SetXAxis
	// does not reach the axis); the first row is at the top, as a
	// confusion matrix is read.
	x, y := categoryAxis(v.XLabels, v.XLabel, true), categoryAxis(v.YLabels, v.YLabel, false)
	x.SplitArea, y.SplitArea, y.Inverse = &show{true}, &show{true}, true
	obj := setAxes(c.JSON(), x, y)
	obj["visualMap"] = []seriesVisualMap{{SeriesIndex: 0, VisualMap: opts.VisualMap{
		Calculable: opts.Bool(true), Min: float32(lo), Max: float32(hi),
		Orient: "horizontal", Left: "center", Bottom: "4",
		InRange: &opts.VisualMapInRange{Color: scale}}}}
	return obj, nil
}

// colorUndefined fills the cells of a heatmap that have no value.
const colorUndefined = "#d9d9d9"

// seriesVisualMap is a visual map that colours one series only.
type seriesVisualMap struct {
	opts.VisualMap
	SeriesIndex int `json:"seriesIndex"`
}

package html

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// axis is an ECharts axis. The charts set their axes with it rather than
// with go-echarts's structs, which have no label width or overflow.
type axis struct {
	Type         string     `json:"type"`
	Name         string     `json:"name,omitempty"`
	NameLocation string     `json:"nameLocation,omitempty"`
	NameGap      float64    `json:"nameGap,omitempty"`
	Data         []string   `json:"data,omitempty"`
	Scale        bool       `json:"scale,omitempty"`
	Inverse      bool       `json:"inverse,omitempty"`
	Max          *float64   `json:"max,omitempty"`
	SplitArea    *show      `json:"splitArea,omitempty"`
	AxisLabel    *axisLabel `json:"axisLabel,omitempty"`

	extent float64 // the pixels the labels take across the axis
}

type show struct {
	Show bool `json:"show"`
}

type axisLabel struct {
	Rotate   float64 `json:"rotate,omitempty"`
	Interval *int    `json:"interval,omitempty"`
	Width    float64 `json:"width,omitempty"`
	Overflow string  `json:"overflow,omitempty"`
}

// Text metrics of ECharts' 12px sans-serif labels, for laying out axis
// names beside the labels: a generous average character width and the
// line height.
const (
	charPx     = 7.0
	linePx     = 14.0
	maxLabelPx = 150.0 // longer labels are cut with an ellipsis
	plotPx     = 900.0 // the width a plot can count on
	nameGapPx  = 14.0  // between the labels and the axis name
)

// labelPx estimates the width of a label, up to maxLabelPx.
func labelPx(s string) float64 {
	return math.Min(maxLabelPx, float64(utf8.RuneCountInString(s))*charPx)
}

// categoryAxis shows every label of a category axis: horizontally when
// they fit side by side, else upright (rotated 90°), each cut to
// maxLabelPx; the axis name sits clear of them. horizontal is an x axis.
func categoryAxis(labels []string, name string, horizontal bool) axis {
	widest := 0.0
	for _, l := range labels {
		widest = math.Max(widest, labelPx(l))
	}
	zero := 0
	a := axis{Type: "category", Data: labels, Name: name, NameLocation: "middle",
		AxisLabel: &axisLabel{Interval: &zero, Width: maxLabelPx, Overflow: "truncate"}}
	if labels == nil {
		a.Data = []string{}
	}
	extent := widest // a y axis's labels, side by side with the axis
	if horizontal {
		extent = linePx
		if float64(len(labels))*(widest+8) > plotPx {
			a.AxisLabel.Rotate = 90
			extent = widest
		}
	}
	a.NameGap, a.extent = extent+nameGapPx, extent
	return a
}

// valueAxis is a value axis from zero (bars) or fitted to the data
// (scale), up to max when it is not zero; hi is the largest absolute value
// shown, to leave room for the tick labels before the name.
func valueAxis(name string, scale bool, max, hi float64) axis {
	a := axis{Type: "value", Name: name, NameLocation: "middle", Scale: scale}
	if max != 0 {
		a.Max = &max
		hi = math.Max(hi, max)
	}
	digits := 1
	if !math.IsNaN(hi) && !math.IsInf(hi, 0) && hi > 0 {
		digits = len(strconv.FormatFloat(math.Ceil(hi), 'f', 0, 64))
	}
	// The ticks of a value axis have the digits of its largest value, a
	// sign and up to three decimals.
	a.NameGap = float64(min(digits, 9)+4)*charPx + nameGapPx
	return a
}

// maxAbs is the largest finite absolute value of xs.
func maxAbs(xs ...float64) float64 {
	m := 0.0
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			m = math.Max(m, math.Abs(x))
		}
	}
	return m
}

// Package figure draws the key charts of a report snapshot as static PNG
// or SVG images with gonum/plot, for e-mails, wikis and Markdown: drift
// histograms (the detail of each DataDrift row), category bars, confusion
// and correlation matrices, ROC, PR and Q-Q curves, error distributions.
// It reads the data-only views of the results (metrics.Viewer).
package figure

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/telltale-ml/telltale/internal/atomicfile"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/report"
)

// Colours of the reference and the current data.
var (
	refColour = color.RGBA{R: 0x88, G: 0x99, B: 0xaa, A: 0xff}
	curColour = color.RGBA{R: 0xd6, G: 0x45, B: 0x45, A: 0xff}
)

// Write draws the charts of s into dir (created if needed) in format "png"
// or "svg", one file per chart, and returns the paths written, in report
// order. A file is named after its metric and what it shows: the column of
// a table row's chart (DataDrift-temp_max.png), else the chart's title
// (Correlations-Pearson_correlation_current.png); a name met twice gets a
// number (-2, -3, ...).
func Write(dir string, s *report.Snapshot, format string) ([]string, error) {
	if format != "png" && format != "svg" {
		return nil, fmt.Errorf("figure: format %q: want png or svg", format)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	used := map[string]bool{}
	for _, e := range s.Metrics {
		if e.Result == nil {
			continue
		}
		type named struct {
			v    metrics.View
			name string
		}
		var views []named
		for _, v := range metrics.ViewsOf(e.Result) {
			views = append(views, named{v, viewTitle(v)})
			if t, ok := v.(*metrics.Table); ok {
				for _, r := range t.Rows {
					if r.Detail != nil && len(r.Cells) > 0 {
						views = append(views, named{r.Detail, r.Cells[0].Text})
					}
				}
			}
		}
		for _, v := range views {
			p, err := draw(v.v)
			if err != nil {
				return paths, fmt.Errorf("figure: %s: %w", e.ID, err)
			}
			if p == nil {
				continue
			}
			base := fileName(e.ID)
			if v.name != "" {
				base += "-" + fileName(v.name)
			}
			name := base
			for i := 2; used[name]; i++ {
				name = fmt.Sprintf("%s-%d", base, i)
			}
			used[name] = true
			path := filepath.Join(dir, name+"."+format)
			if err := save(p, path, format); err != nil {
				return paths, fmt.Errorf("figure: %w", err)
			}
			paths = append(paths, path)
		}
	}
	return paths, nil
}

// save writes the plot to path as atomicfile does: atomically to a new or
// regular file, through a device or a link.
func save(p *plot.Plot, path, format string) error {
	wt, err := p.WriterTo(16*vg.Centimeter, 10*vg.Centimeter, format)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, 0o644, func(w io.Writer) error {
		_, err := wt.WriteTo(w)
		return err
	})
}

// fileName keeps the letters, digits, '-' and '_' of s, each run of other
// characters becoming one '_', trimmed and cut to 60 bytes: no path
// separator or dot survives.
func fileName(s string) string {
	var b strings.Builder
	under := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' {
			b.WriteRune(r)
			under = false
		} else if !under {
			b.WriteByte('_')
			under = true
		}
	}
	out := strings.Trim(b.String(), "_")
	for len(out) > 60 {
		_, size := utf8.DecodeLastRuneInString(out)
		out = out[:len(out)-size]
	}
	if out == "" {
		return "chart"
	}
	return out
}

// viewTitle is a chart view's title, "" for other views.
func viewTitle(v metrics.View) string {
	switch v := v.(type) {
	case *metrics.HistogramView:
		return v.Title
	case *metrics.Bars:
		return v.Title
	case *metrics.Lines:
		return v.Title
	case *metrics.Heatmap:
		return v.Title
	}
	return ""
}

// draw returns the plot of one view, nil for views that are not charts
// (counters, tables). Its strings are made printable first (see
// printable): column names are data.
func draw(v metrics.View) (*plot.Plot, error) {
	switch v := printableView(v).(type) {
	case *metrics.HistogramView:
		return histogram(v)
	case *metrics.Bars:
		return bars(v)
	case *metrics.Lines:
		return lines(v)
	case *metrics.Heatmap:
		return heatmap(v)
	}
	return nil, nil
}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = title, x, y
	p.Legend.Top = true
	return p
}

// histogram draws each side as a step outline over the shared edges.
func histogram(v *metrics.HistogramView) (*plot.Plot, error) {
	if len(v.Edges) != len(v.Current)+1 || (len(v.Reference) > 0 && len(v.Reference) != len(v.Current)) {
		return nil, fmt.Errorf("histogram %q: %d edges for %d bins", v.Title, len(v.Edges), len(v.Current))
	}
	xs := spanScale(v.Edges...)
	p := newPlot(v.Title, scaledLabel(v.XLabel, xs), v.YLabel)
	for _, side := range []struct {
		name string
		h    []float64
		c    color.Color
	}{{"reference", v.Reference, refColour}, {"current", v.Current, curColour}} {
		if len(side.h) == 0 {
			continue
		}
		pts := make(plotter.XYs, 0, 2*len(side.h)+2)
		pts = append(pts, plotter.XY{X: v.Edges[0] / xs, Y: 0})
		for i, h := range side.h {
			pts = append(pts, plotter.XY{X: v.Edges[i] / xs, Y: h}, plotter.XY{X: v.Edges[i+1] / xs, Y: h})
		}
		pts = append(pts, plotter.XY{X: v.Edges[len(v.Edges)-1] / xs, Y: 0})
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		l.Color = side.c
		l.Width = vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(side.name, l)
	}
	return p, nil
}

// bars draws one group of bars per category, one bar per series.
func bars(v *metrics.Bars) (*plot.Plot, error) {
	var all []float64
	for _, s := range v.Series {
		for _, x := range s.Values {
			all = append(all, finite(float64(x)))
		}
	}
	ys := spanScale(append(all, 0)...)
	p := newPlot(v.Title, "", scaledLabel(v.YLabel, ys))
	w := vg.Points(12)
	colours := []color.Color{refColour, curColour, color.RGBA{G: 0x80, B: 0xc0, A: 0xff}}
	for i, s := range v.Series {
		if len(s.Values) != len(v.Categories) {
			return nil, fmt.Errorf("bars %q: series %q has %d values for %d categories", v.Title, s.Name, len(s.Values), len(v.Categories))
		}
		vals := make(plotter.Values, len(s.Values))
		for j, x := range s.Values {
			vals[j] = finite(float64(x)) / ys
		}
		b, err := plotter.NewBarChart(vals, w)
		if err != nil {
			return nil, err
		}
		b.Color = colours[i%len(colours)]
		b.LineStyle.Width = 0
		b.Offset = vg.Length(float64(i)-float64(len(v.Series)-1)/2) * w
		p.Add(b)
		p.Legend.Add(s.Name, b)
	}
	p.NominalX(v.Categories...)
	p.Y.Min = math.Min(0, p.Y.Min) // bars from zero
	if top := float64(v.YMax); top > 0 && p.Y.Max <= top {
		p.Y.Max = top // shares and scores end at 1
	}
	return p, nil
}

// lines draws each series as a line, or as points.
func lines(v *metrics.Lines) (*plot.Plot, error) {
	var allX, allY []float64
	for _, s := range v.Series {
		for j := range min(len(s.X), len(s.Y)) {
			allX, allY = append(allX, finite(float64(s.X[j]))), append(allY, finite(float64(s.Y[j])))
		}
	}
	xs, ys := spanScale(allX...), spanScale(allY...)
	p := newPlot(v.Title, scaledLabel(v.XLabel, xs), scaledLabel(v.YLabel, ys))
	for i, s := range v.Series {
		if len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("lines %q: series %q has %d x and %d y", v.Title, s.Name, len(s.X), len(s.Y))
		}
		pts := make(plotter.XYs, 0, len(s.X))
		for j := range s.X {
			x, y := float64(s.X[j]), float64(s.Y[j])
			if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
				continue
			}
			pts = append(pts, plotter.XY{X: x / xs, Y: y / ys})
		}
		if len(pts) == 0 {
			continue
		}
		c := curColour
		if i%2 == 1 || s.Dashed {
			c = refColour
		}
		if s.Points {
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, err
			}
			sc.Color = c
			p.Add(sc)
			p.Legend.Add(s.Name, sc)
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		l.Color = c
		if s.Dashed {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(l)
		p.Legend.Add(s.Name, l)
	}
	return p, nil
}

// heatmap draws the matrix as shaded cells with their values written in.
func heatmap(v *metrics.Heatmap) (*plot.Plot, error) {
	rows, cols := len(v.YLabels), len(v.XLabels)
	if len(v.Values) != rows {
		return nil, fmt.Errorf("heatmap %q: %d rows for %d labels", v.Title, len(v.Values), rows)
	}
	lo, hi := float64(v.Min), float64(v.Max)
	if lo == 0 && hi == 0 {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, r := range v.Values {
			for _, x := range r {
				if f := float64(x); !math.IsNaN(f) {
					lo, hi = math.Min(lo, f), math.Max(hi, f)
				}
			}
		}
	}
	p := newPlot(v.Title, v.XLabel, v.YLabel)
	var labels plotter.XYLabels
	for i, r := range v.Values {
		if len(r) != cols {
			return nil, fmt.Errorf("heatmap %q: row %d has %d values for %d labels", v.Title, i, len(r), cols)
		}
		for j, x := range r {
			f := float64(x)
			shade := 0.0
			if hi > lo && !math.IsNaN(f) {
				shade = (f/2 - lo/2) / (hi/2 - lo/2) // halves: hi - lo may overflow
			}
			y := float64(rows - 1 - i)
			box, err := plotter.NewPolygon(plotter.XYs{{X: float64(j) - .5, Y: y - .5}, {X: float64(j) + .5, Y: y - .5}, {X: float64(j) + .5, Y: y + .5}, {X: float64(j) - .5, Y: y + .5}})
			if err != nil {
				return nil, err
			}
			g := uint8(255 - 180*shade)
			box.Color = color.RGBA{R: 255, G: g, B: g, A: 255}
			if math.IsNaN(f) {
				box.Color = color.Gray{Y: 0xd9} // undefined, as in the HTML report
			}
			box.LineStyle.Width = 0
			p.Add(box)
			labels.XYs = append(labels.XYs, plotter.XY{X: float64(j), Y: y})
			if math.IsNaN(f) {
				labels.Labels = append(labels.Labels, "undefined")
			} else {
				labels.Labels = append(labels.Labels, fmt.Sprintf("%.3g", f))
			}
		}
	}
	if len(labels.XYs) > 0 {
		l, err := plotter.NewLabels(labels)
		if err != nil {
			return nil, err
		}
		p.Add(l)
	}
	p.NominalX(v.XLabels...)
	ys := make([]string, rows)
	for i, l := range v.YLabels {
		ys[rows-1-i] = l
	}
	p.NominalY(ys...)
	return p, nil
}

// spanScale returns 10 when the values span more than the largest float
// (max - min overflows, as between -1e308 and 1e308), else 1: the values
// are drawn divided by it, because gonum/plot's axes compute max - min
// (its tick search never ends on an infinite span).
func spanScale(xs ...float64) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if hi > lo && math.IsInf(hi-lo, 0) {
		return 10
	}
	return 1
}

// scaledLabel says on an axis label that its values are drawn divided by
// scale.
func scaledLabel(label string, scale float64) string {
	if scale == 1 {
		return label
	}
	return strings.TrimSpace(fmt.Sprintf("%s (×%g)", label, scale))
}

func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

package metrics

// Viewer is implemented by results that say how they are drawn. Views
// describe pictures in data (counters, tables, histograms, bars, lines,
// heatmaps), never in chart code: the renderers (render/html,
// render/figure) turn them into charts, so a user's own metric renders by
// returning a result that implements Viewer. A result without Views is
// shown as a table of its JSON.
//
// Views must be deterministic and must not modify the result.
type Viewer interface {
	Views() []View
}

// View is one picture of a result: *Counters, *Table, *HistogramView,
// *Bars, *Lines or *Heatmap. ViewKind names it in the JSON encoding.
type View interface {
	ViewKind() string
}

// View kinds.
const (
	KindCounters  = "counters"
	KindTable     = "table"
	KindHistogram = "histogram"
	KindBars      = "bars"
	KindLines     = "lines"
	KindHeatmap   = "heatmap"
)

// Status of a counter or a cell, for colour: "" (neutral), StatusGood,
// StatusBad, StatusWarn.
const (
	StatusGood = "good"
	StatusBad  = "bad"
	StatusWarn = "warn"
)

// Counters is a row of headline numbers.
type Counters struct {
	Title string    `json:"title,omitempty"`
	Items []Counter `json:"items"`
}

// Counter is one headline: a number, or a text when Text is set.
type Counter struct {
	Label  string `json:"label"`
	Value  Float  `json:"value"`
	Text   string `json:"text,omitempty"`
	Status string `json:"status,omitempty"`
}

// Table is a table of rows; renderers let readers sort and filter it.
type Table struct {
	Title   string        `json:"title,omitempty"`
	Columns []TableColumn `json:"columns"`
	Rows    []TableRow    `json:"rows"`
	// Spark names the header of the small-distribution column, shown when
	// rows carry a Spark.
	Spark string `json:"spark,omitempty"`
}

// TableColumn is a table's column.
type TableColumn struct {
	Name string `json:"name"`
	// Numeric columns sort by value.
	Numeric bool `json:"numeric,omitempty"`
}

// TableRow is one row: its cells, an optional small distribution, and an
// optional detail view shown when the row is expanded.
type TableRow struct {
	Cells  []Cell `json:"cells"`
	Spark  *Spark `json:"spark,omitempty"`
	Detail View   `json:"detail,omitempty"`
}

// Cell is a table cell: a number (Value set) or a text.
type Cell struct {
	Text   string `json:"text,omitempty"`
	Value  *Float `json:"value,omitempty"`
	Status string `json:"status,omitempty"`
}

// Spark is a small distribution drawn inline: the reference (may be empty)
// and current heights of the same bins or categories.
type Spark struct {
	Reference []float64 `json:"reference,omitempty"`
	Current   []float64 `json:"current"`
}

// HistogramView is a histogram of one or two datasets on shared bins:
// Edges holds len(Current)+1 edges; Reference is empty or as long as
// Current. Heights are counts or shares, as YLabel says.
type HistogramView struct {
	Title     string    `json:"title,omitempty"`
	XLabel    string    `json:"x_label,omitempty"`
	YLabel    string    `json:"y_label,omitempty"`
	Edges     []float64 `json:"edges"`
	Reference []float64 `json:"reference,omitempty"`
	Current   []float64 `json:"current"`
}

// Bars is a bar chart: one value per category for each series (for
// example the reference and current shares of each category). Bars start
// at zero.
type Bars struct {
	Title      string   `json:"title,omitempty"`
	YLabel     string   `json:"y_label,omitempty"`
	Categories []string `json:"categories"`
	Series     []Series `json:"series"`
	// YMax is the top of the value axis: 1 for shares and scores; zero
	// means the largest value.
	YMax Float `json:"y_max,omitempty"`
}

// Series is a named list of values, one per category.
type Series struct {
	Name   string  `json:"name"`
	Values []Float `json:"values"`
}

// Lines is a plot of x/y series: ROC and PR curves, lift, Q-Q points,
// values over time.
type Lines struct {
	Title  string `json:"title,omitempty"`
	XLabel string `json:"x_label,omitempty"`
	YLabel string `json:"y_label,omitempty"`
	// XTime says the x values are instants in Unix milliseconds (UTC),
	// drawn on a time axis.
	XTime  bool         `json:"x_time,omitempty"`
	Series []LineSeries `json:"series"`
}

// LineSeries is one curve, or a cloud of points when Points is set;
// Dashed marks a reference line (the diagonal of a ROC or Q-Q plot).
type LineSeries struct {
	Name   string  `json:"name"`
	X      []Float `json:"x"`
	Y      []Float `json:"y"`
	Points bool    `json:"points,omitempty"`
	Dashed bool    `json:"dashed,omitempty"`
}

// Heatmap is a matrix of values with labelled rows and columns: a
// confusion matrix (rows are actual labels), a correlation matrix.
type Heatmap struct {
	Title   string    `json:"title,omitempty"`
	XLabel  string    `json:"x_label,omitempty"`
	YLabel  string    `json:"y_label,omitempty"`
	XLabels []string  `json:"x_labels"`
	YLabels []string  `json:"y_labels"`
	Values  [][]Float `json:"values"`
	// Min and Max bound the colour scale; both zero means the data's range.
	Min Float `json:"min,omitempty"`
	Max Float `json:"max,omitempty"`
}

// ViewKind implements View.
func (*Counters) ViewKind() string { return KindCounters }

// ViewKind implements View.
func (*Table) ViewKind() string { return KindTable }

// ViewKind implements View.
func (*HistogramView) ViewKind() string { return KindHistogram }

// ViewKind implements View.
func (*Bars) ViewKind() string { return KindBars }

// ViewKind implements View.
func (*Lines) ViewKind() string { return KindLines }

// ViewKind implements View.
func (*Heatmap) ViewKind() string { return KindHeatmap }

// ViewsOf returns r's views, nil when r does not implement Viewer. A panic
// in a user's Views becomes an empty list, so a faulty view cannot take a
// report down.
func ViewsOf(r Result) (views []View) {
	v, ok := r.(Viewer)
	if !ok || v == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			views = nil
		}
	}()
	return v.Views()
}

// valuePtr returns a pointer to v as a Float, for numeric cells.
func valuePtr[T ~float64 | ~int](v T) *Float { f := Float(v); return &f }

// floats converts a slice to Floats.
func floats[T ~float64 | ~int](xs []T) []Float {
	out := make([]Float, len(xs))
	for i, x := range xs {
		out[i] = Float(x)
	}
	return out
}

// float64s converts a slice to float64s.
func float64s[T ~float64 | ~int](xs []T) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

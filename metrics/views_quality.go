package metrics

import "sort"

// Views implements Viewer: counts of both datasets side by side.
func (r *DatasetSummaryResult) Views() []View {
	if r == nil || r.Current == nil {
		return nil
	}
	t := &Table{Title: "Dataset summary", Columns: []TableColumn{{Name: "measure"}, {Name: "current", Numeric: true}}}
	if r.Reference != nil {
		t.Columns = append(t.Columns, TableColumn{Name: "reference", Numeric: true})
	}
	row := func(name string, get func(*DatasetStats) float64) {
		cells := []Cell{{Text: name}, {Value: valuePtr(get(r.Current))}}
		if r.Reference != nil {
			cells = append(cells, Cell{Value: valuePtr(get(r.Reference))})
		}
		t.Rows = append(t.Rows, TableRow{Cells: cells})
	}
	row("rows", func(s *DatasetStats) float64 { return float64(s.Rows) })
	row("columns", func(s *DatasetStats) float64 { return float64(s.Columns) })
	row("missing cells", func(s *DatasetStats) float64 { return float64(s.MissingCells) })
	row("missing cells share", func(s *DatasetStats) float64 { return float64(s.MissingCellsShare) })
	row("rows with missing values", func(s *DatasetStats) float64 { return float64(s.RowsWithMissing) })
	row("columns with missing values", func(s *DatasetStats) float64 { return float64(s.ColumnsWithMissing) })
	row("duplicated rows", func(s *DatasetStats) float64 { return float64(s.DuplicatedRows) })
	row("duplicated columns", func(s *DatasetStats) float64 { return float64(s.DuplicatedColumns) })
	row("almost duplicated columns", func(s *DatasetStats) float64 { return float64(s.AlmostDuplicatedColumns) })
	row("constant columns", func(s *DatasetStats) float64 { return float64(s.ConstantColumns) })
	row("almost constant columns", func(s *DatasetStats) float64 { return float64(s.AlmostConstantColumns) })
	row("empty rows", func(s *DatasetStats) float64 { return float64(s.EmptyRows) })
	return []View{&Counters{Title: "Current data", Items: []Counter{
		{Label: "rows", Value: Float(r.Current.Rows)},
		{Label: "columns", Value: Float(r.Current.Columns)},
		{Label: "missing cells share", Value: r.Current.MissingCellsShare},
		{Label: "duplicated rows", Value: Float(r.Current.DuplicatedRows)},
	}}, t}
}

// Views implements Viewer: the column's statistics in both datasets and
// its distribution (histogram or category counts).
func (r *ColumnSummaryResult) Views() []View {
	if r == nil || r.Current == nil {
		return nil
	}
	views := []View{columnStatsTable(r)}
	if r.Histogram != nil {
		views = append(views, r.Histogram.view(r.Column+": distribution", r.Column))
	}
	if b := r.categoryBars(); b != nil {
		views = append(views, b)
	}
	views = append(views, r.OverTime.Views()...)
	return views
}

func columnStatsTable(r *ColumnSummaryResult) *Table {
	t := &Table{Title: r.Column + " (" + r.ColumnType + ")", Columns: []TableColumn{{Name: "statistic"}, {Name: "current", Numeric: true}}}
	if r.Reference != nil {
		t.Columns = append(t.Columns, TableColumn{Name: "reference", Numeric: true})
	}
	add := func(name string, get func(*ColumnStats) (Float, bool)) {
		cv, ok := get(r.Current)
		if !ok {
			return
		}
		cells := []Cell{{Text: name}, {Value: valuePtr(cv)}}
		if r.Reference != nil {
			rv, ok := get(r.Reference)
			if !ok {
				rv = nan()
			}
			cells = append(cells, Cell{Value: valuePtr(rv)})
		}
		t.Rows = append(t.Rows, TableRow{Cells: cells})
	}
	always := func(f func(*ColumnStats) float64) func(*ColumnStats) (Float, bool) {
		return func(s *ColumnStats) (Float, bool) { return Float(f(s)), true }
	}
	add("count", always(func(s *ColumnStats) float64 { return float64(s.Count) }))
	add("missing", always(func(s *ColumnStats) float64 { return float64(s.Missing) }))
	add("missing share", always(func(s *ColumnStats) float64 { return float64(s.MissingShare) }))
	add("distinct"+approxNote(r, func(b *StatsBound) string { return intBound(b.DistinctError) }),
		always(func(s *ColumnStats) float64 { return float64(s.Distinct) }))
	add("most common share"+approxNote(r, func(b *StatsBound) string { return countShort(b.MostCommonCountError) }),
		always(func(s *ColumnStats) float64 { return float64(s.MostCommonShare) }))
	num := func(f func(*NumericStats) Float) func(*ColumnStats) (Float, bool) {
		return func(s *ColumnStats) (Float, bool) {
			if s.NumericStats == nil {
				return 0, false
			}
			return f(s.NumericStats), true
		}
	}
	add("mean", num(func(n *NumericStats) Float { return n.Mean }))
	add("std", num(func(n *NumericStats) Float { return n.Std }))
	add("min", num(func(n *NumericStats) Float { return n.Min }))
	add("max", num(func(n *NumericStats) Float { return n.Max }))
	keys := make([]string, 0, len(r.Current.Quantiles))
	for k := range r.Current.Quantiles {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		note := approxNote(r, func(b *StatsBound) string {
			iv, ok := b.QuantileIntervals[k]
			if !ok {
				return ""
			}
			return "in [" + formatFloat(float64(iv[0])) + ", " + formatFloat(float64(iv[1])) + "]"
		})
		add("quantile "+k+note, func(s *ColumnStats) (Float, bool) {
			v, ok := s.Quantiles[k]
			if !ok {
				return nan(), true
			}
			return v, true
		})
	}
	return t
}

// categoryBars pairs the category counts of both datasets.
func (r *ColumnSummaryResult) categoryBars() *Bars {
	if r.Current.CategoricalStats == nil {
		return nil
	}
	var cats []string
	seen := map[string]bool{}
	for _, s := range []*ColumnStats{r.Current, r.Reference} {
		if s == nil || s.CategoricalStats == nil {
			continue
		}
		for _, vc := range s.CategoricalStats.Counts {
			if !seen[vc.Value] {
				seen[vc.Value] = true
				cats = append(cats, vc.Value)
			}
		}
	}
	values := func(s *ColumnStats) []float64 {
		out := make([]float64, len(cats))
		idx := map[string]int{}
		for _, vc := range s.CategoricalStats.Counts {
			idx[vc.Value] = vc.Count
		}
		for i, c := range cats {
			out[i] = float64(idx[c])
		}
		return out
	}
	b := &Bars{Title: r.Column + ": categories", YLabel: "count"}
	var sides [][]float64
	var other []float64
	folded := false
	for _, s := range []struct {
		name  string
		stats *ColumnStats
	}{{"reference", r.Reference}, {"current", r.Current}} {
		if s.stats == nil || s.stats.CategoricalStats == nil {
			continue
		}
		b.Series = append(b.Series, Series{Name: s.name})
		sides = append(sides, values(s.stats))
		other = append(other, float64(s.stats.OtherCount))
		folded = folded || s.stats.OtherCategories > 0
	}
	var vals [][]Float
	b.Categories, vals = topCategories(cats, sides, other, folded)
	for i := range b.Series {
		b.Series[i].Values = vals[i]
	}
	return b
}

// Views implements Viewer: each column's summary.
func (r *ColumnSummariesResult) Views() []View {
	var views []View
	for _, c := range r.Columns {
		views = append(views, c.Views()...)
	}
	return views
}

// Views implements Viewer: the histogram of both datasets.
func (h *Histogram) Views() []View {
	if h == nil {
		return nil
	}
	return []View{h.view("distribution", "")}
}

func (h *Histogram) view(title, x string) *HistogramView {
	v := &HistogramView{Title: title, XLabel: x, YLabel: "count", Edges: h.Edges, Current: float64s(h.Current)}
	if len(h.Reference) > 0 {
		v.Reference = float64s(h.Reference)
	}
	return v
}

// Views implements Viewer: the notes on undefined correlations, then a
// heatmap per correlation method and dataset.
func (r *CorrelationsResult) Views() []View {
	var views []View
	if len(r.Notes) > 0 {
		t := &Table{Title: "Undefined correlations", Columns: []TableColumn{{Name: "note"}}}
		for _, n := range r.Notes {
			t.Rows = append(t.Rows, TableRow{Cells: []Cell{{Text: n}}})
		}
		views = append(views, t)
	}
	for _, side := range []struct {
		name string
		s    *CorrelationSide
	}{{"current", r.Current}, {"reference", r.Reference}} {
		if side.s == nil {
			continue
		}
		for _, m := range []struct {
			name string
			m    *CorrelationMatrix
		}{{"Pearson", side.s.Pearson}, {"Spearman", side.s.Spearman}, {"Kendall", side.s.Kendall}, {"Cramér's V", side.s.CramerV}} {
			if m.m == nil || len(m.m.Columns) == 0 {
				continue
			}
			lo := Float(-1)
			if m.name == "Cramér's V" {
				lo = 0
			}
			views = append(views, &Heatmap{Title: m.name + " correlation, " + side.name,
				XLabels: m.m.Columns, YLabels: m.m.Columns, Values: m.m.Values, Min: lo, Max: 1})
		}
	}
	return views
}

// Views implements Viewer: the target-prediction correlation and the
// maxima, and each feature's correlation with the target and the
// prediction on each side.
func (r *TargetCorrelationsResult) Views() []View {
	if r == nil || r.Current == nil {
		return nil
	}
	c := r.Current
	views := []View{&Counters{Title: "Current data (" + r.Method + ")", Items: []Counter{
		{Label: "target-prediction", Value: c.TargetPrediction},
		{Label: "max |target-feature|", Value: c.AbsMaxTargetFeatures},
		{Label: "max |prediction-feature|", Value: c.AbsMaxPredictionFeatures},
	}}}
	if len(r.Features) == 0 {
		return views
	}
	t := &Table{Title: "Correlations with the features", Columns: []TableColumn{{Name: "feature"}, {Name: "target", Numeric: true}}}
	if r.Prediction != "" {
		t.Columns = append(t.Columns, TableColumn{Name: "prediction", Numeric: true})
	}
	if r.Reference != nil {
		t.Columns = append(t.Columns, TableColumn{Name: "reference target", Numeric: true})
		if r.Prediction != "" {
			t.Columns = append(t.Columns, TableColumn{Name: "reference prediction", Numeric: true})
		}
	}
	for i, f := range r.Features {
		cells := []Cell{{Text: f}, {Value: valuePtr(c.Target[i])}}
		if r.Prediction != "" {
			cells = append(cells, Cell{Value: valuePtr(c.Prediction[i])})
		}
		if r.Reference != nil {
			cells = append(cells, Cell{Value: valuePtr(r.Reference.Target[i])})
			if r.Prediction != "" {
				cells = append(cells, Cell{Value: valuePtr(r.Reference.Prediction[i])})
			}
		}
		t.Rows = append(t.Rows, TableRow{Cells: cells})
	}
	return append(views, t)
}

// Views implements Viewer: the conflicting rows on each side.
func (r *ConflictResult) Views() []View {
	if r == nil {
		return nil
	}
	status := func(n int) string {
		if n > 0 {
			return StatusBad
		}
		return StatusGood
	}
	items := []Counter{{Label: "conflicting rows", Value: Float(r.Current.Conflicts), Status: status(r.Current.Conflicts)},
		{Label: "share", Value: r.Current.Share}}
	if r.Reference != nil {
		items = append(items, Counter{Label: "reference conflicting rows", Value: Float(r.Reference.Conflicts)},
			Counter{Label: "reference share", Value: r.Reference.Share})
	}
	return []View{&Counters{Title: "Rows with the same features and a different " + joinNames(r.Outcome), Items: items}}
}

// Views implements Viewer: the unstable rows of the current data.
func (r *DataQualityStabilityResult) Views() []View {
	if r == nil {
		return nil
	}
	item := func(label string, n *int) Counter {
		if n == nil {
			return Counter{Label: label, Text: "no column"}
		}
		return Counter{Label: label, Value: Float(*n)}
	}
	return []View{&Counters{Title: "Rows equal but for the target or the prediction", Items: []Counter{
		{Label: "rows", Value: Float(r.Rows)},
		item("not stable target", r.NotStableTarget), item("not stable prediction", r.NotStablePrediction),
	}}}
}

// joinNames lists column names for a title: "a", "a, b".
func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out
}

package metrics

import "fmt"

// Views implements Viewer: the verdict and the column's two distributions.
func (r *ColumnDriftResult) Views() []View {
	verdict := Counter{Label: "drift", Text: driftText(r.Drifted), Status: driftStatus(r.Drifted)}
	views := []View{&Counters{Title: "Drift of " + r.Column, Items: []Counter{
		verdict,
		{Label: "stattest", Text: r.StatTestName},
		{Label: "drift score", Value: r.Score},
		{Label: "threshold", Value: r.Threshold},
	}}}
	if a := r.Approximate; a != nil {
		c := views[0].(*Counters)
		c.Items = append(c.Items, Counter{Label: "≈ from sketches: score ±", Value: a.ScoreError, Status: approxStatus(a)})
	}
	if v := r.distributionView(); v != nil {
		views = append(views, v)
	}
	return views
}

// Views implements Viewer: the dataset verdict and the per-column table,
// each row with its small distribution and, expanded, the full chart.
func (r *DataDriftResult) Views() []View {
	verdict := Counter{Label: "dataset drift", Text: "not detected", Status: StatusGood}
	if r.DatasetDrift {
		verdict = Counter{Label: "dataset drift", Text: "detected", Status: StatusBad}
	}
	items := []Counter{
		verdict,
		{Label: "columns", Value: Float(r.NumberOfColumns)},
		{Label: "drifted columns", Value: Float(r.NumberOfDriftedColumns)},
		{Label: "share of drifted columns", Value: r.ShareOfDriftedColumns},
		{Label: "drift share threshold", Value: r.DriftShare},
	}
	if r.NumberOfColumnsWithErrors > 0 {
		items = append(items, Counter{Label: "columns with errors", Value: Float(r.NumberOfColumnsWithErrors), Status: StatusWarn})
	}
	return []View{
		&Counters{Title: "Dataset drift", Items: items},
		driftTable("Drift by column", r.Columns),
	}
}

// Views implements Viewer: the target and prediction drift and the
// features' correlations with them in both datasets.
func (r *TargetDriftResult) Views() []View {
	var cols []ColumnDriftResult
	if r.Target != nil {
		cols = append(cols, *r.Target)
	}
	cols = append(cols, r.Predictions...)
	var views []View
	if len(cols) > 0 {
		views = append(views, driftTable("Target and prediction drift", cols))
	}
	for _, c := range r.Correlations {
		views = append(views, &Bars{
			Title:      fmt.Sprintf("%s correlation of the features with %s", c.Method, c.Column),
			YLabel:     c.Method,
			Categories: c.Features,
			Series:     []Series{{Name: "reference", Values: c.Reference}, {Name: "current", Values: c.Current}},
			YMax:       1,
		})
	}
	return views
}

// driftTable is the per-column drift table.
func driftTable(title string, cols []ColumnDriftResult) *Table {
	t := &Table{
		Title: title,
		Columns: []TableColumn{
			{Name: "column"}, {Name: "type"}, {Name: "stattest"},
			{Name: "drift score", Numeric: true}, {Name: "threshold", Numeric: true}, {Name: "drift"},
		},
		Spark: "reference vs current",
		Rows:  make([]TableRow, 0, len(cols)),
	}
	approx := false
	for i := range cols {
		approx = approx || cols[i].Approximate != nil
	}
	if approx {
		t.Columns = append(t.Columns, TableColumn{Name: "≈ score ± (sketch)", Numeric: true})
	}
	for i := range cols {
		c := &cols[i]
		drift := Cell{Text: driftText(c.Drifted), Status: driftStatus(c.Drifted)}
		if c.Error != "" {
			drift = Cell{Text: "error: " + c.Error, Status: StatusWarn}
		} else if c.Approximate != nil && !c.Approximate.Certain {
			drift.Text += " (≈ uncertain: the threshold is within the bound)"
		}
		row := TableRow{Cells: []Cell{
			{Text: c.Column}, {Text: c.ColumnType}, {Text: c.StatTestName},
			{Value: valuePtr(c.Score)}, {Value: valuePtr(c.Threshold)}, drift,
		}}
		if approx {
			cell := Cell{Text: "exact"}
			if a := c.Approximate; a != nil {
				cell = Cell{Value: valuePtr(a.ScoreError), Status: approxStatus(a)}
			}
			row.Cells = append(row.Cells, cell)
		}
		if d := c.Distribution; d != nil && len(d.Current) > 0 {
			row.Spark = &Spark{Reference: d.Reference, Current: d.Current}
			if d.Other != nil {
				row.Spark = &Spark{Reference: append(append([]float64(nil), d.Reference...), d.Other[0]),
					Current: append(append([]float64(nil), d.Current...), d.Other[1])}
			}
		}
		if v := c.distributionView(); v != nil {
			row.Detail = v
		}
		t.Rows = append(t.Rows, row)
	}
	// Importances, when given, in columns of their own.
	for _, imp := range []struct {
		name string
		get  func(*ColumnDriftResult) *Float
	}{{"current importance", func(c *ColumnDriftResult) *Float { return c.CurrentFeatureImportance }},
		{"reference importance", func(c *ColumnDriftResult) *Float { return c.ReferenceFeatureImportance }},
		{"drift importance", func(c *ColumnDriftResult) *Float { return c.DriftImportance }}} {
		any := false
		for i := range cols {
			any = any || imp.get(&cols[i]) != nil
		}
		if !any {
			continue
		}
		t.Columns = append(t.Columns, TableColumn{Name: imp.name, Numeric: true})
		for i := range cols {
			cell := Cell{Text: "-"}
			if v := imp.get(&cols[i]); v != nil {
				cell = Cell{Value: v}
			}
			t.Rows[i].Cells = append(t.Rows[i].Cells, cell)
		}
	}
	return t
}

// distributionView is the reference-versus-current chart of the column:
// overlaid histograms for a numerical column, paired bars for categories.
func (r *ColumnDriftResult) distributionView() View {
	d := r.Distribution
	if d == nil || len(d.Current) == 0 {
		return nil
	}
	title := r.Column + ": reference vs current"
	switch d.Kind {
	case "histogram":
		if len(d.Edges) != len(d.Current)+1 {
			return nil
		}
		return &HistogramView{Title: title, XLabel: r.Column, YLabel: "share",
			Edges: d.Edges, Reference: d.Reference, Current: d.Current}
	case "categories":
		if len(d.Reference) != len(d.Categories) || len(d.Current) != len(d.Categories) {
			return nil
		}
		var other [2]float64
		if d.Other != nil {
			other = *d.Other
		}
		b := &Bars{Title: title, YLabel: "share", YMax: 1,
			Series: []Series{{Name: "reference"}, {Name: "current"}}}
		var vals [][]Float
		b.Categories, vals = topCategories(d.Categories, [][]float64{d.Reference, d.Current}, other[:], d.Other != nil)
		b.Series[0].Values, b.Series[1].Values = vals[0], vals[1]
		return b
	}
	return nil
}

func driftText(v Verdict) string {
	switch v {
	case Drift:
		return "detected"
	case NoDrift:
		return "not detected"
	}
	return "not tested"
}

func driftStatus(v Verdict) string {
	switch v {
	case Drift:
		return StatusBad
	case NoDrift:
		return StatusGood
	}
	return StatusWarn
}

// approxStatus flags a drift from sketches whose decision is not certain.
func approxStatus(a *DriftBound) string {
	if a.Certain {
		return ""
	}
	return StatusWarn
}

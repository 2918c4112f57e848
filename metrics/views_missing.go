package metrics

import "strconv"

// Views implements Viewer: the headline counts, each column's missing
// values, and how often each value of the list occurs.
func (r *DatasetMissingValuesResult) Views() []View {
	if r == nil || r.Current == nil {
		return nil
	}
	c := r.Current
	views := []View{&Counters{Title: "Current data", Items: []Counter{
		{Label: "missing cells", Value: Float(c.Missing)},
		{Label: "missing share", Value: c.MissingShare},
		{Label: "rows with missing values", Value: Float(c.RowsWithMissing)},
		{Label: "columns with missing values", Value: Float(c.ColumnsWithMissing)},
		{Label: "different missing values", Value: Float(c.DifferentMissingValues)},
	}}}
	if a := c.Approximate; a != nil {
		// From a sketch: rows with a missing value are known to an interval.
		items := &views[0].(*Counters).Items
		(*items)[2].Label = "rows with missing values (≈ sketch: at least; at most " + strconv.Itoa(a.RowsWithMissing[1]) + ")"
		if a.CountError > 0 {
			*items = append(*items, Counter{Label: "≈ sketch: counts beyond the exact limits short by at most", Value: Float(a.CountError)})
		}
	}
	t := &Table{Title: "Missing values by column", Columns: []TableColumn{{Name: "column"},
		{Name: "current", Numeric: true}, {Name: "current share", Numeric: true}, {Name: "current different", Numeric: true}}}
	if r.Reference != nil {
		t.Columns = append(t.Columns, TableColumn{Name: "reference", Numeric: true}, TableColumn{Name: "reference share", Numeric: true},
			TableColumn{Name: "reference different", Numeric: true})
	}
	for _, cm := range c.ByColumn {
		cells := []Cell{{Text: cm.Column}, {Value: valuePtr(cm.Missing)}, {Value: valuePtr(cm.MissingShare)}, {Value: valuePtr(cm.DifferentMissingValues)}}
		if cm.Missing > 0 {
			cells[1].Status = StatusWarn
		}
		if r.Reference != nil {
			if rc := r.Reference.Column(cm.Column); rc != nil {
				cells = append(cells, Cell{Value: valuePtr(rc.Missing)}, Cell{Value: valuePtr(rc.MissingShare)}, Cell{Value: valuePtr(rc.DifferentMissingValues)})
			} else {
				cells = append(cells, Cell{Text: "-"}, Cell{Text: "-"}, Cell{Text: "-"})
			}
		}
		t.Rows = append(t.Rows, TableRow{Cells: cells})
	}
	var ref []MissingValueCount
	if r.Reference != nil {
		ref = r.Reference.Counts
	}
	return append(views, t, missingCountsView(r.MissingValues, c.Counts, ref))
}

// missingCountsView is a bar per value of the list: its number of cells
// on each side.
func missingCountsView(values []string, cur, ref []MissingValueCount) *Bars {
	b := &Bars{Title: "Cells by missing value", YLabel: "cells", Categories: values}
	series := func(name string, counts []MissingValueCount) Series {
		s := Series{Name: name, Values: make([]Float, len(counts))}
		for i, c := range counts {
			s.Values[i] = Float(c.Count)
		}
		return s
	}
	b.Series = append(b.Series, series("current", cur))
	if ref != nil {
		b.Series = append(b.Series, series("reference", ref))
	}
	return b
}

// Views implements Viewer: the column's missing values on each side.
func (r *ColumnMissingValuesResult) Views() []View {
	if r == nil || r.Current == nil {
		return nil
	}
	items := []Counter{{Label: "missing", Value: Float(r.Current.Missing)}, {Label: "missing share", Value: r.Current.MissingShare},
		{Label: "different missing values", Value: Float(r.Current.DifferentMissingValues)}}
	var ref []MissingValueCount
	if r.Reference != nil {
		ref = r.Reference.Counts
		items = append(items, Counter{Label: "reference missing", Value: Float(r.Reference.Missing)},
			Counter{Label: "reference missing share", Value: r.Reference.MissingShare})
	}
	return []View{&Counters{Title: r.Column, Items: items}, missingCountsView(r.MissingValues, r.Current.Counts, ref)}
}

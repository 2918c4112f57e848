package metrics

import (
	"fmt"
	"sort"
	"strconv"
)

// Views implements Viewer: the scores of both datasets, the confusion
// matrices, and the positive label's ROC and PR curves.
func (r *ClassificationQualityResult) Views() []View {
	if r == nil || r.Current == nil {
		return nil
	}
	c := r.Current
	views := []View{&Counters{Title: "Current data", Items: []Counter{
		{Label: "accuracy", Value: c.Accuracy}, {Label: "precision", Value: c.Precision},
		{Label: "recall", Value: c.Recall}, {Label: "F1", Value: c.F1}, {Label: "ROC AUC", Value: c.RocAuc},
	}}}
	t := &Table{Title: "Quality", Columns: []TableColumn{{Name: "metric"}, {Name: "current", Numeric: true}}}
	if r.Reference != nil {
		t.Columns = append(t.Columns, TableColumn{Name: "reference", Numeric: true})
	}
	for _, m := range []struct {
		name   string
		get    func(*ClassificationScores) Float
		binary bool // the positive label's rate: a binary task's only
	}{
		{"accuracy", func(s *ClassificationScores) Float { return s.Accuracy }, false},
		{"precision", func(s *ClassificationScores) Float { return s.Precision }, false},
		{"recall", func(s *ClassificationScores) Float { return s.Recall }, false},
		{"F1", func(s *ClassificationScores) Float { return s.F1 }, false},
		{"ROC AUC", func(s *ClassificationScores) Float { return s.RocAuc }, false},
		{"log loss", func(s *ClassificationScores) Float { return s.LogLoss }, false},
		{"TPR", func(s *ClassificationScores) Float { return s.TPR }, true},
		{"TNR", func(s *ClassificationScores) Float { return s.TNR }, true},
		{"FPR", func(s *ClassificationScores) Float { return s.FPR }, true},
		{"FNR", func(s *ClassificationScores) Float { return s.FNR }, true},
	} {
		if m.binary && r.Task != "binary" {
			continue
		}
		cells := []Cell{{Text: m.name}, {Value: valuePtr(m.get(c))}}
		if r.Reference != nil {
			cells = append(cells, Cell{Value: valuePtr(m.get(r.Reference))})
		}
		t.Rows = append(t.Rows, TableRow{Cells: cells})
	}
	views = append(views, t)
	for _, side := range []struct {
		name string
		s    *ClassificationScores
	}{{"current", r.Current}, {"reference", r.Reference}} {
		if side.s == nil {
			continue
		}
		if v := confusionView(side.s.ConfusionMatrix, side.name); v != nil {
			views = append(views, v)
		}
		views = append(views, perClassBars(side.s.PerClass, side.name))
	}
	if v := rocView("ROC curve", map[string]*ROCCurve{"current": r.Current.RocCurve}, r.Reference, func(s *ClassificationScores) *ROCCurve { return s.RocCurve }); v != nil {
		views = append(views, v)
	}
	if v := prView("Precision-recall curve", r.Current.PRCurve, refPR(r.Reference)); v != nil {
		views = append(views, v)
	}
	if v := notesView(r.Notes); v != nil {
		views = append(views, v)
	}
	return views
}

// notesView lists a result's notes; nil when there are none.
func notesView(notes []string) View {
	if len(notes) == 0 {
		return nil
	}
	t := &Table{Title: "Notes", Columns: []TableColumn{{Name: "note"}}}
	for _, n := range notes {
		t.Rows = append(t.Rows, TableRow{Cells: []Cell{{Text: n}}})
	}
	return t
}

func refPR(s *ClassificationScores) *PRCurve {
	if s == nil {
		return nil
	}
	return s.PRCurve
}

func confusionView(m ConfusionMatrix, side string) *Heatmap {
	if len(m.Labels) == 0 || len(m.Values) != len(m.Labels) {
		return nil
	}
	vals := make([][]Float, len(m.Values))
	for i, row := range m.Values {
		vals[i] = floats(row)
	}
	return &Heatmap{Title: "Confusion matrix, " + side, XLabel: "predicted", YLabel: "actual",
		XLabels: m.Labels, YLabels: m.Labels, Values: vals}
}

func perClassBars(p PerClass, side string) *Bars {
	return &Bars{Title: "Quality by class, " + side, Categories: p.Labels, YMax: 1, Series: []Series{
		{Name: "precision", Values: floats(p.Precision)},
		{Name: "recall", Values: floats(p.Recall)},
		{Name: "F1", Values: floats(p.F1)},
	}}
}

// rocView draws ROC curves by name, with the chance diagonal; the
// reference side's curve is added when ref has one.
func rocView(title string, curves map[string]*ROCCurve, ref *ClassificationScores, get func(*ClassificationScores) *ROCCurve) *Lines {
	if ref != nil {
		curves["reference"] = get(ref)
	}
	v := &Lines{Title: title, XLabel: "false positive rate", YLabel: "true positive rate"}
	for _, name := range sortedKeys(curves) {
		c := curves[name]
		if c == nil || len(c.FPR) == 0 || len(c.FPR) != len(c.TPR) {
			continue
		}
		v.Series = append(v.Series, LineSeries{Name: name, X: floats(c.FPR), Y: floats(c.TPR)})
	}
	if len(v.Series) == 0 {
		return nil
	}
	v.Series = append(v.Series, LineSeries{Name: "chance", X: []Float{0, 1}, Y: []Float{0, 1}, Dashed: true})
	return v
}

func prView(title string, cur, ref *PRCurve) *Lines {
	v := &Lines{Title: title, XLabel: "recall", YLabel: "precision"}
	for _, s := range []struct {
		name string
		c    *PRCurve
	}{{"reference", ref}, {"current", cur}} {
		if s.c == nil || len(s.c.Recall) == 0 || len(s.c.Recall) != len(s.c.Precision) {
			continue
		}
		v.Series = append(v.Series, LineSeries{Name: s.name, X: floats(s.c.Recall), Y: floats(s.c.Precision)})
	}
	if len(v.Series) == 0 {
		return nil
	}
	return v
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Views implements Viewer: per-class quality and one-vs-rest curves.
func (r *ClassificationByClassResult) Views() []View {
	var views []View
	for _, side := range []struct {
		name string
		s    *ClassCurvesSide
	}{{"current", r.Current}, {"reference", r.Reference}} {
		if side.s == nil {
			continue
		}
		views = append(views, perClassBars(side.s.PerClass, side.name))
		if len(side.s.RocCurves) > 0 {
			if v := rocView("ROC curves by class, "+side.name, copyCurves(side.s.RocCurves), nil, nil); v != nil {
				views = append(views, v)
			}
		}
		if len(side.s.PRCurves) > 0 {
			v := &Lines{Title: "Precision-recall curves by class, " + side.name, XLabel: "recall", YLabel: "precision"}
			for _, l := range sortedKeys(side.s.PRCurves) {
				c := side.s.PRCurves[l]
				if c != nil && len(c.Recall) == len(c.Precision) && len(c.Recall) > 0 {
					v.Series = append(v.Series, LineSeries{Name: l, X: floats(c.Recall), Y: floats(c.Precision)})
				}
			}
			if len(v.Series) > 0 {
				views = append(views, v)
			}
		}
	}
	return views
}

func copyCurves(m map[string]*ROCCurve) map[string]*ROCCurve {
	out := make(map[string]*ROCCurve, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Views implements Viewer: the lift (or precision and recall) by the top
// share of rows, for each label and dataset.
func (r *ClassificationTableResult) Views() []View {
	var views []View
	for _, side := range []struct {
		name string
		t    map[string][]PRTableRow
	}{{"current", r.Current}, {"reference", r.Reference}} {
		for _, label := range sortedKeys(side.t) {
			rows := side.t[label]
			if len(rows) == 0 {
				continue
			}
			x := make([]Float, len(rows))
			prec := make([]Float, len(rows))
			rec := make([]Float, len(rows))
			lift := make([]Float, len(rows))
			hasLift := true
			for i, row := range rows {
				x[i], prec[i], rec[i] = Float(row.Top), Float(row.Precision), row.Recall
				if row.Lift == nil {
					hasLift = false
				} else {
					lift[i] = *row.Lift
				}
			}
			if hasLift {
				views = append(views, &Lines{Title: "Lift, label " + label + ", " + side.name, XLabel: "top % of rows", YLabel: "lift",
					Series: []LineSeries{{Name: "lift", X: x, Y: lift}}})
				continue
			}
			views = append(views, &Lines{Title: "Precision and recall by top %, label " + label + ", " + side.name, XLabel: "top % of rows",
				Series: []LineSeries{{Name: "precision", X: x, Y: prec}, {Name: "recall", X: x, Y: rec}}})
		}
	}
	return views
}

// Views implements Viewer: the scores of both datasets.
func (r *RegressionQualityResult) Views() []View {
	if r == nil || r.Current == nil {
		return nil
	}
	c := r.Current
	views := []View{&Counters{Title: "Current data", Items: []Counter{
		{Label: "mean error", Value: c.MeanError}, {Label: "MAE", Value: c.MAE}, {Label: "RMSE", Value: c.RMSE},
		{Label: "MAPE", Value: c.MAPE}, {Label: "R²", Value: c.R2},
	}}}
	t := &Table{Title: "Quality", Columns: []TableColumn{{Name: "metric"}, {Name: "current", Numeric: true}}}
	if r.Reference != nil {
		t.Columns = append(t.Columns, TableColumn{Name: "reference", Numeric: true})
	}
	for _, m := range []struct {
		name string
		get  func(*RegressionScores) Float
	}{
		{"mean error", func(s *RegressionScores) Float { return s.MeanError }},
		{"error std", func(s *RegressionScores) Float { return s.ErrorStd }},
		{"MAE", func(s *RegressionScores) Float { return s.MAE }},
		{"RMSE", func(s *RegressionScores) Float { return s.RMSE }},
		{"MAPE", func(s *RegressionScores) Float { return s.MAPE }},
		{"R²", func(s *RegressionScores) Float { return s.R2 }},
		{"max error", func(s *RegressionScores) Float { return s.MaxError }},
		{"median absolute error", func(s *RegressionScores) Float { return s.MedianAbsError }},
		{"underestimation mean (5%)", func(s *RegressionScores) Float { return s.Groups.Underestimation.Mean }},
		{"majority mean (90%)", func(s *RegressionScores) Float { return s.Groups.Majority.Mean }},
		{"overestimation mean (5%)", func(s *RegressionScores) Float { return s.Groups.Overestimation.Mean }},
	} {
		cells := []Cell{{Text: m.name}, {Value: valuePtr(m.get(c))}}
		if r.Reference != nil {
			cells = append(cells, Cell{Value: valuePtr(m.get(r.Reference))})
		}
		t.Rows = append(t.Rows, TableRow{Cells: cells})
	}
	return append(views, t)
}

// Views implements Viewer: the Q-Q plot of the errors against the normal
// distribution, with each side's fitted line.
func (r *RegressionErrorNormalityResult) Views() []View {
	v := &Lines{Title: "Q-Q plot of the errors", XLabel: "theoretical quantiles", YLabel: "ordered errors"}
	for _, s := range []struct {
		name string
		q    *QQPlot
	}{{"reference", r.Reference}, {"current", r.Current}} {
		if s.q == nil || len(s.q.Theoretical) == 0 || len(s.q.Theoretical) != len(s.q.Ordered) {
			continue
		}
		v.Series = append(v.Series, LineSeries{Name: s.name, X: floats(s.q.Theoretical), Y: floats(s.q.Ordered), Points: true})
		lo, hi := s.q.Theoretical[0], s.q.Theoretical[len(s.q.Theoretical)-1]
		v.Series = append(v.Series, LineSeries{Name: s.name + " fit", Dashed: true,
			X: []Float{Float(lo), Float(hi)},
			Y: []Float{s.q.Intercept + s.q.Slope*Float(lo), s.q.Intercept + s.q.Slope*Float(hi)}})
	}
	if len(v.Series) == 0 {
		return nil
	}
	return []View{v}
}

// Views implements Viewer: each side's grid of actual by predicted values,
// and the mean prediction of each actual bin against the diagonal.
func (r *RegressionPredictedVsActualResult) Views() []View {
	if r == nil || r.Current == nil || len(r.Edges) < 2 {
		return nil
	}
	k := len(r.Edges) - 1
	labels := make([]string, k)
	mids := make([]Float, k)
	for i := range labels {
		m := (r.Edges[i] + r.Edges[i+1]) / 2
		labels[i] = strconv.FormatFloat(m, 'g', 4, 64)
		mids[i] = Float(m)
	}
	var views []View
	lines := &Lines{Title: "Mean prediction by actual value", XLabel: "actual", YLabel: "predicted",
		Series: []LineSeries{{Name: "perfect", X: mids, Y: mids, Dashed: true}}}
	lo, hi := Float(r.Edges[0]), Float(r.Edges[k])
	scatter := &Lines{Title: "Predicted vs actual (a sample of rows)", XLabel: "actual", YLabel: "predicted",
		Series: []LineSeries{{Name: "perfect", X: []Float{lo, hi}, Y: []Float{lo, hi}, Dashed: true}}}
	for _, side := range []struct {
		name string
		g    *PredictedVsActual
	}{{"current", r.Current}, {"reference", r.Reference}} {
		if side.g == nil {
			continue
		}
		vals := make([][]Float, k)
		for i, row := range side.g.Counts {
			vals[i] = floats(row)
		}
		views = append(views, &Heatmap{Title: "Predicted vs actual, " + side.name, XLabel: "predicted", YLabel: "actual",
			XLabels: labels, YLabels: labels, Values: vals})
		lines.Series = append(lines.Series, LineSeries{Name: side.name, X: mids, Y: side.g.MeanPredicted})
		if sm := side.g.Sample; sm != nil && len(sm.Actual) > 0 {
			scatter.Series = append(scatter.Series, LineSeries{Name: fmt.Sprintf("%s (%d of %d rows)", side.name, len(sm.Actual), side.g.Rows),
				X: floats(sm.Actual), Y: floats(sm.Predicted), Points: true})
		}
	}
	views = append(views, lines)
	if len(scatter.Series) > 1 {
		views = append(views, scatter)
	}
	return views
}

package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/metrics"
)

// headline says in one line what a metric found ("dataset drift detected:
// 3 of 5 columns drifted (temp_max, temp_min, weather)"), or "" for a
// result with nothing short to say (curves, tables).
func headline(r metrics.Result) string {
	switch r := r.(type) {
	case *metrics.DataDriftResult:
		verdict := "no dataset drift"
		if r.DatasetDrift {
			verdict = "dataset drift detected"
		}
		var drifted []string
		for _, c := range r.Columns {
			if c.Drifted == metrics.Drift {
				drifted = append(drifted, c.Column)
			}
		}
		s := fmt.Sprintf("%s: %d of %d columns drifted", verdict, r.NumberOfDriftedColumns, r.NumberOfColumns)
		if len(drifted) > 0 {
			s += " (" + nameList(drifted, 8) + ")"
		}
		if r.NumberOfColumnsWithErrors > 0 {
			s += fmt.Sprintf("; %d could not be tested", r.NumberOfColumnsWithErrors)
		}
		return s
	case *metrics.ColumnDriftResult:
		return columnDrift(r)
	case *metrics.TargetDriftResult:
		var parts []string
		if r.Target != nil {
			parts = append(parts, "target "+columnDrift(r.Target))
		}
		for i := range r.Predictions {
			parts = append(parts, "prediction "+columnDrift(&r.Predictions[i]))
		}
		return strings.Join(parts, "; ")
	case *metrics.EmbeddingsDriftResult:
		verdict := "did not drift"
		if r.Drifted {
			verdict = "drifted"
		}
		return fmt.Sprintf("embeddings %q %s (%s %s, threshold %s)", r.Embeddings, verdict, r.Method, short(r.Score), short(r.Threshold))
	case *metrics.DatasetSummaryResult:
		s := datasetStats(r.Current)
		if r.Reference != nil {
			s += "; reference " + datasetStats(r.Reference)
		}
		return s
	case *metrics.ColumnSummariesResult:
		missing := 0
		for _, c := range r.Columns {
			if c.Current != nil && c.Current.Missing > 0 {
				missing++
			}
		}
		return fmt.Sprintf("%d columns summarised, %d with missing values", len(r.Columns), missing)
	case *metrics.ColumnSummaryResult:
		if r.Current == nil {
			return ""
		}
		return fmt.Sprintf("column %q (%s): %d values, %d missing, %d distinct", r.Column, r.ColumnType,
			r.Current.Count, r.Current.Missing, r.Current.Distinct)
	case *metrics.CorrelationsResult:
		if r.Current == nil || r.Current.Pearson == nil || len(r.Current.Pearson.Top) == 0 {
			return ""
		}
		top := r.Current.Pearson.Top[0]
		return fmt.Sprintf("strongest Pearson correlation %s (%s, %s)", short(top.Value), top.A, top.B)
	case *metrics.ClassificationQualityResult:
		if r.Current == nil {
			return ""
		}
		ref := func(f func(*metrics.ClassificationScores) metrics.Float) metrics.Float {
			if r.Reference == nil {
				return metrics.Float(math.NaN())
			}
			return f(r.Reference)
		}
		parts := []string{
			versus("accuracy", r.Current.Accuracy, ref(func(s *metrics.ClassificationScores) metrics.Float { return s.Accuracy })),
			versus("F1", r.Current.F1, ref(func(s *metrics.ClassificationScores) metrics.Float { return s.F1 })),
		}
		if !math.IsNaN(float64(r.Current.RocAuc)) {
			parts = append(parts, versus("ROC AUC", r.Current.RocAuc, ref(func(s *metrics.ClassificationScores) metrics.Float { return s.RocAuc })))
		}
		return r.Task + ": " + strings.Join(parts, ", ")
	case *metrics.RegressionQualityResult:
		if r.Current == nil {
			return ""
		}
		ref := func(f func(*metrics.RegressionScores) metrics.Float) metrics.Float {
			if r.Reference == nil {
				return metrics.Float(math.NaN())
			}
			return f(r.Reference)
		}
		return strings.Join([]string{
			versus("MAE", r.Current.MAE, ref(func(s *metrics.RegressionScores) metrics.Float { return s.MAE })),
			versus("RMSE", r.Current.RMSE, ref(func(s *metrics.RegressionScores) metrics.Float { return s.RMSE })),
			versus("R²", r.Current.R2, ref(func(s *metrics.RegressionScores) metrics.Float { return s.R2 })),
		}, ", ")
	}
	return ""
}

// columnDrift is "temp_max drifted (K-S p_value 0.0002, threshold 0.05)".
func columnDrift(c *metrics.ColumnDriftResult) string {
	if !c.Drifted.Tested() {
		return c.Column + " could not be tested: " + c.Error
	}
	verdict := "did not drift"
	if c.Drifted == metrics.Drift {
		verdict = "drifted"
	}
	return fmt.Sprintf("%s %s (%s %s, threshold %s)", c.Column, verdict, c.StatTestName, short(c.Score), short(c.Threshold))
}

func datasetStats(s *metrics.DatasetStats) string {
	if s == nil {
		return ""
	}
	return fmt.Sprintf("%d rows, %d columns, %s of cells missing", s.Rows, s.Columns, percent(s.MissingCellsShare))
}

// versus is "accuracy 0.808 vs 0.942 in the reference", or without a
// reference "accuracy 0.808".
func versus(what string, cur, ref metrics.Float) string {
	s := what + " " + short(cur)
	if !math.IsNaN(float64(ref)) {
		s += " vs " + short(ref) + " in the reference"
	}
	return s
}

// short formats a number in at most 4 significant digits; "undefined"
// for NaN.
func short(v metrics.Float) string {
	if math.IsNaN(float64(v)) {
		return "undefined"
	}
	return strconv.FormatFloat(float64(v), 'g', 4, 64)
}

func percent(v metrics.Float) string {
	if math.IsNaN(float64(v)) {
		return "undefined"
	}
	return strconv.FormatFloat(100*float64(v), 'f', 1, 64) + "%"
}

// nameList joins names, the first n of them and how many more.
func nameList(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}

package metrics

import (
	"context"
	"math"
)

// RegressionOverTime is a regression model's predictions, actual values
// and errors over time: Evidently's RegressionPredictedVsActualPlot,
// RegressionErrorPlot and RegressionAbsPercentageErrorPlot in one metric.
// Rows with a finite target and prediction are aggregated into calendar
// buckets of the mapping's datetime column (the rule of ColumnOverTime:
// about 150 buckets, whatever the number of rows), each series with its
// count, mean and standard deviation per bucket: the actual and the
// predicted values, the error (prediction - target), and the absolute
// percentage error 100·|error|/|target| (rows with a zero target left
// out; Evidently divides by the signed target, which agrees for positive
// targets).
//
// Compute returns *RegressionOverTimeResult.
type RegressionOverTime struct{}

// Name implements Metric.
func (m *RegressionOverTime) Name() string { return "RegressionOverTime" }

// RegressionOverTimeResult is a regression model over time.
type RegressionOverTimeResult struct {
	Datetime  string              `json:"datetime"`
	Period    string              `json:"period"`
	Current   *RegressionTimeSide `json:"current"`
	Reference *RegressionTimeSide `json:"reference,omitempty"`
}

// RegressionTimeSide is one dataset's buckets (see OverTimeSide) and the
// statistics of each series per bucket.
type RegressionTimeSide struct {
	Start              []string    `json:"start"`
	Actual             SeriesStats `json:"actual"`
	Predicted          SeriesStats `json:"predicted"`
	Error              SeriesStats `json:"error"`
	AbsPercentageError SeriesStats `json:"abs_percentage_error"`
}

// Compute implements Metric.
func (m *RegressionOverTime) Compute(ctx context.Context, in *Input) (Result, error) {
	task, err := newRegTask(in, m.Name())
	if err != nil {
		return nil, err
	}
	ts, err := newTimeSetup(in, m.Name())
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	res := &RegressionOverTimeResult{Datetime: ts.name, Period: ts.period}
	sides := []*regSide{task.cur}
	if task.ref != nil {
		sides = []*regSide{task.ref, task.cur}
	}
	for i, s := range sides {
		rowIdx, starts := ts.buckets(i)
		// The bucket of each kept row.
		idx := make([]int32, len(s.keep))
		for k, row := range s.keep {
			idx[k] = rowIdx[row]
		}
		ape := make([]float64, len(s.err))
		for k := range s.err {
			ape[k] = math.NaN()
			if s.y[k] != 0 {
				ape[k] = 100 * math.Abs(s.err[k]) / math.Abs(s.y[k])
			}
		}
		nb := len(starts)
		side := &RegressionTimeSide{Start: startsRFC3339(starts), Actual: bucketStats(idx, nb, s.y),
			Predicted: bucketStats(idx, nb, s.pred), Error: bucketStats(idx, nb, s.err), AbsPercentageError: bucketStats(idx, nb, ape)}
		if i == len(sides)-1 {
			res.Current = side
		} else {
			res.Reference = side
		}
	}
	return res, nil
}

// Views implements Viewer: predicted and actual means per bucket, the mean
// error, and the mean absolute percentage error, on time axes.
func (r *RegressionOverTimeResult) Views() []View {
	if r == nil || r.Current == nil {
		return nil
	}
	by := " (by " + r.Period + ")"
	pa := &Lines{Title: "Predicted and actual over time" + by, XLabel: r.Datetime, YLabel: "mean", XTime: true}
	errs := &Lines{Title: "Error (predicted - actual) over time" + by, XLabel: r.Datetime, YLabel: "mean error", XTime: true}
	ape := &Lines{Title: "Absolute percentage error over time" + by, XLabel: r.Datetime, YLabel: "mean, %", XTime: true}
	for _, side := range []struct {
		name string
		s    *RegressionTimeSide
	}{{"reference", r.Reference}, {"current", r.Current}} {
		if side.s == nil {
			continue
		}
		x := startsMillis(side.s.Start)
		pa.Series = append(pa.Series, LineSeries{Name: side.name + ": actual", X: x, Y: side.s.Actual.Mean},
			LineSeries{Name: side.name + ": predicted", X: x, Y: side.s.Predicted.Mean})
		errs.Series = append(errs.Series, LineSeries{Name: side.name, X: x, Y: side.s.Error.Mean})
		ape.Series = append(ape.Series, LineSeries{Name: side.name, X: x, Y: side.s.AbsPercentageError.Mean})
	}
	return []View{pa, errs, ape}
}

// Command regression fits a linear regression of the day's highest
// temperature in Seattle with gonum, and writes a regression report with
// telltale: RegressionQuality, the error distribution and its normality,
// on 2012-2013 (the reference, where the model was fitted) and 2014-2015
// (the current data), with Evidently's regression tests.
//
//	go run ./examples/regression [-out DIR]
//
// It writes DIR/regression-report.json (the JSON profile) and
// DIR/regression-report.html (the report page) with render.WriteFiles, and
// prints the headline numbers and the test outcomes.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"flag"
	"fmt"
	"math"
	"os"

	"gonum.org/v1/gonum/mat"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/render"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

//go:embed seattle-weather.csv
var weatherCSV []byte

func main() {
	out := flag.String("out", os.TempDir(), "directory to write the report into")
	flag.Parse()
	if err := run(context.Background(), *out); err != nil {
		fmt.Fprintln(os.Stderr, "regression:", err)
		os.Exit(2)
	}
}

func run(ctx context.Context, out string) error {
	all, err := dataset.ReadCSV(ctx, bytes.NewReader(weatherCSV), "seattle-weather.csv", nil)
	if err != nil {
		return err
	}
	x, y, year, err := features(all)
	if err != nil {
		return err
	}
	var refRows, curRows []int
	for i, yr := range year {
		if yr <= 2013 {
			refRows = append(refRows, i)
		} else {
			curRows = append(curRows, i)
		}
	}
	beta, err := fit(x, y, refRows)
	if err != nil {
		return err
	}
	ref, err := scored("2012-2013", x, y, refRows, beta)
	if err != nil {
		return err
	}
	cur, err := scored("2014-2015", x, y, curRows, beta)
	if err != nil {
		return err
	}
	def := &dataset.Definition{Target: "temp_max", Prediction: "predicted"}
	r := &report.Report{
		Metrics: []metrics.Metric{&metrics.RegressionQuality{}, &metrics.RegressionErrorDistribution{}, &metrics.RegressionErrorNormality{}},
		Tests: []tests.Test{&tests.ValueMAE{}, &tests.ValueRMSE{}, &tests.ValueMeanError{}, &tests.ValueAbsMaxError{},
			&tests.ValueR2Score{}, &tests.ValueMAE{Base: tests.Lt(2.5)}},
	}
	snap, err := r.Run(ctx, report.Data{Reference: ref, Current: cur, Definition: def}, nil)
	if err != nil {
		return err
	}
	paths, err := render.WriteFiles(out, "regression-report", snap, &html.Options{Title: "Seattle temp_max: linear regression"})
	if err != nil {
		return err
	}
	q := snap.Metrics[0].Result.(*metrics.RegressionQualityResult)
	for _, side := range []struct {
		name string
		s    *metrics.RegressionScores
	}{{"2012-2013", q.Reference}, {"2014-2015", q.Current}} {
		fmt.Printf("%s rows %d  ME %+.3f  MAE %.3f  RMSE %.3f  R² %.3f  (dummy MAE %.3f)\n",
			side.name, side.s.Rows, side.s.MeanError, side.s.MAE, side.s.RMSE, side.s.R2, side.s.Dummy.MAE)
	}
	for _, o := range snap.Tests {
		fmt.Printf("%-8s %s: %s\n", o.Status, o.Name, o.Description)
	}
	for _, p := range paths {
		fmt.Println("wrote", p)
	}
	return nil
}

// features returns the regressors of each day (1, temp_min,
// precipitation, wind, and the season as sin and cos of the day of the
// year), temp_max, and the year.
func features(f *dataset.Frame) (x [][]float64, y []float64, year []int, err error) {
	col := func(name string) (*dataset.NumericColumn, error) {
		c, ok := f.Column(name)
		if !ok {
			return nil, fmt.Errorf("no column %q", name)
		}
		n, ok := c.(*dataset.NumericColumn)
		if !ok {
			return nil, fmt.Errorf("column %q is %s, not numerical", name, c.Type())
		}
		return n, nil
	}
	var cols [4]*dataset.NumericColumn
	for i, name := range []string{"temp_max", "temp_min", "precipitation", "wind"} {
		if cols[i], err = col(name); err != nil {
			return nil, nil, nil, err
		}
	}
	dc, ok := f.Column("date")
	if !ok {
		return nil, nil, nil, fmt.Errorf("no column \"date\"")
	}
	dates, ok := dc.(*dataset.TimeColumn)
	if !ok {
		return nil, nil, nil, fmt.Errorf("column \"date\" is %s, not a datetime", dc.Type())
	}
	for i := 0; i < f.Len(); i++ {
		t, _ := dates.Time(i)
		angle := 2 * math.Pi * float64(t.YearDay()) / 365.25
		x = append(x, []float64{1, cols[1].Values()[i], cols[2].Values()[i], cols[3].Values()[i], math.Sin(angle), math.Cos(angle)})
		y = append(y, cols[0].Values()[i])
		year = append(year, t.Year())
	}
	return x, y, year, nil
}

// fit solves the least-squares problem on the rows with gonum's QR.
func fit(x [][]float64, y []float64, rows []int) (*mat.VecDense, error) {
	a := mat.NewDense(len(rows), len(x[0]), nil)
	b := mat.NewVecDense(len(rows), nil)
	for k, i := range rows {
		a.SetRow(k, x[i])
		b.SetVec(k, y[i])
	}
	var beta mat.VecDense
	if err := beta.SolveVec(a, b); err != nil {
		return nil, fmt.Errorf("fitting: %w", err)
	}
	return &beta, nil
}

// scored returns the rows with the target and the model's prediction.
func scored(name string, x [][]float64, y []float64, rows []int, beta *mat.VecDense) (*dataset.Frame, error) {
	target, pred := make([]float64, len(rows)), make([]float64, len(rows))
	for k, i := range rows {
		target[k] = y[i]
		pred[k] = mat.Dot(mat.NewVecDense(len(x[i]), x[i]), beta)
	}
	return dataset.New(name, dataset.NewNumericColumn("temp_max", target), dataset.NewNumericColumn("predicted", pred))
}

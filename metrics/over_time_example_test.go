package metrics_test

import (
	"context"
	"fmt"
	"time"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// A column over time: two weeks of hourly readings span 13 whole days,
// so daily buckets give 13 points and hourly ones 312; 13 is nearer 150,
// and each day becomes a bucket of 24 readings.
func ExampleColumnOverTime() {
	start := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	n := 14 * 24
	ts := make([]time.Time, n)
	temp := make([]float64, n)
	for i := range ts {
		ts[i] = start.Add(time.Duration(i) * time.Hour)
		temp[i] = 10 + float64(i/24) // one degree warmer each day
	}
	f, _ := dataset.New("readings.csv", dataset.NewTimeColumn("ts", ts, nil), dataset.NewNumericColumn("temp", temp))
	res, err := (&metrics.ColumnOverTime{Column: "temp"}).Compute(context.Background(),
		&metrics.Input{Current: f, Definition: &dataset.Definition{Datetime: "ts"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := res.(*metrics.OverTimeResult)
	fmt.Println(r.Period, len(r.Current.Start), r.Current.Start[0], r.Current.Values.Count[0], r.Current.Values.Mean[13])
	// Output:
	// day 14 2024-05-01T00:00:00Z 24 23
}

// A regression model over time: 70 days of readings every 6 hours are
// nearer 150 points as days (70) than as weeks (10) or hours (1,680), so
// each bucket is a day of 4 rows. The model predicts 10% too high, so
// its absolute percentage error is 10 in every bucket.
func ExampleRegressionOverTime() {
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	n := 70 * 4
	ts := make([]time.Time, n)
	sales, predicted := make([]float64, n), make([]float64, n)
	for i := range ts {
		ts[i] = start.Add(time.Duration(i) * 6 * time.Hour)
		sales[i] = 100 + float64(i/4)
		predicted[i] = 1.1 * sales[i]
	}
	f, _ := dataset.New("sales.csv", dataset.NewTimeColumn("ts", ts, nil),
		dataset.NewNumericColumn("sales", sales), dataset.NewNumericColumn("predicted", predicted))
	res, err := (&metrics.RegressionOverTime{}).Compute(context.Background(),
		&metrics.Input{Current: f, Definition: &dataset.Definition{Datetime: "ts", Target: "sales", Prediction: "predicted"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := res.(*metrics.RegressionOverTimeResult)
	c := r.Current
	last := len(c.Start) - 1
	fmt.Println(r.Period, len(c.Start), c.Start[last], c.Actual.Count[last])
	fmt.Printf("actual %g, predicted %g, error %.4g, APE %.4g\n", float64(c.Actual.Mean[last]), float64(c.Predicted.Mean[last]),
		float64(c.Error.Mean[last]), float64(c.AbsPercentageError.Mean[last]))
	// Output:
	// day 70 2024-05-09T00:00:00Z 4
	// actual 169, predicted 185.9, error 16.9, APE 10
}

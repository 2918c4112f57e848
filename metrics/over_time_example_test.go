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

package sketch_test

import (
	"bytes"
	"context"
	"fmt"
	"math"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/sketch"
)

// Two parts of a dataset are sketched apart (on two machines, or two
// days), merged, stored and read back, and summarised: counts and moments
// are exact; beyond the exact limit (here 100 distinct values) the median
// comes with an interval that holds the true one.
func Example() {
	part := func(from, to int) *dataset.Frame {
		xs := make([]float64, 0, to-from)
		for i := from; i < to; i++ {
			xs = append(xs, float64(i%1000))
		}
		f, _ := dataset.New("part", dataset.NewNumericColumn("x", xs))
		return f
	}
	opts := sketch.Options{ExactValues: 100}
	ctx := context.Background()
	a, _ := sketch.Of(ctx, part(0, 60000), opts)
	b, _ := sketch.Of(ctx, part(60000, 100000), opts)
	if err := a.Merge(b); err != nil {
		fmt.Println(err)
		return
	}
	var file bytes.Buffer
	if err := a.Encode(&file, []string{"day1.csv", "day2.csv"}); err != nil {
		fmt.Println(err)
		return
	}
	s, sources, err := sketch.Decode(&file)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := s.Summary("week.sketch", sketch.SummaryOptions{}).Column("x")
	q, lo, hi := c.Numeric.CDF.Quantile(0.5)
	fmt.Println(sources, s.Rows(), "rows")
	fmt.Printf("mean %.1f, min %v, max %v\n", c.Numeric.Mean, c.Numeric.Min, c.Numeric.Max)
	fmt.Println("median exact:", c.Numeric.CDF.Exact, "| true median 499.5 in the interval:", lo <= 499.5 && 499.5 <= hi, "| estimate within 1%:", math.Abs(q-499.5) < 10)
	// Output:
	// [day1.csv day2.csv] 100000 rows
	// mean 499.5, min 0, max 999
	// median exact: false | true median 499.5 in the interval: true | estimate within 1%: true
}

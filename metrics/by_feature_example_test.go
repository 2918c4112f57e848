package metrics_test

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// A classifier's accuracy per plan: it is right on every "pro" customer
// and on one "free" customer in three.
func ExampleClassificationQualityByFeatureTable() {
	f, _ := dataset.New("scored.csv",
		dataset.NewStringColumn("plan", dataset.Categorical, []string{"pro", "pro", "free", "free", "free", "pro"}, nil),
		dataset.NewStringColumn("churned", dataset.Categorical, []string{"no", "yes", "yes", "no", "no", "no"}, nil),
		dataset.NewStringColumn("predicted", dataset.Categorical, []string{"no", "yes", "no", "yes", "no", "no"}, nil))
	res, err := (&metrics.ClassificationQualityByFeatureTable{Columns: []string{"plan"}}).Compute(context.Background(),
		&metrics.Input{Current: f, Definition: &dataset.Definition{Target: "churned", Prediction: "predicted"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := res.(*metrics.ByFeatureResult)
	plan := r.Features[0]
	fmt.Println(r.Task, r.Labels, plan.Bins)
	for b, bin := range plan.Bins {
		fmt.Printf("%s: %d rows, true %v, predicted %v, accuracy %.3f\n", bin, plan.Current.Rows[b],
			plan.Current.TargetCounts[b], plan.Current.PredictionCounts[b], float64(plan.Current.Accuracy[b]))
	}
	// Output:
	// classification [no yes] [free pro]
	// free: 3 rows, true [2 1], predicted [2 1], accuracy 0.333
	// pro: 3 rows, true [2 1], predicted [2 1], accuracy 1.000
}

// A regression's target, prediction and error along a numerical feature:
// numpy's doane rule cuts 1..6 into 4 bins
// (numpy.histogram_bin_edges(range(1, 7), bins="doane") is
// [1, 2.25, 3.5, 4.75, 6]), and the model is worst on the largest values.
func ExampleTargetByFeaturesTable() {
	f, _ := dataset.New("prices.csv",
		dataset.NewNumericColumn("rooms", []float64{1, 2, 3, 4, 5, 6}),
		dataset.NewNumericColumn("price", []float64{100, 200, 300, 400, 500, 600}),
		dataset.NewNumericColumn("predicted", []float64{110, 190, 300, 400, 450, 700}))
	res, err := (&metrics.TargetByFeaturesTable{}).Compute(context.Background(),
		&metrics.Input{Current: f, Definition: &dataset.Definition{Target: "price", Prediction: "predicted"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	rooms := res.(*metrics.ByFeatureResult).Features[0]
	for b, bin := range rooms.Bins {
		fmt.Printf("%s: %d rows, mean price %g, mean predicted %g, MAE %g\n", bin, rooms.Current.Rows[b],
			float64(rooms.Current.TargetMean[b]), float64(rooms.Current.PredictionMean[b]), float64(rooms.Current.MAE[b]))
	}
	// Output:
	// [1, 2.25): 2 rows, mean price 150, mean predicted 150, MAE 10
	// [2.25, 3.5): 1 rows, mean price 300, mean predicted 300, MAE 0
	// [3.5, 4.75): 1 rows, mean price 400, mean predicted 400, MAE 0
	// [4.75, 6]: 2 rows, mean price 550, mean predicted 575, MAE 75
}

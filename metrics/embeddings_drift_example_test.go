package metrics_test

import (
	"context"
	"fmt"
	"math"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// Two-dimensional embeddings whose current mean moved by (0.3, 0.4): the
// Euclidean distance between the mean vectors is 0.5, above Evidently's
// 0.2. The row with a missing value is dropped.
func ExampleEmbeddingsDrift() {
	nan := math.NaN()
	ref, _ := dataset.New("ref",
		dataset.NewNumericColumn("e0", []float64{0, 1, 0, 1, nan}),
		dataset.NewNumericColumn("e1", []float64{0, 0, 1, 1, 5}))
	cur, _ := dataset.New("cur",
		dataset.NewNumericColumn("e0", []float64{0.3, 1.3, 0.3, 1.3}),
		dataset.NewNumericColumn("e1", []float64{0.4, 0.4, 1.4, 1.4}))
	in := &metrics.Input{Reference: ref, Current: cur,
		Definition: &dataset.Definition{Embeddings: map[string][]string{"small": {"e0", "e1"}}}}
	res, err := (&metrics.EmbeddingsDrift{Embeddings: "small", Method: "distance"}).Compute(context.Background(), in)
	if err != nil {
		panic(err)
	}
	r := res.(*metrics.EmbeddingsDriftResult)
	fmt.Printf("%s %.2f > %.2f: %v (dropped %d)\n", r.Method, r.Score, r.Threshold, r.Drifted, r.RowsDropped.Reference)
	// Output:
	// distance 0.50 > 0.20: true (dropped 1)
}

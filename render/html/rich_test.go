package html_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/report"
)

// richSnapshot is a report a new user would make of a real file: drift,
// summaries (with a 186-category column), correlations and a multiclass
// classifier whose scores are all near the top of their range.
func richSnapshot(t testing.TB) *report.Snapshot {
	t.Helper()
	mk := func(source string, seed uint64, shift float64) *dataset.Frame {
		rng := rand.New(rand.NewPCG(seed, 3))
		const n = 600
		x, big := make([]float64, n), make([]float64, n)
		species, target, pred := make([]string, n), make([]string, n), make([]string, n)
		classes := []string{"adelie", "chinstrap", "gentoo"}
		for i := range n {
			x[i] = rng.NormFloat64() + shift
			big[i] = 1e4 * (rng.Float64() + shift)
			species[i] = fmt.Sprintf("species number %03d", int(rng.ExpFloat64()*30)%186)
			k := rng.IntN(3)
			target[i], pred[i] = classes[k], classes[k]
			if rng.Float64() < 0.1 {
				pred[i] = classes[(k+1)%3]
			}
		}
		f, err := dataset.New(source,
			dataset.NewNumericColumn("bill length of the bird (mm)", x),
			dataset.NewNumericColumn("body mass", big),
			dataset.NewStringColumn("species", dataset.Categorical, species, nil),
			dataset.NewStringColumn("target", dataset.Categorical, target, nil),
			dataset.NewStringColumn("prediction", dataset.Categorical, pred, nil))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	r := &report.Report{Metrics: []metrics.Metric{
		&metrics.DataDrift{}, &metrics.ColumnSummaries{}, &metrics.Correlations{},
		&metrics.ClassificationQuality{}, &metrics.ClassificationByClass{},
	}}
	s, err := r.Run(t.Context(), report.Data{Reference: mk("ref.csv", 1, 0), Current: mk("cur.csv", 2, 0.3),
		Definition: &dataset.Definition{Target: "target", Prediction: "prediction"}}, &report.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

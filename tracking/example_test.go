package tracking_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/telltale-ml/telltale/tracking"
)

func ExampleOpen() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)

	// The first Open creates the store and its "Default" experiment.
	s, err := tracking.Open(filepath.Join(dir, "mlruns"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	e, _ := s.GetExperiment(ctx, tracking.DefaultExperimentID)
	fmt.Println(e.ID, e.Name, e.LifecycleStage)
	// Output: 0 Default active
}

func ExampleStore_CreateExperiment() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	s, _ := tracking.Open(dir)
	defer s.Close()

	id, err := s.CreateExperiment(ctx, "churn-monitoring", "", map[string]string{"team": "ml-platform"})
	if err != nil {
		log.Fatal(err)
	}
	e, _ := s.GetExperimentByName(ctx, "churn-monitoring")
	fmt.Println(e.ID == id, len(id), e.Tags["team"])

	_, err = s.CreateExperiment(ctx, "churn-monitoring", "", nil)
	fmt.Println(errors.Is(err, tracking.ErrExists))
	// Output:
	// true 18 ml-platform
	// true
}

func ExampleStartRun() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	s, _ := tracking.Open(dir)
	defer s.Close()

	run, err := tracking.StartRun(ctx, s, tracking.DefaultExperimentID, "nightly-drift", map[string]string{"stage": "nightly"})
	if err != nil {
		log.Fatal(err)
	}
	_ = run.LogParams(ctx, map[string]string{"model": "rf", "stattest": "psi"})
	for step, v := range []float64{0.12, 0.31, 0.28} {
		_ = run.LogMetric(ctx, "share_of_drifted_columns", v, int64(step))
	}
	_ = run.LogArtifactBytes(ctx, "reports/drift.json", []byte(`{"drift": true}`))
	_ = run.End(ctx, tracking.Finished)

	got, _ := s.GetRun(ctx, run.ID())
	fmt.Println(got.Info.RunName, got.Info.Status, got.Params["model"])
	fmt.Println("latest:", got.Metrics["share_of_drifted_columns"].Value)
	h, _ := s.GetMetricHistory(ctx, run.ID(), "share_of_drifted_columns")
	fmt.Println("history:", len(h), "values")
	fmt.Println(run.LogParam(ctx, "model", "gbm") != nil) // params are immutable
	// Output:
	// nightly-drift FINISHED rf
	// latest: 0.28
	// history: 3 values
	// true
}

func ExampleWithRun() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	s, _ := tracking.Open(dir)
	defer s.Close()

	var id string
	err := tracking.WithRun(ctx, s, "0", "failing-check", nil, func(r *tracking.ActiveRun) error {
		id = r.ID()
		return fmt.Errorf("reference data missing")
	})
	r, _ := s.GetRun(ctx, id)
	fmt.Println(err, r.Info.Status)
	// Output: reference data missing FAILED
}

func ExampleStore_SearchRuns() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	s, _ := tracking.Open(dir)
	defer s.Close()

	for _, r := range []struct {
		name, model string
		drift, acc  float64
	}{{"a", "rf", 0.4, 0.91}, {"b", "rf", 0.1, 0.95}, {"c", "gbm", 0.5, 0.88}, {"d", "rf", 0.35, 0.93}} {
		_ = tracking.WithRun(ctx, s, "0", r.name, nil, func(run *tracking.ActiveRun) error {
			_ = run.LogParam(ctx, "model", r.model)
			return run.LogMetrics(ctx, map[string]float64{"share_of_drifted_columns": r.drift, "accuracy": r.acc}, 0)
		})
	}
	runs, next, err := s.SearchRuns(ctx, tracking.RunQuery{Filter: "metrics.share_of_drifted_columns > 0.3 and params.model = 'rf'", OrderBy: []string{"metrics.accuracy DESC"}, MaxResults: 10})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range runs {
		fmt.Println(r.Info.RunName, r.Metrics["accuracy"].Value)
	}
	fmt.Printf("next page: %q\n", next)
	// Output:
	// d 0.93
	// a 0.91
	// next page: ""
}

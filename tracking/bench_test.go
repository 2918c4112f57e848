package tracking_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/telltale-ml/telltale/tracking"
)

// buildRuns writes n finished runs straight to the files of experiment
// "0", as MLflow lays them out: meta.yaml, 3 params, 3 metrics with 5
// points each, 4 tags (16 files a run).
func buildRuns(b *testing.B, s *tracking.FileStore, n int) {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 1))
	models := []string{"rf", "gbm", "lr", "svm"}
	type job struct {
		id   string
		i    int
		vals [3]float64
	}
	jobs := make(chan job)
	errc := make(chan error, 8)
	for range 8 {
		go func() {
			var err error
			for j := range jobs {
				if err == nil {
					err = writeBenchRun(s.Dir(), j.id, j.i, models[j.i%len(models)], j.vals)
				}
			}
			errc <- err
		}()
	}
	for i := range n {
		jobs <- job{fmt.Sprintf("%032x", rng.Uint64()), i, [3]float64{rng.Float64(), rng.Float64(), rng.Float64()}}
	}
	close(jobs)
	for range 8 {
		if err := <-errc; err != nil {
			b.Fatal(err)
		}
	}
}

func writeBenchRun(store, id string, i int, model string, v [3]float64) error {
	dir := filepath.Join(store, "0", id)
	for _, d := range []string{"params", "metrics", "tags", "artifacts"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	start := int64(1700000000000 + i*1000)
	files := map[string]string{
		"meta.yaml": fmt.Sprintf("artifact_uri: \"file://%s/0/%s/artifacts\"\nend_time: %d\nentry_point_name: \"\"\nexperiment_id: \"0\"\nlifecycle_stage: \"active\"\nrun_id: \"%s\"\nrun_name: \"run-%d\"\nsource_name: \"\"\nsource_type: 4\nsource_version: \"\"\nstart_time: %d\nstatus: 3\ntags: []\nuser_id: \"bench\"\n",
			store, id, start+500, id, i, start),
		"params/model":     model,
		"params/alpha":     fmt.Sprint(i % 10),
		"params/n_bins":    "20",
		"tags/mlflow.user": "bench", "tags/mlflow.runName": fmt.Sprintf("run-%d", i),
		"tags/mlflow.source.type": "LOCAL", "tags/stage": "nightly",
	}
	for k, x := range map[string]float64{"accuracy": v[0], "share_of_drifted_columns": v[1], "loss": v[2]} {
		var lines string
		for step := range 5 {
			lines += fmt.Sprintf("%d %v %d\n", start+int64(step), x*float64(step+1)/5, step)
		}
		files["metrics/"+k] = lines
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkSearchRuns searches 10,000 runs. MLflow's file store reads
// every file of every run for each page; telltale reads each meta.yaml and
// only the files the filter and order need, then the page's runs whole.
func BenchmarkSearchRuns(b *testing.B) {
	ctx := b.Context()
	const n = 10000
	s, err := tracking.Open(filepath.Join(b.TempDir(), "mlruns"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	buildRuns(b, s, n)
	filter := "metrics.share_of_drifted_columns > 0.3 and params.model = 'rf'"
	order := []string{"metrics.accuracy DESC"}
	for _, bc := range []struct {
		name   string
		filter string
		order  []string
		max    int
	}{
		{"filter+order/page=100", filter, order, 100},
		{"filter+order/page=1000", filter, order, 1000},
		{"filter+order/all-matches", filter, order, 50000},
		{"no-filter/page=1000", "", nil, 1000},
		{"order-only/page=100", "", order, 100},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var got int
			for b.Loop() {
				runs, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{"0"}, Filter: bc.filter, OrderBy: bc.order, MaxResults: bc.max})
				if err != nil {
					b.Fatal(err)
				}
				got = len(runs)
			}
			b.ReportMetric(float64(got), "runs/page")
		})
	}
}

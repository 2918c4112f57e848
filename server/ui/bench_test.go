package ui_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/telltale-ml/telltale/server/ui"
	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/backend"
)

// benchRuns is the size of the benchmark's experiment.
const benchRuns = 50000

// benchStore opens the store of the runs-page benchmark: the tracking URI
// in $TELLTALE_UI_BENCH_STORE (a directory or any URI backend opens;
// filled on first use and kept, so later runs skip the minutes of
// logging), else a file store in a temporary folder. It holds an
// experiment "bench" of benchRuns finished runs, each with 3 params, 3
// metrics and 2 tags, started a minute apart.
func benchStore(b *testing.B) (tracking.Store, string) {
	b.Helper()
	ctx := context.Background()
	uri := os.Getenv("TELLTALE_UI_BENCH_STORE")
	if uri == "" {
		uri = filepath.Join(b.TempDir(), "mlruns")
	}
	s, err := backend.Open(ctx, uri, backend.Options{ArtifactRoot: filepath.Join(b.TempDir(), "artifacts")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if e, err := s.GetExperimentByName(ctx, "bench"); err == nil {
		runs, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{e.ID}, Filter: "params.seq = '" + fmt.Sprint(benchRuns-1) + "'"})
		if err == nil && len(runs) == 1 {
			return s, e.ID
		}
		b.Fatalf("%s holds an incomplete experiment \"bench\": remove it", tracking.RedactURI(uri))
	}
	imp, ok := s.(tracking.Importer)
	if !ok {
		b.Skipf("%s cannot import runs", tracking.RedactURI(uri))
	}
	exp, err := imp.ImportExperiment(ctx, &tracking.Experiment{Name: "bench", LifecycleStage: tracking.StageActive,
		CreationTime: 1700000000000, LastUpdateTime: 1700000000000})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	models := []string{"rf", "gbm", "lr", "svm"}
	jobs := make(chan int)
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 99))
			for i := range jobs {
				t0 := int64(1700000000000 + i*60000)
				id := fmt.Sprintf("%016x%016x", rng.Uint64(), uint64(i))
				hist := map[string][]tracking.Metric{}
				for _, k := range []string{"accuracy", "loss", "share_of_drifted_columns"} {
					hist[k] = []tracking.Metric{{Key: k, Value: rng.Float64(), Timestamp: t0 + 30000}}
				}
				r := &tracking.Run{
					Info: tracking.RunInfo{RunID: id, RunName: fmt.Sprintf("run-%05d", i), UserID: "bench", Status: tracking.Finished,
						StartTime: t0, EndTime: t0 + 45000, LifecycleStage: tracking.StageActive},
					Params: map[string]string{"model": models[i%len(models)], "alpha": fmt.Sprint(i % 10), "seq": fmt.Sprint(i)},
					Tags:   map[string]string{tracking.TagRunName: fmt.Sprintf("run-%05d", i), "stage": "nightly"},
				}
				if err := imp.ImportRun(ctx, exp, r, hist); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range benchRuns {
		jobs <- i
		if len(errs) > 0 {
			break
		}
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
	b.Logf("logged %d runs into %s in %v", benchRuns, tracking.RedactURI(uri), time.Since(start).Round(time.Second))
	return s, exp
}

// BenchmarkRunsPage measures the runs page over 50,000 runs, server side
// (the handler, from request to the last byte of the page), beside the
// store's SearchRuns for the same query, so that the page's own cost and
// the store's can be told apart.
func BenchmarkRunsPage(b *testing.B) {
	s, exp := benchStore(b)
	h, err := ui.New(s, ui.Options{Location: time.UTC})
	if err != nil {
		b.Fatal(err)
	}
	base := "/experiments/" + exp
	for _, c := range []struct {
		name, query string
		q           tracking.RunQuery
	}{
		{"first-page", "", tracking.RunQuery{}},
		{"page-at-25000", "?offset=25000", tracking.RunQuery{PageToken: pageTokenOf(25000)}},
		{"last-page", "?offset=49900", tracking.RunQuery{PageToken: pageTokenOf(49900)}},
		{"sort-by-metric", "?sort=metrics.accuracy&dir=desc", tracking.RunQuery{OrderBy: []string{"metrics.accuracy DESC"}}},
		{"filter", "?" + q("filter", "metrics.accuracy > 0.9 AND params.model = 'rf'"),
			tracking.RunQuery{Filter: "metrics.accuracy > 0.9 AND params.model = 'rf'"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			c.q.ExperimentIDs, c.q.MaxResults = []string{exp}, 100
			var search, searchCPU, page, pageCPU time.Duration
			for b.Loop() {
				t0, c0 := time.Now(), cpuTime()
				if _, _, err := s.SearchRuns(b.Context(), c.q); err != nil {
					b.Fatal(err)
				}
				search, searchCPU = search+time.Since(t0), searchCPU+cpuTime()-c0
				t0, c0 = time.Now(), cpuTime()
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, base+c.query, nil))
				page, pageCPU = page+time.Since(t0), pageCPU+cpuTime()-c0
				if rec.Code != http.StatusOK || len(runsOf(rec.Body.String())) == 0 {
					b.Fatalf("%s: %d, %d rows", c.query, rec.Code, len(runsOf(rec.Body.String())))
				}
			}
			// ns/op is a search and a page; these split it, in wall time
			// and in the process's CPU time (which a loaded machine
			// inflates less).
			n := float64(b.N)
			b.ReportMetric(float64(page.Milliseconds())/n, "page-ms/op")
			b.ReportMetric(float64(pageCPU.Milliseconds())/n, "page-cpu-ms/op")
			b.ReportMetric(float64(search.Milliseconds())/n, "search-ms/op")
			b.ReportMetric(float64(searchCPU.Milliseconds())/n, "search-cpu-ms/op")
		})
	}
}

// BenchmarkExperimentsPage measures the experiments list over a store
// whose experiment holds 50,000 runs: its run count and last activity
// come from the store (an exact count needs a RunCounter; without one the
// UI reads up to 1,000 runs and shows "1,000+").
func BenchmarkExperimentsPage(b *testing.B) {
	s, _ := benchStore(b)
	h, err := ui.New(s, ui.Options{Location: time.UTC})
	if err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	for b.Loop() {
		c0 := cpuTime()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		cpu += cpuTime() - c0
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), ">bench</a>") {
			b.Fatalf("%d", rec.Code)
		}
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRunsPageThrough follows the runs page's "next" links from the
// first page to the last, 1,000 rows a page, and checks that every one
// of the 50,000 runs appears once. Run it with -benchtime=1x.
func BenchmarkRunsPageThrough(b *testing.B) {
	s, exp := benchStore(b)
	h, err := ui.New(s, ui.Options{Location: time.UTC})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		seen := map[string]bool{}
		var times []time.Duration
		next := "/experiments/" + exp + "?per=1000"
		for next != "" {
			t0 := time.Now()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, next, nil))
			times = append(times, time.Since(t0))
			body := rec.Body.String()
			for _, id := range runsOf(body) {
				if seen[id] {
					b.Fatalf("run %s twice", id)
				}
				seen[id] = true
			}
			next = relLink(body, "next")
		}
		if len(seen) != benchRuns {
			b.Fatalf("%d runs seen, want %d", len(seen), benchRuns)
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		b.ReportMetric(float64(len(times)), "pages")
		b.ReportMetric(float64(times[len(times)/2].Milliseconds()), "p50-ms/page")
		b.ReportMetric(float64(times[len(times)-1].Milliseconds()), "max-ms/page")
	}
}

// pageTokenOf is MLflow's page token of an offset.
func pageTokenOf(offset int) string {
	return base64.StdEncoding.EncodeToString(fmt.Appendf(nil, `{"offset": %d}`, offset))
}

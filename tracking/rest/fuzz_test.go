package rest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/rest"
)

// FuzzServerAnswers gives the client arbitrary answers (status and body)
// to every kind of call: it returns a value or an error, never panics,
// and never shows the password.
func FuzzServerAnswers(f *testing.F) {
	for _, s := range []string{
		`{"run":{"info":{"run_id":"r","status":"FINISHED","start_time":"12","experiment_id":7},"data":{"metrics":[{"key":"m","value":"NaN","timestamp":1,"step":0}]}}}`,
		`{"runs":[{"info":{"status":"BOGUS"}}],"next_page_token":"x"}`, `{"experiments":[{"experiment_id":1,"tags":[{"key":"k"}]}]}`,
		`{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"no"}`, `{"error_code":"INVALID_PARAMETER_VALUE","message":"must be in the 'active' state"}`,
		`{"metrics":[{"key":"m","value":"Infinity","timestamp":"1e3"}],"next_page_token":"eyJvZmZzZXQiOiAxfQ=="}`,
		`{"files":[{"path":"a","is_dir":false,"file_size":"5"}]}`, `<html>oops</html>`, ``, `{"run":null}`, `[]`,
	} {
		for _, st := range []int{200, 400, 401, 404, 500, 503} {
			f.Add(uint16(st), s, uint8(0))
		}
	}
	var status atomic.Int32
	var body atomic.Value
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(int(status.Load()))
		w.Write([]byte(body.Load().(string)))
	}))
	f.Cleanup(hs.Close)
	s, err := rest.Open(hs.URL, rest.Options{Username: "u", Password: "hunter2secret", MaxRetries: -1})
	if err != nil {
		f.Fatal(err)
	}
	calls := []func(context.Context) error{
		func(ctx context.Context) error { _, err := s.GetRun(ctx, "r"); return err },
		func(ctx context.Context) error { _, _, err := s.SearchRuns(ctx, tracking.RunQuery{}); return err },
		func(ctx context.Context) error {
			_, _, err := s.SearchExperiments(ctx, tracking.ExperimentQuery{})
			return err
		},
		func(ctx context.Context) error { _, err := s.GetExperiment(ctx, "1"); return err },
		func(ctx context.Context) error { _, err := s.GetMetricHistory(ctx, "r", "m"); return err },
		func(ctx context.Context) error { _, err := s.CreateRun(ctx, tracking.RunSpec{}); return err },
		func(ctx context.Context) error {
			_, err := s.UpdateRun(ctx, "r", tracking.RunUpdate{Status: tracking.Failed})
			return err
		},
		func(ctx context.Context) error { _, err := s.CreateExperiment(ctx, "e", "", nil); return err },
		func(ctx context.Context) error { _, err := s.ListArtifacts(ctx, "r", "d"); return err },
		func(ctx context.Context) error {
			return s.LogBatch(ctx, "r", tracking.Batch{Params: []tracking.Param{{Key: "k", Value: "v"}}})
		},
	}
	f.Fuzz(func(t *testing.T, st uint16, answer string, which uint8) {
		if st < 100 || st > 599 {
			st = 200
		}
		status.Store(int32(st))
		body.Store(answer)
		err := calls[int(which)%len(calls)](t.Context())
		if err != nil && strings.Contains(err.Error(), "hunter2secret") {
			t.Fatalf("the password is in the error: %v", err)
		}
	})
}

package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-ml/telltale/server"
)

// FuzzAPIRequests sends arbitrary bodies to every POST endpoint and
// arbitrary query strings to every GET one: the answer is never a 5xx,
// always JSON, and nothing panics.
func FuzzAPIRequests(f *testing.F) {
	for _, s := range []string{
		`{"name":"x"}`, `{"run_id":"0123456789abcdef0123456789abcdef","metrics":[{"key":"m","value":"NaN","timestamp":"1"}]}`,
		`{"experiment_ids":[0,"1"],"max_results":"10","order_by":["x"]}`, `{"datasets":[{"dataset":{"name":"d","digest":"1"}}]}`,
		`[`, `{"a":`, `null`, `{"name":1e999}`, `{"tags":[{"key":null}]}`, "experiment_id=0&max_results=-1",
		"run_id=%ff&metric_key=m&page_token=eyJvZmZzZXQiOiAtMX0=", `{"page_token":"eyJvZmZzZXQiOiAxfQ=="}`,
	} {
		for ep := range 24 {
			f.Add(uint8(ep), s)
		}
	}
	store := newFileStore(f)
	srv, err := server.New(store, server.Options{ServeArtifacts: true, ArtifactsDestination: f.TempDir()})
	if err != nil {
		f.Fatal(err)
	}
	endpoints := []string{
		"POST experiments/create", "GET experiments/get", "GET experiments/get-by-name", "POST experiments/search",
		"POST experiments/update", "POST experiments/delete", "POST experiments/restore", "POST experiments/set-experiment-tag",
		"POST experiments/delete-experiment-tag", "POST runs/create", "POST runs/update", "GET runs/get", "POST runs/search",
		"POST runs/delete", "POST runs/restore", "POST runs/log-metric", "POST runs/log-parameter", "POST runs/set-tag",
		"POST runs/delete-tag", "POST runs/log-batch", "POST runs/log-inputs", "GET metrics/get-history", "GET artifacts/list",
		"POST logged-models/search",
	}
	f.Fuzz(func(t *testing.T, ep uint8, body string) {
		method, path, _ := strings.Cut(endpoints[int(ep)%len(endpoints)], " ")
		var req *http.Request
		if method == http.MethodGet {
			req = httptest.NewRequest(method, "/api/2.0/mlflow/"+path, nil)
			req.URL.RawQuery = body
		} else {
			req = httptest.NewRequest(method, "/api/2.0/mlflow/"+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: %d %s", method, path, body, rec.Code, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %s %q: not JSON: %s", method, path, body, rec.Body)
		}
	})
}

// FuzzArtifactProxyPath uploads to arbitrary proxy paths: a file is
// either refused or lands inside the artifacts destination, never
// beside it.
func FuzzArtifactProxyPath(f *testing.F) {
	for _, s := range []string{"a.txt", "../x", "%2e%2e/x", "a/../../x", "/etc/x", "..%2f..%2fx", "a%5c..%5cx", "a/%00", "ok/dir/f.bin", "%252e%252e/x", "C:/x", "a//b"} {
		f.Add(s)
	}
	root := f.TempDir()
	dest := filepath.Join(root, "dest")
	srv, err := server.New(newFileStore(f), server.Options{ServeArtifacts: true, ArtifactsDestination: dest})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, p string) {
		req, err := http.NewRequest(http.MethodPut, "http://x/api/2.0/mlflow-artifacts/artifacts/"+p, strings.NewReader("z"))
		if err != nil {
			return // not a URL at all: no request reaches a server
		}
		req.Header.Set("Content-Type", "text/plain")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%q: %d %s", p, rec.Code, rec.Body)
		}
		entries, err := os.ReadDir(root)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() != "dest" {
				t.Fatalf("%q: wrote %s outside the destination", p, e.Name())
			}
		}
	})
}

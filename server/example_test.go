package server_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/telltale-ml/telltale/server"
	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/rest"
)

// A tracking server over a file store, and a client of it. A real
// server listens with Serve(ctx, listener) and stops when ctx ends.
func ExampleNew() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	store, err := tracking.OpenWith(filepath.Join(dir, "mlruns"), tracking.Options{ArtifactRoot: "mlflow-artifacts:/"})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	srv, err := server.New(store, server.Options{ServeArtifacts: true, ArtifactsDestination: filepath.Join(dir, "mlartifacts")})
	if err != nil {
		log.Fatal(err)
	}
	hs := httptest.NewServer(srv) // or srv.Serve(ctx, ln)
	defer hs.Close()

	client, err := rest.Open(hs.URL, rest.Options{})
	if err != nil {
		log.Fatal(err)
	}
	err = tracking.WithRun(ctx, client, "0", "first", nil, func(r *tracking.ActiveRun) error {
		if err := r.LogMetric(ctx, "accuracy", 0.93, 0); err != nil {
			return err
		}
		return r.LogArtifactBytes(ctx, "notes.txt", []byte("through the proxy"))
	})
	if err != nil {
		log.Fatal(err)
	}
	runs, _, err := client.SearchRuns(ctx, tracking.RunQuery{Filter: "metrics.accuracy > 0.9"})
	if err != nil {
		log.Fatal(err)
	}
	r := runs[0]
	fmt.Println(r.Info.RunName, r.Info.Status, r.Metrics["accuracy"].Value)
	b, _ := os.ReadFile(filepath.Join(dir, "mlartifacts", "0", r.Info.RunID, "artifacts", "notes.txt"))
	fmt.Println(string(b))
	// Output:
	// first FINISHED 0.93
	// through the proxy
}

package rest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/telltale-ml/telltale/server"
	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/rest"
)

// The HTTP store is a tracking.Store like any other: here against an
// in-process server; in practice rest.Open("http://host:5000", opts),
// or backend.Open with an http:// tracking URI, which reads the
// credentials from MLflow's environment variables.
func ExampleOpen() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	local, err := tracking.OpenWith(filepath.Join(dir, "mlruns"), tracking.Options{ArtifactRoot: "mlflow-artifacts:/"})
	if err != nil {
		log.Fatal(err)
	}
	defer local.Close()
	srv, err := server.New(local, server.Options{ServeArtifacts: true, ArtifactsDestination: filepath.Join(dir, "art")})
	if err != nil {
		log.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()

	s, err := rest.Open(hs.URL, rest.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	id, err := s.CreateExperiment(ctx, "nightly", "", map[string]string{"team": "ml"})
	if err != nil {
		log.Fatal(err)
	}
	e, err := s.GetExperiment(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Name, e.Tags["team"], e.ArtifactLocation == "mlflow-artifacts:/"+id)
	_, err = s.CreateExperiment(ctx, "nightly", "", nil)
	fmt.Println(err != nil && errors.Is(err, tracking.ErrExists))
	// Output:
	// nightly ml true
	// true
}

package server

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/telltale-ml/telltale/tracking"
)

// ListArtifacts lists the files and folders directly under dir ("" for
// the top) of a run's artifacts where this server keeps them: in the
// proxy's destination for mlflow-artifacts: locations, else in the local
// folder of the location. Paths are relative to the run's artifact root.
// The web UI reads artifacts through it and OpenArtifact
// (ui.Options.Artifacts), since a store cannot read mlflow-artifacts:
// locations itself. Errors wrap the tracking sentinels.
func (s *Server) ListArtifacts(ctx context.Context, runID, dir string) ([]tracking.ArtifactInfo, error) {
	if err := tracking.ValidateArtifactPath(dir); err != nil {
		return nil, err
	}
	place, _, err := s.runArtifacts(ctx, runID)
	if err != nil {
		return nil, sentinel(err)
	}
	list, err := place.folder.List(place.name(dir))
	switch {
	case errors.Is(err, tracking.ErrNotFound) && dir == "":
		return []tracking.ArtifactInfo{}, nil // a run without artifacts has no folder yet
	case err != nil && isNotDir(err):
		return nil, fmt.Errorf("%w: %q is a file, not a folder", tracking.ErrInvalid, dir)
	case err != nil:
		return nil, err
	}
	for i := range list {
		list[i].Path = place.rel(list[i].Path)
	}
	return list, nil
}

// OpenArtifact opens an artifact file of a run where this server keeps it
// (see ListArtifacts).
func (s *Server) OpenArtifact(ctx context.Context, runID, p string) (io.ReadCloser, error) {
	if p == "" {
		return nil, fmt.Errorf("%w: empty artifact path", tracking.ErrInvalid)
	}
	if err := tracking.ValidateArtifactPath(p); err != nil {
		return nil, err
	}
	place, _, err := s.runArtifacts(ctx, runID)
	if err != nil {
		return nil, sentinel(err)
	}
	return place.folder.Open(place.name(p))
}

// sentinel turns the API errors of artifact locations the server cannot
// read (another scheme, the proxy off) into tracking.ErrInvalid, for
// callers outside the API.
func sentinel(err error) error {
	var ae *apiError
	if errors.As(err, &ae) {
		return fmt.Errorf("%w: %s", tracking.ErrInvalid, ae.msg)
	}
	return err
}

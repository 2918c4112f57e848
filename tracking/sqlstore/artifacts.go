package sqlstore

import (
	"context"
	"fmt"
	"io"

	"github.com/telltale-ml/telltale/tracking"
)

// runArtifacts returns the local folder of a run's artifacts
// (artifact_uri, a local path or file: URI). forWrite checks that the run
// is active.
func (s *Store) runArtifacts(ctx context.Context, runID string, forWrite bool) (tracking.ArtifactFolder, error) {
	if err := tracking.ValidateRunID(runID); err != nil {
		return tracking.ArtifactFolder{}, err
	}
	var info *tracking.RunInfo
	err := s.read(ctx, "artifacts", func(t tx) error {
		var err error
		info, err = s.runInfo(ctx, t, runID, false)
		return err
	})
	if err != nil {
		return tracking.ArtifactFolder{}, err
	}
	if info == nil {
		return tracking.ArtifactFolder{}, notFoundRun(runID)
	}
	if forWrite {
		if err := mustBeActive(runID, info.LifecycleStage); err != nil {
			return tracking.ArtifactFolder{}, err
		}
	}
	a, err := tracking.ArtifactFolderOf(info.ArtifactURI)
	if err != nil {
		return a, fmt.Errorf("run %s: %w (this store reads and writes local artifacts only)", runID, err)
	}
	return a, nil
}

// LogArtifact writes an artifact of an active run into its artifact
// folder, atomically.
func (s *Store) LogArtifact(ctx context.Context, runID, path string, r io.Reader) error {
	if err := tracking.ValidateArtifactPath(path); err != nil {
		return err
	}
	a, err := s.runArtifacts(ctx, runID, true)
	if err != nil {
		return err
	}
	if err := a.Write(path, r); err != nil {
		return fmt.Errorf("run %s: %w", runID, err)
	}
	return nil
}

// ImportArtifact writes an artifact of a run, deleted or not.
func (s *Store) ImportArtifact(ctx context.Context, runID, path string, r io.Reader) error {
	if err := tracking.ValidateArtifactPath(path); err != nil {
		return err
	}
	a, err := s.runArtifacts(ctx, runID, false)
	if err != nil {
		return err
	}
	if err := a.Write(path, r); err != nil {
		return fmt.Errorf("run %s: %w", runID, err)
	}
	return nil
}

// OpenArtifact opens an artifact file of a run.
func (s *Store) OpenArtifact(ctx context.Context, runID, path string) (io.ReadCloser, error) {
	if err := tracking.ValidateArtifactPath(path); err != nil {
		return nil, err
	}
	a, err := s.runArtifacts(ctx, runID, false)
	if err != nil {
		return nil, err
	}
	f, err := a.Open(path)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", runID, err)
	}
	return f, nil
}

// ListArtifacts lists the files and folders directly under dir among a
// run's artifacts.
func (s *Store) ListArtifacts(ctx context.Context, runID, dir string) ([]tracking.ArtifactInfo, error) {
	if err := tracking.ValidateArtifactPath(dir); err != nil {
		return nil, err
	}
	a, err := s.runArtifacts(ctx, runID, false)
	if err != nil {
		return nil, err
	}
	list, err := a.List(dir)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", runID, err)
	}
	return list, nil
}

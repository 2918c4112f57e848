package tracking

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ArtifactInfo describes a file or folder among a run's artifacts.
type ArtifactInfo struct {
	Path  string `json:"path"` // relative to the run's artifact directory, slash-separated
	IsDir bool   `json:"is_dir"`
	Size  int64  `json:"file_size,omitempty"`
}

// localArtifactDir turns a run's artifact URI into a local directory. A
// store that was moved or copied still finds the artifacts it holds: when
// the recorded location's parent folder is gone but the store has
// <experiment>/<run>/artifacts, that is used (MLflow issue #3144).
func (s *FileStore) localArtifactDir(expDir, runID, uri string) (string, error) {
	p, err := LocalPath(uri)
	if err != nil || !filepath.IsAbs(p) {
		return "", fmt.Errorf("%w: run %s: artifact location %q is not a local absolute path or file: URI", ErrInvalid, runID, uri)
	}
	own := s.path(expDir + "/" + runID + "/artifacts")
	if strings.HasSuffix(filepath.ToSlash(p), "/"+runID+"/artifacts") {
		if _, err := os.Stat(filepath.Dir(filepath.Dir(p))); errors.Is(err, fs.ErrNotExist) {
			if _, err := os.Stat(filepath.Dir(own)); err == nil {
				return own, nil
			}
		}
	}
	return p, nil
}

// runArtifacts returns the artifact folder of a run. forWrite checks
// that the run is active.
func (s *FileStore) runArtifacts(runID string, forWrite bool) (ArtifactFolder, error) {
	ed, err := s.locateRun(runID)
	if err != nil {
		return ArtifactFolder{}, err
	}
	info, err := s.readRunInfo(ed, runID)
	if err != nil {
		return ArtifactFolder{}, err
	}
	if forWrite && (info.LifecycleStage == StageDeleted || strings.HasPrefix(ed, trashDir+"/")) {
		return ArtifactFolder{}, fmt.Errorf("%w: run %s", ErrDeleted, runID)
	}
	dir, err := s.localArtifactDir(ed, runID, info.ArtifactURI)
	if err != nil {
		return ArtifactFolder{}, err
	}
	return ArtifactFolder{Dir: dir}, nil
}

// LogArtifact writes the artifact path of an active run from r,
// replacing any earlier file, atomically.
func (s *FileStore) LogArtifact(ctx context.Context, runID, path string, r io.Reader) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := validateArtifactPath(path); err != nil {
		return err
	}
	a, err := s.runArtifacts(runID, true)
	if err != nil {
		return err
	}
	if err := a.Write(path, r); err != nil {
		return fmt.Errorf("run %s: %w", runID, err)
	}
	return nil
}

// ImportArtifact writes an artifact of a run, deleted or not.
func (s *FileStore) ImportArtifact(ctx context.Context, runID, path string, r io.Reader) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := validateArtifactPath(path); err != nil {
		return err
	}
	a, err := s.runArtifacts(runID, false)
	if err != nil {
		return err
	}
	if err := a.Write(path, r); err != nil {
		return fmt.Errorf("run %s: %w", runID, err)
	}
	return nil
}

// OpenArtifact opens an artifact file of a run.
func (s *FileStore) OpenArtifact(ctx context.Context, runID, path string) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := validateArtifactPath(path); err != nil {
		return nil, err
	}
	a, err := s.runArtifacts(runID, false)
	if err != nil {
		return nil, err
	}
	f, err := a.Open(path)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", runID, err)
	}
	return f, nil
}

// ArtifactDir returns the local directory holding a run's artifacts.
func (s *FileStore) ArtifactDir(runID string) (string, error) {
	a, err := s.runArtifacts(runID, false)
	return a.Dir, err
}

// ListArtifacts lists the files and folders of a run's artifacts directly
// under dir ("" for the top), sorted by path.
func (s *FileStore) ListArtifacts(ctx context.Context, runID, dir string) ([]ArtifactInfo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := validateArtifactPath(dir); err != nil {
		return nil, err
	}
	a, err := s.runArtifacts(runID, false)
	if err != nil {
		return nil, err
	}
	list, err := a.List(dir)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", runID, err)
	}
	return list, nil
}

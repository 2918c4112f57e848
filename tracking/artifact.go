package tracking

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
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
func (s *Store) localArtifactDir(expDir, runID, uri string) (string, error) {
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

// artifactRoot opens the run's artifact directory, creating it, as an
// os.Root: nothing written through it can leave it.
func (r *ActiveRun) artifactRoot() (*os.Root, error) {
	dir, err := r.s.localArtifactDir(r.expID, r.id, r.artURI)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("tracking: run %s artifacts: %w", r.id, err)
	}
	return os.OpenRoot(dir)
}

// checkNoSymlinks refuses an artifact path any of whose existing parts is
// a symbolic link, even one that stays inside the artifact directory.
func checkNoSymlinks(root *os.Root, p string) error {
	parts := strings.Split(p, "/")
	for i := range parts {
		sub := strings.Join(parts[:i+1], "/")
		st, err := root.Lstat(filepath.FromSlash(sub))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: artifact path %q: %v", ErrInvalid, p, err)
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%w: artifact path %q: %q is a symbolic link; artifacts may not go through links", ErrInvalid, p, sub)
		}
	}
	return nil
}

// escapeErr turns os.Root's refusal to leave the root into ErrInvalid.
func escapeErr(runID, p string, err error) error {
	if err != nil && strings.Contains(err.Error(), "escapes") {
		return fmt.Errorf("%w: run %s: artifact path %q leaves the artifact directory: %v", ErrInvalid, runID, p, err)
	}
	return err
}

// LogArtifactBytes writes data as the artifact name (a relative,
// slash-separated path such as "reports/drift.html"), replacing any
// earlier one, atomically.
func (r *ActiveRun) LogArtifactBytes(name string, data []byte) error {
	if name == "" {
		return fmt.Errorf("%w: empty artifact name", ErrInvalid)
	}
	if err := validateArtifactPath(name); err != nil {
		return err
	}
	if err := r.checkActive(); err != nil {
		return err
	}
	root, err := r.artifactRoot()
	if err != nil {
		return err
	}
	defer root.Close()
	if err := checkNoSymlinks(root, name); err != nil {
		return err
	}
	if err := writeAtomic(root, ".", name, data); err != nil {
		return escapeErr(r.id, name, fmt.Errorf("tracking: run %s artifact %q: %w", r.id, name, err))
	}
	return nil
}

// LogArtifact copies the local file localPath into the run's artifacts,
// as <artifactDir>/<base name of localPath>; artifactDir "" means the top
// of the artifact directory. This is MLflow's log_artifact.
func (r *ActiveRun) LogArtifact(localPath, artifactDir string) error {
	if err := validateArtifactPath(artifactDir); err != nil {
		return err
	}
	st, err := os.Stat(localPath)
	if err != nil {
		return fmt.Errorf("tracking: log artifact: %w", err)
	}
	if st.IsDir() {
		return fmt.Errorf("%w: log artifact: %s is a directory (use LogArtifacts)", ErrInvalid, localPath)
	}
	name := path.Join(artifactDir, filepath.Base(localPath))
	return r.copyArtifacts([][2]string{{localPath, name}})
}

// LogArtifacts copies the contents of the local directory localDir into
// the run's artifacts under artifactDir ("" for the top), as MLflow's
// log_artifacts. Symbolic links inside localDir are refused.
func (r *ActiveRun) LogArtifacts(localDir, artifactDir string) error {
	if err := validateArtifactPath(artifactDir); err != nil {
		return err
	}
	var files [][2]string
	err := filepath.WalkDir(localDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%w: %s is a symbolic link", ErrInvalid, p)
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%w: %s is not a regular file", ErrInvalid, p)
		}
		rel, err := filepath.Rel(localDir, p)
		if err != nil {
			return err
		}
		files = append(files, [2]string{p, path.Join(artifactDir, filepath.ToSlash(rel))})
		return nil
	})
	if err != nil {
		return fmt.Errorf("tracking: log artifacts: %w", err)
	}
	return r.copyArtifacts(files)
}

func (r *ActiveRun) copyArtifacts(files [][2]string) error {
	if err := r.checkActive(); err != nil {
		return err
	}
	root, err := r.artifactRoot()
	if err != nil {
		return err
	}
	defer root.Close()
	for _, f := range files {
		if err := validateArtifactPath(f[1]); err != nil {
			return err
		}
		if err := checkNoSymlinks(root, f[1]); err != nil {
			return err
		}
		if err := copyIn(root, ".", f[1], f[0]); err != nil {
			return escapeErr(r.id, f[1], fmt.Errorf("tracking: run %s artifact %q: %w", r.id, f[1], err))
		}
	}
	return nil
}

// ArtifactDir returns the local directory holding a run's artifacts.
func (s *Store) ArtifactDir(runID string) (string, error) {
	ed, err := s.locateRun(runID)
	if err != nil {
		return "", err
	}
	info, err := s.readRunInfo(ed, runID)
	if err != nil {
		return "", err
	}
	return s.localArtifactDir(ed, runID, info.ArtifactURI)
}

// ListArtifacts lists the files and folders of a run's artifacts directly
// under dir ("" for the top), sorted by path.
func (s *Store) ListArtifacts(runID, dir string) ([]ArtifactInfo, error) {
	if err := validateArtifactPath(dir); err != nil {
		return nil, err
	}
	base, err := s.ArtifactDir(runID)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(filepath.Join(base, filepath.FromSlash(dir)))
	if errors.Is(err, fs.ErrNotExist) {
		if dir == "" {
			return []ArtifactInfo{}, nil
		}
		return nil, fmt.Errorf("%w: run %s has no artifact folder %q", ErrNotFound, runID, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("tracking: run %s artifacts: %w", runID, err)
	}
	out := []ArtifactInfo{}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			continue
		}
		a := ArtifactInfo{Path: path.Join(dir, e.Name()), IsDir: e.IsDir()}
		if !a.IsDir {
			if st, err := e.Info(); err == nil {
				a.Size = st.Size()
			}
		}
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

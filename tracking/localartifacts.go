package tracking

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// ArtifactFolder is a run's artifact folder on the local disk. The file
// store, the SQL store (for local artifact locations) and the tracking
// server's artifact proxy read and write artifacts through it. Every
// access goes through an os.Root, so no path leaves the folder: "..",
// absolute paths and symbolic links that point out are refused, and a
// write through a symbolic link is refused even when the link stays
// inside.
type ArtifactFolder struct {
	Dir string // absolute path of the folder
}

// ArtifactFolderOf returns the folder of an artifact location that is a
// local absolute path or a file: URI. Other locations (s3://,
// mlflow-artifacts:/, ...) give ErrInvalid.
func ArtifactFolderOf(location string) (ArtifactFolder, error) {
	p, err := LocalPath(location)
	if err != nil || !filepath.IsAbs(p) {
		return ArtifactFolder{}, fmt.Errorf("%w: artifact location %q is not a local absolute path or a file: URI", ErrInvalid, location)
	}
	return ArtifactFolder{Dir: filepath.Clean(p)}, nil
}

// Write writes the artifact name (a relative, slash-separated path) from
// r, replacing any earlier file, atomically: a reader sees the old file or
// the new one, never a part. Folders are created as needed.
func (a ArtifactFolder) Write(name string, r io.Reader) error {
	if name == "" {
		return fmt.Errorf("%w: empty artifact name", ErrInvalid)
	}
	if err := validateArtifactPath(name); err != nil {
		return err
	}
	if err := os.MkdirAll(a.Dir, 0o755); err != nil {
		return fmt.Errorf("tracking: artifacts: %w", err)
	}
	root, err := os.OpenRoot(a.Dir)
	if err != nil {
		return fmt.Errorf("tracking: artifacts: %w", err)
	}
	defer root.Close()
	if err := checkNoSymlinks(root, name); err != nil {
		return err
	}
	if err := writeFromAtomic(root, ".", name, r); err != nil {
		return escapeErr(name, fmt.Errorf("tracking: artifact %q: %w", name, err))
	}
	return nil
}

// Open opens the artifact file name for reading.
func (a ArtifactFolder) Open(name string) (io.ReadCloser, error) {
	if name == "" {
		return nil, fmt.Errorf("%w: empty artifact name", ErrInvalid)
	}
	if err := validateArtifactPath(name); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(a.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: artifact %q", ErrNotFound, name)
	}
	if err != nil {
		return nil, fmt.Errorf("tracking: artifacts: %w", err)
	}
	defer root.Close()
	f, err := root.Open(filepath.FromSlash(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: artifact %q", ErrNotFound, name)
	}
	if err != nil {
		return nil, escapeErr(name, fmt.Errorf("tracking: artifact %q: %w", name, err))
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = fmt.Errorf("%w: artifact %q is not a regular file", ErrInvalid, name)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// List lists the files and folders directly under dir ("" for the top),
// sorted by path. A missing top folder is empty; a missing dir below it
// is ErrNotFound.
func (a ArtifactFolder) List(dir string) ([]ArtifactInfo, error) {
	if err := validateArtifactPath(dir); err != nil {
		return nil, err
	}
	out := []ArtifactInfo{}
	root, err := os.OpenRoot(a.Dir)
	if errors.Is(err, fs.ErrNotExist) && dir == "" {
		return out, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: no artifact folder %q", ErrNotFound, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("tracking: artifacts: %w", err)
	}
	defer root.Close()
	name := "."
	if dir != "" {
		name = filepath.FromSlash(dir)
	}
	f, err := root.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		if dir == "" {
			return out, nil
		}
		return nil, fmt.Errorf("%w: no artifact folder %q", ErrNotFound, dir)
	}
	if err != nil {
		return nil, escapeErr(dir, fmt.Errorf("tracking: artifacts %q: %w", dir, err))
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	if err != nil {
		return nil, fmt.Errorf("tracking: artifacts %q: %w", dir, err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			continue
		}
		info := ArtifactInfo{Path: path.Join(dir, e.Name()), IsDir: e.IsDir()}
		if !info.IsDir {
			if st, err := e.Info(); err == nil {
				info.Size = st.Size()
			}
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
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
func escapeErr(p string, err error) error {
	if err != nil && strings.Contains(err.Error(), "escapes") {
		return fmt.Errorf("%w: artifact path %q leaves the artifact directory: %v", ErrInvalid, p, err)
	}
	return err
}

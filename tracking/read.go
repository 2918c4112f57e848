package tracking

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"
)

// Every file of the store is read through the store's os.Root, so that a
// symbolic link (or "..") cannot make a read leave the store, and with a
// size cap, so that a huge or endless file cannot exhaust memory. Only
// regular files are read: a symbolic link, a FIFO or a device where the
// store keeps a value is skipped, never followed or opened for reading
// (a FIFO would block, /dev/zero would never end).

// Read caps, in bytes. MLflow's limits are in characters
// (mlflow/utils/validation.py); a character takes at most 4 bytes in
// UTF-8, so the caps admit every value MLflow's limits admit.
const (
	paramReadLimit   = 4 * maxParamValueLen  // MAX_PARAM_VAL_LENGTH 6000
	tagReadLimit     = 4 * maxTagValueLen    // MAX_TAG_VAL_LENGTH 8000
	expTagReadLimit  = 4 * maxExpTagValueLen // MAX_EXPERIMENT_TAG_VAL_LENGTH 5000
	metaReadLimit    = 1 << 20               // a run's, an experiment's or an input's meta.yaml
	datasetReadLimit = 4*(maxDatasetNameLen+maxDatasetDigestLen+maxDatasetSourceLen+
		maxDatasetSchemaLen+maxDatasetProfileLen) + 4096 // a dataset's meta.yaml
	// metricLineLimit bounds one line of a metric file: a timestamp, a
	// value and a step, or the 5-field form with a dataset name (at most
	// 500 characters) and digest (36).
	metricLineLimit = 4096
)

var (
	errIsDir      = errors.New("is a directory")
	errNotRegular = errors.New("not a regular file (a symbolic link, FIFO or device); skipped")
)

// absent reports whether err says that a key's file is not there: it does
// not exist, a parent is a file, or it is a directory. MLflow keeps the
// key "net/name" as the file net/name, so a run with that key has a
// folder where a run with the key "net" has a file, and for each run the
// other key is simply absent.
func absent(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) || errors.Is(err, errIsDir)
}

// readFile reads the slash-separated name of the store through the
// store's root. It fails with an error wrapping ErrCorrupt when the file
// is not a regular file or is larger than limit bytes, and with the
// os.Root error (fs.ErrNotExist, ENOTDIR) or errIsDir when it is absent
// (see absent).
func (s *FileStore) readFile(name string, limit int64) ([]byte, error) {
	f, err := s.openRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("tracking: read %s: %w", s.path(name), err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes, more than MLflow's limits allow", ErrCorrupt, s.path(name), limit)
	}
	return data, nil
}

// openRegular opens a regular file of the store for reading, refusing
// anything else without opening it.
func (s *FileStore) openRegular(name string) (*os.File, error) {
	p := filepath.FromSlash(name)
	st, err := s.root.Lstat(p)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: s.path(name), Err: errIsDir}
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s: %w", ErrCorrupt, s.path(name), errNotRegular)
	}
	// Between Lstat and open the file could be swapped for another kind:
	// open without following a link and without blocking on a FIFO, then
	// check what was opened.
	f, err := s.root.OpenFile(p, os.O_RDONLY|openNoFollow, 0)
	if err != nil {
		return nil, err
	}
	if st, err = f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = fmt.Errorf("%w: %s: %w", ErrCorrupt, s.path(name), errNotRegular)
		}
		return nil, err
	}
	return f, nil
}

// readDir lists a directory of the store through its root.
func (s *FileStore) readDir(name string) ([]fs.DirEntry, error) {
	f, err := s.root.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: s.path(name), Err: syscall.ENOTDIR}
	}
	entries, err := f.ReadDir(-1)
	sortEntries(entries)
	return entries, err
}

func sortEntries(entries []fs.DirEntry) {
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
}

package tracking

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// Every file of the store is read through the store's os.Root, so that a
// symbolic link (or "..") cannot make a read leave the store, and with a
// size cap, so that a huge or endless file cannot exhaust memory. Only
// regular files are read: a link out of the store, a FIFO or a device
// where the store keeps a value is skipped, never followed or read (a
// FIFO would block, /dev/zero would never end); a link that stays inside
// the store reads as the file it names.

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
	errNoOpenat2  = errors.New("openat2 is not available")
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

// reader reads the files below one directory of the store. Where the
// kernel has openat2 (Linux 5.6 and later), a file is opened with one
// call relative to the store's directory, with RESOLVE_BENEATH: the
// kernel refuses any path, link or ".." that leaves the store. Elsewhere
// it goes through os.Root, which checks each component of the name; a
// reader opened on a run's directory (subReader) keeps those walks short.
type reader struct {
	s    *FileStore
	root *os.Root
	dir  string // the directory in the store, slash-separated; "" is the store
	// subs are roots opened on the folders of dir (params, metrics,
	// tags), so that a key's file is one name away for os.Root. Only
	// subReaders on the os.Root path have them.
	subs map[string]*os.Root
}

// reader reads from the store's root.
func (s *FileStore) reader() reader { return reader{s: s, root: s.root} }

// subReader opens a reader on the directory dir of the store; close it
// when done. The error is absent (see absent) when dir is not there.
func (s *FileStore) subReader(dir string) (reader, error) {
	if s.beneath != nil {
		return reader{s: s, root: s.root, dir: dir}, nil
	}
	r, err := s.root.OpenRoot(filepath.FromSlash(dir))
	if err != nil {
		return reader{}, err
	}
	return reader{s: s, root: r, dir: dir, subs: map[string]*os.Root{}}, nil
}

func (r reader) close() {
	if r.root != r.s.root {
		r.root.Close()
	}
	for _, sub := range r.subs {
		if sub != nil {
			sub.Close()
		}
	}
}

// at returns the root and the name to use for name on the os.Root path:
// a folder's root and the rest of the name when name is below a folder
// of the reader's directory, else the reader's root and name.
func (r reader) at(name string) (*os.Root, string) {
	folder, rest, ok := strings.Cut(name, "/")
	if !ok || r.subs == nil || rest == "" {
		return r.root, name
	}
	sub, seen := r.subs[folder]
	if !seen {
		// A folder that cannot be opened gets nil: the reads go
		// through the reader's root and fail or skip as they should.
		sub, _ = r.root.OpenRoot(folder)
		r.subs[folder] = sub
	}
	if sub == nil {
		return r.root, name
	}
	return sub, rest
}

// path is the absolute path of name below the reader's directory.
func (r reader) path(name string) string {
	if r.dir == "" {
		return r.s.path(name)
	}
	return r.s.path(r.dir + "/" + name)
}

// readFile reads the slash-separated name of the store through the
// store's root. It fails with an error wrapping ErrCorrupt when the file
// is not a regular file or is larger than limit bytes, and with
// fs.ErrNotExist, ENOTDIR or errIsDir when it is absent (see absent).
func (s *FileStore) readFile(name string, limit int64) ([]byte, error) {
	return s.reader().readFile(name, limit)
}

func (s *FileStore) openRegular(name string) (*os.File, error) { return s.reader().openRegular(name) }

func (s *FileStore) readDir(name string) ([]fs.DirEntry, error) { return s.reader().readDir(name) }

// readFile reads name below the reader's directory (see
// FileStore.readFile).
func (r reader) readFile(name string, limit int64) ([]byte, error) {
	f, err := r.openRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("tracking: read %s: %w", r.path(name), err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes, more than MLflow's limits allow", ErrCorrupt, r.path(name), limit)
	}
	return data, nil
}

// open opens name below the reader's directory for reading, without
// blocking on a FIFO, following links only inside the store. A link that
// leaves the store (or loops) gives an error wrapping errNotRegular.
func (r reader) open(name string) (*os.File, error) {
	full := name
	if r.dir != "" {
		full = r.dir + "/" + name
	}
	if r.s.beneath != nil {
		f, err := r.s.beneath.open(full, r.s.path(full))
		if err == nil || !errors.Is(err, errNoOpenat2) {
			return f, err
		}
		// openat2 refused now though it worked when the store was
		// opened: use os.Root for this read.
	}
	root, rel := r.at(name)
	if r.subs == nil && r.dir != "" && root == r.s.root {
		root, rel = r.s.root, full // a reader made for openat2
	}
	p := filepath.FromSlash(rel)
	f, err := root.OpenFile(p, os.O_RDONLY|openNoFollow, 0)
	if err != nil && !absent(err) {
		// A link out of the store (or in a loop): skip it, as any other
		// entry that is no regular file.
		if st, lerr := root.Lstat(p); lerr == nil && st.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("%w: %s: %w", ErrCorrupt, r.path(name), errNotRegular)
		}
	}
	return f, err
}

// openRegular opens a regular file for reading. A symbolic link is
// followed only while it stays inside the store (os.Root's rule); a link
// that leaves it, a FIFO, a device or a socket is refused with an error
// wrapping ErrCorrupt and errNotRegular, without reading (a FIFO is
// opened without blocking and closed unread).
func (r reader) openRegular(name string) (*os.File, error) {
	f, err := r.open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	switch {
	case err != nil:
	case st.IsDir():
		err = &fs.PathError{Op: "read", Path: r.path(name), Err: errIsDir}
	case !st.Mode().IsRegular():
		err = fmt.Errorf("%w: %s: %w", ErrCorrupt, r.path(name), errNotRegular)
	default:
		return f, nil
	}
	f.Close()
	return nil, err
}

// readDir lists a directory, sorted by name.
func (r reader) readDir(name string) ([]fs.DirEntry, error) {
	var f *os.File
	var err error
	if r.s.beneath != nil {
		f, err = r.open(name)
	} else {
		root, rel := r.at(name + "/.")
		rel = strings.TrimSuffix(strings.TrimSuffix(rel, "."), "/")
		if rel == "" {
			rel = "."
		}
		f, err = root.Open(filepath.FromSlash(rel))
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	if err != nil {
		if st, serr := f.Stat(); serr == nil && !st.IsDir() {
			return nil, &fs.PathError{Op: "readdir", Path: r.path(name), Err: syscall.ENOTDIR}
		}
		return nil, err
	}
	sortEntries(entries)
	return entries, nil
}

func sortEntries(entries []fs.DirEntry) {
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
}

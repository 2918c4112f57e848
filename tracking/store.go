package tracking

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// FileStore is the Store in MLflow's file layout, rooted at one
// directory. It is safe for concurrent use by many goroutines, and many
// processes may use the same directory at once (see the package doc).
type FileStore struct {
	dir  string   // absolute path of the store
	root *os.Root // every write goes through it: nothing leaves the store

	now    func() time.Time
	user   string
	randMu sync.Mutex
	rand   io.Reader

	locks sync.Map // per-directory mutexes where flock is not available

	warnFn func(error)

	// beneath opens files for reading with openat2 where the kernel has
	// it; nil means every read goes through root (see reader).
	beneath      *beneath
	artifactRoot string // "" (inside the store) or a URI without a trailing slash
}

// Options configures OpenWith. The zero value gives the defaults of Open.
type Options struct {
	// Now returns the current time, used for timestamps; nil means
	// time.Now. Tests inject a fixed clock.
	Now func() time.Time
	// User is the user_id of the runs StartRun creates and their
	// mlflow.user tag; "" means the user running the process ($USER,
	// $LOGNAME or the system's account name), or "unknown".
	User string
	// Rand is the source of random run ids, experiment ids and run names;
	// nil means crypto/rand. It is read under a lock.
	Rand io.Reader
	// MustExist makes OpenWith fail with ErrNotFound when the directory
	// does not exist, instead of creating a new store.
	MustExist bool
	// Warn is told of each entry a listing or search skips, as MLflow
	// warns and skips them: a run or experiment whose meta.yaml (or
	// another of its files) is malformed, and a FIFO, a device or a
	// symbolic link out of the store where the store keeps a value. nil
	// means skip silently. It may be called from several goroutines at
	// once.
	Warn func(error)
	// ArtifactRoot is where the experiments the store creates keep their
	// runs' artifacts, <ArtifactRoot>/<experiment id>, as MLflow's
	// --default-artifact-root: a path or file: URI (made absolute), or
	// another URI kept as given, such as "mlflow-artifacts:/" for a
	// tracking server that proxies artifacts. "" means inside the store,
	// <store>/<experiment id>. The store's own artifact methods
	// (LogArtifact, ...) work for local locations only; a tracking server
	// resolves the others.
	ArtifactRoot string
}

// Open opens the store in dir, creating it on first use, as MLflow
// creates its store: the directory and the "Default" experiment with id
// "0". dir is a path or a file: URI (file:///abs/mlruns, file:./mlruns).
// Close the store when done.
func Open(dir string) (*FileStore, error) {
	return OpenWith(dir, Options{})
}

// OpenWith is Open with options.
func OpenWith(dir string, opts Options) (*FileStore, error) {
	p, err := LocalPath(dir)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, fmt.Errorf("tracking: open %s: %w", dir, err)
	}
	s := &FileStore{dir: abs, now: opts.Now, user: opts.User, rand: opts.Rand, warnFn: opts.Warn}
	if opts.ArtifactRoot != "" {
		if s.artifactRoot, err = ArtifactRootURI(opts.ArtifactRoot); err != nil {
			return nil, err
		}
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.user == "" {
		s.user = currentUser()
	}
	st, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist) && opts.MustExist:
		return nil, fmt.Errorf("%w: no tracking store at %s", ErrNotFound, abs)
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(abs, 0o755); err != nil {
			return nil, fmt.Errorf("tracking: create store: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("tracking: open %s: %w", abs, err)
	case !st.IsDir():
		return nil, fmt.Errorf("%w: %s is not a directory", ErrInvalid, abs)
	}
	if s.root, err = os.OpenRoot(abs); err != nil {
		return nil, fmt.Errorf("tracking: open %s: %w", abs, err)
	}
	s.beneath = newBeneath(abs)
	if err := s.ensureDefaultExperiment(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

var (
	_ Store       = (*FileStore)(nil)
	_ Importer    = (*FileStore)(nil)
	_ RunDefaults = (*FileStore)(nil)
)

// Close releases the store's directory handle.
func (s *FileStore) Close() error {
	if s.beneath != nil {
		s.beneath.close()
	}
	return s.root.Close()
}

// Now returns the store's clock reading (Options.Now).
func (s *FileStore) Now() time.Time { return s.now() }

// User returns the user of the runs StartRun creates (Options.User).
func (s *FileStore) User() string { return s.user }

// Dir returns the absolute path of the store.
func (s *FileStore) Dir() string { return s.dir }

// URI returns the store as a file: URI, the form MLflow's tracking URI
// and "mlflow ui --backend-store-uri" take.
func (s *FileStore) URI() string { return fileURI(s.dir) }

func (s *FileStore) nowMillis() int64 { return s.now().UnixMilli() }

// warn reports a skipped entry (see Options.Warn).
func (s *FileStore) warn(err error) {
	if s.warnFn != nil {
		s.warnFn(err)
	}
}

func (s *FileStore) readRand(fn func(io.Reader) (string, error)) (string, error) {
	s.randMu.Lock()
	defer s.randMu.Unlock()
	return fn(s.rand)
}

// defaultArtifactLocation is the artifact location of a new experiment
// with the given id: <artifact root>/<id>.
func (s *FileStore) defaultArtifactLocation(id string) string {
	if s.artifactRoot == "" {
		return fileURI(s.path(id))
	}
	return s.artifactRoot + "/" + id
}

// ArtifactRootURI normalises an artifact root as MLflow's server takes
// --default-artifact-root: a local path or file: URI becomes the file:
// URI of the absolute path; another URI (mlflow-artifacts:/, s3://...) is
// kept as given. The result has no trailing slash, so that
// root + "/" + experiment id is the experiment's location
// ("mlflow-artifacts:/" gives "mlflow-artifacts:/<id>").
func ArtifactRootURI(root string) (string, error) {
	if root == "" {
		return "", fmt.Errorf("%w: empty artifact root", ErrInvalid)
	}
	if len(root) > maxArtifactLocLen {
		return "", fmt.Errorf("%w: artifact root is longer than %d characters", ErrInvalid, maxArtifactLocLen)
	}
	if sch := uriScheme(root); sch == "" || sch == "file" {
		p, err := LocalPath(root)
		if err != nil {
			return "", err
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", fmt.Errorf("%w: artifact root %q: %v", ErrInvalid, root, err)
		}
		return strings.TrimSuffix(fileURI(abs), "/"), nil
	}
	u, err := url.Parse(root)
	if err != nil || u.Scheme == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%w: artifact root %q: want a path or a URI without query or fragment", ErrInvalid, root)
	}
	return strings.TrimSuffix(root, "/"), nil
}

// path returns the absolute path of a slash-separated name in the store.
func (s *FileStore) path(name string) string {
	return filepath.Join(s.dir, filepath.FromSlash(name))
}

func currentUser() string {
	for _, k := range []string{"USER", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// uriScheme returns the scheme of a location that is a URI, lower-case
// ("s3" for s3://bucket/x, "mlflow-artifacts" for mlflow-artifacts:/x),
// or "" for a path. As MLflow and tracking/backend tell them apart, a
// one-letter scheme is a Windows drive (C:\mlruns) and a "scheme" with a
// slash, backslash, dot or space is part of a path.
func uriScheme(loc string) string {
	scheme, _, ok := strings.Cut(loc, ":")
	if !ok || len(scheme) < 2 || strings.ContainsAny(scheme, `/\. `) {
		return ""
	}
	return strings.ToLower(scheme)
}

// LocalPath turns a store location, a path or a file: URI, into a path.
// Other URIs (sqlite:, http:, s3:, mlflow-artifacts: ...) are refused
// with ErrInvalid.
func LocalPath(location string) (string, error) {
	if location == "" {
		return "", fmt.Errorf("%w: empty store location", ErrInvalid)
	}
	if !strings.HasPrefix(location, "file:") {
		if sch := uriScheme(location); sch != "" && sch != "file" {
			return "", fmt.Errorf("%w: %s: only local folders (a path or a file: URI) are supported here", ErrInvalid, location)
		}
		return location, nil
	}
	rest := strings.TrimPrefix(location, "file:")
	if strings.HasPrefix(rest, "//") {
		u, err := url.Parse(location)
		if err != nil {
			return "", fmt.Errorf("%w: %s: %v", ErrInvalid, location, err)
		}
		if u.Host != "" && u.Host != "localhost" {
			return "", fmt.Errorf("%w: %s: file URI with a remote host", ErrInvalid, location)
		}
		if u.Path == "" {
			return "", fmt.Errorf("%w: %s: file URI without a path", ErrInvalid, location)
		}
		return filepath.FromSlash(u.Path), nil
	}
	p, err := url.PathUnescape(rest)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %v", ErrInvalid, location, err)
	}
	if p == "" {
		return "", fmt.Errorf("%w: %s: file URI without a path", ErrInvalid, location)
	}
	return filepath.FromSlash(p), nil
}

// fileURI returns the file: URI of an absolute path as Python's
// pathlib.Path.as_uri does: bytes other than letters, digits, "_.-~/" are
// percent-encoded.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	var b strings.Builder
	b.WriteString("file://")
	if !strings.HasPrefix(p, "/") {
		b.WriteByte('/')
	}
	const hexd = "0123456789ABCDEF"
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_.-~/", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hexd[c>>4])
			b.WriteByte(hexd[c&15])
		}
	}
	return b.String()
}

package rest

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// Artifacts go where the run's artifact URI says, as MLflow's client
// sends them: mlflow-artifacts:/<p> through the server's proxy
// (/api/2.0/mlflow-artifacts/artifacts/<p>), a local path or file: URI
// straight to that folder (one the client shares with the server).

// proxyPath is the artifact proxy's route on a server.
const proxyPath = "/api/2.0/mlflow-artifacts/artifacts"

// artifactTarget is where a run's artifacts are for this client.
type artifactTarget struct {
	proxy  string // URL of the run's artifact root behind the proxy, "" if local
	prefix string // the root's path for the proxy's list, such as "1/<run>/artifacts"
	local  tracking.ArtifactFolder
}

// target reads the run and finds where its artifacts are; forWrite
// refuses a deleted run, as the other stores do.
func (s *Store) target(ctx context.Context, runID string, forWrite bool) (artifactTarget, error) {
	r, err := s.GetRun(ctx, runID)
	if err != nil {
		return artifactTarget{}, err
	}
	if forWrite && r.Info.LifecycleStage == tracking.StageDeleted {
		return artifactTarget{}, fmt.Errorf("%w: the run %s %s; it is deleted", tracking.ErrDeleted, runID, activeStatePhrase)
	}
	uri := r.Info.ArtifactURI
	if rest, ok := strings.CutPrefix(uri, "mlflow-artifacts:"); ok {
		u, err := url.Parse("mlflow-artifacts:" + rest)
		if err != nil {
			return artifactTarget{}, fmt.Errorf("%w: run %s: artifact URI %q: %v", tracking.ErrInvalid, runID, uri, err)
		}
		base := *s.base
		if u.Host != "" { // mlflow-artifacts://host:port/<p>: that host, the tracking URI's scheme
			base.Host, base.Path = u.Host, ""
		}
		prefix := strings.Trim(u.Path, "/")
		if err := tracking.ValidateArtifactPath(prefix); err != nil {
			return artifactTarget{}, fmt.Errorf("run %s: artifact URI %q: %w", runID, uri, err)
		}
		base.Path += proxyPath
		return artifactTarget{proxy: base.String(), prefix: prefix}, nil
	}
	f, err := tracking.ArtifactFolderOf(uri)
	if err != nil {
		return artifactTarget{}, fmt.Errorf("%w: run %s keeps its artifacts at %s, which telltale can reach neither through the server's artifact proxy nor as a local folder", tracking.ErrInvalid, runID, uri)
	}
	return artifactTarget{local: f}, nil
}

// fileURL is the proxy URL of the artifact p, each segment escaped.
func (t artifactTarget) fileURL(p string) string {
	segs := strings.Split(path.Join(t.prefix, p), "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return t.proxy + "/" + strings.Join(segs, "/")
}

func checkName(p string) error {
	if p == "" {
		return fmt.Errorf("%w: empty artifact path", tracking.ErrInvalid)
	}
	return tracking.ValidateArtifactPath(p)
}

// LogArtifact uploads the artifact p of a run from r.
func (s *Store) LogArtifact(ctx context.Context, runID, p string, r io.Reader) error {
	if err := checkName(p); err != nil {
		return err
	}
	t, err := s.target(ctx, runID, true)
	if err != nil {
		return err
	}
	if t.proxy == "" {
		if err := t.local.Write(p, r); err != nil {
			return fmt.Errorf("run %s: %w", runID, err)
		}
		return nil
	}
	resp, err := s.send(ctx, request{method: "PUT", path: "mlflow-artifacts/artifacts", url: t.fileURL(p),
		ctype: "application/octet-stream", stream: nonNilReader(r)})
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

func nonNilReader(r io.Reader) io.Reader {
	if r == nil {
		return strings.NewReader("")
	}
	return r
}

// OpenArtifact opens an artifact file of a run. The file streams from
// the server: close it when done.
func (s *Store) OpenArtifact(ctx context.Context, runID, p string) (io.ReadCloser, error) {
	if err := checkName(p); err != nil {
		return nil, err
	}
	t, err := s.target(ctx, runID, false)
	if err != nil {
		return nil, err
	}
	if t.proxy == "" {
		f, err := t.local.Open(p)
		if err != nil {
			return nil, fmt.Errorf("run %s: %w", runID, err)
		}
		return f, nil
	}
	resp, err := s.send(ctx, request{method: "GET", path: "mlflow-artifacts/artifacts", url: t.fileURL(p)})
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// ListArtifacts lists the files and folders under dir among a run's
// artifacts. MLflow's proxy answers nothing alike for an empty folder, a
// file and a missing path; a missing dir is told by its parent's listing,
// so that it gives tracking.ErrNotFound as with the other stores.
func (s *Store) ListArtifacts(ctx context.Context, runID, dir string) ([]tracking.ArtifactInfo, error) {
	if err := tracking.ValidateArtifactPath(dir); err != nil {
		return nil, err
	}
	t, err := s.target(ctx, runID, false)
	if err != nil {
		return nil, err
	}
	if t.proxy == "" {
		list, err := t.local.List(dir)
		if err != nil {
			return nil, fmt.Errorf("run %s: %w", runID, err)
		}
		return list, nil
	}
	list, err := s.proxyList(ctx, t, dir)
	if err != nil || len(list) > 0 || dir == "" {
		return list, err
	}
	parent := path.Dir(dir)
	if parent == "." {
		parent = ""
	}
	up, err := s.proxyList(ctx, t, parent)
	if err != nil {
		return nil, err
	}
	for _, a := range up {
		if a.Path == dir && a.IsDir {
			return list, nil
		}
	}
	return nil, fmt.Errorf("%w: run %s: no artifact folder %q", tracking.ErrNotFound, runID, dir)
}

// proxyList lists a folder through the proxy, with paths relative to the
// run's artifact root.
func (s *Store) proxyList(ctx context.Context, t artifactTarget, dir string) ([]tracking.ArtifactInfo, error) {
	var out struct {
		Files []fileInfoWire `json:"files"`
	}
	q := url.Values{"path": {path.Join(t.prefix, dir)}}
	resp, err := s.send(ctx, request{method: "GET", path: "mlflow-artifacts/artifacts", url: t.proxy, query: q})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if err := jsonDecode(resp.Body, &out); err != nil {
		return nil, &Error{Server: s.redacted, Method: "GET", Path: "mlflow-artifacts/artifacts", Status: resp.StatusCode,
			Message: "the answer is not the JSON of MLflow's artifact proxy: " + err.Error()}
	}
	list := make([]tracking.ArtifactInfo, 0, len(out.Files))
	for _, f := range out.Files {
		a := tracking.ArtifactInfo{Path: path.Join(dir, path.Base(f.Path)), IsDir: f.IsDir}
		if !f.IsDir {
			a.Size = int64(f.FileSize)
		}
		list = append(list, a)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	return list, nil
}

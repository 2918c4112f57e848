package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/telltale-ml/telltale/tracking"
)

// artifactPlace is where a run's artifacts are on the server's disk: a
// folder, and the run's prefix inside it when the folder is the artifact
// proxy's destination ("<experiment>/<run>/artifacts"). Every access goes
// through the folder's os.Root, so nothing leaves the folder.
type artifactPlace struct {
	folder tracking.ArtifactFolder
	prefix string
}

// name returns the name in the folder of a path relative to the run's
// artifact root.
func (p artifactPlace) name(rel string) string {
	switch {
	case p.prefix == "":
		return rel
	case rel == "":
		return p.prefix
	}
	return p.prefix + "/" + rel
}

// rel is the inverse of name.
func (p artifactPlace) rel(name string) string {
	if p.prefix == "" {
		return name
	}
	return strings.TrimPrefix(strings.TrimPrefix(name, p.prefix), "/")
}

// resolveArtifacts finds where the artifacts of a location live: the
// proxy's destination for mlflow-artifacts: URIs (when the server serves
// artifacts), the local folder of a path or file: URI. Other locations
// (s3://, ...) are the clients' business: MLflow's clients write there
// directly.
func (s *Server) resolveArtifacts(uri string) (artifactPlace, error) {
	if rest, ok := strings.CutPrefix(uri, "mlflow-artifacts:"); ok {
		if !s.serveArtifacts {
			return artifactPlace{}, invalidParam(fmt.Sprintf("artifact location %s is served by the artifact proxy, and this server runs with --no-serve-artifacts", uri))
		}
		u, err := url.Parse("mlflow-artifacts:" + rest)
		if err != nil {
			return artifactPlace{}, invalidParam(fmt.Sprintf("artifact location %q: %v", uri, err))
		}
		rel := strings.Trim(u.Path, "/")
		if err := tracking.ValidateArtifactPath(rel); err != nil {
			return artifactPlace{}, err
		}
		return artifactPlace{folder: s.dest, prefix: rel}, nil
	}
	f, err := tracking.ArtifactFolderOf(uri)
	if err != nil {
		return artifactPlace{}, invalidParam(fmt.Sprintf("artifact location %s is not on this server: telltale's server reads mlflow-artifacts: locations and local folders; clients read the others directly", uri))
	}
	return artifactPlace{folder: f}, nil
}

// runArtifacts returns where a run's artifacts are.
func (s *Server) runArtifacts(ctx context.Context, runID string) (artifactPlace, *tracking.Run, error) {
	r, err := s.store.GetRun(ctx, runID)
	if err != nil {
		return artifactPlace{}, nil, err
	}
	p, err := s.resolveArtifacts(r.Info.ArtifactURI)
	return p, r, err
}

func fileInfo(path string, a tracking.ArtifactInfo) fileInfoJSON {
	fi := fileInfoJSON{Path: path, IsDir: a.IsDir}
	if !a.IsDir {
		size := a.Size
		fi.FileSize = &size
	}
	return fi
}

// GET artifacts/list {run_id, path, page_token} -> {root_uri, files[]}.
// Paths are relative to the run's artifact root; a path that is missing
// or names a file lists nothing, as in MLflow.
func (s *Server) listRunArtifacts(ctx context.Context, f *fields) (any, error) {
	id, err := f.runID()
	if err != nil {
		return nil, err
	}
	dir, err := f.str("path")
	if err != nil {
		return nil, err
	}
	dir = strings.TrimSuffix(dir, "/")
	if err := tracking.ValidateArtifactPath(dir); err != nil {
		return nil, invalidParam("Invalid path: " + storeMessage(err))
	}
	place, r, err := s.runArtifacts(ctx, id)
	if err != nil {
		return nil, err
	}
	out := struct {
		RootURI string         `json:"root_uri"`
		Files   []fileInfoJSON `json:"files,omitempty"`
	}{RootURI: r.Info.ArtifactURI}
	list, err := place.folder.List(place.name(dir))
	if errors.Is(err, tracking.ErrNotFound) || err != nil && isNotDir(err) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		out.Files = append(out.Files, fileInfo(place.rel(a.Path), a))
	}
	return out, nil
}

func isNotDir(err error) bool { return strings.Contains(err.Error(), "not a directory") }

// GET /get-artifact?run_uuid=&path=: a run's artifact file, as MLflow's
// server serves it to its web UI.
func (s *Server) getArtifact(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id := q.Get("run_uuid")
	if id == "" {
		id = q.Get("run_id")
	}
	p := q.Get("path")
	if id == "" || p == "" {
		writeError(w, invalidParam("Missing value for required parameter 'run_uuid' or 'path'."))
		return
	}
	if err := tracking.ValidateArtifactPath(p); err != nil {
		writeError(w, invalidParam("Invalid path: "+storeMessage(err)))
		return
	}
	place, _, err := s.runArtifacts(r.Context(), id)
	if err != nil {
		writeError(w, err)
		return
	}
	s.sendFile(w, r, place.folder, place.name(p))
}

// sendFile answers with an artifact file, as a download: MLflow's
// Content-Disposition and nosniff, and a plain-text type for files a
// browser would run (HTML, SVG, JavaScript), so an uploaded page cannot
// script the server's origin. Range requests work.
func (s *Server) sendFile(w http.ResponseWriter, r *http.Request, folder tracking.ArtifactFolder, name string) {
	f, err := folder.Open(name)
	if err != nil {
		writeError(w, err)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", artifactContentType(name))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": path.Base(name)}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	if rs, ok := f.(io.ReadSeeker); ok {
		http.ServeContent(w, r, "", time.Time{}, rs)
		return
	}
	io.Copy(w, f)
}

// artifactContentType guesses a file's type from its extension, as
// MLflow does, except that types a browser would render as active
// content are served as plain text.
func artifactContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".html", ".htm", ".xhtml", ".svg", ".svgz", ".xml", ".js", ".mjs", ".css":
		return "text/plain; charset=utf-8"
	case ".txt", ".log", ".json", ".yaml", ".yml", ".csv", ".tsv", ".md", ".py", ".ini", ".cfg", ".toml", "":
		if ext == "" {
			return "application/octet-stream"
		}
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); t != "" && !strings.Contains(t, "html") && !strings.Contains(t, "xml") && !strings.Contains(t, "javascript") {
		return t
	}
	return "application/octet-stream"
}

package server

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// The artifact proxy: MLflow's mlflow-artifacts service
// (mlflow/protos/mlflow_artifacts.proto), over the folder given as
// --artifacts-destination. An artifact URI mlflow-artifacts:/<p> is the
// file <destination>/<p>; clients upload with PUT, download with GET and
// list a folder with GET .../artifacts?path=<dir>.

// proxyPrefix is where the proxy's routes start, after /api/2.0 or
// /ajax-api/2.0.
const proxyPrefix = "/mlflow-artifacts/artifacts"

// artifactPath reads the artifact path of a proxy URL: the rest of the
// URL path, percent-decoded once, relative, in normal form, without "..",
// backslashes or NUL bytes. Anything else is 400 "Invalid path", as
// MLflow answers.
func artifactPath(p string) (string, error) {
	if err := tracking.ValidateArtifactPath(p); err != nil {
		return "", invalidParam("Invalid path: " + storeMessage(err))
	}
	return p, nil
}

// serveProxy answers the proxy's routes; rest is the URL path after
// proxyPrefix: "" for the list, "/<path>" for a file.
func (s *Server) serveProxy(w http.ResponseWriter, r *http.Request, rest string) {
	if !s.serveArtifacts {
		// MLflow answers 503 in plain text when run with --no-serve-artifacts.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "Endpoint: %s disabled due to the server running with --no-serve-artifacts. To enable artifacts server functionality, run telltale server with --serve-artifacts\n", proxyPrefix)
		return
	}
	if rest == "" || rest == "/" {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			writeError(w, methodNotAllowed(r, "GET"))
			return
		}
		s.proxyList(w, r)
		return
	}
	p, err := artifactPath(strings.TrimPrefix(rest, "/"))
	if err != nil {
		writeError(w, err)
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.sendFile(w, r, s.dest, p)
	case http.MethodPut:
		s.proxyUpload(w, r, p)
	case http.MethodDelete:
		writeError(w, &apiError{status: http.StatusNotImplemented, code: codeNotImplemented,
			msg: "telltale's artifact proxy does not delete artifacts."})
	default:
		writeError(w, methodNotAllowed(r, "GET, PUT"))
	}
}

// proxyList answers GET .../artifacts?path=<dir> with the folder's
// entries by base name. A path that names a file, or nothing, gives {}:
// MLflow's client tells a file from a folder that way.
func (s *Server) proxyList(w http.ResponseWriter, r *http.Request) {
	dir := strings.TrimSuffix(r.URL.Query().Get("path"), "/")
	if _, err := artifactPath(dir); err != nil {
		writeError(w, err)
		return
	}
	list, err := s.dest.List(dir)
	if errors.Is(err, tracking.ErrNotFound) || err != nil && isNotDir(err) {
		writeJSON(w, struct{}{})
		return
	}
	if err != nil {
		writeError(w, err)
		return
	}
	out := struct {
		Files []fileInfoJSON `json:"files,omitempty"`
	}{}
	for _, a := range list {
		out.Files = append(out.Files, fileInfo(path.Base(a.Path), a))
	}
	writeJSON(w, out)
}

// proxyUpload writes the body of a PUT to the artifact p, atomically
// (readers see the old file or the new one), at most MaxArtifactBytes.
func (s *Server) proxyUpload(w http.ResponseWriter, r *http.Request, p string) {
	if r.ContentLength > s.opts.MaxArtifactBytes {
		writeError(w, tooLarge("artifact", s.opts.MaxArtifactBytes))
		return
	}
	if st, err := os.Lstat(filepath.Join(s.dest.Dir, filepath.FromSlash(p))); err == nil && st.IsDir() {
		writeError(w, invalidParam(fmt.Sprintf("Invalid path: %q is a folder of artifacts, not a file.", p)))
		return
	}
	body := http.MaxBytesReader(w, r.Body, s.opts.MaxArtifactBytes)
	err := s.dest.Write(p, body)
	var big *http.MaxBytesError
	if errors.As(err, &big) {
		writeError(w, tooLarge("artifact", s.opts.MaxArtifactBytes))
		return
	}
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, struct{}{})
}

func tooLarge(what string, limit int64) *apiError {
	return &apiError{status: http.StatusRequestEntityTooLarge, code: codeInvalidParameterValue,
		msg: fmt.Sprintf("The %s is larger than %d bytes, the server's limit.", what, limit)}
}

func methodNotAllowed(r *http.Request, allow string) *apiError {
	return &apiError{status: http.StatusMethodNotAllowed, code: codeBadRequest, allow: allow,
		msg: fmt.Sprintf("Method %s is not allowed for %s; use %s.", r.Method, r.URL.Path, allow)}
}

package ui

import (
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
)

// artifactCSP is the Content-Security-Policy of every artifact file. Its
// sandbox directive gives the document an opaque origin however it is
// opened (in the run page's iframe, in a tab of its own, by a link): its
// scripts run (a telltale report draws its charts with inline scripts)
// but cannot reach the UI's DOM, cookies or storage, open windows,
// navigate the page above or submit forms. default-src 'none' stops every
// request it would make (fetch, images from elsewhere, frames), so
// nothing leaves the page and nothing reaches the API with the user's
// credentials; inline scripts, styles and data: images are what a
// self-contained report needs.
const artifactCSP = "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; " +
	"img-src data: blob:; font-src data:; media-src data: blob:; form-action 'none'; base-uri 'none'; frame-ancestors 'self'"

// contentTypes are the types artifact files are served with, by
// extension; anything else is application/octet-stream and downloaded.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
	".json": "application/json", ".txt": "text/plain; charset=utf-8", ".log": "text/plain; charset=utf-8",
	".md": "text/plain; charset=utf-8", ".yaml": "text/plain; charset=utf-8", ".yml": "text/plain; charset=utf-8",
	".csv": "text/plain; charset=utf-8", ".tsv": "text/plain; charset=utf-8",
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
	".svg": "image/svg+xml", ".bmp": "image/bmp",
}

// serveArtifact serves an artifact file of a run, sandboxed. ?download=1
// (and any file of a type not listed above) makes it a download.
func (h *Handler) serveArtifact(w http.ResponseWriter, r *http.Request) {
	runID, p := r.PathValue("run"), r.PathValue("path")
	rc, err := h.files.OpenArtifact(r.Context(), runID, p)
	if err != nil {
		h.storeError(w, r, "artifact", err)
		return
	}
	defer rc.Close()
	hd := w.Header()
	ctype, known := contentTypes[strings.ToLower(path.Ext(p))]
	if !known {
		ctype = "application/octet-stream"
	}
	hd.Set("Content-Type", ctype)
	hd.Set("Content-Security-Policy", artifactCSP)
	hd.Set("X-Frame-Options", "SAMEORIGIN")
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("Cache-Control", "private, no-cache")
	if !known || r.URL.Query().Get("download") != "" {
		cd := mime.FormatMediaType("attachment", map[string]string{"filename": path.Base(p)})
		if cd == "" {
			cd = "attachment"
		}
		hd.Set("Content-Disposition", cd)
	}
	if r.Method == http.MethodHead {
		return
	}
	_, _ = io.Copy(w, rc)
}

package ui

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"net/http"

	"github.com/telltale-ml/telltale/render/html"
)

//go:embed assets/ui.css assets/ui.js templates/*.tmpl
var files embed.FS

// staticFile is an asset served under /static/.
type staticFile struct {
	body        []byte
	contentType string
	version     string // a hash of the body: URLs carry it, so it is cached for good
}

// loadStatic reads the UI's stylesheet and script, and ECharts from
// render/html.
func loadStatic() (map[string]staticFile, error) {
	out := map[string]staticFile{}
	add := func(name, ctype string, body []byte) {
		sum := sha256.Sum256(body)
		out[name] = staticFile{body: body, contentType: ctype, version: hex.EncodeToString(sum[:6])}
	}
	for name, ctype := range map[string]string{"ui.css": "text/css; charset=utf-8", "ui.js": "text/javascript; charset=utf-8"} {
		b, err := files.ReadFile("assets/" + name)
		if err != nil {
			return nil, fmt.Errorf("ui: %w", err)
		}
		add(name, ctype, b)
	}
	ec, err := html.ECharts()
	if err != nil {
		return nil, fmt.Errorf("ui: %w", err)
	}
	add("echarts.min.js", "text/javascript; charset=utf-8", ec.Script)
	add("echarts-NOTICE.txt", "text/plain; charset=utf-8", ec.Notice)
	add("echarts-LICENSE.txt", "text/plain; charset=utf-8", ec.License)
	return out, nil
}

// assetURL is the URL of an asset with its version.
func (h *Handler) assetURL(name string) string {
	return "/static/" + name + "?v=" + h.static[name].version
}

// serveStatic serves an asset. A request with the current version is
// cached for a year; any other for no time.
func (h *Handler) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := h.static[r.PathValue("name")]
	if !ok {
		h.fail(w, r, http.StatusNotFound, "There is no such file.")
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", f.contentType)
	hd.Set("ETag", `"`+f.version+`"`)
	if r.URL.Query().Get("v") == f.version {
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hd.Set("Cache-Control", "no-cache")
	}
	if match := r.Header.Get("If-None-Match"); match == `"`+f.version+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if r.Method != http.MethodHead {
		_, _ = w.Write(f.body)
	}
}

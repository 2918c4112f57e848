package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/tracking"
)

// How the run page shows an artifact, by the extension of its name.
const (
	showFrame    = "frame"    // HTML: in a sandboxed iframe
	showJSON     = "json"     // pretty-printed
	showImage    = "image"    // <img>
	showText     = "text"     // as text
	showDownload = "download" // a link only
)

// Limits of what the run page reads to show a file inline.
const (
	maxJSONPreview = 4 << 20
	maxTextPreview = 256 << 10
)

// reportArtifact is the artifact name of the HTML report that telltale
// report --track and telltale serve --track log; the run page opens it
// when no other file is asked for.
const reportArtifact = "telltale.html"

type artifactsView struct {
	Dir      string // the folder listed, "" for the top
	DirParts []crumb
	UpURL    string
	Entries  []artifactEntry
	Preview  *preview
	Err      string
}

type artifactEntry struct {
	Name, URL string
	IsDir     bool
	Size      string
	Current   bool
}

type preview struct {
	Path, Name  string
	Kind        string
	FileURL     string // the raw file, sandboxed
	DownloadURL string
	Text        string // JSON, pretty, or text
	Note        string // why the file is not shown, or shown in part
}

// showAs picks how to show a file from its name.
func showAs(name string) string {
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".html", ".htm":
		return showFrame
	case ".json":
		return showJSON
	case ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp":
		return showImage
	case ".txt", ".log", ".md", ".yaml", ".yml", ".csv", ".tsv", ".toml", ".ini", ".cfg", ".py", ".sql", ".xml":
		return showText
	}
	if path.Base(name) == "MLmodel" {
		return showText
	}
	return showDownload
}

// proxyScheme begins the artifact locations of runs logged through a
// tracking server's artifact proxy (MLflow's --serve-artifacts).
const proxyScheme = "mlflow-artifacts:"

// artifacts lists the folder ?path= of a run's artifacts and previews the
// file ?artifact= (by default the telltale report at the top, if any).
// A bad path is said on the page, not as an error of the whole page.
func (h *Handler) artifacts(ctx context.Context, run *tracking.Run, q url.Values) (artifactsView, error) {
	id := run.Info.RunID
	file := q.Get("artifact")
	dir := strings.Trim(q.Get("path"), "/")
	if file != "" && !q.Has("path") {
		dir = path.Dir(file)
		if dir == "." {
			dir = ""
		}
	}
	v := artifactsView{Dir: dir}
	entries, err := h.files.ListArtifacts(ctx, id, dir)
	if errors.Is(err, tracking.ErrInvalid) && strings.HasPrefix(run.Info.ArtifactURI, proxyScheme) && h.opts.Artifacts == nil {
		// The store cannot read where a tracking server's proxy keeps
		// files; say so rather than the store's error.
		v.Err = "This run's artifacts are kept by a tracking server's artifact proxy (" + run.Info.ArtifactURI +
			"): open them in that server's UI, or give this UI the server's artifact folder (telltale ui --artifacts-destination)."
		return v, nil
	}
	if errors.Is(err, tracking.ErrInvalid) || errors.Is(err, tracking.ErrNotFound) {
		v.Err = strings.TrimPrefix(err.Error(), "tracking: ")
		return v, nil
	}
	if err != nil {
		return v, err
	}
	if dir != "" {
		up := path.Dir(dir)
		if up == "." {
			up = ""
		}
		v.UpURL = runURL(id) + "?" + url.Values{"path": {up}}.Encode() + "#artifacts"
		acc := ""
		for _, part := range strings.Split(dir, "/") {
			acc = path.Join(acc, part)
			v.DirParts = append(v.DirParts, crumb{Label: part, URL: runURL(id) + "?" + url.Values{"path": {acc}}.Encode() + "#artifacts"})
		}
	}
	sizes := map[string]int64{}
	for _, e := range entries {
		name := path.Base(e.Path)
		ent := artifactEntry{Name: name, IsDir: e.IsDir}
		if e.IsDir {
			ent.URL = runURL(id) + "?" + url.Values{"path": {e.Path}}.Encode() + "#artifacts"
		} else {
			ent.URL = runURL(id) + "?" + url.Values{"artifact": {e.Path}}.Encode() + "#artifacts"
			ent.Size = sizeText(e.Size)
			ent.Current = e.Path == file
			sizes[e.Path] = e.Size
		}
		if file == "" && dir == "" && !e.IsDir && e.Path == reportArtifact {
			file, ent.Current = e.Path, true
		}
		v.Entries = append(v.Entries, ent)
	}
	if file != "" {
		v.Preview = h.preview(ctx, id, file)
	}
	return v, nil
}

// preview reads what the page needs to show a file.
func (h *Handler) preview(ctx context.Context, runID, file string) *preview {
	p := &preview{Path: file, Name: path.Base(file), Kind: showAs(file), FileURL: fileURL(runID, file)}
	p.DownloadURL = p.FileURL + "?download=1"
	switch p.Kind {
	case showJSON, showText:
		limit := int64(maxTextPreview)
		if p.Kind == showJSON {
			limit = maxJSONPreview
		}
		rc, err := h.files.OpenArtifact(ctx, runID, file)
		if err != nil {
			p.Kind, p.Note = showDownload, "This file could not be read: "+strings.TrimPrefix(err.Error(), "tracking: ")
			return p
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, limit+1))
		if err != nil {
			p.Kind, p.Note = showDownload, "This file could not be read."
			return p
		}
		if int64(len(b)) > limit {
			if p.Kind == showJSON {
				p.Kind, p.Note = showDownload, "This JSON file is larger than "+sizeText(limit)+"; download it to read it."
				return p
			}
			b, p.Note = b[:limit], "The first "+sizeText(limit)+" of the file."
		}
		if p.Kind == showJSON {
			var out bytes.Buffer
			if err := json.Indent(&out, b, "", "  "); err == nil {
				p.Text = out.String()
				return p
			}
			p.Kind, p.Note = showText, "This file is not valid JSON; it is shown as it is."
		}
		if !utf8.Valid(b) {
			p.Kind, p.Note = showDownload, "This file is not text."
			return p
		}
		p.Text = string(b)
	}
	return p
}

// sizeText is a file size for people: 512 B, 1.2 KB, 3.4 MB.
func sizeText(n int64) string {
	switch {
	case n < 1024:
		return countText(int(n)) + " B"
	case n < 1<<20:
		return numText(float64(n*10/1024)/10) + " KB"
	case n < 1<<30:
		return numText(float64(n*10>>20)/10) + " MB"
	}
	return numText(float64(n*10>>30)/10) + " GB"
}

package render

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/telltale-ml/telltale/internal/atomicfile"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/render/jsonprofile"
	"github.com/telltale-ml/telltale/report"
)

// WriteFiles writes the two files a report is read in, the JSON profile
// DIR/NAME.json and the HTML page DIR/NAME.html (with page's options; nil
// for the defaults), and returns their paths. It creates dir if needed. It
// renders both before writing either, so a rendering error writes nothing,
// and each file is replaced atomically.
func WriteFiles(dir, name string, s *report.Snapshot, page *html.Options) ([]string, error) {
	var js, doc bytes.Buffer
	if err := jsonprofile.Write(&js, s); err != nil {
		return nil, err
	}
	if err := html.Write(&doc, s, page); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	var paths []string
	for _, f := range []struct {
		ext  string
		data []byte
	}{{".json", js.Bytes()}, {".html", doc.Bytes()}} {
		path := filepath.Join(dir, name+f.ext)
		if err := atomicfile.WriteBytes(path, f.data, 0o644); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// Package html writes a report snapshot as one self-contained HTML page:
// it opens from disk with no network (the ECharts library is embedded, see
// assets/echarts/README.md), escapes every string that comes from data, and
// gives the same bytes for the same snapshot.
//
// The page is ours (html/template, templates/page.tmpl); go-echarts builds
// only the chart options, from the views results offer (metrics.Viewer).
// Each option is JSON in a <script type="application/json"> block that a
// small script of ours hands to echarts.init. A result without views shows
// as a table of its JSON.
package html

import (
	"bufio"
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/telltale-ml/telltale/report"
)

// Options configure Write. The zero value is ready.
type Options struct {
	// Title is the page's title; "telltale report" when empty.
	Title string
}

//go:embed templates/page.tmpl assets/page.css assets/page.js assets/echarts/echarts.min.js assets/echarts/NOTICE assets/echarts/LICENSE assets/echarts/LICENSE-d3
var files embed.FS

// EChartsVersion is the version of the embedded ECharts library.
const EChartsVersion = "5.6.0"

// assets are the page's fixed parts: the template and the scripts and
// style it inlines.
type assets struct {
	tmpl    *template.Template
	css     template.CSS
	js      template.JS
	echarts template.JS
	notice  string
}

// loadAssets parses the template once, on first use.
var loadAssets = sync.OnceValues(func() (*assets, error) {
	read := func(name string) (string, error) {
		b, err := files.ReadFile(name)
		if err != nil {
			return "", fmt.Errorf("html: %w", err)
		}
		return string(b), nil
	}
	a := &assets{}
	src, err := read("templates/page.tmpl")
	if err != nil {
		return nil, err
	}
	a.tmpl, err = template.New("page").Funcs(template.FuncMap{
		"lower": strings.ToLower,
	}).Parse(src)
	if err != nil {
		return nil, fmt.Errorf("html: parsing the page template: %w", err)
	}
	css, err := read("assets/page.css")
	if err != nil {
		return nil, err
	}
	js, err := read("assets/page.js")
	if err != nil {
		return nil, err
	}
	ech, err := read("assets/echarts/echarts.min.js")
	if err != nil {
		return nil, err
	}
	// These are our own files, trusted; still, none may close its element.
	for name, s := range map[string]string{"page.css": css, "page.js": js, "echarts.min.js": ech} {
		if containsFold(s, "</script") || containsFold(s, "</style") || containsFold(s, "<!--") {
			return nil, fmt.Errorf("html: asset %s would close its element", name)
		}
	}
	a.css, a.js, a.echarts = template.CSS(css), template.JS(js), template.JS(ech)
	if a.notice, err = read("assets/echarts/NOTICE"); err != nil {
		return nil, err
	}
	return a, nil
})

// containsFold reports whether s contains sub, an ASCII string starting
// with '<', ignoring ASCII case: strings.Contains(strings.ToLower(s), sub)
// for such a sub, without lowering a megabyte of JavaScript on every page.
func containsFold(s, sub string) bool {
	for i := 0; ; i++ {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return false
		}
		i += j
		if len(s)-i >= len(sub) && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
}

// view is the template's root value.
type view struct {
	*page
	CSS            template.CSS
	JS             template.JS
	ECharts        template.JS
	EChartsVersion string
	EChartsNotice  string
}

// Write writes the report page of s to w. It returns an error, never
// panics, for a snapshot it cannot draw (a view whose shapes disagree).
func Write(w io.Writer, s *report.Snapshot, opts *Options) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("html: %v", r)
		}
	}()
	if s == nil {
		return errors.New("html: no snapshot")
	}
	if opts == nil {
		opts = &Options{}
	}
	a, err := loadAssets()
	if err != nil {
		return err
	}
	var b builder
	p, err := b.build(s, opts)
	if err != nil {
		return err
	}
	// Render into memory first so that a template error leaves w untouched.
	var buf bytes.Buffer
	if err := a.tmpl.Execute(&buf, view{page: p, CSS: a.css, JS: a.js, ECharts: a.echarts,
		EChartsVersion: EChartsVersion, EChartsNotice: a.notice}); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(buf.Bytes()); err != nil {
		return err
	}
	return bw.Flush()
}

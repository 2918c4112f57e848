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
	"bytes"
	_ "embed" // the page's assets
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

// The page's fixed parts, embedded as strings: the page inlines them
// without a copy being read at each run. TestAssetsStayInTheirElements
// checks that none of them closes the element it is inlined in.
var (
	//go:embed templates/page.tmpl
	pageTemplate string
	//go:embed assets/page.css
	pageCSS string
	//go:embed assets/page.js
	pageJS string
	//go:embed assets/echarts/echarts.min.js
	echartsJS string
	//go:embed assets/echarts/NOTICE
	echartsNotice string
	//go:embed assets/echarts/LICENSE
	echartsLicense string
	//go:embed assets/echarts/LICENSE-d3
	echartsLicenseD3 string
)

// EChartsVersion is the version of the embedded ECharts library.
const EChartsVersion = "5.6.0"

// echartsScript is where the page template inlines the ECharts library.
// The template is cut there in two, and Write writes the library between
// the parts itself: printed by the template, its megabyte went through
// fmt's buffer and a second copy of the page, memory that a one-shot
// process must have zeroed first.
const echartsScript = "<script>{{.ECharts}}</script>"

// pageTemplates are the page template's parts before and after the
// ECharts library.
type pageTemplates struct{ head, tail *template.Template }

// loadTemplate parses the page template once, on first use.
var loadTemplate = sync.OnceValues(func() (pageTemplates, error) {
	head, tail, ok := strings.Cut(pageTemplate, echartsScript)
	if !ok {
		return pageTemplates{}, fmt.Errorf("html: the page template has no %s", echartsScript)
	}
	parse := func(name, text string) (*template.Template, error) {
		t, err := template.New(name).Funcs(template.FuncMap{"lower": strings.ToLower}).Parse(text)
		if err != nil {
			return nil, fmt.Errorf("html: parsing the page template: %w", err)
		}
		return t, nil
	}
	var t pageTemplates
	var err error
	if t.head, err = parse("page", head); err != nil {
		return pageTemplates{}, err
	}
	if t.tail, err = parse("page-tail", tail); err != nil {
		return pageTemplates{}, err
	}
	return t, nil
})

// view is the template's root value.
type view struct {
	*page
	CSS            template.CSS
	JS             template.JS
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
	tmpl, err := loadTemplate()
	if err != nil {
		return err
	}
	var b builder
	p, err := b.build(s, opts)
	if err != nil {
		return err
	}
	// Render into memory first so that a template error leaves w untouched.
	// The assets are our own files, trusted as they are (see
	// TestAssetsStayInTheirElements).
	v := view{page: p, CSS: template.CSS(pageCSS), JS: template.JS(pageJS),
		EChartsVersion: EChartsVersion, EChartsNotice: echartsNotice}
	var head, tail bytes.Buffer
	if err := tmpl.head.Execute(&head, v); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	if err := tmpl.tail.Execute(&tail, v); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	if _, err := w.Write(head.Bytes()); err != nil {
		return err
	}
	for _, part := range []string{"<script>", echartsJS, "</script>"} {
		if _, err := io.WriteString(w, part); err != nil {
			return err
		}
	}
	_, err = w.Write(tail.Bytes())
	return err
}

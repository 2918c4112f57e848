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

// loadTemplate parses the page template once, on first use.
var loadTemplate = sync.OnceValues(func() (*template.Template, error) {
	t, err := template.New("page").Funcs(template.FuncMap{
		"lower": strings.ToLower,
	}).Parse(pageTemplate)
	if err != nil {
		return nil, fmt.Errorf("html: parsing the page template: %w", err)
	}
	return t, nil
})

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
	var buf bytes.Buffer
	// The assets are our own files, trusted as they are (see
	// TestAssetsStayInTheirElements).
	if err := tmpl.Execute(&buf, view{page: p, CSS: template.CSS(pageCSS), JS: template.JS(pageJS),
		ECharts: template.JS(echartsJS), EChartsVersion: EChartsVersion, EChartsNotice: echartsNotice}); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(buf.Bytes()); err != nil {
		return err
	}
	return bw.Flush()
}

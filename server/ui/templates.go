package ui

import (
	"fmt"
	"html/template"

	"github.com/telltale-ml/telltale/render/html"
)

// pageNames are the page templates; each defines "title" and "content"
// for templates/layout.tmpl.
var pageNames = [...]string{"experiments", "runs", "run", "compare", "dashboard", "error"}

// parsePages parses the layout once per page.
func parsePages(funcs template.FuncMap) (map[string]*template.Template, error) {
	layout, err := template.New("layout").Funcs(funcs).ParseFS(files, "templates/layout.tmpl", "templates/parts.tmpl")
	if err != nil {
		return nil, fmt.Errorf("ui: parsing the layout: %w", err)
	}
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := layout.Clone()
		if err != nil {
			return nil, fmt.Errorf("ui: %w", err)
		}
		if t, err = t.ParseFS(files, "templates/"+name+".tmpl"); err != nil {
			return nil, fmt.Errorf("ui: parsing %s.tmpl: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// funcs are the template functions.
func (h *Handler) funcs() template.FuncMap {
	return template.FuncMap{
		"time":     h.timeText,
		"isotime":  isoTime,
		"duration": durationText,
		"num":      numText,
		"fullnum":  fullNum,
		"count":    countText,
		"status":   statusClass,
		"runURL":   runURL,
		"expURL":   experimentURL,
		"fileURL":  fileURL,
		"add":      func(a, b int) int { return a + b },
	}
}

// page is what every page shows around its content.
type page struct {
	Title          string
	Crumbs         []crumb // the path from the experiments list, the page's own last
	CSS, JS        string  // asset URLs
	ECharts        string
	Notice         string // ECharts' licence file
	Store          string // the store's URI, passwords hidden
	Charts         bool   // the page draws charts: load ECharts
	EChartsVersion string
}

// crumb is one step of the breadcrumb trail.
type crumb struct {
	Label, URL string
}

func (h *Handler) newPage(title string, crumbs ...crumb) page {
	return page{Title: title, Crumbs: crumbs, CSS: h.assetURL("ui.css"), JS: h.assetURL("ui.js"),
		ECharts: h.assetURL("echarts.min.js"), Notice: h.assetURL("echarts-LICENSE.txt"), Store: h.store.URI(),
		EChartsVersion: html.EChartsVersion}
}

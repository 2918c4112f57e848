package ui

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// maxPerPage is the largest page of the runs table.
const maxPerPage = 1000

type runsView struct {
	page
	Exp         *tracking.Experiment
	DashURL     string
	Filter      string
	FilterError string
	ClearURL    string // the page without the filter
	Sort, Dir   string
	Per         int
	PerChoices  []int
	View        string
	Hidden      []hiddenField // the state the forms carry along
	Attrs       []header      // status, name, start, duration
	Cols        []header
	Rows        []runRow
	Pager       pager
	Total       string
	Chooser     []chooserGroup
	MoreCols    int // keys of the page not shown as columns, with the defaults
}

type hiddenField struct{ Name, Value string }

type header struct {
	Label, Group, Title string
	SortURL             string // "" when the column cannot be sorted
	AriaSort            string // "ascending", "descending" or ""
	Num                 bool
}

type runRow struct {
	ID, Name, URL string
	Status        tracking.RunStatus
	Start         int64
	Duration      string
	Deleted       bool
	Cells         []tableCell
}

type chooserGroup struct {
	Legend  string
	Options []chooserOption
}

type chooserOption struct {
	ID, Key string
	Checked bool
}

// runsPage is the runs table of an experiment: a page of the runs the
// filter matches, in the order asked, with the chosen columns.
func (h *Handler) runsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	exp, err := h.store.GetExperiment(ctx, r.PathValue("id"))
	if err != nil {
		h.storeError(w, r, "experiment", err)
		return
	}
	q := r.URL.Query()
	v := &runsView{
		page:    h.newPage(exp.Name, crumb{"Experiments", "/"}, crumb{Label: exp.Name}),
		Exp:     exp,
		DashURL: experimentURL(exp.ID) + "/dashboard",
		Filter:  strings.TrimSpace(q.Get("filter")),
		Sort:    q.Get("sort"),
		Dir:     strings.ToLower(q.Get("dir")),
		Per:     intParam(q, "per", h.opts.PageSize, maxPerPage),
		View:    q.Get("view"),
	}
	if v.Per == 0 {
		v.Per = h.opts.PageSize
	}
	if v.Dir != "asc" {
		v.Dir = "desc"
	}
	offset := intParam(q, "offset", 0, 1<<30)
	rq := tracking.RunQuery{ExperimentIDs: []string{exp.ID}, Filter: v.Filter, MaxResults: v.Per,
		PageToken: pageToken(offset), View: viewOf(v.View)}
	if ob := orderBy(v.Sort, v.Dir); ob != "" {
		rq.OrderBy = []string{ob}
	}
	runs, next, err := h.store.SearchRuns(ctx, rq)
	code := http.StatusOK
	switch {
	case errors.Is(err, tracking.ErrInvalid):
		// A filter that does not parse: the page says why, beside the box.
		code, v.FilterError = http.StatusBadRequest, strings.TrimPrefix(err.Error(), tracking.ErrInvalid.Error()+": ")
	case err != nil:
		h.storeError(w, r, "runs", err)
		return
	}
	if next == "" && err == nil {
		v.Total = countText(offset + len(runs)) // the last page: all are known
	}
	params, metrics, tags := keysOf(runs)
	cols := chooseColumns(q["col"], params, metrics)
	if len(q["col"]) == 0 {
		v.MoreCols = len(params) + len(metrics) - len(cols)
	}
	v.Hidden = hiddenState(q, "filter", "sort", "dir", "per", "view", "col")
	v.Attrs = []header{
		h.sortHeader(q, v, "Status", "status", ""),
		h.sortHeader(q, v, "Name", "name", ""),
		h.sortHeader(q, v, "Start", "start", ""),
		{Label: "Duration", Title: "end time − start time"},
	}
	for _, c := range cols {
		hd := header{Label: c.Key, Group: c.Group(), Num: c.Kind == "metrics", Title: c.ID()}
		if ob := orderKey(c.Kind, c.Key); ob != "" {
			hd = h.sortHeader(q, v, c.Key, c.ID(), c.Group())
			hd.Num, hd.Title = c.Kind == "metrics", c.ID()
		}
		v.Cols = append(v.Cols, hd)
	}
	for _, run := range runs {
		row := runRow{ID: run.Info.RunID, Name: runName(run.Info), URL: runURL(run.Info.RunID), Status: run.Info.Status,
			Start: run.Info.StartTime, Duration: durationText(run.Info.StartTime, run.Info.EndTime),
			Deleted: run.Info.LifecycleStage == tracking.StageDeleted}
		for _, c := range cols {
			row.Cells = append(row.Cells, cellOf(run, c))
		}
		v.Rows = append(v.Rows, row)
	}
	v.Chooser = chooser(cols, params, metrics, tags)
	v.PerChoices = []int{25, 50, 100, 250, 500}
	base := experimentURL(exp.ID)
	noFilter := url.Values{}
	for k, vals := range q {
		if k != "filter" && k != "offset" {
			noFilter[k] = vals
		}
	}
	v.ClearURL = link(base, noFilter, "", "")
	v.Pager = newPager("runs", offset, v.Per, len(runs), next != "", v.Total, func(o int) string { return offsetLink(base, q, o) })
	if v.Total == "" && v.FilterError == "" {
		cq := url.Values{}
		for _, k := range []string{"filter", "view"} {
			if val := q.Get(k); val != "" {
				cq.Set(k, val)
			}
		}
		v.Pager.CountURL = link(base+"/count", cq, "", "")
	}
	h.render(w, r, code, "runs", v)
}

// countAnswer is what /experiments/{id}/count answers.
type countAnswer struct {
	Count   int    `json:"count"`
	AtLeast bool   `json:"at_least,omitempty"` // the store cannot count: there are more
	Text    string `json:"text"`               // "50,000", "1,000+"
}

// countPage counts the runs of an experiment that the runs page's filter
// and view select, as JSON. The runs page asks for it from the browser
// after it has drawn, so that a count, which costs about what the search
// does, never delays the page.
func (h *Handler) countPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	exp, err := h.store.GetExperiment(ctx, r.PathValue("id"))
	if err == nil {
		var c runCount
		c, err = h.countRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp.ID}, Filter: strings.TrimSpace(q.Get("filter")), View: viewOf(q.Get("view"))})
		if err == nil {
			_ = json.NewEncoder(w).Encode(countAnswer{Count: c.N, AtLeast: c.AtLeast, Text: c.String()})
			return
		}
	}
	code := http.StatusInternalServerError
	switch {
	case errors.Is(err, tracking.ErrNotFound):
		code = http.StatusNotFound
	case errors.Is(err, tracking.ErrInvalid):
		code = http.StatusBadRequest
	default:
		h.logError(r, err)
	}
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": strings.TrimPrefix(err.Error(), "tracking: ")})
}

// viewOf reads the view parameter: "deleted", "all" or active runs.
func viewOf(s string) tracking.ViewType {
	switch s {
	case "deleted":
		return tracking.DeletedOnly
	case "all":
		return tracking.All
	}
	return tracking.ActiveOnly
}

// orderBy turns the sort parameter (an attribute name or a column id)
// and a direction into an order_by entry; "" for none.
func orderBy(sortID, dir string) string {
	if sortID == "" {
		return ""
	}
	key := attrSorts[sortID]
	if key == "" {
		c, ok := parseColumn(sortID)
		if !ok {
			return sortID // the store says what is wrong with it
		}
		if key = orderKey(c.Kind, c.Key); key == "" {
			return ""
		}
	}
	if dir == "asc" {
		return key + " ASC"
	}
	return key + " DESC"
}

// sortHeader is a header whose link sorts by id, descending first for
// metrics and times, ascending for names; a second click reverses it.
func (h *Handler) sortHeader(q url.Values, v *runsView, label, id, group string) header {
	hd := header{Label: label, Group: group}
	cur := "" // this column's direction now
	switch {
	case v.Sort == id:
		cur = v.Dir
	case v.Sort == "" && id == "start":
		cur = "desc" // the store's order
	}
	dir := "asc"
	switch {
	case cur == "asc":
		dir, hd.AriaSort = "desc", "ascending"
	case cur == "desc":
		dir, hd.AriaSort = "asc", "descending"
	case group == "metric" || id == "start" || id == "end":
		dir = "desc"
	}
	c := url.Values{}
	for k, vals := range q {
		c[k] = vals
	}
	c.Del("offset")
	c.Set("sort", id)
	c.Set("dir", dir)
	hd.SortURL = experimentURL(v.Exp.ID) + "?" + c.Encode()
	return hd
}

// hiddenState returns the query parameters of keys as hidden fields, so
// a form that changes one of them keeps the others.
func hiddenState(q url.Values, keys ...string) []hiddenField {
	var out []hiddenField
	for _, k := range keys {
		for _, val := range q[k] {
			if val != "" {
				out = append(out, hiddenField{k, val})
			}
		}
	}
	return out
}

// chooser lists the columns that can be shown, those shown checked.
func chooser(shown []column, params, metrics, tags []string) []chooserGroup {
	on := map[string]bool{}
	for _, c := range shown {
		on[c.ID()] = true
	}
	group := func(legend, kind string, keys []string) chooserGroup {
		g := chooserGroup{Legend: legend}
		seen := map[string]bool{}
		for _, k := range keys {
			id := kind + "." + k
			seen[id] = true
			g.Options = append(g.Options, chooserOption{ID: id, Key: k, Checked: on[id]})
		}
		for _, c := range shown { // chosen columns no run of this page has
			if c.Kind == kind && !seen[c.ID()] {
				g.Options = append(g.Options, chooserOption{ID: c.ID(), Key: c.Key, Checked: true})
			}
		}
		return g
	}
	return []chooserGroup{group("Params", "params", params), group("Metrics", "metrics", metrics), group("Tags", "tags", tags)}
}

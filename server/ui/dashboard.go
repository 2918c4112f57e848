package ui

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// lastChoices are how many of the latest runs a dashboard can draw.
func lastChoices() []int { return []int{100, 500, 1000, 5000} }

const (
	defaultLast = 500
	maxLast     = 5000
)

type dashboardView struct {
	page
	Exp        *tracking.Experiment
	RunsURL    string
	Filter     string
	FilterErr  string
	Last       int
	LastChoice []int
	Runs       int
	More       bool // older runs exist beyond Last
	Panels     []panelView
	Saved      bool   // the panels come from the tag
	TagErr     string // the tag could not be read
	SaveErr    string
	ReadOnly   bool
	Editor     []editorPanel
	Metrics    []string // every metric key of the runs, for the editor
	DataURL    string
	Refresh    int // seconds; 0 never
	Updated    int64
	Outcomes   outcomeCount
}

type outcomeCount struct{ Pass, Fail, Warn, None int }

type panelView struct {
	Title string
	Keys  []string
	Chart chart
	Rows  []panelRow // the latest runs, for reading without JavaScript
	More  int
}

type panelRow struct {
	Name, URL string
	Start     int64
	Values    []tableCell
	Outcome   string
}

type editorPanel struct {
	Index   int
	Title   string
	Checked map[string]bool
}

// maxPanelRows is how many runs each panel's table lists.
const maxPanelRows = 100

// dashboardPage draws the experiment's dashboard.
func (h *Handler) dashboardPage(w http.ResponseWriter, r *http.Request) {
	v, code, err := h.dashboard(r.Context(), r.PathValue("id"), r.URL.Query())
	if err != nil {
		h.storeError(w, r, "experiment", err)
		return
	}
	h.render(w, r, code, "dashboard", v)
}

// dashboardData is the dashboard's charts as JSON, for the live refresh:
// {"charts": {id: spec}, "runs": n, "updated": ms}.
func (h *Handler) dashboardData(w http.ResponseWriter, r *http.Request) {
	v, code, err := h.dashboard(r.Context(), r.PathValue("id"), r.URL.Query())
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if err == nil && code != http.StatusOK {
		err = errors.New(v.FilterErr)
	}
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
		return
	}
	charts := map[string]json.RawMessage{}
	for _, p := range v.Panels {
		charts[p.Chart.ID] = p.Chart.Spec
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"charts": charts, "runs": v.Runs, "updated": v.Updated,
		"updatedText": h.timeText(v.Updated)})
}

// dashboard builds the dashboard of experiment id; code is 400 when the
// filter is bad (the view then says why).
func (h *Handler) dashboard(ctx context.Context, id string, q url.Values) (*dashboardView, int, error) {
	exp, err := h.store.GetExperiment(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	v := &dashboardView{
		page:       h.newPage(exp.Name+" · dashboard", crumb{"Experiments", "/"}, crumb{exp.Name, experimentURL(exp.ID)}, crumb{Label: "Dashboard"}),
		Exp:        exp,
		RunsURL:    experimentURL(exp.ID),
		Filter:     strings.TrimSpace(q.Get("filter")),
		Last:       intParam(q, "last", defaultLast, maxLast),
		LastChoice: lastChoices(),
		ReadOnly:   h.opts.ReadOnly,
		Refresh:    int(h.opts.Refresh.Seconds()),
	}
	if v.Last == 0 {
		v.Last = defaultLast
	}
	v.Charts = true
	v.DataURL = link(experimentURL(exp.ID)+"/dashboard.json", q, "", "")
	code := http.StatusOK
	runs, next, err := h.store.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp.ID}, Filter: v.Filter, MaxResults: v.Last})
	switch {
	case errors.Is(err, tracking.ErrInvalid):
		code, v.FilterErr = http.StatusBadRequest, strings.TrimPrefix(err.Error(), tracking.ErrInvalid.Error()+": ")
	case err != nil:
		return nil, 0, err
	}
	slices.Reverse(runs) // oldest first, along the time axis
	v.Runs, v.More = len(runs), next != ""
	for _, r := range runs {
		v.Updated = max(v.Updated, r.Info.StartTime, r.Info.EndTime)
	}
	_, metrics, _ := keysOf(runs)
	panels := defaultPanels(metrics)
	if raw, ok := exp.Tags[dashboardTag]; ok {
		if saved, err := parseDashboard(raw); err != nil {
			v.TagErr = err.Error()
		} else {
			panels, v.Saved = saved, true
		}
	}
	outcomes := make([]string, len(runs))
	for i, r := range runs {
		outcomes[i] = outcomeOf(r)
		switch outcomes[i] {
		case outcomePass:
			v.Outcomes.Pass++
		case outcomeFail:
			v.Outcomes.Fail++
		case outcomeWarn:
			v.Outcomes.Warn++
		default:
			v.Outcomes.None++
		}
	}
	for i, p := range panels {
		pv, err := h.panel(i, p, runs, outcomes)
		if err != nil {
			return nil, 0, err
		}
		v.Panels = append(v.Panels, pv)
	}
	seen := map[string]bool{}
	for _, m := range metrics {
		seen[m] = true
	}
	v.Metrics = metrics
	for _, p := range panels {
		for _, m := range p.Metrics {
			if !seen[m] {
				seen[m] = true
				v.Metrics = append(v.Metrics, m)
			}
		}
	}
	for i, p := range append(panels, panelSpec{}) { // and an empty one, to add a panel
		ep := editorPanel{Index: i, Title: p.Title, Checked: map[string]bool{}}
		for _, m := range p.Metrics {
			ep.Checked[m] = true
		}
		v.Editor = append(v.Editor, ep)
	}
	return v, code, nil
}

// panel draws one panel: a series per metric over the runs' start times,
// each point coloured by the run's test outcome and linked to its report.
func (h *Handler) panel(i int, p panelSpec, runs []*tracking.Run, outcomes []string) (panelView, error) {
	pv := panelView{Title: p.Title, Keys: p.Metrics}
	var series []map[string]any
	var links [][]string
	for _, key := range p.Metrics {
		var data []map[string]any
		var ls []string
		for j, r := range runs {
			m, ok := r.Metrics[key]
			if !ok {
				continue
			}
			data = append(data, map[string]any{
				"name":      runName(r.Info),
				"value":     [2]any{r.Info.StartTime, jnum(m.Value)},
				"outcome":   outcomes[j],
				"itemStyle": map[string]any{"color": outcomeColor(outcomes[j])},
			})
			ls = append(ls, runURL(r.Info.RunID)+"#artifacts")
		}
		series = append(series, map[string]any{"type": "line", "name": key, "data": data, "symbol": "circle", "symbolSize": 9,
			"showSymbol": true, "lineStyle": map[string]any{"width": 1.5, "opacity": 0.6}, "connectNulls": false})
		links = append(links, ls)
	}
	opt := map[string]any{
		"backgroundColor": "transparent",
		"animation":       false,
		"grid":            grid(40),
		"tooltip":         map[string]any{"trigger": "item"},
		"xAxis":           map[string]any{"type": "time"},
		"yAxis":           yAxisFor(p.Metrics, runs),
		"series":          series,
		"legend":          map[string]any{"top": 0, "type": "scroll", "show": len(p.Metrics) > 1},
	}
	c, err := newChart("panel-"+strconv.Itoa(i), p.Title+" over run start time", "", chartSpec{Option: opt, Tooltip: "run", Links: links})
	if err != nil {
		return pv, err
	}
	pv.Chart = c
	from := max(0, len(runs)-maxPanelRows)
	pv.More = from
	for j := len(runs) - 1; j >= from; j-- {
		r := runs[j]
		row := panelRow{Name: runName(r.Info), URL: runURL(r.Info.RunID) + "#artifacts", Start: r.Info.StartTime, Outcome: outcomes[j]}
		for _, key := range p.Metrics {
			row.Values = append(row.Values, cellOf(r, column{"metrics", key}))
		}
		pv.Rows = append(pv.Rows, row)
	}
	return pv, nil
}

package ui

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/telltale-ml/telltale/tracking"
)

// Bounds of the compare page.
const (
	minCompare     = 2
	maxCompare     = 10
	maxOverlays    = 40 // metric history charts
	maxCompareRows = 500
)

type compareView struct {
	page
	Runs      []compareRun
	Facts     []compareRow
	Params    []compareRow
	Metrics   []compareRow
	OnlyDiff  bool
	DiffURL   string // toggles OnlyDiff
	Overlays  []chart
	Parallel  *chart
	Metric    string   // the metric of the parallel chart
	MetricIDs []string // the metrics to choose from
	RunIDs    []string // for the metric form
	NoParams  bool
	Hidden    int // rows hidden by OnlyDiff
	Span      int // the table's columns
}

type compareRun struct {
	ID, Name, URL string
	Exp           string
}

type compareRow struct {
	Key     string
	Cells   []compareCell
	Differs bool
}

type compareCell struct {
	Text, Title string
	Present     bool
	Num         bool
}

// comparePage shows 2 to 10 runs side by side: their facts, params and
// latest metric values (rows that differ highlighted), the histories of
// their metrics overlaid, and a parallel-coordinates chart of their
// params against a chosen metric.
func (h *Handler) comparePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	var ids []string
	seen := map[string]bool{}
	for _, id := range q["run"] {
		if id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) < minCompare || len(ids) > maxCompare {
		chosen := fmt.Sprintf("%d were chosen", len(ids))
		if len(ids) == 1 {
			chosen = "1 was chosen"
		}
		h.fail(w, r, http.StatusBadRequest, fmt.Sprintf("Compare takes %d to %d runs; %s. Tick them in an experiment's runs table.", minCompare, maxCompare, chosen))
		return
	}
	runs, err := h.getRuns(ctx, ids)
	if err != nil {
		h.storeError(w, r, "run", err)
		return
	}
	v := &compareView{page: h.newPage("Compare runs"), OnlyDiff: q.Get("diff") != "", RunIDs: ids, Span: len(ids) + 1}
	expNames := map[string]string{}
	for _, run := range runs {
		e := run.Info.ExperimentID
		if _, ok := expNames[e]; !ok {
			expNames[e] = e
			if exp, err := h.store.GetExperiment(ctx, e); err == nil {
				expNames[e] = exp.Name
			}
		}
		v.Runs = append(v.Runs, compareRun{ID: run.Info.RunID, Name: runName(run.Info), URL: runURL(run.Info.RunID), Exp: expNames[e]})
	}
	crumbs := []crumb{{"Experiments", "/"}}
	if e := runs[0].Info.ExperimentID; len(expNames) == 1 {
		crumbs = append(crumbs, crumb{expNames[e], experimentURL(e)})
	}
	v.Crumbs = append(crumbs, crumb{Label: "Compare " + strconv.Itoa(len(runs)) + " runs"})
	v.DiffURL = link("/compare", q, "diff", map[bool]string{false: "1", true: ""}[v.OnlyDiff])

	v.Facts = []compareRow{
		textRow("experiment", runs, func(r *tracking.Run) (string, bool) { return expNames[r.Info.ExperimentID], true }),
		textRow("status", runs, func(r *tracking.Run) (string, bool) { return r.Info.Status.String(), true }),
		textRow("start", runs, func(r *tracking.Run) (string, bool) { return h.timeText(r.Info.StartTime), true }),
		textRow("duration", runs, func(r *tracking.Run) (string, bool) {
			return durationText(r.Info.StartTime, r.Info.EndTime), r.Info.EndTime != 0
		}),
		textRow("user", runs, func(r *tracking.Run) (string, bool) { return r.Info.UserID, r.Info.UserID != "" }),
	}
	params, metrics, _ := keysOf(runs)
	for _, k := range params {
		v.Params = append(v.Params, textRow(k, runs, func(r *tracking.Run) (string, bool) { s, ok := r.Params[k]; return s, ok }))
	}
	for _, k := range metrics {
		v.Metrics = append(v.Metrics, metricRowOf(k, runs))
	}
	if v.OnlyDiff {
		before := len(v.Params) + len(v.Metrics)
		v.Params, v.Metrics = onlyDiffering(v.Params), onlyDiffering(v.Metrics)
		v.Hidden = before - len(v.Params) - len(v.Metrics)
	}
	v.Params, v.Metrics = v.Params[:min(len(v.Params), maxCompareRows)], v.Metrics[:min(len(v.Metrics), maxCompareRows)]

	v.Overlays = h.overlays(ctx, runs, v.Runs, metrics)
	v.MetricIDs = metrics
	v.Metric = q.Get("metric")
	if _, ok := indexOf(metrics, v.Metric); !ok {
		v.Metric = preferredMetric(metrics)
	}
	v.NoParams = len(params) == 0
	if v.Metric != "" || len(params) > 0 {
		if c, err := parallelChart(runs, v.Runs, params, v.Metric); err == nil {
			v.Parallel = &c
		}
	}
	v.Charts = len(v.Overlays) > 0 || v.Parallel != nil
	h.render(w, r, http.StatusOK, "compare", v)
}

// getRuns reads runs at the same time; the first error wins.
func (h *Handler) getRuns(ctx context.Context, ids []string) ([]*tracking.Run, error) {
	out := make([]*tracking.Run, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = h.store.GetRun(ctx, id)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// textRow is a row of values that compare as strings.
func textRow(key string, runs []*tracking.Run, get func(*tracking.Run) (string, bool)) compareRow {
	row := compareRow{Key: key}
	for i, r := range runs {
		s, ok := get(r)
		row.Cells = append(row.Cells, compareCell{Text: s, Title: s, Present: ok})
		if i > 0 && (ok != row.Cells[0].Present || s != row.Cells[0].Text) {
			row.Differs = true
		}
	}
	return row
}

// metricRowOf is the row of a metric's latest values; they differ when
// they are not the same number (a missing value differs from any).
func metricRowOf(key string, runs []*tracking.Run) compareRow {
	row := compareRow{Key: key}
	var first *float64
	for i, r := range runs {
		m, ok := r.Metrics[key]
		c := compareCell{Present: ok, Num: true}
		if ok {
			c.Text, c.Title = numText(m.Value), fullNum(m.Value)
		}
		row.Cells = append(row.Cells, c)
		switch {
		case i == 0 && ok:
			v := m.Value
			first = &v
		case i == 0:
		case ok != (first != nil):
			row.Differs = true
		case ok && fullNum(m.Value) != fullNum(*first):
			row.Differs = true
		}
	}
	return row
}

func onlyDiffering(rows []compareRow) []compareRow {
	var out []compareRow
	for _, r := range rows {
		if r.Differs {
			out = append(out, r)
		}
	}
	return out
}

func indexOf(s []string, x string) (int, bool) {
	for i, v := range s {
		if v == x {
			return i, true
		}
	}
	return -1, false
}

// preferredMetric picks the metric a chart shows first: a model-quality
// or drift headline when the runs have one, else the first key.
func preferredMetric(keys []string) string {
	for _, want := range []string{"accuracy", "f1", "roc_auc", "rmse", "mae", "r2", "share_of_drifted_columns", "loss", "val_loss"} {
		if _, ok := indexOf(keys, want); ok {
			return want
		}
	}
	if len(keys) > 0 {
		return keys[0]
	}
	return ""
}

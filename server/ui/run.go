package ui

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/telltale-ml/telltale/tracking"
)

// maxHistories is how many metric histories the run page reads; a run
// with more metrics shows the latest value of the others only.
const maxHistories = 200

// maxHistoryRows is how many points of a history its table lists.
const maxHistoryRows = 500

type runView struct {
	page
	Run        *tracking.Run
	Name       string
	ExpName    string
	ExpURL     string
	Duration   string
	Params     []tracking.Param
	Metrics    []metricRow
	Tags       []tracking.Tag
	SystemTags []tracking.Tag
	Inputs     []inputRow
	Artifacts  artifactsView
	Truncated  int // metrics whose history was not read
}

type metricRow struct {
	Key        string
	Value      float64
	Step       int64
	Timestamp  int64
	Points     int
	Chart      *chart
	History    []tracking.Metric // the first maxHistoryRows points
	MoreRows   int
	HistoryErr string
}

type inputRow struct {
	Name, Digest, Context, SourceType string
}

// runPage shows a run: its facts, params, metrics with their histories,
// tags, dataset inputs and artifacts.
func (h *Handler) runPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	run, err := h.store.GetRun(ctx, r.PathValue("id"))
	if err != nil {
		h.storeError(w, r, "run", err)
		return
	}
	info := run.Info
	v := &runView{Run: run, Name: runName(info), ExpName: info.ExperimentID, ExpURL: experimentURL(info.ExperimentID),
		Duration: durationText(info.StartTime, info.EndTime)}
	if exp, err := h.store.GetExperiment(ctx, info.ExperimentID); err == nil {
		v.ExpName = exp.Name
	}
	v.page = h.newPage(v.Name, crumb{"Experiments", "/"}, crumb{v.ExpName, v.ExpURL}, crumb{Label: v.Name})
	for k, val := range run.Params {
		v.Params = append(v.Params, tracking.Param{Key: k, Value: val})
	}
	sort.Slice(v.Params, func(i, j int) bool { return v.Params[i].Key < v.Params[j].Key })
	for k, val := range run.Tags {
		if strings.HasPrefix(k, "mlflow.") {
			v.SystemTags = append(v.SystemTags, tracking.Tag{Key: k, Value: val})
		} else {
			v.Tags = append(v.Tags, tracking.Tag{Key: k, Value: val})
		}
	}
	sort.Slice(v.Tags, func(i, j int) bool { return v.Tags[i].Key < v.Tags[j].Key })
	sort.Slice(v.SystemTags, func(i, j int) bool { return v.SystemTags[i].Key < v.SystemTags[j].Key })
	for _, in := range run.Inputs {
		v.Inputs = append(v.Inputs, inputRow{Name: in.Dataset.Name, Digest: in.Dataset.Digest,
			Context: in.Tags[tracking.TagDatasetContext], SourceType: in.Dataset.SourceType})
	}
	have := map[string]bool{}
	for k := range run.Metrics {
		have[k] = true
	}
	keys := sortedMetricKeys(have)
	histories := h.histories(ctx, info.RunID, keys[:min(len(keys), maxHistories)])
	v.Truncated = max(0, len(keys)-maxHistories)
	for i, k := range keys {
		last := run.Metrics[k]
		row := metricRow{Key: k, Value: last.Value, Step: last.Step, Timestamp: last.Timestamp}
		if i < len(histories) {
			hist := histories[i]
			if hist.err != nil {
				row.HistoryErr = "its history could not be read"
				h.logError(r, hist.err)
			}
			row.Points = len(hist.points)
			if len(hist.points) > 1 {
				opt, tip := historyOption([]namedHistory{{Name: k, Points: hist.points}})
				c, err := newChart("metric-"+strconv.Itoa(i), "history of "+k, "small", chartSpec{Option: opt, Tooltip: tip})
				if err == nil {
					row.Chart = &c
					v.Charts = true
				}
				row.History = hist.points[:min(len(hist.points), maxHistoryRows)]
				row.MoreRows = len(hist.points) - len(row.History)
			}
		}
		v.Metrics = append(v.Metrics, row)
	}
	var err2 error
	v.Artifacts, err2 = h.artifacts(ctx, run, r.URL.Query())
	if err2 != nil {
		h.storeError(w, r, "artifacts", err2)
		return
	}
	h.render(w, r, http.StatusOK, "run", v)
}

type history struct {
	points []tracking.Metric
	err    error
}

// histories reads the histories of keys, a few at a time.
func (h *Handler) histories(ctx context.Context, runID string, keys []string) []history {
	out := make([]history, len(keys))
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i].points, out[i].err = h.store.GetMetricHistory(ctx, runID, k)
		}()
	}
	wg.Wait()
	return out
}

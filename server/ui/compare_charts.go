package ui

import (
	"context"
	"strconv"

	"github.com/telltale-ml/telltale/tracking"
)

// overlays reads the histories of the runs' metrics and draws, for each
// metric that some run logged more than once, the runs' histories in one
// chart.
func (h *Handler) overlays(ctx context.Context, runs []*tracking.Run, cr []compareRun, keys []string) []chart {
	names := seriesNames(cr)
	var out []chart
	for _, k := range keys {
		if len(out) == maxOverlays {
			break
		}
		var series []namedHistory
		long := false
		for i, r := range runs {
			if _, ok := r.Metrics[k]; !ok {
				continue
			}
			pts, err := h.store.GetMetricHistory(ctx, r.Info.RunID, k)
			if err != nil {
				continue
			}
			long = long || len(pts) > 1
			series = append(series, namedHistory{Name: names[i], Points: pts})
		}
		if !long {
			continue
		}
		opt, tip := historyOption(series)
		opt["title"] = map[string]any{"text": k, "left": 0, "textStyle": map[string]any{"fontSize": 13}}
		opt["legend"] = map[string]any{"top": 0, "right": 0, "type": "scroll"}
		c, err := newChart("overlay-"+strconv.Itoa(len(out)), k+" over the runs", "", chartSpec{Option: opt, Tooltip: tip})
		if err == nil {
			out = append(out, c)
		}
	}
	return out
}

// seriesNames names the runs in charts: their names, made unique with
// the start of the run id when two runs share one.
func seriesNames(runs []compareRun) []string {
	count := map[string]int{}
	for _, r := range runs {
		count[r.Name]++
	}
	out := make([]string, len(runs))
	for i, r := range runs {
		out[i] = r.Name
		if count[r.Name] > 1 {
			out[i] = r.Name + " (" + r.ID[:min(len(r.ID), 7)] + ")"
		}
	}
	return out
}

// parallelChart draws one line per run through an axis per param and a
// last axis for the metric, coloured by the metric. A param whose values
// are all numbers gets a numeric axis, any other a category axis.
func parallelChart(runs []*tracking.Run, cr []compareRun, params []string, metric string) (chart, error) {
	names := seriesNames(cr)
	var axes []map[string]any
	cols := make([][]any, len(runs))
	for d, k := range params {
		numeric := true
		cats := map[string]bool{}
		for _, r := range runs {
			s, ok := r.Params[k]
			if !ok {
				continue
			}
			cats[s] = true
			if _, err := strconv.ParseFloat(s, 64); err != nil {
				numeric = false
			}
		}
		axis := map[string]any{"dim": d, "name": k, "nameGap": 14}
		if len(params) > 7 {
			axis["nameRotate"] = 20
		}
		if !numeric {
			axis["type"] = "category"
			axis["data"] = sortedKeys(cats)
		} else {
			axis["scale"] = true
		}
		axes = append(axes, axis)
		for i, r := range runs {
			s, ok := r.Params[k]
			switch {
			case !ok:
				cols[i] = append(cols[i], nil)
			case numeric:
				f, _ := strconv.ParseFloat(s, 64)
				cols[i] = append(cols[i], jnum(f))
			default:
				cols[i] = append(cols[i], s)
			}
		}
	}
	var lo, hi float64
	have := false
	if metric != "" {
		axes = append(axes, map[string]any{"dim": len(params), "name": metric, "scale": true, "nameGap": 14,
			"nameTextStyle": map[string]any{"fontWeight": "bold"}})
		for i, r := range runs {
			m, ok := r.Metrics[metric]
			if !ok {
				cols[i] = append(cols[i], nil)
				continue
			}
			cols[i] = append(cols[i], jnum(m.Value))
			if !have || m.Value < lo {
				lo = m.Value
			}
			if !have || m.Value > hi {
				hi = m.Value
			}
			have = true
		}
	}
	var data []map[string]any
	var links []string
	for i := range runs {
		data = append(data, map[string]any{"name": names[i], "value": cols[i]})
		links = append(links, cr[i].URL)
	}
	opt := map[string]any{
		"backgroundColor": "transparent",
		"animation":       false,
		"parallel":        map[string]any{"left": 60, "right": 90, "top": 60, "bottom": 36},
		"parallelAxis":    axes,
		"tooltip":         map[string]any{"trigger": "item"},
		"series": []map[string]any{{"type": "parallel", "lineStyle": map[string]any{"width": 2.5, "opacity": 0.85},
			"emphasis": map[string]any{"lineStyle": map[string]any{"width": 4}}, "data": data}},
	}
	if have && metric != "" {
		opt["visualMap"] = map[string]any{"type": "continuous", "dimension": len(params), "min": jnum(lo), "max": jnum(hi),
			"calculable": false, "orient": "vertical", "right": 0, "top": "middle", "itemHeight": 120,
			"text": []string{metric, ""}, "inRange": map[string]any{"color": []string{"#4575b4", "#91bfdb", "#fee090", "#fc8d59", "#d73027"}}}
		if lo == hi {
			opt["visualMap"].(map[string]any)["max"] = jnum(lo + 1)
		}
	}
	return newChart("parallel", "parallel coordinates of the runs' params and "+metric, "tall",
		chartSpec{Option: opt, Tooltip: "parallel", Links: [][]string{links}})
}

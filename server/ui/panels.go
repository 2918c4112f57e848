package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// dashboardTag is the experiment tag that holds the dashboard's panels,
// as JSON: {"version": 1, "panels": [{"title": "Drift", "metrics":
// ["share_of_drifted_columns"]}, ...]}.
const dashboardTag = "telltale.dashboard"

// Limits of a dashboard. An experiment tag holds at most 5000 characters
// (MLflow's limit), which the JSON of the panels must fit.
const (
	maxPanels        = 20
	maxPanelMetrics  = 6
	maxPanelTitle    = 120
	maxDashboardJSON = 5000
)

// panelSpec is a panel: a title and the metrics it draws.
type panelSpec struct {
	Title   string   `json:"title"`
	Metrics []string `json:"metrics"`
}

type dashboardSpec struct {
	Version int         `json:"version"`
	Panels  []panelSpec `json:"panels"`
}

// parseDashboard reads the tag's value; errors say what is wrong.
func parseDashboard(s string) ([]panelSpec, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	var d dashboardSpec
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("tag %s is not a dashboard: %v", dashboardTag, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("tag %s is not a dashboard: text after the JSON object", dashboardTag)
	}
	if d.Version != 1 {
		return nil, fmt.Errorf("tag %s: version %d is not 1", dashboardTag, d.Version)
	}
	if err := checkPanels(d.Panels); err != nil {
		return nil, fmt.Errorf("tag %s: %w", dashboardTag, err)
	}
	return d.Panels, nil
}

// checkPanels checks panels against the limits.
func checkPanels(ps []panelSpec) error {
	if len(ps) > maxPanels {
		return fmt.Errorf("%d panels: at most %d", len(ps), maxPanels)
	}
	for i, p := range ps {
		if utf8.RuneCountInString(p.Title) > maxPanelTitle {
			return fmt.Errorf("panel %d: the title is longer than %d characters", i+1, maxPanelTitle)
		}
		if len(p.Metrics) == 0 {
			return fmt.Errorf("panel %d (%q): choose at least one metric", i+1, p.Title)
		}
		if len(p.Metrics) > maxPanelMetrics {
			return fmt.Errorf("panel %d (%q): %d metrics, at most %d", i+1, p.Title, len(p.Metrics), maxPanelMetrics)
		}
		for _, m := range p.Metrics {
			if m == "" || len(m) > 250 {
				return fmt.Errorf("panel %d (%q): a metric key must have 1 to 250 characters", i+1, p.Title)
			}
		}
	}
	return nil
}

// encodeDashboard is the tag's value for panels.
func encodeDashboard(ps []panelSpec) (string, error) {
	if err := checkPanels(ps); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(dashboardSpec{Version: 1, Panels: ps}); err != nil {
		return "", err
	}
	s := strings.TrimSuffix(buf.String(), "\n")
	if n := utf8.RuneCountInString(s); n > maxDashboardJSON {
		return "", errors.New("the panels take " + countText(n) + " characters; an experiment tag holds " + countText(maxDashboardJSON) + ": use fewer panels or shorter titles")
	}
	return s, nil
}

// headlines are the panels a dashboard shows before anyone saves one,
// those whose metrics the runs have: reportlog's headline metrics.
func headlines() []panelSpec {
	return []panelSpec{
		{"Share of drifted columns", []string{"share_of_drifted_columns"}},
		{"Drifted columns", []string{"number_of_drifted_columns"}},
		{"Dataset drift", []string{"dataset_drift"}},
		{"Failed tests", []string{"tests_fail"}},
		{"Accuracy", []string{"accuracy"}},
		{"F1", []string{"f1"}},
		{"ROC AUC", []string{"roc_auc"}},
		{"RMSE", []string{"rmse"}},
		{"MAE", []string{"mae"}},
		{"Missing cells", []string{"missing_cells_share"}},
		{"Rows", []string{"rows"}},
	}
}

// defaultPanels picks the headline panels the runs' metrics allow, else
// a panel for each of the first four metrics.
func defaultPanels(metrics []string) []panelSpec {
	have := map[string]bool{}
	for _, m := range metrics {
		have[m] = true
	}
	var out []panelSpec
	for _, p := range headlines() {
		var ms []string
		for _, m := range p.Metrics {
			if have[m] {
				ms = append(ms, m)
			}
		}
		if len(ms) > 0 {
			out = append(out, panelSpec{Title: p.Title, Metrics: ms})
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, m := range metrics[:min(4, len(metrics))] {
		out = append(out, panelSpec{Title: m, Metrics: []string{m}})
	}
	return out
}

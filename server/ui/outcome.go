package ui

import (
	"math"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// The metrics reportlog logs with the tests' counts by status; a run's
// test outcome is read from them.
const (
	metricTestsTotal   = "tests_total"
	metricTestsFail    = "tests_fail"
	metricTestsError   = "tests_error"
	metricTestsWarning = "tests_warning"
	tagTestsFailed     = "telltale.tests_failed"
)

// Test outcomes of a run, as the dashboard colours them.
const (
	outcomePass = "pass"
	outcomeFail = "fail"
	outcomeWarn = "warn"
	outcomeNone = "none"
)

// outcomeColors are the marks' colours, readable on light and dark.
func outcomeColor(o string) string {
	switch o {
	case outcomePass:
		return "#1e9e4a"
	case outcomeFail:
		return "#d6362b"
	case outcomeWarn:
		return "#d89b00"
	}
	return "#8a93a3"
}

// outcomeOf says how a run's tests went: fail when a test failed or
// errored, warn when one warned, pass when all passed, none without tests.
func outcomeOf(r *tracking.Run) string {
	get := func(k string) float64 { return r.Metrics[k].Value }
	if _, ok := r.Metrics[metricTestsTotal]; ok {
		switch {
		case get(metricTestsTotal) <= 0:
			return outcomeNone
		case get(metricTestsFail) > 0 || get(metricTestsError) > 0:
			return outcomeFail
		case get(metricTestsWarning) > 0:
			return outcomeWarn
		}
		return outcomePass
	}
	// Without the counts, the tag reportlog sets: "true" (or a count).
	switch v := r.Tags[tagTestsFailed]; {
	case v == "true":
		return outcomeFail
	case v == "false":
		return outcomePass
	default:
		if n, err := strconv.Atoi(v); err == nil {
			if n > 0 {
				return outcomeFail
			}
			return outcomePass
		}
	}
	return outcomeNone
}

// yAxisFor is the y axis of a panel: from 0 for counts and flags (every
// value a whole number, none negative), 0 to 1 for shares (keys that
// start with "share"), else fitted to the values.
func yAxisFor(keys []string, runs []*tracking.Run) map[string]any {
	shares, counts := true, true
	for _, k := range keys {
		shares = shares && strings.HasPrefix(k, "share")
		for _, r := range runs {
			if m, ok := r.Metrics[k]; ok && (m.Value < 0 || m.Value != math.Trunc(m.Value)) {
				counts = false
			}
		}
	}
	switch {
	case shares:
		return map[string]any{"type": "value", "min": 0, "max": 1}
	case counts:
		return map[string]any{"type": "value", "min": 0, "minInterval": 1}
	}
	return map[string]any{"type": "value", "scale": true}
}

package ui

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/telltale-ml/telltale/tracking"
)

// This file turns store values into the text the pages show.

// timeText is a time in ms since the epoch as "2006-01-02 15:04:05" in
// the UI's zone, "" for 0.
func (h *Handler) timeText(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).In(h.opts.Location).Format("2006-01-02 15:04:05")
}

// isoTime is the machine form of a time, for <time datetime>.
func isoTime(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
}

// durationText says how long a run took: "1m 23s", "2h 05m", "0.42s";
// for a run still open, "" (the status says RUNNING).
func durationText(start, end int64) string {
	if start == 0 || end == 0 || end < start {
		return ""
	}
	d := time.Duration(end-start) * time.Millisecond
	switch {
	case d < time.Second:
		return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + "s"
	case d < time.Minute:
		return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m " + pad2(int(d%time.Minute/time.Second)) + "s"
	case d < 24*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h " + pad2(int(d%time.Hour/time.Minute)) + "m"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + "d " + pad2(int(d%(24*time.Hour)/time.Hour)) + "h"
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// numText is a metric value for a table cell: at most 6 significant
// digits; NaN and infinities by name.
func numText(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "Infinity"
	case math.IsInf(v, -1):
		return "-Infinity"
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// fullNum is a value with every digit it has, for a cell's title.
func fullNum(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return numText(v)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// countText writes n with thousands separators: 50,000.
func countText(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// statusClass is the CSS class of a run status.
func statusClass(s tracking.RunStatus) string {
	switch s {
	case tracking.Finished:
		return "st-good"
	case tracking.Failed, tracking.Killed:
		return "st-bad"
	case tracking.Running, tracking.Scheduled:
		return "st-run"
	}
	return ""
}

// runName is what a run is called on a page: its name, else its id.
func runName(info tracking.RunInfo) string {
	if info.RunName != "" {
		return info.RunName
	}
	return info.RunID
}

// runURL, experimentURL and fileURL are the UI's links; ids and paths are
// escaped for the URL (html/template escapes them again for the page).
func runURL(id string) string { return "/runs/" + url.PathEscape(id) }

func experimentURL(id string) string { return "/experiments/" + url.PathEscape(id) }

func fileURL(runID, p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return "/files/" + url.PathEscape(runID) + "/" + strings.Join(parts, "/")
}

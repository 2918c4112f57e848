package ui

import (
	"net/http"
	"sort"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// maxExperiments is how many experiments the list reads from the store
// to search their names.
const maxExperiments = 10000

// experimentsPerPage is the number of experiments on a page of the list.
const experimentsPerPage = 50

type experimentsView struct {
	page
	Query     string
	Rows      []experimentRow
	Matched   int
	Truncated bool // the store has more experiments than were read
	Pager     pager
}

type experimentRow struct {
	ID, Name, URL, DashURL string
	Description            string
	Runs                   string
	Last                   int64
	Tags                   []tracking.Tag
	Err                    string
}

// experimentsPage lists the active experiments whose name contains ?q=
// (any case), newest first, 50 a page, with their run counts, last
// activity and tags.
func (h *Handler) experimentsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	query := strings.TrimSpace(q.Get("q"))
	var all []*tracking.Experiment
	token, truncated := "", false
	for {
		page, next, err := h.store.SearchExperiments(ctx, tracking.ExperimentQuery{MaxResults: 1000, PageToken: token})
		if err != nil {
			h.storeError(w, r, "experiments", err)
			return
		}
		all = append(all, page...)
		if next == "" {
			break
		}
		if len(all) >= maxExperiments {
			truncated = true
			break
		}
		token = next
	}
	var matched []*tracking.Experiment
	needle := strings.ToLower(query)
	for _, e := range all {
		if needle == "" || strings.Contains(strings.ToLower(e.Name), needle) {
			matched = append(matched, e)
		}
	}
	offset := intParam(q, "offset", 0, len(matched))
	end := min(offset+experimentsPerPage, len(matched))
	shown := matched[offset:end]
	ids := make([]string, len(shown))
	for i, e := range shown {
		ids[i] = e.ID
	}
	stats := h.statsOf(ctx, ids)
	v := &experimentsView{page: h.newPage("Experiments", crumb{Label: "Experiments"}), Query: query,
		Matched: len(matched), Truncated: truncated}
	for i, e := range shown {
		row := experimentRow{ID: e.ID, Name: e.Name, URL: experimentURL(e.ID), DashURL: experimentURL(e.ID) + "/dashboard",
			Description: firstLine(e.Tags[tracking.TagNote], 200), Runs: stats[i].Runs.String(),
			Last: stats[i].Last, Tags: userTags(e.Tags, 8)}
		if row.Last == 0 {
			row.Last = max(e.LastUpdateTime, e.CreationTime)
		}
		if err := stats[i].Err; err != nil {
			h.logError(r, err)
			row.Runs, row.Err = "?", "its runs could not be read"
		}
		v.Rows = append(v.Rows, row)
	}
	v.Pager = newPager("experiments", offset, experimentsPerPage, len(shown), end < len(matched), countText(len(matched)),
		func(o int) string { return offsetLink("/", q, o) })
	h.render(w, r, http.StatusOK, "experiments", v)
}

// userTags returns up to n tags that are not MLflow's or the UI's own
// (mlflow.*, telltale.dashboard), sorted by key.
func userTags(tags map[string]string, n int) []tracking.Tag {
	var out []tracking.Tag
	for k, v := range tags {
		if strings.HasPrefix(k, "mlflow.") || k == dashboardTag {
			continue
		}
		out = append(out, tracking.Tag{Key: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// firstLine returns the first line of s, cut to n runes with "…".
func firstLine(s string, n int) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

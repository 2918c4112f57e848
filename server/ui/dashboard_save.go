package ui

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// saveDashboard saves the panels of the editor's form in the experiment's
// tag (or removes the tag: "reset"), then shows the dashboard again.
func (h *Handler) saveDashboard(w http.ResponseWriter, r *http.Request) {
	if h.opts.ReadOnly {
		h.fail(w, r, http.StatusForbidden, "This UI is read-only: dashboards cannot be saved here.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, http.StatusBadRequest, "The form could not be read: "+err.Error())
		return
	}
	ctx := r.Context()
	id := r.PathValue("id")
	back := experimentURL(id) + "/dashboard"
	if keep := r.PostForm.Get("return"); strings.HasPrefix(keep, "?") {
		back += keep
	}
	if r.PostForm.Get("action") == "reset" {
		err := h.store.DeleteExperimentTag(ctx, id, dashboardTag)
		if err != nil && !errors.Is(err, tracking.ErrNotFound) {
			h.storeError(w, r, "experiment", err)
			return
		}
		if _, err := h.store.GetExperiment(ctx, id); err != nil {
			h.storeError(w, r, "experiment", err)
			return
		}
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	panels := panelsFromForm(r.PostForm)
	value, err := encodeDashboard(panels)
	if err == nil {
		err = h.store.SetExperimentTag(ctx, id, dashboardTag, value)
	}
	if err != nil {
		if errors.Is(err, tracking.ErrNotFound) || errors.Is(err, tracking.ErrDeleted) {
			h.storeError(w, r, "experiment", err)
			return
		}
		v, _, verr := h.dashboard(ctx, id, url.Values{})
		if verr != nil {
			h.storeError(w, r, "experiment", verr)
			return
		}
		v.SaveErr = "The panels were not saved: " + strings.TrimPrefix(err.Error(), tracking.ErrInvalid.Error()+": ")
		h.render(w, r, http.StatusBadRequest, "dashboard", v)
		return
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// panelsFromForm reads the editor's fields: p<i>.title, p<i>.metric
// (several), p<i>.remove, for i from 0 to panels-1. A panel without a
// metric, or marked for removal, is left out.
func panelsFromForm(f url.Values) []panelSpec {
	n, _ := strconv.Atoi(f.Get("panels"))
	n = min(max(n, 0), maxPanels+1)
	var out []panelSpec
	for i := range n {
		pre := "p" + strconv.Itoa(i) + "."
		if f.Get(pre+"remove") != "" {
			continue
		}
		var ms []string
		for _, m := range f[pre+"metric"] {
			if m != "" && !slices.Contains(ms, m) {
				ms = append(ms, m)
			}
		}
		if len(ms) == 0 {
			continue
		}
		title := strings.TrimSpace(f.Get(pre + "title"))
		if title == "" {
			title = strings.Join(ms, ", ")
		}
		out = append(out, panelSpec{Title: title, Metrics: ms})
	}
	return out
}

package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// resolveRunID turns a run id, or any unique prefix of one, into the id,
// as git takes a short commit hash. Runs of deleted experiments and
// deleted runs count too. It works on any store: the prefix becomes a
// search on attributes.run_id LIKE 'prefix%'.
func resolveRunID(ctx context.Context, s tracking.Store, ref string) (string, error) {
	if r, err := s.GetRun(ctx, ref); err == nil {
		return r.Info.RunID, nil
	} else if !errors.Is(err, tracking.ErrNotFound) && !errors.Is(err, tracking.ErrInvalid) {
		return "", err
	}
	for _, c := range ref {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return "", fmt.Errorf("%w: %q is not a run id or the start of one (letters, digits, - and _)", tracking.ErrInvalid, ref)
		}
	}
	exps, err := allExperiments(ctx, s, tracking.ExperimentQuery{View: tracking.All})
	if err != nil {
		return "", err
	}
	q := tracking.RunQuery{View: tracking.All, MaxResults: 1000,
		// "_" is a LIKE wildcard: the matches are checked below.
		Filter: "attributes.run_id LIKE '" + ref + "%'"}
	for _, x := range exps {
		q.ExperimentIDs = append(q.ExperimentIDs, x.ID)
	}
	var found []string
	for page := 0; len(q.ExperimentIDs) > 0; page++ {
		runs, next, err := s.SearchRuns(ctx, q)
		if err != nil {
			return "", err
		}
		for _, r := range runs {
			if strings.HasPrefix(r.Info.RunID, ref) {
				found = append(found, r.Info.RunID)
			}
		}
		if next == "" {
			break
		}
		q.PageToken = next
	}
	sort.Strings(found)
	switch len(found) {
	case 0:
		return "", fmt.Errorf("%w: no run id starts with %q", tracking.ErrNotFound, ref)
	case 1:
		return found[0], nil
	}
	shown := found
	if len(shown) > 5 {
		shown = shown[:5]
	}
	more := ""
	if len(found) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(found)-len(shown))
	}
	return "", fmt.Errorf("%w: run id prefix %q is ambiguous: %d runs start with it (%s%s); give more characters",
		tracking.ErrInvalid, ref, len(found), strings.Join(shown, ", "), more)
}

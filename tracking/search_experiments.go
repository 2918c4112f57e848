package tracking

import (
	"context"
	"fmt"
)

// SearchExperiments returns a page of the experiments of the view that
// match the filter, ordered by the order_by keys (default: creation_time
// DESC, then experiment_id), and the token of the next page.
//
// The filter grammar is MLflow's: attributes name (= != LIKE ILIKE and a
// quoted string), creation_time and last_update_time (= != > >= < <= and
// an integer), and tags.<key> (= != LIKE ILIKE), joined with AND; order_by
// keys are name, experiment_id, creation_time and last_update_time, each
// with ASC or DESC.
func (s *FileStore) SearchExperiments(ctx context.Context, q ExperimentQuery) ([]*Experiment, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	clauses, err := parseFilter(q.Filter, targetExperiments)
	if err != nil {
		return nil, "", err
	}
	keys, err := parseOrderBy(q.OrderBy, targetExperiments)
	if err != nil {
		return nil, "", err
	}
	max := q.MaxResults
	if max == 0 {
		max = defaultMaxResults
	}
	if max < 1 || max > maxResultsLimit {
		return nil, "", fmt.Errorf("%w: max results %d: must be between 1 and %d", ErrInvalid, max, maxResultsLimit)
	}
	offset, err := decodePageToken(q.PageToken)
	if err != nil {
		return nil, "", err
	}
	view := q.View
	if view == 0 {
		view = ActiveOnly
	}
	exps, err := s.listExperiments(view)
	if err != nil {
		return nil, "", err
	}
	out := make([]*Experiment, 0, len(exps))
next:
	for _, e := range exps {
		for i := range clauses {
			if !clauses[i].matches(expValue(e, clauses[i].id)) {
				continue next
			}
		}
		out = append(out, e)
	}
	sortExperiments(out, keys)
	page, next := pageOf(out, offset, max)
	return page, next, nil
}

// pageOf returns the page of all that starts at offset and holds up to
// max items, and the token of the next page ("" if there is none).
func pageOf[T any](all []T, offset, max int) ([]T, string) {
	if offset > len(all) {
		offset = len(all)
	}
	end := min(offset+max, len(all))
	next := ""
	if end < len(all) {
		next = encodePageToken(end)
	}
	return all[offset:end], next
}

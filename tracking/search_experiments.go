package tracking

// SearchExperiments returns the active experiments that match filter,
// ordered by orderBy (default: creation_time DESC, then experiment_id).
//
// The filter grammar is MLflow's: attributes name (= != LIKE ILIKE and a
// quoted string), creation_time and last_update_time (= != > >= < <= and
// an integer), and tags.<key> (= != LIKE ILIKE), joined with AND; order_by
// keys are name, experiment_id, creation_time and last_update_time, each
// with ASC or DESC.
func (s *Store) SearchExperiments(filter string, orderBy []string) ([]*Experiment, error) {
	return s.QueryExperiments(ActiveOnly, filter, orderBy)
}

// QueryExperiments is SearchExperiments for a view: active, deleted or all
// experiments.
func (s *Store) QueryExperiments(view ViewType, filter string, orderBy []string) ([]*Experiment, error) {
	clauses, err := parseFilter(filter, targetExperiments)
	if err != nil {
		return nil, err
	}
	keys, err := parseOrderBy(orderBy, targetExperiments)
	if err != nil {
		return nil, err
	}
	if view == 0 {
		view = ActiveOnly
	}
	exps, err := s.listExperiments(view)
	if err != nil {
		return nil, err
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
	return out, nil
}

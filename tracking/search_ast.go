package tracking

// This file exports the parsed form of a search, so that stores which do
// not evaluate searches in Go (the SQL store compiles them to SQL with
// bound parameters) parse with the one parser of this package and give
// the same answers.

// SearchEntity is what the identifier of a search clause names.
type SearchEntity int

// Search entities.
const (
	SearchMetric    = SearchEntity(entMetric)  // metrics.<key>: the latest value
	SearchParam     = SearchEntity(entParam)   // params.<key>
	SearchTag       = SearchEntity(entTag)     // tags.<key>
	SearchAttribute = SearchEntity(entAttr)    // attributes.<name> (runs) or <name> (experiments)
	SearchDataset   = SearchEntity(entDataset) // datasets.name, datasets.digest, datasets.context
)

func (e SearchEntity) String() string { return entity(e).String() }

// SearchKey is an identifier of a search: an entity and a key. Attribute
// keys are canonical (run_id, run_name, user_id, status, artifact_uri,
// start_time, end_time for runs; name, experiment_id, creation_time,
// last_update_time for experiments), aliases resolved.
type SearchKey struct {
	Entity SearchEntity
	Key    string
}

// SearchClause is one comparison of a filter.
type SearchClause struct {
	Key SearchKey
	// Op is one of = != > >= < <= LIKE ILIKE IN "NOT IN".
	Op string
	// Numeric says the comparison is on numbers (metrics, start_time,
	// end_time, creation_time, last_update_time) and Number holds the
	// value; else String (or List for IN and NOT IN) holds it. LIKE and
	// ILIKE patterns have SQL's meaning: % any run of characters, _ one
	// character, every other character literal (no escapes).
	Numeric bool
	Number  float64
	String  string
	List    []string
}

// SearchOrder is one order_by entry.
type SearchOrder struct {
	Key SearchKey
	Asc bool
}

// Search is a parsed filter and order_by.
type Search struct {
	Clauses []SearchClause
	Order   []SearchOrder
}

// ParseRunSearch parses a run filter and order_by with MLflow's grammar
// (see FileStore.SearchRuns); errors wrap ErrInvalid.
func ParseRunSearch(filter string, orderBy []string) (*Search, error) {
	return parseSearch(filter, orderBy, targetRuns)
}

// ParseExperimentSearch parses an experiment filter and order_by.
func ParseExperimentSearch(filter string, orderBy []string) (*Search, error) {
	return parseSearch(filter, orderBy, targetExperiments)
}

func parseSearch(filter string, orderBy []string, t searchTarget) (*Search, error) {
	clauses, err := parseFilter(filter, t)
	if err != nil {
		return nil, err
	}
	keys, err := parseOrderBy(orderBy, t)
	if err != nil {
		return nil, err
	}
	out := &Search{}
	for _, c := range clauses {
		out.Clauses = append(out.Clauses, SearchClause{
			Key:     SearchKey{Entity: SearchEntity(c.id.ent), Key: c.id.key},
			Op:      c.op,
			Numeric: numericIdent(c.id, t),
			Number:  c.num,
			String:  c.str,
			List:    c.list,
		})
	}
	for _, k := range keys {
		out.Order = append(out.Order, SearchOrder{Key: SearchKey{Entity: SearchEntity(k.id.ent), Key: k.id.key}, Asc: k.asc})
	}
	return out, nil
}

// numericIdent reports whether an identifier compares numbers.
func numericIdent(id identifier, t searchTarget) bool {
	switch id.ent {
	case entMetric:
		return true
	case entAttr:
		if t == targetExperiments {
			return expNumericAttrs[id.key]
		}
		return runNumericAttrs[id.key]
	}
	return false
}

// EncodePageToken returns the page token of a result offset: MLflow's,
// base64 of the JSON {"offset": N}.
func EncodePageToken(offset int) string { return encodePageToken(offset) }

// DecodePageToken reads a page token ("" is offset 0); a bad one is
// ErrInvalid.
func DecodePageToken(tok string) (int, error) { return decodePageToken(tok) }

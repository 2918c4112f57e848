package tracking

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file parses MLflow's search filter and order_by grammar
// (mlflow/utils/search_utils.py):
//
//	filter     := clause { AND clause } [AND]
//	clause     := identifier comparator value
//	identifier := [entity "."] key
//	key        := word{.word} | `backticked` | "double quoted"
//
// OR, NOT and parentheses are refused, as in MLflow.

// entity is what an identifier names.
type entity int

const (
	entMetric entity = iota + 1
	entParam
	entTag
	entAttr
	entDataset
)

func (e entity) String() string {
	return [...]string{"", "metric", "param", "tag", "attribute", "dataset"}[e]
}

var entityPrefixes = map[string]entity{
	"metric": entMetric, "metrics": entMetric,
	"parameter": entParam, "parameters": entParam, "param": entParam, "params": entParam,
	"tag": entTag, "tags": entTag,
	"attribute": entAttr, "attributes": entAttr, "attr": entAttr, "run": entAttr,
	"dataset": entDataset, "datasets": entDataset,
}

// searchTarget is what is searched: runs or experiments, which differ in
// prefixes, attributes and comparators.
type searchTarget int

const (
	targetRuns searchTarget = iota
	targetExperiments
)

// Attributes that can be searched, and their kind.
var (
	runStringAttrs  = map[string]bool{"run_id": true, "run_name": true, "user_id": true, "status": true, "artifact_uri": true}
	runNumericAttrs = map[string]bool{"start_time": true, "end_time": true}
	runAttrAliases  = map[string]string{"created": "start_time", "Created": "start_time",
		"run name": "run_name", "Run name": "run_name", "Run Name": "run_name"}
	expStringAttrs  = map[string]bool{"name": true}
	expNumericAttrs = map[string]bool{"creation_time": true, "last_update_time": true}
	runOrderAttrs   = map[string]bool{"run_id": true, "run_name": true, "user_id": true, "status": true,
		"start_time": true, "end_time": true, "artifact_uri": true}
	expOrderAttrs = map[string]bool{"name": true, "experiment_id": true, "creation_time": true, "last_update_time": true}
	// datasetKeys are what a run's dataset inputs are searched by: the
	// dataset's name and digest and the input's tag mlflow.data.context.
	datasetKeys = map[string]bool{"name": true, "digest": true, "context": true}
)

// identifier is a parsed "entity.key".
type identifier struct {
	ent entity
	key string
}

func (id identifier) String() string { return id.ent.String() + "s." + id.key }

// clause is one comparison of a filter.
type clause struct {
	id   identifier
	op   string         // = != > >= < <= LIKE ILIKE IN "NOT IN"
	num  float64        // numeric value (metrics, numeric attributes)
	str  string         // string value
	list []string       // IN / NOT IN
	re   *regexp.Regexp // LIKE / ILIKE
}

// lexer walks a filter or order_by string.
type lexer struct {
	s   string
	pos int
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.s) {
		r, n := utf8.DecodeRuneInString(l.s[l.pos:])
		if !unicode.IsSpace(r) {
			return
		}
		l.pos += n
	}
}

func (l *lexer) eof() bool { l.skipSpace(); return l.pos >= len(l.s) }

func (l *lexer) errorf(format string, args ...any) error {
	return fmt.Errorf("%w: search filter %q at position %d: %s", ErrInvalid, l.s, l.pos, fmt.Sprintf(format, args...))
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// word reads letters, digits and underscores.
func (l *lexer) word() string {
	start := l.pos
	for l.pos < len(l.s) {
		r, n := utf8.DecodeRuneInString(l.s[l.pos:])
		if !isWordRune(r) {
			break
		}
		l.pos += n
	}
	return l.s[start:l.pos]
}

// quoted reads a string in quote q, where a doubled quote or a backslash
// escape stays inside, as sqlparse tokenises it. Like MLflow, only the
// outer quotes are removed and a doubled quote inside stays doubled.
func (l *lexer) quoted(q byte) (string, error) {
	start := l.pos
	l.pos++
	for l.pos < len(l.s) {
		c := l.s[l.pos]
		switch {
		case c == '\\' && l.pos+1 < len(l.s):
			l.pos += 2
		case c == q && l.pos+1 < len(l.s) && l.s[l.pos+1] == q:
			l.pos += 2
		case c == q:
			l.pos++
			return l.s[start+1 : l.pos-1], nil
		default:
			l.pos++
		}
	}
	l.pos = start
	return "", l.errorf("unterminated quoted string")
}

// identifier reads [entity "."] key.
func (l *lexer) identifier(t searchTarget) (identifier, error) {
	l.skipSpace()
	if l.pos >= len(l.s) {
		return identifier{}, l.errorf("expected an identifier such as metrics.accuracy")
	}
	start := l.pos
	var w string
	switch l.s[l.pos] {
	case '`', '"':
		q := l.s[l.pos]
		k, err := l.quoted(q)
		if err != nil {
			return identifier{}, err
		}
		// A backticked entity, as in `metrics`.accuracy, is an entity
		// as MLflow trims backticks from it (_valid_entity_type); any
		// other quoted identifier is an attribute, as `Run name`.
		if q != '`' || l.pos >= len(l.s) || l.s[l.pos] != '.' {
			return checkIdentifier(l, t, identifier{ent: entAttr, key: k}, true)
		}
		w = k
	case '(':
		return identifier{}, l.errorf("parentheses are not supported; join clauses with AND")
	default:
		w = l.word()
		if w == "" {
			return identifier{}, l.errorf("expected an identifier such as metrics.accuracy")
		}
		if strings.EqualFold(w, "not") {
			return identifier{}, l.errorf("NOT is not supported")
		}
		if l.pos >= len(l.s) || l.s[l.pos] != '.' {
			return checkIdentifier(l, t, identifier{ent: entAttr, key: w}, false)
		}
	}
	ent, ok := entityPrefixes[strings.ToLower(w)]
	if !ok {
		l.pos = start
		return identifier{}, l.errorf("invalid entity type %q: use metrics., params., tags., attributes. or datasets.", w)
	}
	l.pos++ // the dot
	if l.pos < len(l.s) && (l.s[l.pos] == '`' || l.s[l.pos] == '"') {
		k, err := l.quoted(l.s[l.pos])
		if err != nil {
			return identifier{}, err
		}
		return checkIdentifier(l, t, identifier{ent: ent, key: k}, true)
	}
	kstart := l.pos
	for {
		if l.word() == "" {
			return identifier{}, l.errorf("expected a key after %q (quote keys with spaces or other characters in backticks)", w+".")
		}
		if l.pos < len(l.s) && l.s[l.pos] == '.' {
			l.pos++
			continue
		}
		break
	}
	return checkIdentifier(l, t, identifier{ent: ent, key: l.s[kstart:l.pos]}, false)
}

// checkIdentifier checks that the target knows the identifier and
// resolves attribute aliases.
func checkIdentifier(l *lexer, t searchTarget, id identifier, quoted bool) (identifier, error) {
	if t == targetExperiments {
		switch id.ent {
		case entAttr, entTag:
		default:
			return id, l.errorf("experiments can be searched by attributes and tags only, not %ss", id.ent)
		}
		return id, nil
	}
	if id.ent == entAttr {
		if a, ok := runAttrAliases[id.key]; ok {
			id.key = a
		}
		if id.key == "lifecycle_stage" || id.key == "experiment_id" {
			return id, l.errorf("attribute %q is not searchable", id.key)
		}
	}
	if id.ent == entDataset && !datasetKeys[id.key] {
		return id, l.errorf("invalid dataset key %q: use datasets.name, datasets.digest or datasets.context", id.key)
	}
	return id, nil
}

// comparator reads a comparison operator.
func (l *lexer) comparator() (string, error) {
	l.skipSpace()
	for _, op := range []string{"!=", ">=", "<=", "=", ">", "<"} {
		if strings.HasPrefix(l.s[l.pos:], op) {
			l.pos += len(op)
			return op, nil
		}
	}
	start := l.pos
	w := strings.ToUpper(l.word())
	switch w {
	case "LIKE", "ILIKE", "IN":
		return w, nil
	case "NOT":
		l.skipSpace()
		if strings.ToUpper(l.word()) == "IN" {
			return "NOT IN", nil
		}
	}
	l.pos = start
	return "", l.errorf("expected a comparator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN)")
}

var numberRE = regexp.MustCompile(`^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?`)

// value reads a number, a quoted string or a parenthesised list. kind is
// 'n' (number), 's' (string) or 'l' (list).
func (l *lexer) value() (kind byte, num float64, str string, list []string, err error) {
	l.skipSpace()
	if l.pos >= len(l.s) {
		return 0, 0, "", nil, l.errorf("expected a value")
	}
	switch c := l.s[l.pos]; {
	case c == '\'' || c == '"':
		str, err = l.quoted(c)
		return 's', 0, str, nil, err
	case c == '(':
		l.pos++
		for {
			l.skipSpace()
			if l.pos < len(l.s) && l.s[l.pos] == ')' && len(list) == 0 {
				return 0, 0, "", nil, l.errorf("empty list")
			}
			if l.pos >= len(l.s) || (l.s[l.pos] != '\'' && l.s[l.pos] != '"') {
				return 0, 0, "", nil, l.errorf("expected a quoted string in the list")
			}
			v, err := l.quoted(l.s[l.pos])
			if err != nil {
				return 0, 0, "", nil, err
			}
			list = append(list, v)
			l.skipSpace()
			if l.pos < len(l.s) && l.s[l.pos] == ',' {
				l.pos++
				continue
			}
			if l.pos < len(l.s) && l.s[l.pos] == ')' {
				l.pos++
				return 'l', 0, "", list, nil
			}
			return 0, 0, "", nil, l.errorf("expected , or ) in the list")
		}
	default:
		m := numberRE.FindString(l.s[l.pos:])
		if m == "" {
			return 0, 0, "", nil, l.errorf("expected a number or a quoted string, got %q", l.rest())
		}
		if l.pos+len(m) < len(l.s) {
			r, _ := utf8.DecodeRuneInString(l.s[l.pos+len(m):])
			if isWordRune(r) || r == '.' {
				return 0, 0, "", nil, l.errorf("expected a number or a quoted string, got %q", l.rest())
			}
		}
		// Out of range is ±Inf or ±0, as Python's float("1e309") is inf.
		num, err = strconv.ParseFloat(m, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0, 0, "", nil, l.errorf("bad number %q", m)
		}
		l.pos += len(m)
		return 'n', num, "", nil, nil
	}
}

func (l *lexer) rest() string {
	r := l.s[l.pos:]
	if i := strings.IndexFunc(r, unicode.IsSpace); i > 0 {
		r = r[:i]
	}
	return r
}

// parseFilter parses a filter string; "" gives no clauses.
func parseFilter(s string, t searchTarget) ([]clause, error) {
	l := &lexer{s: s}
	var out []clause
	for !l.eof() {
		id, err := l.identifier(t)
		if err != nil {
			return nil, err
		}
		op, err := l.comparator()
		if err != nil {
			return nil, err
		}
		kind, num, str, list, err := l.value()
		if err != nil {
			return nil, err
		}
		c := clause{id: id, op: op, num: num, str: str, list: list}
		if err := checkClause(l, t, &c, kind); err != nil {
			return nil, err
		}
		out = append(out, c)
		if l.eof() {
			break
		}
		start := l.pos
		switch w := strings.ToUpper(l.word()); w {
		case "AND":
		case "OR":
			l.pos = start
			return nil, l.errorf("OR is not supported; only AND")
		default:
			l.pos = start
			return nil, l.errorf("expected AND, got %q", l.rest())
		}
	}
	return out, nil
}

// checkClause checks the comparator and value against the identifier's
// type, with MLflow's rules, and compiles LIKE patterns.
func checkClause(l *lexer, t searchTarget, c *clause, kind byte) error {
	numericOps := map[string]bool{"=": true, "!=": true, ">": true, ">=": true, "<": true, "<=": true}
	stringOps := map[string]bool{"=": true, "!=": true, "LIKE": true, "ILIKE": true}
	numeric, inOK := false, false
	switch c.id.ent {
	case entMetric:
		numeric = true
	case entParam, entTag:
	case entDataset:
		inOK = true
	case entAttr:
		strs, nums := runStringAttrs, runNumericAttrs
		if t == targetExperiments {
			strs, nums = expStringAttrs, expNumericAttrs
		}
		switch {
		case nums[c.id.key]:
			numeric = true
		case strs[c.id.key]:
			inOK = t == targetRuns && c.id.key == "run_id"
		default:
			return l.errorf("invalid attribute %q; searchable attributes are %s%s", c.id.key, attrList(strs, nums), suggestEntity(c.id, t, kind))
		}
	}
	if numeric {
		if !numericOps[c.op] {
			return l.errorf("%s: comparator %s is not valid for numbers (use =, !=, >, >=, <, <=)", c.id, c.op)
		}
		if kind != 'n' {
			return l.errorf("%s: expected a number, not a quoted string", c.id)
		}
		// Run times compare with MLflow's int(value), which refuses
		// "1.5" and "1e309"; experiment times with float(value).
		if c.id.ent == entAttr && t == targetRuns && (math.IsInf(c.num, 0) || c.num != math.Trunc(c.num)) {
			return l.errorf("%s: expected an integer (milliseconds since the epoch)", c.id)
		}
		return nil
	}
	if c.op == "IN" || c.op == "NOT IN" {
		if !inOK {
			return l.errorf("%s: IN and NOT IN work only with attributes.run_id and datasets.*", c.id)
		}
		if kind != 'l' {
			return l.errorf("%s: %s needs a parenthesised list of quoted strings", c.id, c.op)
		}
		if c.id.ent == entDataset {
			return nil
		}
		// MLflow drops run ids with upper-case letters: they never match.
		ids := c.list[:0]
		for _, v := range c.list {
			if strings.ToLower(v) == v {
				ids = append(ids, v)
			}
		}
		c.list = ids
		return nil
	}
	if !stringOps[c.op] {
		return l.errorf("%s: comparator %s is not valid for strings (use =, !=, LIKE, ILIKE)", c.id, c.op)
	}
	if kind != 's' {
		return l.errorf("%s: expected a quoted string ('value')", c.id)
	}
	if c.op == "LIKE" || c.op == "ILIKE" {
		c.re = likeRegexp(c.str, c.op == "ILIKE")
	}
	return nil
}

// suggestEntity guesses what a key without a prefix that is no attribute
// was meant to be: a metric when it is compared with a number, a param or
// a tag when with a string; kind 0 (order_by) lists every entity.
func suggestEntity(id identifier, t searchTarget, kind byte) string {
	if id.ent != entAttr {
		return ""
	}
	k := id.key
	if !isPlainWord(k) {
		k = "`" + k + "`"
	}
	var opts []string
	switch {
	case t == targetExperiments:
		opts = []string{"tags." + k}
	case kind == 'n':
		opts = []string{"metrics." + k}
	case kind == 's':
		opts = []string{"params." + k + " or tags." + k}
	default:
		opts = []string{"metrics." + k + ", params." + k + " or tags." + k}
	}
	return "; did you mean " + opts[0] + "?"
}

// isPlainWord reports whether s needs no backticks after a prefix.
func isPlainWord(s string) bool {
	for _, r := range s {
		if !isWordRune(r) && r != '.' {
			return false
		}
	}
	return s != ""
}

func attrList(a, b map[string]bool) string {
	keys := append(sortedKeys(a), sortedKeys(b)...)
	return strings.Join(keys, ", ")
}

// likeRegexp compiles a SQL LIKE pattern: % is any run of characters, _
// one character, everything else literal. MLflow's file store instead
// pastes the pattern into a Python regex without escaping it, so "." or
// "(" in a pattern act as regex syntax there; telltale matches as
// MLflow's SQL stores do.
func likeRegexp(p string, fold bool) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("(?s)")
	if fold {
		b.WriteString("(?i)")
	}
	b.WriteString("^")
	for _, r := range p {
		switch r {
		case '%':
			b.WriteString(".*")
		case '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// orderKey is one parsed order_by entry.
type orderKey struct {
	id  identifier
	asc bool
}

// parseOrderBy parses order_by entries such as "metrics.accuracy DESC".
func parseOrderBy(entries []string, t searchTarget) ([]orderKey, error) {
	out := make([]orderKey, 0, len(entries))
	for _, e := range entries {
		l := &lexer{s: e}
		id, err := l.identifier(t)
		if err != nil {
			return nil, fmt.Errorf("%w (in order_by)", err)
		}
		allowed := runOrderAttrs
		if t == targetExperiments {
			allowed = expOrderAttrs
			if id.ent != entAttr {
				return nil, fmt.Errorf("%w: order_by %q: experiments can be ordered by %s only", ErrInvalid, e, strings.Join(sortedKeys(allowed), ", "))
			}
		}
		if id.ent == entDataset {
			return nil, fmt.Errorf("%w: order_by %q: runs cannot be ordered by their datasets", ErrInvalid, e)
		}
		if id.ent == entAttr && !allowed[id.key] {
			return nil, fmt.Errorf("%w: order_by %q: invalid attribute %q; use one of %s%s", ErrInvalid, e, id.key, strings.Join(sortedKeys(allowed), ", "), suggestEntity(id, t, 0))
		}
		k := orderKey{id: id, asc: true}
		if !l.eof() {
			switch strings.ToUpper(l.word()) {
			case "ASC":
			case "DESC":
				k.asc = false
			default:
				return nil, fmt.Errorf("%w: order_by %q: expected ASC or DESC after the key", ErrInvalid, e)
			}
			if !l.eof() {
				return nil, fmt.Errorf("%w: order_by %q: unexpected %q", ErrInvalid, e, l.rest())
			}
		}
		out = append(out, k)
	}
	return out, nil
}

// ReferencedKeys returns the metric, param and tag identifiers a run
// filter and order_by use, such as "metrics.accuracy", in order of first
// use and without repeats. Tools use it to show those values as columns.
func ReferencedKeys(filter string, orderBy []string) ([]string, error) {
	clauses, err := parseFilter(filter, targetRuns)
	if err != nil {
		return nil, err
	}
	keys, err := parseOrderBy(orderBy, targetRuns)
	if err != nil {
		return nil, err
	}
	var out []string
	seen := map[identifier]bool{}
	add := func(id identifier) {
		if id.ent != entAttr && id.ent != entDataset && !seen[id] {
			seen[id] = true
			out = append(out, id.String())
		}
	}
	for _, c := range clauses {
		add(c.id)
	}
	for _, k := range keys {
		add(k.id)
	}
	return out, nil
}

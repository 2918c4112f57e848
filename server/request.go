package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// fields are a request's parameters, read as MLflow's server reads them
// (mlflow/server/handlers.py, _get_request_message): the query string of
// a GET, the JSON object in the body of a POST. Unknown fields are
// ignored and a JSON null is an absent field, as protobuf's JSON parser
// does with ignore_unknown_fields; a field of the wrong type is a 400
// naming the field.
type fields struct {
	doc   *jsonDoc   // POST: the body
	node  int        // POST: the node of doc that is this object
	query url.Values // GET: the query string
	// An element or member of another message: its name in parent, and
	// its index when it is an array's element (else -1); they make the
	// prefix of field names in messages, such as "metrics[2].".
	parent *fields
	name   string
	index  int
	size   int  // bytes in the body
	ext    bool // the client asked for telltale's extra fields
}

// reqBuffers hold a request's body and its parse. A Server keeps them in
// a sync.Pool, so that a request reuses the memory of one answered
// before it rather than allocating its own.
type reqBuffers struct {
	body  []byte
	nodes []jsonNode
	doc   jsonDoc
}

// maxPooledBody bounds the buffers a pool keeps: a rare large body
// (log-inputs may be megabytes) is left to the garbage collector.
const maxPooledBody = 256 << 10

// reset empties the buffers for the next request; false when they are
// too large to keep.
func (b *reqBuffers) reset() bool {
	b.doc = jsonDoc{}
	b.body = b.body[:0]
	b.nodes = b.nodes[:0]
	return cap(b.body) <= maxPooledBody && cap(b.nodes) <= maxPooledBody/16
}

// extHeader is the request header by which telltale's HTTP store asks for
// the fields telltale adds to MLflow's answers (RunInfo.deleted_time).
const extHeader = "X-Telltale-Fields"

// readFields reads the parameters of r: the query of a GET, else a JSON
// object body of at most limit bytes with the Content-Type MLflow wants.
// The body and its parse go in buf, which the fields use until the
// request is answered.
func readFields(w http.ResponseWriter, r *http.Request, limit int64, buf *reqBuffers) (*fields, error) {
	f, err := readParams(w, r, limit, buf)
	if f != nil {
		f.ext = r.Header.Get(extHeader) == "deleted_time"
	}
	return f, err
}

func readParams(w http.ResponseWriter, r *http.Request, limit int64, buf *reqBuffers) (*fields, error) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return &fields{query: r.URL.Query()}, nil
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil, invalidParam("Bad Request. Content-Type header is missing.")
	}
	if ct == "application/json" {
		// as every client sends it: no need to parse it
	} else if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return nil, invalidParam("Bad Request. Content-Type must be one of ['application/json'].")
	}
	body, err := readBody(w, r, limit, buf)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, &apiError{status: http.StatusRequestEntityTooLarge, code: codeInvalidParameterValue,
			msg: fmt.Sprintf("The request body is larger than %d bytes.", limit)}
	}
	if err != nil {
		return nil, &apiError{status: http.StatusBadRequest, code: codeBadRequest, msg: "Could not read the request body: " + err.Error()}
	}
	buf.body = body
	f, err := parseFields(body, buf)
	if f != nil {
		f.size = len(body)
	}
	return f, err
}

// readBody reads a request body of at most limit bytes into buf's
// buffer, grown to the Content-Length when the client sent one.
func readBody(w http.ResponseWriter, r *http.Request, limit int64, buf *reqBuffers) ([]byte, error) {
	b := buf.body[:0]
	if n := r.ContentLength; n > 0 && n <= limit && int64(cap(b)) < n+1 {
		b = make([]byte, 0, n+1) // +1: the read that finds the end
	}
	rd := http.MaxBytesReader(w, r.Body, limit)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := rd.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// parseFields reads a JSON object. An empty body is an empty object, as
// MLflow reads it. The document's nodes go in buf.
func parseFields(body []byte, buf *reqBuffers) (*fields, error) {
	doc, err := parseJSONDoc(body, buf.nodes)
	if err == errJSONTooManyValues {
		return nil, invalidParam("Malformed JSON request body: " + err.Error() + ".")
	}
	if err == nil {
		buf.nodes = doc.nodes
		buf.doc = doc
		switch raw := doc.raw(0); raw[0] {
		case '{':
			return &fields{doc: &buf.doc}, nil
		case 'n': // the body was "null"
			return emptyFields(buf), nil
		}
	} else if len(bytes.TrimSpace(body)) == 0 {
		return emptyFields(buf), nil
	}
	// Not a JSON object: encoding/json words the error.
	var obj map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&obj); err != nil {
		return nil, malformed(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalidParam("Malformed JSON request body: more than one JSON value.")
	}
	// encoding/json took what the parser refused (FuzzJSONDoc says it
	// does not happen).
	return nil, invalidParam("Malformed JSON request body.")
}

// emptyFields are the fields of an empty JSON object.
func emptyFields(buf *reqBuffers) *fields {
	buf.doc = jsonDoc{body: []byte("{}"), nodes: append(buf.nodes[:0], jsonNode{start: 0, end: 2, keyStart: -1, keyEnd: -1, next: 1})}
	buf.nodes = buf.doc.nodes
	return &fields{doc: &buf.doc}
}

func malformed(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return invalidParam("Malformed JSON request body: want a JSON object, got a JSON " + te.Value + ".")
	}
	return invalidParam("Malformed JSON request body: " + err.Error())
}

// raw returns the JSON of a field of a POST body; nil when absent or null.
func (f *fields) raw(name string) []byte {
	i := f.doc.member(f.node, name)
	if i < 0 {
		return nil
	}
	v := f.doc.raw(i)
	if string(v) == "null" {
		return nil
	}
	return v
}

func (f *fields) has(name string) bool {
	if f.doc != nil {
		return f.raw(name) != nil
	}
	_, ok := f.query[name]
	return ok
}

// prefix is the prefix of f's field names in messages: "" for a
// request's fields, "metrics[2]." for a metric of a log-batch.
func (f *fields) prefix() string {
	if f.parent == nil {
		return ""
	}
	p := f.parent.prefix() + f.name
	if f.index >= 0 {
		p += "[" + strconv.Itoa(f.index) + "]"
	}
	return p + "."
}

func (f *fields) wrongType(name string, raw []byte, hint string) error {
	v := string(raw)
	if len(v) > 100 {
		v = v[:100] + "…"
	}
	return invalidParam(fmt.Sprintf("Invalid value %s for parameter '%s%s' supplied. Hint: %s. See the API docs for more information about request parameters.",
		v, f.prefix(), name, hint))
}

func (f *fields) missing(name string) error {
	return invalidParam(fmt.Sprintf("Missing value for required parameter '%s%s'. See the API docs for more information about request parameters.", f.prefix(), name))
}

// str returns a string field ("" when absent). In a JSON body it must be
// a JSON string.
func (f *fields) str(name string) (string, error) {
	if f.doc == nil {
		return f.query.Get(name), nil
	}
	raw := f.raw(name)
	if raw == nil {
		return "", nil
	}
	return f.strOf(name, raw)
}

// strOf reads the JSON value raw of field name as a string.
func (f *fields) strOf(name string, raw []byte) (string, error) {
	if raw[0] != '"' {
		return "", f.wrongType(name, raw, "Value was of type '"+jsonKind(raw)+"', want a string")
	}
	return unquote(raw), nil
}

// requiredStr is str for a field that must be present and not empty.
func (f *fields) requiredStr(name string) (string, error) {
	s, err := f.str(name)
	if err == nil && s == "" {
		err = f.missing(name)
	}
	return s, err
}

// id returns an id field (experiment_id): a string, or a JSON number that
// the parser turns into its decimal string, as MLflow's parser does.
func (f *fields) id(name string) (string, error) {
	if f.doc == nil {
		return f.query.Get(name), nil
	}
	raw := f.raw(name)
	if raw == nil {
		return "", nil
	}
	return f.idOf(name, raw)
}

// idOf reads the JSON value raw of field name as an id.
func (f *fields) idOf(name string, raw []byte) (string, error) {
	if isNumber(raw) {
		n, err := parseInt(string(raw))
		if err != nil {
			return "", f.wrongType(name, raw, "want an id string")
		}
		return strconv.FormatInt(n, 10), nil
	}
	return f.strOf(name, raw)
}

// runID returns run_id, or run_uuid as older clients send it alone.
func (f *fields) runID() (string, error) {
	id, err := f.str("run_id")
	if err != nil || id != "" {
		return id, err
	}
	id, err = f.str("run_uuid")
	if err == nil && id == "" {
		err = f.missing("run_id")
	}
	return id, err
}

// int64 returns an integer field: a JSON number or a numeric string, as
// protobuf's JSON mapping writes int64s. ok is false when absent.
func (f *fields) int64(name string) (v int64, ok bool, err error) {
	var s string
	var raw []byte
	if f.doc == nil {
		if !f.has(name) {
			return 0, false, nil
		}
		s = f.query.Get(name)
		raw = []byte(strconv.Quote(s))
	} else {
		raw = f.raw(name)
		if raw == nil {
			return 0, false, nil
		}
		if raw[0] == '"' {
			s = unquote(raw)
		} else if isNumber(raw) {
			s = string(raw)
		} else {
			return 0, false, f.wrongType(name, raw, "Value was of type '"+jsonKind(raw)+"', want an integer")
		}
	}
	v, err = parseInt(s)
	if err != nil {
		return 0, false, f.wrongType(name, raw, "want an integer")
	}
	return v, true, nil
}

// float returns a double field: a JSON number, a numeric string, or
// "NaN", "Infinity", "-Infinity" as protobuf's JSON mapping spells them.
func (f *fields) float(name string) (v float64, ok bool, err error) {
	var raw []byte
	if f.doc == nil {
		if !f.has(name) {
			return 0, false, nil
		}
		raw = []byte(strconv.Quote(f.query.Get(name)))
	} else if raw = f.raw(name); raw == nil {
		return 0, false, nil
	}
	var s string
	if raw[0] == '"' {
		s = unquote(raw)
		switch s {
		case "NaN":
			return math.NaN(), true, nil
		case "Infinity":
			return math.Inf(1), true, nil
		case "-Infinity":
			return math.Inf(-1), true, nil
		}
		// A numeric string must be a JSON number: no "inf", hex or spaces.
		if !isNumber([]byte(s)) || !json.Valid([]byte(s)) {
			return 0, false, f.wrongType(name, raw, "want a number")
		}
	} else if isNumber(raw) {
		s = string(raw)
	} else {
		return 0, false, f.wrongType(name, raw, "Value was of type '"+jsonKind(raw)+"', want a number")
	}
	v, err = strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(v, 0) {
		err = nil // an underflow: the nearest double is right
	}
	if err != nil {
		return 0, false, f.wrongType(name, raw, "the number is out of the range of a double")
	}
	return v, true, nil
}

// strs returns a repeated string field: a JSON array of strings (numbers
// too for experiment_ids, which the parser stringifies; null is ""), or
// the repeated key of a query string.
func (f *fields) strs(name string, numbersToo bool) ([]string, error) {
	if f.doc == nil {
		return f.query[name], nil
	}
	i, raw := f.array(name)
	if raw == nil {
		return nil, nil
	}
	if i < 0 {
		return nil, f.wrongType(name, raw, "Value was of type '"+jsonKind(raw)+"', want an array")
	}
	var out []string
	for k, c := 0, i+1; c < int(f.doc.nodes[i].next); k, c = k+1, int(f.doc.nodes[c].next) {
		it := f.doc.raw(c)
		var s string
		var err error
		switch {
		case string(it) == "null":
		case numbersToo:
			s, err = f.idOf("v", it)
		default:
			s, err = f.strOf("v", it)
		}
		if err != nil {
			return nil, f.wrongType(fmt.Sprintf("%s[%d]", name, k), it, "want a string")
		}
		out = append(out, s)
	}
	if out == nil {
		out = []string{}
	}
	return out, nil
}

// array returns the node of an array field and its JSON; i is -1 when
// the field is not an array, raw nil when it is absent or null.
func (f *fields) array(name string) (i int, raw []byte) {
	i = f.doc.member(f.node, name)
	if i < 0 {
		return -1, nil
	}
	raw = f.doc.raw(i)
	switch raw[0] {
	case 'n':
		return -1, nil
	case '[':
		return i, raw
	}
	return -1, raw
}

// objects returns a repeated message field as one fields value per
// element. Only JSON bodies carry them.
func (f *fields) objects(name string) ([]fields, error) {
	if f.doc == nil {
		if f.has(name) {
			return nil, invalidParam(fmt.Sprintf("Parameter '%s%s' cannot be given in a query string.", f.prefix(), name))
		}
		return nil, nil
	}
	i, raw := f.array(name)
	if raw == nil {
		return nil, nil
	}
	if i < 0 {
		return nil, f.wrongType(name, raw, "Value was of type '"+jsonKind(raw)+"', want an array")
	}
	n := 0
	for c := i + 1; c < int(f.doc.nodes[i].next); c = int(f.doc.nodes[c].next) {
		n++
	}
	out := make([]fields, 0, n)
	for c := i + 1; c < int(f.doc.nodes[i].next); c = int(f.doc.nodes[c].next) {
		if it := f.doc.raw(c); it[0] != '{' {
			return nil, f.wrongType(fmt.Sprintf("%s[%d]", name, len(out)), it, "Value was of type '"+jsonKind(it)+"', want an object")
		}
		out = append(out, fields{doc: f.doc, node: c, parent: f, name: name, index: len(out), size: f.size, ext: f.ext})
	}
	return out, nil
}

// object returns a message field; nil when absent.
func (f *fields) object(name string) (*fields, error) {
	if f.doc == nil {
		return nil, nil
	}
	i := f.doc.member(f.node, name)
	if i < 0 {
		return nil, nil
	}
	raw := f.doc.raw(i)
	switch raw[0] {
	case 'n':
		return nil, nil
	case '{':
		return &fields{doc: f.doc, node: i, parent: f, name: name, index: -1, size: f.size, ext: f.ext}, nil
	}
	return nil, f.wrongType(name, raw, "Value was of type '"+jsonKind(raw)+"', want an object")
}

// keyValues reads a repeated {key, value} field (tags, params). The key
// is required; a missing value is "".
func (f *fields) keyValues(name string) ([][2]string, error) {
	items, err := f.objects(name)
	if err != nil {
		return nil, err
	}
	out := make([][2]string, 0, len(items))
	for i := range items {
		it := &items[i]
		k, err := it.requiredStr("key")
		if err != nil {
			return nil, err
		}
		v, err := it.str("value")
		if err != nil {
			return nil, err
		}
		out = append(out, [2]string{k, v})
	}
	return out, nil
}

// MLflow's enum names, in the order of their numbers (1, 2, ...), as
// tracking.ViewType and tracking.RunStatus number them.
const (
	viewTypeNames  = "ACTIVE_ONLY DELETED_ONLY ALL"
	runStatusNames = "RUNNING SCHEDULED FINISHED FAILED KILLED"
)

// enum returns an enum field by name (or number), with its value among
// names, a space-separated list (the i-th name has number i). An unknown name gives 0, as protobuf's
// parser with ignore_unknown_fields drops it; a wrong JSON type is a 400.
func (f *fields) enum(name string, nameList string) (int, error) {
	names := strings.Fields(nameList)
	var s string
	if f.doc == nil {
		s = f.query.Get(name)
	} else if raw := f.raw(name); raw == nil {
		return 0, nil
	} else if isNumber(raw) {
		n, err := parseInt(string(raw))
		if err != nil || n < 1 || n > int64(len(names)) {
			return 0, nil
		}
		return int(n), nil
	} else if raw[0] != '"' {
		return 0, f.wrongType(name, raw, "Value was of type '"+jsonKind(raw)+"', want a string")
	} else {
		s = unquote(raw)
	}
	for i, n := range names {
		if s == n {
			return i + 1, nil
		}
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= len(names) {
		return n, nil
	}
	return 0, nil
}

func parseInt(s string) (int64, error) {
	if !isNumber([]byte(s)) || !json.Valid([]byte(s)) {
		return 0, fmt.Errorf("not an integer")
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	// Protobuf's JSON parser takes integral values in exponent or
	// fraction form too ("1e3", "5.0").
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != math.Trunc(v) || v < math.MinInt64 || v >= math.MaxInt64 {
		return 0, fmt.Errorf("not an integer")
	}
	return int64(v), nil
}

func isNumber(raw []byte) bool {
	return len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9')
}

// jsonKind names the JSON type of a value for messages, with Python's
// names as MLflow's messages use them.
func jsonKind(raw []byte) string {
	switch {
	case len(raw) == 0:
		return "nothing"
	case raw[0] == '"':
		return "str"
	case raw[0] == '{':
		return "dict"
	case raw[0] == '[':
		return "list"
	case raw[0] == 't' || raw[0] == 'f':
		return "bool"
	case isNumber(raw):
		if bytes.ContainsAny(raw, ".eE") {
			return "float"
		}
		return "int"
	}
	return "unknown"
}

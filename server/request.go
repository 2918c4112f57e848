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
	obj   map[string]json.RawMessage // POST: the body's members
	query url.Values                 // GET: the query string
	where string                     // prefix of field names in messages, such as "metrics[2]."
	size  int                        // bytes in the body
	ext   bool                       // the client asked for telltale's extra fields
}

// extHeader is the request header by which telltale's HTTP store asks for
// the fields telltale adds to MLflow's answers (RunInfo.deleted_time).
const extHeader = "X-Telltale-Fields"

// readFields reads the parameters of r: the query of a GET, else a JSON
// object body of at most limit bytes with the Content-Type MLflow wants.
func readFields(w http.ResponseWriter, r *http.Request, limit int64) (*fields, error) {
	f, err := readParams(w, r, limit)
	if f != nil {
		f.ext = r.Header.Get(extHeader) == "deleted_time"
	}
	return f, err
}

func readParams(w http.ResponseWriter, r *http.Request, limit int64) (*fields, error) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return &fields{query: r.URL.Query()}, nil
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil, invalidParam("Bad Request. Content-Type header is missing.")
	}
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return nil, invalidParam("Bad Request. Content-Type must be one of ['application/json'].")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, &apiError{status: http.StatusRequestEntityTooLarge, code: codeInvalidParameterValue,
			msg: fmt.Sprintf("The request body is larger than %d bytes.", limit)}
	}
	if err != nil {
		return nil, &apiError{status: http.StatusBadRequest, code: codeBadRequest, msg: "Could not read the request body: " + err.Error()}
	}
	f, err := parseFields(body)
	if f != nil {
		f.size = len(body)
	}
	return f, err
}

// parseFields reads a JSON object. An empty body is an empty object, as
// MLflow reads it.
func parseFields(body []byte) (*fields, error) {
	f := &fields{obj: map[string]json.RawMessage{}}
	if len(bytes.TrimSpace(body)) == 0 {
		return f, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&f.obj); err != nil {
		return nil, malformed(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalidParam("Malformed JSON request body: more than one JSON value.")
	}
	if f.obj == nil { // the body was "null"
		f.obj = map[string]json.RawMessage{}
	}
	return f, nil
}

func malformed(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return invalidParam("Malformed JSON request body: want a JSON object, got a JSON " + te.Value + ".")
	}
	return invalidParam("Malformed JSON request body: " + err.Error())
}

// raw returns the JSON of a field of a POST body; nil when absent or null.
func (f *fields) raw(name string) json.RawMessage {
	v, ok := f.obj[name]
	if !ok || string(v) == "null" {
		return nil
	}
	return v
}

func (f *fields) has(name string) bool {
	if f.obj != nil {
		return f.raw(name) != nil
	}
	_, ok := f.query[name]
	return ok
}

func (f *fields) wrongType(name string, raw []byte, hint string) error {
	v := string(raw)
	if len(v) > 100 {
		v = v[:100] + "…"
	}
	return invalidParam(fmt.Sprintf("Invalid value %s for parameter '%s%s' supplied. Hint: %s. See the API docs for more information about request parameters.",
		v, f.where, name, hint))
}

func (f *fields) missing(name string) error {
	return invalidParam(fmt.Sprintf("Missing value for required parameter '%s%s'. See the API docs for more information about request parameters.", f.where, name))
}

// str returns a string field ("" when absent). In a JSON body it must be
// a JSON string.
func (f *fields) str(name string) (string, error) {
	if f.obj == nil {
		return f.query.Get(name), nil
	}
	raw := f.raw(name)
	if raw == nil {
		return "", nil
	}
	var s string
	if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", f.wrongType(name, raw, "Value was of type '"+jsonKind(raw)+"', want a string")
	}
	return s, nil
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
	if raw := f.raw(name); f.obj != nil && raw != nil && isNumber(raw) {
		n, err := parseInt(string(raw))
		if err != nil {
			return "", f.wrongType(name, raw, "want an id string")
		}
		return strconv.FormatInt(n, 10), nil
	}
	return f.str(name)
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
	if f.obj == nil {
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
		s = string(raw)
		if raw[0] == '"' {
			if json.Unmarshal(raw, &s) != nil {
				return 0, false, f.wrongType(name, raw, "want an integer")
			}
		} else if !isNumber(raw) {
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
	if f.obj == nil {
		if !f.has(name) {
			return 0, false, nil
		}
		raw = []byte(strconv.Quote(f.query.Get(name)))
	} else if raw = f.raw(name); raw == nil {
		return 0, false, nil
	}
	s := string(raw)
	if raw[0] == '"' {
		if json.Unmarshal(raw, &s) != nil {
			return 0, false, f.wrongType(name, raw, "want a number")
		}
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
	} else if !isNumber(raw) {
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
// too for experiment_ids, which the parser stringifies), or the repeated
// key of a query string.
func (f *fields) strs(name string, numbersToo bool) ([]string, error) {
	if f.obj == nil {
		return f.query[name], nil
	}
	raw := f.raw(name)
	if raw == nil {
		return nil, nil
	}
	var items []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
		return nil, f.wrongType(name, raw, "Value was of type '"+jsonKind(raw)+"', want an array")
	}
	out := make([]string, 0, len(items))
	for i, it := range items {
		el := &fields{obj: map[string]json.RawMessage{"v": it}, where: f.where}
		get := el.str
		if numbersToo {
			get = el.id
		}
		s, err := get("v")
		if err != nil {
			return nil, f.wrongType(fmt.Sprintf("%s[%d]", name, i), it, "want a string")
		}
		out = append(out, s)
	}
	return out, nil
}

// objects returns a repeated message field as one fields value per
// element. Only JSON bodies carry them.
func (f *fields) objects(name string) ([]*fields, error) {
	if f.obj == nil {
		if f.has(name) {
			return nil, invalidParam(fmt.Sprintf("Parameter '%s%s' cannot be given in a query string.", f.where, name))
		}
		return nil, nil
	}
	raw := f.raw(name)
	if raw == nil {
		return nil, nil
	}
	var items []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
		return nil, f.wrongType(name, raw, "Value was of type '"+jsonKind(raw)+"', want an array")
	}
	out := make([]*fields, 0, len(items))
	for i, it := range items {
		o, err := f.objectOf(fmt.Sprintf("%s[%d]", name, i), it)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// object returns a message field; nil when absent.
func (f *fields) object(name string) (*fields, error) {
	if f.obj == nil {
		return nil, nil
	}
	raw := f.raw(name)
	if raw == nil {
		return nil, nil
	}
	return f.objectOf(name, raw)
}

func (f *fields) objectOf(name string, raw json.RawMessage) (*fields, error) {
	o := &fields{where: f.where + name + "."}
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &o.obj) != nil {
		return nil, f.wrongType(name, raw, "Value was of type '"+jsonKind(raw)+"', want an object")
	}
	return o, nil
}

// keyValues reads a repeated {key, value} field (tags, params). The key
// is required; a missing value is "".
func (f *fields) keyValues(name string) ([][2]string, error) {
	items, err := f.objects(name)
	if err != nil {
		return nil, err
	}
	out := make([][2]string, 0, len(items))
	for _, it := range items {
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
	if f.obj == nil {
		s = f.query.Get(name)
	} else if raw := f.raw(name); raw == nil {
		return 0, nil
	} else if isNumber(raw) {
		n, err := parseInt(string(raw))
		if err != nil || n < 1 || n > int64(len(names)) {
			return 0, nil
		}
		return int(n), nil
	} else if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return 0, f.wrongType(name, raw, "Value was of type '"+jsonKind(raw)+"', want a string")
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

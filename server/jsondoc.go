package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// jsonDoc is a JSON request body parsed in one pass: a tree of nodes
// whose values stay bytes of the body, read only when a handler asks for
// a field. Reading a log-batch body so costs one scan and one slice of
// nodes, where decoding it into maps of json.RawMessage level by level
// scanned the bytes of a metric six times and allocated a map per
// metric.
//
// The parser accepts exactly the JSON that encoding/json accepts
// (RFC 8259; strings may hold bytes that are not UTF-8, which a string
// value turns into U+FFFD as encoding/json does; at most
// maxJSONDepth levels of nesting), a property FuzzJSONDoc checks against
// json.Valid. A body it refuses is read again by encoding/json to word
// the error, so messages are encoding/json's.
type jsonDoc struct {
	body  []byte
	nodes []jsonNode // in document order: a container's children follow it
}

// jsonNode is one JSON value: body[start:end] is its text. For a member
// of an object, body[keyStart:keyEnd] is its name's JSON string, quotes
// included. next is the index of the node after its subtree, so the
// children of a container at i are i+1, nodes[i+1].next, ... up to
// nodes[i].next.
type jsonNode struct {
	start, end       int32
	keyStart, keyEnd int32
	next             int32
}

// maxJSONDepth is encoding/json's limit on nesting.
const maxJSONDepth = 10000

// maxJSONValues bounds the values of one body: a node takes 20 bytes, so
// a 16 MiB body of tiny values ("[0,0,...]", 8 million of them) would
// take 160 MB of nodes, where 2^20 values take 20 MB. MLflow's largest
// legitimate requests hold a few thousand (log-batch: at most 1,000
// metrics, 100 params and 100 tags; a dataset's schema and profile are
// strings, one value each).
const maxJSONValues = 1 << 20

var (
	errJSONSyntax        = errors.New("not valid JSON")
	errJSONTooManyValues = fmt.Errorf("more than %d JSON values", maxJSONValues)
)

// parseJSONDoc parses body (one JSON value, whitespace around it): the
// error is errJSONSyntax when body is not valid JSON, errJSONTooManyValues
// when it holds more than maxJSONValues values. nodes is reused when it
// has room.
func parseJSONDoc(body []byte, nodes []jsonNode) (jsonDoc, error) {
	p := jsonParser{b: body, nodes: nodes[:0]}
	p.skipSpace()
	ok := p.value(0, -1, -1)
	if p.tooMany {
		return jsonDoc{}, errJSONTooManyValues
	}
	if !ok {
		return jsonDoc{}, errJSONSyntax
	}
	p.skipSpace()
	if p.i != len(p.b) {
		return jsonDoc{}, errJSONSyntax
	}
	return jsonDoc{body: body, nodes: p.nodes}, nil
}

type jsonParser struct {
	b       []byte
	i       int
	nodes   []jsonNode
	tooMany bool // more than maxJSONValues values
}

func (p *jsonParser) skipSpace() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// value parses the value at p.i (no space before it) into a node.
func (p *jsonParser) value(depth int, keyStart, keyEnd int) bool {
	if p.i >= len(p.b) {
		return false
	}
	n := len(p.nodes)
	if n >= maxJSONValues {
		p.tooMany = true
		return false
	}
	p.nodes = append(p.nodes, jsonNode{start: int32(p.i), keyStart: int32(keyStart), keyEnd: int32(keyEnd)})
	var ok bool
	switch c := p.b[p.i]; {
	case c == '{':
		ok = depth < maxJSONDepth && p.object(depth+1)
	case c == '[':
		ok = depth < maxJSONDepth && p.array(depth+1)
	case c == '"':
		ok = p.str()
	case c == '-' || c >= '0' && c <= '9':
		ok = p.number()
	case c == 't':
		ok = p.literal("true")
	case c == 'f':
		ok = p.literal("false")
	case c == 'n':
		ok = p.literal("null")
	}
	if !ok {
		return false
	}
	p.nodes[n].end = int32(p.i)
	p.nodes[n].next = int32(len(p.nodes))
	return true
}

func (p *jsonParser) object(depth int) bool {
	p.i++ // {
	p.skipSpace()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return true
	}
	for {
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return false
		}
		ks := p.i
		if !p.str() {
			return false
		}
		ke := p.i
		p.skipSpace()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return false
		}
		p.i++
		p.skipSpace()
		if !p.value(depth, ks, ke) {
			return false
		}
		if more, ok := p.after('}'); !more {
			return ok
		}
	}
}

func (p *jsonParser) array(depth int) bool {
	p.i++ // [
	p.skipSpace()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return true
	}
	for {
		if !p.value(depth, -1, -1) {
			return false
		}
		if more, ok := p.after(']'); !more {
			return ok
		}
	}
}

// after reads what follows a member of an object or an array: a comma
// and the space after it (more members follow), or end (the value is
// complete: ok). Anything else is malformed.
func (p *jsonParser) after(end byte) (more, ok bool) {
	p.skipSpace()
	if p.i >= len(p.b) {
		return false, false
	}
	switch p.b[p.i] {
	case ',':
		p.i++
		p.skipSpace()
		return true, true
	case end:
		p.i++
		return false, true
	}
	return false, false
}

// str scans a string: no control character, only JSON's escapes.
func (p *jsonParser) str() bool {
	p.i++ // "
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return true
		case c < 0x20:
			return false
		case c == '\\':
			p.i++
			if p.i >= len(p.b) {
				return false
			}
			switch p.b[p.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.i++
			case 'u':
				if p.i+5 > len(p.b) {
					return false
				}
				for _, h := range p.b[p.i+1 : p.i+5] {
					if !isHex(h) {
						return false
					}
				}
				p.i += 5
			default:
				return false
			}
		default:
			p.i++
		}
	}
	return false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// number scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *jsonParser) number() bool {
	if p.b[p.i] == '-' {
		p.i++
	}
	if p.i >= len(p.b) {
		return false
	}
	if p.b[p.i] == '0' {
		p.i++
	} else if !p.digits() {
		return false
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if !p.digits() {
			return false
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if !p.digits() {
			return false
		}
	}
	return true
}

// digits scans one or more decimal digits.
func (p *jsonParser) digits() bool {
	start := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i > start
}

func (p *jsonParser) literal(lit string) bool {
	if !bytes.HasPrefix(p.b[p.i:], []byte(lit)) {
		return false
	}
	p.i += len(lit)
	return true
}

// raw is the text of node i.
func (d *jsonDoc) raw(i int) []byte {
	n := &d.nodes[i]
	return d.body[n.start:n.end]
}

// member returns the node of the member name of the object at i, -1 when
// absent. With a name given twice the last counts, as encoding/json
// decodes into a map.
func (d *jsonDoc) member(i int, name string) int {
	found := -1
	for c := i + 1; c < int(d.nodes[i].next); c = int(d.nodes[c].next) {
		n := &d.nodes[c]
		key := d.body[n.keyStart+1 : n.keyEnd-1]
		if string(key) == name || !plainString(key) && unquote(d.body[n.keyStart:n.keyEnd]) == name {
			found = c
		}
	}
	return found
}

// elements returns the nodes of the array (or object) at i.
func (d *jsonDoc) elements(i int) []int {
	var out []int
	for c := i + 1; c < int(d.nodes[i].next); c = int(d.nodes[c].next) {
		out = append(out, c)
	}
	return out
}

// unquote returns the value of a valid JSON string, as encoding/json
// reads it (bytes that are not UTF-8 become U+FFFD).
func unquote(raw []byte) string {
	if in := raw[1 : len(raw)-1]; plainString(in) {
		return string(in)
	}
	var s string
	json.Unmarshal(raw, &s) // valid: the parser scanned it
	return s
}

// plainString tells whether the inside of a JSON string is its value:
// no escape, valid UTF-8.
func plainString(in []byte) bool {
	for i, c := range in {
		if c == '\\' {
			return false
		}
		if c >= utf8.RuneSelf {
			return bytes.IndexByte(in[i:], '\\') < 0 && utf8.Valid(in[i:])
		}
	}
	return true
}

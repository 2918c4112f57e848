package descriptors

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// pyType is the Python type json.loads gives a JSON value.
type pyType uint8

const (
	typeInvalid pyType = iota
	typeNone
	typeBool
	typeInt
	typeFloat
	typeStr
	typeList
	typeDict
)

// pyTypeNames are the Python names of the types, as a JSONSchemaMatch
// schema gives them.
var pyTypeNames = map[string]pyType{
	"NoneType": typeNone, "bool": typeBool, "int": typeInt, "float": typeFloat, "str": typeStr, "list": typeList, "dict": typeDict,
}

// isInstance is Python's isinstance(value, want) for JSON values: a bool
// is an int too.
func isInstance(got, want pyType) bool {
	return got == want || got == typeBool && want == typeInt
}

// scanJSON reports whether s is a JSON document as Python's json.loads
// reads it (its C scanner): RFC 8259's grammar with the whitespace
// " \t\n\r", plus the values NaN, Infinity and -Infinity; no byte-order
// mark; no control characters inside strings. It returns the type of the
// top-level value; for an object it calls onKey with each member's
// decoded key and the type of its value, in order (a repeated key is
// called again; Python keeps the last). Nesting has no depth limit, where
// Python's recursion limit (about 1000 levels) makes json.loads raise.
func scanJSON(s string, onKey func(key string, t pyType)) (pyType, bool) {
	if strings.HasPrefix(s, "\ufeff") {
		return typeInvalid, false
	}
	var stack []byte // '{' or '[' of each open container
	var top pyType
	key := ""
	i := skipJSONSpace(s, 0)
	for {
		// A value starts at i.
		t, j, ok := jsonValue(s, i)
		if !ok {
			return typeInvalid, false
		}
		switch {
		case len(stack) == 0:
			top = t
		case len(stack) == 1 && stack[0] == '{' && onKey != nil:
			onKey(key, t)
		}
		i = j
		if t == typeDict || t == typeList {
			open := byte('[')
			if t == typeDict {
				open = '{'
			}
			stack = append(stack, open)
			i = skipJSONSpace(s, i)
			if i < len(s) && (open == '{' && s[i] == '}' || open == '[' && s[i] == ']') {
				stack = stack[:len(stack)-1]
				i++
			} else {
				if open == '{' {
					if i, ok = jsonMemberKey(s, i, len(stack) == 1, &key); !ok {
						return typeInvalid, false
					}
				}
				i = skipJSONSpace(s, i)
				continue
			}
		}
		// After a value: close containers, or go on after a comma.
		for {
			if len(stack) == 0 {
				if skipJSONSpace(s, i) != len(s) {
					return typeInvalid, false // extra data
				}
				return top, true
			}
			i = skipJSONSpace(s, i)
			if i >= len(s) {
				return typeInvalid, false
			}
			c, open := s[i], stack[len(stack)-1]
			if c == ',' {
				i = skipJSONSpace(s, i+1)
				if open == '{' {
					if i, ok = jsonMemberKey(s, i, len(stack) == 1, &key); !ok {
						return typeInvalid, false
					}
					i = skipJSONSpace(s, i)
				}
				break
			}
			if open == '{' && c == '}' || open == '[' && c == ']' {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			return typeInvalid, false
		}
	}
}

func skipJSONSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// jsonMemberKey reads `"key" :` at i (after whitespace) and returns the
// index after the colon; decode asks for the key's text in *key.
func jsonMemberKey(s string, i int, decode bool, key *string) (int, bool) {
	if i >= len(s) || s[i] != '"' {
		return i, false
	}
	j, ok := jsonString(s, i, decode, key)
	if !ok {
		return i, false
	}
	j = skipJSONSpace(s, j)
	if j >= len(s) || s[j] != ':' {
		return i, false
	}
	return skipJSONSpace(s, j+1), true
}

// jsonValue reads the value at i. For an object or an array it returns
// just past the opening bracket.
func jsonValue(s string, i int) (pyType, int, bool) {
	if i >= len(s) {
		return typeInvalid, i, false
	}
	switch c := s[i]; {
	case c == '{':
		return typeDict, i + 1, true
	case c == '[':
		return typeList, i + 1, true
	case c == '"':
		j, ok := jsonString(s, i, false, nil)
		return typeStr, j, ok
	case strings.HasPrefix(s[i:], "null"):
		return typeNone, i + 4, true
	case strings.HasPrefix(s[i:], "true"):
		return typeBool, i + 4, true
	case strings.HasPrefix(s[i:], "false"):
		return typeBool, i + 5, true
	case strings.HasPrefix(s[i:], "NaN"):
		return typeFloat, i + 3, true
	case strings.HasPrefix(s[i:], "Infinity"):
		return typeFloat, i + 8, true
	case strings.HasPrefix(s[i:], "-Infinity"):
		return typeFloat, i + 9, true
	}
	return jsonNumber(s, i)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// jsonNumber reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? at i, as
// Python's scanner does: a fraction or exponent without digits is not
// part of the number (and then fails as extra data).
func jsonNumber(s string, i int) (pyType, int, bool) {
	j := i
	if j < len(s) && s[j] == '-' {
		j++
	}
	switch {
	case j < len(s) && s[j] >= '1' && s[j] <= '9':
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	case j < len(s) && s[j] == '0':
		j++
	default:
		return typeInvalid, i, false
	}
	t := typeInt
	if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
		t = typeFloat
		j += 2
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '-' || s[k] == '+') {
			k++
		}
		start := k
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k > start {
			t, j = typeFloat, k
		}
	}
	return t, j, true
}

// jsonString reads the string whose quote is at i and returns the index
// after its closing quote; with decode it stores its text in *out.
func jsonString(s string, i int, decode bool, out *string) (int, bool) {
	var b []byte
	j := i + 1
	for j < len(s) {
		c := s[j]
		switch {
		case c == '"':
			if decode {
				*out = string(b)
			}
			return j + 1, true
		case c < 0x20:
			return i, false
		case c == '\\':
			if j+1 >= len(s) {
				return i, false
			}
			e := s[j+1]
			j += 2
			var r rune
			switch e {
			case '"', '\\', '/':
				r = rune(e)
			case 'b':
				r = '\b'
			case 'f':
				r = '\f'
			case 'n':
				r = '\n'
			case 'r':
				r = '\r'
			case 't':
				r = '\t'
			case 'u':
				u, ok := hex4(s, j)
				if !ok {
					return i, false
				}
				j += 4
				r = rune(u)
				if utf16.IsSurrogate(r) && r < 0xdc00 && j+6 <= len(s) && s[j] == '\\' && s[j+1] == 'u' {
					if lo, ok := hex4(s, j+2); ok && lo >= 0xdc00 && lo <= 0xdfff {
						r = utf16.DecodeRune(r, rune(lo))
						j += 6
					}
				}
			default:
				return i, false
			}
			if decode {
				b = utf8.AppendRune(b, r)
			}
		default:
			if decode {
				b = append(b, c)
			}
			j++
		}
	}
	return i, false
}

func hex4(s string, i int) (uint64, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	for k := i; k < i+4; k++ {
		c := s[k]
		if !(isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return 0, false
		}
	}
	u, err := strconv.ParseUint(s[i:i+4], 16, 32)
	return u, err == nil
}

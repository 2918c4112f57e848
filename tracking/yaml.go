package tracking

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// This file reads and writes the flat meta.yaml files of the store.
//
// Writing: keys sorted and in block style as PyYAML's safe_dump writes
// them, but every string double-quoted. MLflow reads YAML with YAML 1.1
// rules, where plain 1:20, on, 012 or 2024-01-02 are not strings; quoting
// every string is the only safe choice for names and values that come from
// users. Integers and null are written plain, as PyYAML does.
//
// Reading: meta.yaml files are read on every search, so a small parser
// handles the flat "key: scalar" form that MLflow and telltale write, and
// anything else (folded long lines, escapes, flow collections) goes to the
// full YAML decoder.

// yamlEmptyList is the value of "tags: []" in a run's meta.yaml.
type yamlEmptyList struct{}

// yamlMap is a block mapping of strings, such as the tags of a run input;
// written with sorted, quoted keys and quoted values.
type yamlMap map[string]string

// yamlField is one "key: value" line. val is a string (written quoted),
// an int64, nil (null), yamlEmptyList or yamlMap.
type yamlField struct {
	key string
	val any
}

// encodeYAML writes fields, which must already be sorted by key.
func encodeYAML(fields []yamlField) []byte {
	var b bytes.Buffer
	for _, f := range fields {
		b.WriteString(f.key)
		b.WriteString(": ")
		switch v := f.val.(type) {
		case nil:
			b.WriteString("null")
		case string:
			b.WriteString(quoteYAML(v))
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		case int:
			b.WriteString(strconv.Itoa(v))
		case yamlEmptyList:
			b.WriteString("[]")
		case yamlMap:
			if len(v) == 0 {
				b.WriteString("{}")
				break
			}
			for _, k := range sortedKeys(v) {
				b.WriteString("\n  ")
				b.WriteString(quoteYAML(k))
				b.WriteString(": ")
				b.WriteString(quoteYAML(v[k]))
			}
		default:
			panic(fmt.Sprintf("tracking: encodeYAML: unsupported type %T", v))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// quoteYAML returns s as a YAML double-quoted scalar. The escapes are the
// subset common to YAML 1.1 and 1.2; s must be valid UTF-8.
func quoteYAML(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\0`)
		default:
			switch {
			case r == utf8.RuneError || r == 0xFEFF:
				fmt.Fprintf(&b, `\u%04X`, r)
			case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xA0) || !unicode.IsPrint(r) && r != ' ':
				if r <= 0xFFFF {
					fmt.Fprintf(&b, `\u%04X`, r)
				} else {
					fmt.Fprintf(&b, `\U%08X`, r)
				}
			default:
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// decodeYAML reads a flat mapping into string, int64, float64, bool, nil
// or []any values.
func decodeYAML(data []byte) (map[string]any, error) {
	if m, ok := decodeFlatYAML(data); ok {
		return m, nil
	}
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	m := make(map[string]any, len(raw))
	for k, v := range raw {
		switch x := v.(type) {
		case int:
			v = int64(x)
		case uint64:
			v = float64(x)
		}
		m[k] = v
	}
	return m, nil
}

// decodeFlatYAML is the fast path of decodeYAML. ok is false when data is
// not in the simple form it knows, and the full decoder must be used.
func decodeFlatYAML(data []byte) (m map[string]any, ok bool) {
	m = make(map[string]any, 16)
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) == 0 {
			continue
		}
		if !flatSafe(line) {
			return nil, false
		}
		switch line[0] {
		case ' ', '\t', '#', '-', '"', '\'', '?', '{', '[', '%', '!', '&', '*', '.':
			return nil, false
		}
		var key, val string
		if i := bytes.Index(line, []byte(": ")); i > 0 {
			key, val = string(line[:i]), string(line[i+2:])
		} else if line[len(line)-1] == ':' {
			return nil, false // nested block or empty value: let the full decoder decide
		} else {
			return nil, false
		}
		if !isPlainKey(key) {
			return nil, false
		}
		v, ok := flatScalar(val)
		if !ok {
			return nil, false
		}
		if _, dup := m[key]; dup {
			return nil, false
		}
		m[key] = v
	}
	return m, true
}

// flatSafe reports whether a line holds only characters the fast reader
// knows: valid UTF-8, printable in YAML's sense, no tab. Anything else
// (control characters, a BOM, U+FFFE) goes to the full decoder, which
// refuses what YAML refuses.
func flatSafe(line []byte) bool {
	for i := 0; i < len(line); {
		c := line[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(line[i:])
		if r == utf8.RuneError || r < 0xA0 || r == 0xFEFF || r >= 0xFFFE && r <= 0xFFFF {
			return false
		}
		i += n
	}
	return true
}

// isPlainKey reports whether key is a key the fast reader knows: letters,
// digits, "_", "." and "-", not starting with "-" or ".". Every key of
// MLflow's meta.yaml files is one; anything else goes to the full decoder.
func isPlainKey(key string) bool {
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case (c >= '0' && c <= '9' || c == '.' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return key != "" && len(key) <= 128 // YAML caps implicit keys at 1024 characters
}

func flatScalar(s string) (any, bool) {
	if s == "" || s[len(s)-1] == ' ' || s[0] == ' ' {
		return nil, false
	}
	switch s[0] {
	case '\'':
		if len(s) < 2 || s[len(s)-1] != '\'' {
			return nil, false
		}
		in := s[1 : len(s)-1]
		if strings.Count(in, "'")%2 != 0 || strings.Contains(strings.ReplaceAll(in, "''", ""), "'") {
			return nil, false
		}
		return strings.ReplaceAll(in, "''", "'"), true
	case '"':
		if len(s) < 2 || s[len(s)-1] != '"' || strings.ContainsAny(s[1:len(s)-1], `"\`) {
			return nil, false
		}
		return s[1 : len(s)-1], true
	case '[':
		if s == "[]" {
			return []any{}, true
		}
		return nil, false
	case '{', '}', ']', ',', '?', ':', '&', '*', '!', '|', '>', '%', '@', '`', '#':
		return nil, false
	}
	if strings.Contains(s, " #") || strings.Contains(s, ": ") || strings.HasSuffix(s, ":") {
		return nil, false
	}
	switch s {
	case "null", "Null", "NULL", "~":
		return nil, true
	}
	if isDecimalInt(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, false
		}
		return n, true
	}
	// Anything YAML 1.1 might read as a number, bool or date goes to the
	// full decoder; what is left is a plain string.
	c := s[0]
	if c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.' {
		return nil, false
	}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "true", "false", "on", "off":
		return nil, false
	}
	return s, true
}

// isDecimalInt reports whether s is an optional minus and digits without a
// leading zero (a leading zero is octal in YAML 1.1).
func isDecimalInt(s string) bool {
	d := strings.TrimPrefix(s, "-")
	if d == "" || (len(d) > 1 && d[0] == '0') {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return true
}

// yamlString returns m[key] as a string; integers (legacy experiment ids)
// are formatted in decimal.
func yamlString(m map[string]any, key string) (string, bool) {
	switch v := m[key].(type) {
	case string:
		return v, true
	case int64:
		return strconv.FormatInt(v, 10), true
	case nil:
		return "", false
	default:
		return fmt.Sprint(v), true
	}
}

// yamlInt returns m[key] as an int64. present is false when the key is
// missing or null; ok is false when the value is not an integer.
func yamlInt(m map[string]any, key string) (n int64, present, ok bool) {
	switch v := m[key].(type) {
	case nil:
		return 0, false, true
	case int64:
		return v, true, true
	case float64:
		if v == float64(int64(v)) {
			return int64(v), true, true
		}
	}
	return 0, true, false
}

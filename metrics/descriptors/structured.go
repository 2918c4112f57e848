package descriptors

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/telltale-ml/telltale/dataset"
)

// ContainsLink tells whether a text holds a URL: a whitespace-separated
// word in which Python's urllib.parse.urlparse finds both a scheme and a
// network location ("https://example.com/x" does, "www.example.com" and
// "mailto:a@b.org" do not). Evidently's ContainsLink, values True and
// False; a missing text is False (Evidently's 0). A word Python rejects
// as an invalid IPv6 URL ("http://[::1") is no link, where Evidently
// raises.
type ContainsLink struct{ Base }

// Name implements Descriptor.
func (*ContainsLink) Name() string { return "ContainsLink" }

// Output implements Descriptor.
func (d *ContainsLink) Output() string { return d.output(d.Column + " contains link") }

// Compute implements Descriptor.
func (d *ContainsLink) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	return categorical(ctx, f, d, boolLevels, no, func(s string) verdict {
		found := false
		pyFields(s, func(w string) bool {
			found = isLink(w)
			return !found
		})
		return verdictOf(found)
	})
}

// isLink is bool(p.scheme and p.netloc) for p = urlparse(w) (Python 3.11):
// the scheme is the text before the first ":" when it starts with an
// ASCII letter and holds only letters, digits, "+", "-" and "."; the
// network location follows "//" up to the first "/", "?" or "#".
func isLink(w string) bool {
	// urlsplit strips leading C0 controls and removes tabs and line
	// breaks; w, a whitespace-separated word, has none of the latter.
	for len(w) > 0 && w[0] < 0x20 {
		w = w[1:]
	}
	i := strings.IndexByte(w, ':')
	if i <= 0 || !(w[0] >= 'a' && w[0] <= 'z' || w[0] >= 'A' && w[0] <= 'Z') {
		return false
	}
	for k := 0; k < i; k++ {
		c := w[k]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	rest := w[i+1:]
	if !strings.HasPrefix(rest, "//") {
		return false
	}
	netloc := rest[2:]
	if k := strings.IndexAny(netloc, "/?#"); k >= 0 {
		netloc = netloc[:k]
	}
	if strings.Contains(netloc, "[") != strings.Contains(netloc, "]") {
		return false // Python: ValueError("Invalid IPv6 URL")
	}
	return netloc != ""
}

// IsValidJSON tells whether a text is a JSON document as Python's
// json.loads reads it (see scanJSON: NaN and Infinity are accepted):
// Evidently's IsValidJSON, values True and False. A missing text is
// missing, where Evidently raises.
type IsValidJSON struct{ Base }

// Name implements Descriptor.
func (*IsValidJSON) Name() string { return "IsValidJSON" }

// Output implements Descriptor.
func (d *IsValidJSON) Output() string { return d.output("JSON valid for " + d.Column) }

// Compute implements Descriptor.
func (d *IsValidJSON) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	return categorical(ctx, f, d, boolLevels, missingVerdict, func(s string) verdict {
		_, ok := scanJSON(s, nil)
		return verdictOf(ok)
	})
}

// JSONSchemaMatch tells whether a text is a JSON object with the keys of
// ExpectedSchema, none of them null: Evidently's JSONSchemaMatch, values
// True and False. ExpectedSchema maps each key to the Python type its
// value must have ("str", "int", "float", "bool", "list", "dict"; "" for
// any): types are checked only with ValidateTypes, as isinstance checks
// them (a bool is an int; an integer is not a float). ExactMatch also
// requires no other keys, and checks types. Invalid JSON is False; so is
// JSON that is not an object, except that an empty schema without
// ExactMatch matches any valid JSON, as in Evidently (which raises for a
// non-object in the other cases). A missing text is missing, where
// Evidently raises.
type JSONSchemaMatch struct {
	Base
	ExpectedSchema map[string]string `json:"expected_schema"`
	ValidateTypes  bool              `json:"validate_types"`
	ExactMatch     bool              `json:"exact_match"`
}

// Name implements Descriptor.
func (*JSONSchemaMatch) Name() string { return "JSONSchemaMatch" }

// Output implements Descriptor.
func (d *JSONSchemaMatch) Output() string {
	kind := "minimal"
	if d.ExactMatch {
		kind = "exact"
	}
	return d.output(fmt.Sprintf("JSONSchemaMatch %s match for %s", kind, d.Column))
}

// Compute implements Descriptor.
func (d *JSONSchemaMatch) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	keys := make([]string, 0, len(d.ExpectedSchema))
	for k := range d.ExpectedSchema {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := make(map[string]int, len(keys)) // key -> index in keys
	types := make([]pyType, len(keys))      // typeInvalid: any type
	for i, k := range keys {
		want[k] = i
		if name := d.ExpectedSchema[k]; name != "" {
			t, ok := pyTypeNames[name]
			if !ok {
				return nil, fmt.Errorf("descriptors: JSONSchemaMatch: expected_schema.%s: unknown type %q (known: bool, dict, float, int, list, NoneType, str, or \"\" for any)", k, name)
			}
			types[i] = t
		}
	}
	validate := d.ValidateTypes || d.ExactMatch
	got := make([]pyType, len(keys)) // the type of each wanted key's value; typeInvalid if absent
	return categorical(ctx, f, d, boolLevels, missingVerdict, func(s string) verdict {
		clear(got)
		extra := false
		top, ok := scanJSON(s, func(key string, t pyType) {
			if i, ok := want[key]; ok {
				got[i] = t
			} else {
				extra = true
			}
		})
		switch {
		case !ok:
			return no
		case top != typeDict:
			return verdictOf(len(keys) == 0 && !d.ExactMatch)
		case d.ExactMatch && extra:
			return no
		}
		for i, t := range got {
			if t == typeInvalid || t == typeNone {
				return no
			}
			if validate && types[i] != typeInvalid && !isInstance(t, types[i]) {
				return no
			}
		}
		return yes
	})
}

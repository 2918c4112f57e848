package descriptors

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/telltale-ml/telltale/dataset"
)

// Descriptor computes one value per row of a text column: a new column
// that metrics and tests read like any other (Evidently's feature
// descriptors, such as TextLength().for_column("review")).
//
// Compute must not modify the frame, must be safe for concurrent use and
// deterministic, and returns a column named Output() as long as the frame.
type Descriptor interface {
	// Name returns the descriptor's catalog name: "TextLength".
	Name() string
	// Source returns the name of the column the descriptor reads.
	Source() string
	// Output returns the name of the column the descriptor makes:
	// its display name, "Text Length for review" by default.
	Output() string
	// Compute computes the descriptor's column over f.
	Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error)
}

// Base holds what every descriptor has: the column it reads and an
// optional display name, the name of the column it makes.
type Base struct {
	// Column is the text column the descriptor reads; a metric or a
	// preset with a column of its own fills an empty one.
	Column string `json:"column,omitempty"`
	// DisplayName names the new column; "" means Evidently's default
	// display name ("Text Length for review").
	DisplayName string `json:"display_name,omitempty"`
}

// Source implements Descriptor.
func (b *Base) Source() string { return b.Column }

// output returns the display name, or def when none is set.
func (b *Base) output(def string) string {
	if b.DisplayName != "" {
		return b.DisplayName
	}
	return def
}

// Factory returns a new descriptor with its default options; Column is
// empty until set.
type Factory func() Descriptor

// Catalog returns the built-in descriptors by name. Each call returns a new
// map.
func Catalog() map[string]Factory {
	return map[string]Factory{
		"TextLength":                   func() Descriptor { return &TextLength{} },
		"WordCount":                    func() Descriptor { return &WordCount{} },
		"SentenceCount":                func() Descriptor { return &SentenceCount{} },
		"NonLetterCharacterPercentage": func() Descriptor { return &NonLetterCharacterPercentage{} },
		"OOV":                          func() Descriptor { return &OOV{} },
		"Sentiment":                    func() Descriptor { return &Sentiment{} },
		"RegExp":                       func() Descriptor { return &RegExp{} },
		"TriggerWordsPresence":         func() Descriptor { return &TriggerWordsPresence{Lemmatize: true} },
		"IncludesWords":                func() Descriptor { return &IncludesWords{Mode: "any", Lemmatize: true} },
		"ExcludesWords":                func() Descriptor { return &ExcludesWords{Mode: "all", Lemmatize: true} },
		"Contains":                     func() Descriptor { return &Contains{Mode: "any", CaseSensitive: true} },
		"DoesNotContain":               func() Descriptor { return &DoesNotContain{Mode: "all", CaseSensitive: true} },
		"BeginsWith":                   func() Descriptor { return &BeginsWith{CaseSensitive: true} },
		"EndsWith":                     func() Descriptor { return &EndsWith{CaseSensitive: true} },
		"ExactMatch":                   func() Descriptor { return &ExactMatch{} },
		"ContainsLink":                 func() Descriptor { return &ContainsLink{} },
		"IsValidJSON":                  func() Descriptor { return &IsValidJSON{} },
		"JSONSchemaMatch":              func() Descriptor { return &JSONSchemaMatch{} },
	}
}

// CatalogNames returns the names in Catalog, sorted.
func CatalogNames() []string {
	return slices.Sorted(maps.Keys(Catalog()))
}

// New returns the named descriptor of column with its default options.
func New(name, column string) (Descriptor, error) {
	f, ok := Catalog()[name]
	if !ok {
		return nil, fmt.Errorf("descriptors: unknown descriptor %q (known: %s)", name, strings.Join(CatalogNames(), ", "))
	}
	d := f()
	setColumn(d, column)
	return d, nil
}

// On returns a copy of d that reads column (Evidently's
// descriptor.on(column)); a descriptor outside the catalog is returned as
// is when it already reads column, and is an error otherwise.
func On(d Descriptor, column string) (Descriptor, error) {
	if _, ok := d.(interface{ base() *Base }); !ok {
		if d.Source() == column {
			return d, nil
		}
		return nil, fmt.Errorf("descriptors: %s reads %q, not %q", d.Name(), d.Source(), column)
	}
	b, err := Spec{d}.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var c Spec
	if err := c.UnmarshalJSON(b); err != nil {
		return nil, err
	}
	setColumn(c.Descriptor, column)
	return c.Descriptor, nil
}

// setColumn sets the Column of a built-in descriptor.
func setColumn(d Descriptor, column string) {
	if b, ok := d.(interface{ base() *Base }); ok {
		b.base().Column = column
	}
}

func (b *Base) base() *Base { return b }

// Defaults returns the descriptors Evidently's TextDescriptorsDrift and
// TextDescriptorsDistribution use when given none: TextLength,
// NonLetterCharacterPercentage and OOV of column.
func Defaults(column string) []Descriptor {
	return []Descriptor{&TextLength{Base{Column: column}}, &NonLetterCharacterPercentage{Base{Column: column}}, &OOV{Base: Base{Column: column}}}
}

// EvalDefaults returns the descriptors of Evidently's TextEvals preset when
// given none: TextLength, SentenceCount, Sentiment, OOV and
// NonLetterCharacterPercentage of column.
func EvalDefaults(column string) []Descriptor {
	return []Descriptor{&TextLength{Base{Column: column}}, &SentenceCount{Base{Column: column}},
		&Sentiment{Base{Column: column}}, &OOV{Base: Base{Column: column}}, &NonLetterCharacterPercentage{Base{Column: column}}}
}

// ID returns a stable identifier of d: its name and its options in JSON,
// keys sorted. Descriptors with equal IDs make the same column.
func ID(d Descriptor) string {
	b, err := json.Marshal(d)
	if err != nil {
		return d.Name() + fmt.Sprintf("(%p)", d)
	}
	var m map[string]any
	if json.Unmarshal(b, &m) == nil {
		b, _ = json.Marshal(m) // re-encoding sorts the keys
	}
	return d.Name() + string(b)
}

// Spec wraps a Descriptor in a list of options: it encodes as
// {"descriptor": NAME, "column": ..., options...}, the config file's
// shape.
type Spec struct {
	Descriptor
}

// MarshalJSON implements json.Marshaler.
func (s Spec) MarshalJSON() ([]byte, error) {
	if s.Descriptor == nil {
		return []byte("null"), nil
	}
	b, err := json.Marshal(s.Descriptor)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	m["descriptor"] = s.Name()
	return json.Marshal(m)
}

// UnmarshalJSON implements json.Unmarshaler: it reads the "descriptor" key
// and fills that descriptor's options from the other keys, strictly.
func (s *Spec) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	var name string
	if err := json.Unmarshal(m["descriptor"], &name); err != nil || name == "" {
		return errors.New(`descriptors: want a mapping with the key "descriptor" naming one`)
	}
	f, ok := Catalog()[name]
	if !ok {
		return fmt.Errorf("descriptors: unknown descriptor %q (known: %s)", name, strings.Join(CatalogNames(), ", "))
	}
	delete(m, "descriptor")
	rest, _ := json.Marshal(m)
	d := f()
	dec := json.NewDecoder(strings.NewReader(string(rest)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(d); err != nil {
		return fmt.Errorf("descriptors: %s: %w", name, err)
	}
	s.Descriptor = d
	return nil
}

// Specs wraps descriptors for encoding.
func Specs(ds []Descriptor) []Spec {
	out := make([]Spec, len(ds))
	for i, d := range ds {
		out[i] = Spec{d}
	}
	return out
}

// Unwrap returns the descriptors of specs.
func Unwrap(specs []Spec) []Descriptor {
	out := make([]Descriptor, 0, len(specs))
	for _, s := range specs {
		if s.Descriptor != nil {
			out = append(out, s.Descriptor)
		}
	}
	return out
}

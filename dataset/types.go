package dataset

import (
	"fmt"
	"strings"
)

// Type is the type of a column as the metrics see it.
type Type uint8

// Column types. The zero value Unknown is never the type of a column in a
// Frame; it means "infer" in ReadOptions.Types.
const (
	Unknown Type = iota
	Numerical
	Categorical
	Text
	Datetime
)

var typeNames = [...]string{
	Unknown:     "unknown",
	Numerical:   "numerical",
	Categorical: "categorical",
	Text:        "text",
	Datetime:    "datetime",
}

// String returns the lower-case name of t, as used in JSON and the CLI:
// "numerical", "categorical", "text", "datetime".
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", t)
}

// ParseType returns the Type named s. It accepts the names String returns,
// case-insensitively, and the short forms "num", "cat" and "date".
func ParseType(s string) (Type, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "numerical", "numeric", "num":
		return Numerical, nil
	case "categorical", "category", "cat":
		return Categorical, nil
	case "text":
		return Text, nil
	case "datetime", "date", "timestamp":
		return Datetime, nil
	}
	return Unknown, fmt.Errorf("dataset: unknown column type %q (want numerical, categorical, text or datetime)", s)
}

// MarshalText implements encoding.TextMarshaler.
func (t Type) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (t *Type) UnmarshalText(b []byte) error {
	v, err := ParseType(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

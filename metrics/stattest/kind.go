package stattest

// Kind is the kind of a column as the drift tests see it.
type Kind uint8

// Column kinds, as Evidently's ColumnType.
const (
	Numerical Kind = iota + 1
	Categorical
	Text
)

// String returns "num", "cat" or "text", Evidently's short names.
func (k Kind) String() string {
	switch k {
	case Numerical:
		return "num"
	case Categorical:
		return "cat"
	case Text:
		return "text"
	}
	return "unknown"
}

package metrics

import (
	"fmt"
	"strconv"
)

// Verdict is a drift test's decision about a column: Drift, NoDrift, or
// NotTested when the column could not be tested (ColumnDriftResult.Error
// says why). It prints as "drift", "no drift" or "not tested", and encodes
// to JSON as true, false or null.
type Verdict int8

// Verdicts.
const (
	NotTested Verdict = iota
	NoDrift
	Drift
)

// VerdictOf returns Drift when drifted, else NoDrift.
func VerdictOf(drifted bool) Verdict {
	if drifted {
		return Drift
	}
	return NoDrift
}

// Tested reports whether the column was tested.
func (v Verdict) Tested() bool { return v == Drift || v == NoDrift }

// String implements fmt.Stringer.
func (v Verdict) String() string {
	switch v {
	case Drift:
		return "drift"
	case NoDrift:
		return "no drift"
	case NotTested:
		return "not tested"
	}
	return "Verdict(" + strconv.Itoa(int(v)) + ")"
}

// MarshalJSON implements json.Marshaler: true, false or null.
func (v Verdict) MarshalJSON() ([]byte, error) {
	switch v {
	case Drift:
		return []byte("true"), nil
	case NoDrift:
		return []byte("false"), nil
	}
	return []byte("null"), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (v *Verdict) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true":
		*v = Drift
	case "false":
		*v = NoDrift
	case "null":
		*v = NotTested
	default:
		return fmt.Errorf("metrics: a drift verdict is true, false or null, not %s", b)
	}
	return nil
}
